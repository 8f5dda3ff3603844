using System.Globalization;
using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;

namespace Workflows.Domain.Factories;

/// <summary>What a building must reach to be a standard factory (漯政〔2021〕17号 一(二)).</summary>
/// <param name="Kind"><c>new</c> (企业新建) or <c>stock-land</c> (利用存量土地新建、改扩建).</param>
public sealed record BuildingStandard(
    string Kind,
    decimal MinFloorAreaSquareMetres,
    decimal MinPlotRatioExclusive,
    int MinFloors,
    string Article
);

/// <summary>Subsidy per square metre of the floors <see cref="FromFloor"/>..<see cref="ToFloor"/> (null: and above).</summary>
public sealed record SubsidyTier(int FromFloor, int? ToFloor, decimal YuanPerSquareMetre)
{
    public bool Covers(int floor) => floor >= FromFloor && (ToFloor is null || floor <= ToFloor);
}

/// <summary>The half-yearly ranking (二(二)): weights, how many counties are rewarded and criticised.</summary>
public sealed record RankingRules(
    int TotalAreaWeight,
    int SubsidisedAreaWeight,
    int LandSavingRateWeight,
    int Rewarded,
    int Criticised,
    string Article,
    string ScaleReading,
    string LandSavingReading
);

/// <summary>A material the submission must carry (三(一)1-6).</summary>
public sealed record FactoryMaterial(
    string Code,
    string Zh,
    string En,
    bool Required,
    string Article,
    bool RequiredWhenEnvironmentallySensitive = false
);

/// <summary>The submission window of a half-year (三(一) 每半年首月) as a statutory period and its reminders.</summary>
public sealed record SubmissionRules(LegalPeriod Period, string PeriodReading, IReadOnlyList<int> ReminderDaysBefore, string Article);

/// <summary>A county or functional zone that reports and is ranked; <see cref="Agency"/> is the division code its
/// submission case belongs to (the functional zones have none of their own: the city's).</summary>
public sealed record FactoryCounty(string Id, string Name, string Agency);

/// <summary>
/// The rule table of 漯政〔2021〕17号 (<c>Data/Factories/standard-factories-17.json</c>): the date rule, the building
/// standards, the subsidy tiers, the ranking, the submission period and materials, the counties. Checked on load so a
/// table that contradicts its own rules never reaches a case.
/// </summary>
public sealed record StandardFactoryRules(
    string Id,
    string Title,
    string SourceDocument,
    DateOnly IssuedOn,
    DateOnly CompletedOnOrAfter,
    string CompletionArticle,
    IReadOnlyList<BuildingStandard> Standards,
    IReadOnlyList<SubsidyTier> SubsidyTiers,
    string SubsidyArticle,
    RankingRules Ranking,
    SubmissionRules Submission,
    IReadOnlyList<FactoryMaterial> BuildingMaterials,
    IReadOnlyList<FactoryMaterial> SubmissionMaterials,
    string FirstHalfYearWithoutSubsidyEvidence,
    IReadOnlyList<FactoryCounty> Counties
)
{
    public const string Resource = "standard-factories-17.json";

    private static readonly Lazy<StandardFactoryRules> Embedded = new(() =>
    {
        using var stream =
            typeof(StandardFactoryRules).Assembly.GetManifestResourceStream("Workflows.Domain.Data.Factories/" + Resource)
            ?? throw new InvalidOperationException($"Embedded rule data 'Factories/{Resource}' is missing from Workflows.Domain.");
        return Load(stream);
    });

    /// <summary>The embedded table of 漯政〔2021〕17号.</summary>
    public static StandardFactoryRules Luohe => Embedded.Value;

    /// <summary>Citation of a section of the opinion, e.g. "漯政〔2021〕17号 二(一)".</summary>
    public string Cite(string section) => $"{SourceDocument} {section}";

    public FactoryCounty? County(string id) => Counties.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    public BuildingStandard? Standard(string kind) => Standards.FirstOrDefault(s => string.Equals(s.Kind, kind, StringComparison.Ordinal));

    public static StandardFactoryRules Load(Stream json)
    {
        var rules =
            JsonSerializer.Deserialize<StandardFactoryRules>(json, EnergyJson.Options)
            ?? throw new InvalidDataException("Standard factory rules JSON is empty.");
        return Check(rules);
    }

    private static StandardFactoryRules Check(StandardFactoryRules r)
    {
        if (r.Standards is not { Count: > 0 } || r.SubsidyTiers is not { Count: > 0 } || r.Counties is not { Count: > 0 })
        {
            throw new InvalidDataException($"Rules '{r.Id}' lack standards, subsidy tiers or counties.");
        }

        if (r.Ranking.TotalAreaWeight + r.Ranking.SubsidisedAreaWeight + r.Ranking.LandSavingRateWeight != 100)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the ranking weights must sum to 100.");
        }

        if (r.Ranking.Rewarded + r.Ranking.Criticised > r.Counties.Count)
        {
            throw new InvalidDataException($"Rules '{r.Id}': more counties rewarded and criticised than ranked.");
        }

        // The tiers must cover every floor from the first subsidised one upwards exactly once, the last open-ended.
        var expected = r.SubsidyTiers[0].FromFloor;
        foreach (var tier in r.SubsidyTiers)
        {
            if (tier.FromFloor != expected || tier.YuanPerSquareMetre <= 0 || (tier.ToFloor is { } to && to < tier.FromFloor))
            {
                throw new InvalidDataException(
                    $"Rules '{r.Id}': subsidy tiers must be contiguous from floor {r.SubsidyTiers[0].FromFloor}."
                );
            }

            expected = (tier.ToFloor ?? int.MaxValue - 1) + 1;
        }

        if (r.SubsidyTiers[^1].ToFloor is not null)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the last subsidy tier must be open-ended (第5层及以上).");
        }

        if (r.Submission.Period.Problems() is [var problem, ..])
        {
            throw new InvalidDataException(problem);
        }

        // The period counts days from the half-year's last day; it is the whole first month only if both first
        // months (January, July) have exactly that many days.
        if (DateTime.DaysInMonth(2021, 1) != r.Submission.Period.Amount || DateTime.DaysInMonth(2021, 7) != r.Submission.Period.Amount)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the submission period must be the 31 days of January and July.");
        }

        if (r.Counties.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != r.Counties.Count)
        {
            throw new InvalidDataException($"Rules '{r.Id}': county ids must be unique.");
        }

        return r;
    }
}

