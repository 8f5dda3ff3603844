namespace Workflows.Domain.Energy;

/// <summary>The result of Art. 8: Q = D × K1 × K2, with the reasons for each coefficient.</summary>
/// <param name="NewCoalTonnes">D, physical tonnes (Art. 9).</param>
/// <param name="K1">Industry coefficient (Art. 7(1)).</param>
/// <param name="K1Reason">Why this K1, in Chinese as printed in the formula.</param>
/// <param name="K2">Region coefficient (Art. 7(2)).</param>
/// <param name="K2Reason">Why this K2.</param>
/// <param name="SubstitutionTonnes">Q, physical tonnes to be substituted.</param>
/// <param name="Formula">Human-readable computation, e.g. "Q = 10,000 t × 1.5 (两高行业燃料用煤: 钢铁) × 1.1 (重点区域: 郑州市) = 16,500 t".</param>
/// <param name="Article">Citation.</param>
public sealed record SubstitutionAmount(
    decimal NewCoalTonnes,
    decimal K1,
    string K1Reason,
    decimal K2,
    string K2Reason,
    decimal SubstitutionTonnes,
    string Formula,
    string Article
);

/// <summary>Extra substitution for a supplementary plan (Art. 14): Q(new D) − Q(old D), reviewed again.</summary>
public sealed record SubstitutionSupplement(
    SubstitutionAmount Original,
    SubstitutionAmount Revised,
    decimal AdditionalTonnes,
    string Explanation,
    string Article
);

/// <summary>Computes the substitution amount. Pure; callers validate the intake first.</summary>
public static class SubstitutionCalculator
{
    /// <summary>Art. 8: Q = D × K1 × K2 with K1 from Art. 7(1) and K2 from Art. 7(2).</summary>
    /// <exception cref="ArgumentException">The intake failed validation (unknown industry, place outside Henan, D ≤ 0).</exception>
    public static SubstitutionAmount Compute(CoalProjectIntake intake, CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(intake);
        return Compute(intake, intake.NewCoalConsumptionTonnes, rules);
    }

    /// <summary>Art. 14: when construction changes raise coal use before production, the owner substitutes the
    /// increase in a supplementary plan that is reviewed by the competent authority again.</summary>
    public static SubstitutionSupplement ComputeSupplement(
        CoalProjectIntake original,
        decimal revisedNewCoalTonnes,
        CoalSubstitutionRuleTable rules
    )
    {
        ArgumentNullException.ThrowIfNull(original);
        if (revisedNewCoalTonnes <= original.NewCoalConsumptionTonnes)
        {
            throw new ArgumentException(
                $"A supplementary plan (煤炭替代补充方案) is needed only when coal use grows: revised D {EnergyJson.Amount(revisedNewCoalTonnes)} t is not above {EnergyJson.Amount(original.NewCoalConsumptionTonnes)} t.",
                nameof(revisedNewCoalTonnes)
            );
        }

        var before = Compute(original, original.NewCoalConsumptionTonnes, rules);
        var after = Compute(original, revisedNewCoalTonnes, rules);
        var extra = after.SubstitutionTonnes - before.SubstitutionTonnes;
        return new SubstitutionSupplement(
            before,
            after,
            extra,
            $"ΔQ = {EnergyJson.Amount(after.SubstitutionTonnes)} t − {EnergyJson.Amount(before.SubstitutionTonnes)} t = {EnergyJson.Amount(extra)} t, to be substituted and reviewed before production (投产前落实煤炭替代新增量).",
            EnergySources.Coal("Art. 14")
        );
    }

    private static SubstitutionAmount Compute(CoalProjectIntake intake, decimal d, CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (d <= 0)
        {
            throw new ArgumentException($"New coal consumption D must be positive, got {d}.", nameof(intake));
        }

        var (k1, k1Reason) = IndustryCoefficient(intake, rules);
        var (k2, k2Reason) = RegionCoefficient(intake, rules);
        var q = d * k1 * k2;
        var formula =
            $"Q = {EnergyJson.Amount(d)} t × {EnergyJson.Coefficient(k1)} ({k1Reason}) × {EnergyJson.Coefficient(k2)} ({k2Reason}) = {EnergyJson.Amount(q)} t";
        return new SubstitutionAmount(d, k1, k1Reason, k2, k2Reason, q, formula, EnergySources.Coal("Arts. 7-9"));
    }

    /// <summary>Art. 7(1): 1.5 for fuel coal of "two-high" industries, 1.2 for other fuel coal, 1.0 for coal power and raw material.</summary>
    public static (decimal K1, string Reason) IndustryCoefficient(CoalProjectIntake intake, CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(rules);
        var industry =
            rules.FindIndustry(intake.Industry)
            ?? throw new ArgumentException($"Industry '{intake.Industry}' is not in the rule table.", nameof(intake));
        var c = rules.IndustryCoefficients;
        return intake.CoalUse switch
        {
            CoalUse.Power => (c.CoalPower, "煤电"),
            CoalUse.RawMaterial => (c.RawMaterialCoal, $"原料用煤: {industry.NameZh}"),
            CoalUse.Fuel when industry.TwoHigh => (c.TwoHighFuelCoal, $"两高行业燃料用煤: {industry.NameZh}"),
            CoalUse.Fuel => (c.OtherFuelCoal, $"其他行业燃料用煤: {industry.NameZh}"),
            _ => throw new ArgumentException($"Unknown coal use {intake.CoalUse}.", nameof(intake)),
        };
    }

    /// <summary>Art. 7(2): 1.1 in the key regions (including their directly administered counties and cities),
    /// 1.0 in the other cities; a project moving between regions takes the higher coefficient (从严).</summary>
    public static (decimal K2, string Reason) RegionCoefficient(CoalProjectIntake intake, CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(rules);
        var here = Region(intake.Location, rules, nameof(intake));
        if (intake.PreviousLocation is null)
        {
            return here;
        }

        var before = Region(intake.PreviousLocation, rules, nameof(intake));
        var higher = before.K2 > here.K2 ? before : here;
        return (higher.K2, $"跨区域转移从严: {intake.PreviousLocation.City}→{intake.Location.City}, 取{higher.Reason}");
    }

    private static (decimal K2, string Reason) Region(ProjectLocation location, CoalSubstitutionRuleTable rules, string paramName)
    {
        var city =
            rules.CityOf(location) ?? throw new ArgumentException($"'{location.City}' is not a Henan city in the rule table.", paramName);
        var via =
            location.County is { Length: > 0 } county && city.DirectlyAdministered.Contains(county)
                ? $"{city.Name}直管{county}"
                : city.Name;
        return city.KeyRegion
            ? (rules.RegionCoefficients.KeyRegion, $"重点区域: {via}")
            : (rules.RegionCoefficients.OtherRegion, $"其他省辖市: {via}");
    }
}
