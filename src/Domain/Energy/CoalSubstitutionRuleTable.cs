using System.Text.Json;
using Workflows.Domain.Calendar;

namespace Workflows.Domain.Energy;

/// <summary>An industry in the rule table; <see cref="TwoHigh"/> marks the "两高" industries of Art. 7(1).</summary>
public sealed record IndustryRule(string Code, string NameZh, bool TwoHigh);

/// <summary>A Henan prefecture-level city (省辖市, or 济源示范区) with the directly administered counties/cities
/// (省直管县、市) that Art. 7(2) counts with it ("含直管县、市").</summary>
public sealed record CityRule(string Name, bool KeyRegion, IReadOnlyList<string> DirectlyAdministered);

/// <summary>Art. 7(1) K1 values.</summary>
public sealed record IndustryCoefficients(
    string Article,
    decimal TwoHighFuelCoal,
    decimal OtherFuelCoal,
    decimal CoalPower,
    decimal RawMaterialCoal
);

/// <summary>Art. 7(2) K2 values.</summary>
public sealed record RegionCoefficients(string Article, decimal KeyRegion, decimal OtherRegion);

/// <summary>Arts. 11, 15, 16 parameters.</summary>
/// <param name="ImplementationReport">Art. 16: the implementation report is due within 3 months after production
/// forms actual coal consumption (months, Civil Code Arts. 202-203).</param>
/// <param name="Rectification">Art. 20: the limit of a rectification order when the order names none.</param>
/// <param name="WithdrawalPublication">Art. 21: the time to publish a withdrawn opinion (the article names none).</param>
/// <param name="ReminderDaysBefore">Reminder offsets (days before the deadline) by period id.</param>
public sealed record ReviewParameters(
    string Article,
    decimal ProvincialThresholdTce,
    decimal MinimumAchievedShareBeforeReview,
    string MinimumAchievedShareArticle,
    LegalPeriod ImplementationReport,
    LegalPeriod? Rectification = null,
    LegalPeriod? WithdrawalPublication = null,
    IReadOnlyDictionary<string, IReadOnlyList<int>>? ReminderDaysBefore = null
)
{
    /// <summary>Every period this table declares.</summary>
    public IEnumerable<LegalPeriod> Periods =>
        new[] { ImplementationReport, Rectification, WithdrawalPublication }.OfType<LegalPeriod>();

    public int ImplementationReportMonths => ImplementationReport.Amount;

    public string ImplementationReportArticle => ImplementationReport.LegalBasis;
}

/// <summary>The dated coal-substitution rule table (coefficients, industries, regions, thresholds). A later revision
/// is another JSON file with a later <see cref="EffectiveFrom"/>, not code.</summary>
public sealed record CoalSubstitutionRuleTable(
    string Title,
    string SourceDocument,
    string? SourceNote,
    DateOnly EffectiveFrom,
    IndustryCoefficients IndustryCoefficients,
    IReadOnlyList<IndustryRule> Industries,
    RegionCoefficients RegionCoefficients,
    IReadOnlyList<CityRule> Cities,
    ReviewParameters Review
)
{
    /// <summary>Embedded resource of the 2021 revision.</summary>
    public const string Revision2021Resource = "coal-substitution-rules.json";

    /// <summary>Loads the embedded 2021 revision.</summary>
    public static CoalSubstitutionRuleTable LoadRevision2021()
    {
        using var stream = EnergyJson.OpenResource(Revision2021Resource);
        return Load(stream);
    }

    /// <summary>Parses a rule table JSON document (see Data/Energy/coal-substitution-rules.json).</summary>
    public static CoalSubstitutionRuleTable Load(Stream json)
    {
        var table =
            JsonSerializer.Deserialize<CoalSubstitutionRuleTable>(json, EnergyJson.Options)
            ?? throw new InvalidDataException("Coal substitution rule table is empty.");
        if (table.Industries is not { Count: > 0 } || table.Cities is not { Count: > 0 })
        {
            throw new InvalidDataException($"Coal substitution rule table '{table.SourceDocument}' lists no industries or cities.");
        }

        if (table.Review?.ImplementationReport is not { } period || period.Problems() is { Count: > 0 })
        {
            throw new InvalidDataException($"Coal substitution rule table '{table.SourceDocument}': the Art. 16 report period is invalid.");
        }

        if (table.Review.Periods.FirstOrDefault(p => p.Problems().Count > 0) is { } invalid)
        {
            throw new InvalidDataException($"Coal substitution rule table '{table.SourceDocument}': period '{invalid.Id}' is invalid.");
        }

        return table;
    }

    /// <summary>Industry by code (case-insensitive), or null.</summary>
    public IndustryRule? FindIndustry(string? code) =>
        code is null ? null : Industries.FirstOrDefault(i => string.Equals(i.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>City by name; a directly administered county/city named as the city resolves to the city that Art. 7(2)
    /// counts it with (e.g. 巩义市 → 郑州市). Null when the place is not in Henan's table.</summary>
    public CityRule? FindCity(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.Trim();
        return Cities.FirstOrDefault(c => c.Name == trimmed) ?? CityAdministeringDirectCounty(trimmed);
    }

    /// <summary>The city whose directly administered county/city list includes <paramref name="county"/>, or null.</summary>
    public CityRule? CityAdministeringDirectCounty(string county) =>
        Cities.FirstOrDefault(c => c.DirectlyAdministered.Contains(county.Trim()));

    /// <summary>The city a location counts towards: a directly administered county decides over the named city.</summary>
    public CityRule? CityOf(ProjectLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return (location.County is { Length: > 0 } county ? CityAdministeringDirectCounty(county) : null) ?? FindCity(location.City);
    }
}

/// <summary>All known revisions; <see cref="For"/> picks the one in force on a date.</summary>
public sealed class RuleTableSet
{
    private readonly List<CoalSubstitutionRuleTable> _tables;

    /// <summary>Builds a set from revisions in any order; two revisions may not share an effective date.</summary>
    public RuleTableSet(IEnumerable<CoalSubstitutionRuleTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables.OrderBy(t => t.EffectiveFrom).ToList();
        var clash = _tables.GroupBy(t => t.EffectiveFrom).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"Two rule tables take effect on {clash.Key:yyyy-MM-dd}.", nameof(tables));
        }
    }

    /// <summary>The embedded revisions (currently the 2021 revision only).</summary>
    public static RuleTableSet Embedded { get; } = new([CoalSubstitutionRuleTable.LoadRevision2021()]);

    /// <summary>All revisions, oldest first.</summary>
    public IReadOnlyList<CoalSubstitutionRuleTable> Tables => _tables;

    /// <summary>The latest revision whose effective date is on or before <paramref name="date"/>, or null before the first one.</summary>
    public CoalSubstitutionRuleTable? TryFor(DateOnly date) => _tables.LastOrDefault(t => t.EffectiveFrom <= date);

    /// <summary>The revision in force on <paramref name="date"/>; throws when the date precedes every revision
    /// (a configuration problem, not user input).</summary>
    public CoalSubstitutionRuleTable For(DateOnly date) =>
        TryFor(date) ?? throw new InvalidOperationException($"No coal substitution rule table is in force on {date:yyyy-MM-dd}.");
}