/// <summary>A half-year (上半年 January-June, 下半年 July-December), written <c>2021-H2</c>.</summary>
public readonly record struct HalfYear(int Year, int Half) : IComparable<HalfYear>
{
    public DateOnly FirstDay => new(Year, Half == 1 ? 1 : 7, 1);

    public DateOnly LastDay => Half == 1 ? new DateOnly(Year, 6, 30) : new DateOnly(Year, 12, 31);

    public HalfYear Next => Half == 1 ? new HalfYear(Year, 2) : new HalfYear(Year + 1, 1);

    public HalfYear Previous => Half == 2 ? new HalfYear(Year, 1) : new HalfYear(Year - 1, 2);

    /// <summary>The first month of the next half-year, when this one's buildings are reported (三(一) 每半年首月).</summary>
    public DateOnly ReportingMonthStart => Next.FirstDay;

    public bool Contains(DateOnly date) => date >= FirstDay && date <= LastDay;

    public static HalfYear Of(DateOnly date) => new(date.Year, date.Month <= 6 ? 1 : 2);

    public static bool TryParse(string? text, out HalfYear value)
    {
        value = default;
        if (
            text is not { Length: 7 }
            || text[4] != '-'
            || text[5] != 'H'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || text[6] is not ('1' or '2')
        )
        {
            return false;
        }

        value = new HalfYear(year, text[6] - '0');
        return true;
    }

    public int CompareTo(HalfYear other) => (Year, Half).CompareTo((other.Year, other.Half));

    public static bool operator <(HalfYear a, HalfYear b) => a.CompareTo(b) < 0;

    public static bool operator >(HalfYear a, HalfYear b) => a.CompareTo(b) > 0;

    public static bool operator <=(HalfYear a, HalfYear b) => a.CompareTo(b) <= 0;

    public static bool operator >=(HalfYear a, HalfYear b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-H{Half}";

    /// <summary>上半年 / 下半年 in Chinese, e.g. 2021年下半年.</summary>
    public string Zh => $"{Year}年{(Half == 1 ? "上" : "下")}半年";
}
