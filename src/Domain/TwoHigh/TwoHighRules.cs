using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;

namespace Workflows.Domain.TwoHigh;

/// <summary>An industry the action plan names as two-high (（三）), by the coal table's code.</summary>
public sealed record TwoHighIndustry(string Code, string NameZh);

/// <summary>（三）: which projects are two-high: the listed industries at 10,000 tce a year or more.</summary>
public sealed record ProjectScopeRules(
    string Article,
    string Text,
    decimal MinimumAnnualEnergyTce,
    IReadOnlyList<TwoHighIndustry> Industries,
    string IndustryReading
);

/// <summary>（十八）: the barometer's runs of red months and how a light is found (the table's reading).</summary>
public sealed record BarometerRules(
    string Article,
    string Text,
    int ReminderAfterConsecutiveRed,
    int RestrictionAfterConsecutiveRed,
    decimal TotalWarningShare,
    string LightReading,
    string StreakReading
);

/// <summary>A kind of project the annual suspension leaves out (（十八） 民生和基础设施建设项目除外).</summary>
public sealed record ExemptPurpose(string Code, string NameZh);

/// <summary>（十八）: a region that missed last year's targets has this year's energy reviews suspended.</summary>
public sealed record AnnualTargetRules(string Article, string Text, IReadOnlyList<ExemptPurpose> ExemptPurposes, string RestorationReading);

/// <summary>（十）: the periodic energy diagnosis of an operating two-high project, as a statutory period.</summary>
public sealed record DiagnosisRules(string Article, string Text, LegalPeriod Period, string PeriodReading, IReadOnlyList<int> ReminderDaysBefore);

/// <summary>
/// The rule table of 豫政办〔2021〕65号 (<c>Data/TwoHigh/two-high-65.json</c>): the project scope, the barometer, the
/// annual-target suspension and the periodic diagnosis. Checked on load so a table contradicting itself never reaches
/// a case.
/// </summary>
public sealed record TwoHighRules(
    string Id,
    string Title,
    string SourceDocument,
    DateOnly EffectiveFrom,
    ProjectScopeRules ProjectScope,
    BarometerRules Barometer,
    AnnualTargetRules AnnualTargets,
    DiagnosisRules Diagnosis
)
{
    public const string Resource = "two-high-65.json";

    private static readonly Lazy<TwoHighRules> Embedded = new(() =>
    {
        using var stream =
            typeof(TwoHighRules).Assembly.GetManifestResourceStream("Workflows.Domain.Data.TwoHigh/" + Resource)
            ?? throw new InvalidOperationException($"Embedded rule data 'TwoHigh/{Resource}' is missing from Workflows.Domain.");
        return Load(stream);
    });

    /// <summary>The embedded table of 豫政办〔2021〕65号.</summary>
    public static TwoHighRules Henan => Embedded.Value;

    /// <summary>Citation of a clause of the action plan, e.g. "豫政办〔2021〕65号 （十八）".</summary>
    public string Cite(string clause) => $"{SourceDocument} {clause}";

    public TwoHighIndustry? Industry(string? code) =>
        ProjectScope.Industries.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.Ordinal));

    public ExemptPurpose? Exempt(string? code) =>
        AnnualTargets.ExemptPurposes.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.Ordinal));

    public static TwoHighRules Load(Stream json)
    {
        var rules =
            JsonSerializer.Deserialize<TwoHighRules>(json, EnergyJson.Options)
            ?? throw new InvalidDataException("Two-high rules JSON is empty.");
        return Check(rules);
    }

    private static TwoHighRules Check(TwoHighRules r)
    {
        var b = r.Barometer;
        if (b.ReminderAfterConsecutiveRed < 1 || b.RestrictionAfterConsecutiveRed <= b.ReminderAfterConsecutiveRed)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the restriction must need a longer run of red months than the reminder.");
        }

        if (b.TotalWarningShare is <= 0 or >= 1)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the yellow share of a cap lies between 0 and 1.");
        }

        if (r.ProjectScope.Industries is not { Count: > 0 } || r.ProjectScope.MinimumAnnualEnergyTce <= 0)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the project scope needs its industries and threshold.");
        }

        if (r.AnnualTargets.ExemptPurposes is not { Count: > 0 })
        {
            throw new InvalidDataException($"Rules '{r.Id}': the annual suspension names its exceptions.");
        }

        return r.Diagnosis.Period.Problems() is [var problem, ..] ? throw new InvalidDataException(problem) : r;
    }
}
