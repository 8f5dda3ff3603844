using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;

namespace Workflows.Domain.PatentAward;

/// <summary>An award level of 第五条 with its cap per round and its prize.</summary>
public sealed record AwardLevel(string Code, string Zh, string En, int MaxPerRound, decimal PrizeYuan);

/// <summary>A coded item of the measures (a patent kind, a material of 第十条, an exclusion of 第九条).</summary>
public sealed record PatentAwardItem(string Code, string Zh, string En, string? Article = null);

/// <summary>The publicity of the results (第十二条(六)) as a statutory period.</summary>
public sealed record PublicityRules(LegalPeriod Period, string PeriodReading, string Article);

/// <summary>The 6-year ban of 第十八条 after a revoked award, as a ban kind with its period.</summary>
public sealed record FraudBanRules(string Id, string Article, int Years, LegalPeriod Period, string StartsOn, string TextZh, string TextEn);

/// <summary>The suspension of a recommending unit's right to recommend (第十九条), without an end.</summary>
public sealed record RecommenderSuspensionRules(string Id, string Article, string TextZh, string TextEn, string Reading);

/// <summary>
/// The rule table of 漯政〔2021〕22号 (<c>Data/PatentAward/mayor-patent-award-22.json</c>): rounds, levels and caps, the
/// invention share, the publicity period, the ban kinds, the materials and exclusions. Checked on load so a table
/// that contradicts its own articles never reaches a case.
/// </summary>
public sealed record PatentAwardRules(
    string Id,
    string Title,
    string SourceDocument,
    DateOnly IssuedOn,
    int FirstRoundYear,
    int RoundIntervalYears,
    string RoundArticle,
    IReadOnlyList<AwardLevel> Levels,
    string LevelsArticle,
    decimal InventionShare,
    string InventionShareArticle,
    IReadOnlyList<PatentAwardItem> PatentKinds,
    PublicityRules Publicity,
    FraudBanRules FraudBan,
    RecommenderSuspensionRules RecommenderSuspension,
    IReadOnlyList<PatentAwardItem> Materials,
    IReadOnlyList<PatentAwardItem> Exclusions,
    string ConflictArticle
)
{
    public const string Resource = "mayor-patent-award-22" + ".json";

    /// <summary>The patent kind counted by the invention share of 第五条.</summary>
    public const string Invention = "invention";

    private static readonly Lazy<PatentAwardRules> Embedded = new(() =>
    {
        using var stream =
            typeof(PatentAwardRules).Assembly.GetManifestResourceStream("Workflows.Domain.Data.PatentAward/" + Resource)
            ?? throw new InvalidOperationException($"Embedded rule data 'PatentAward/{Resource}' is missing from Workflows.Domain.");
        return Load(stream);
    });

    /// <summary>The embedded table of 漯政〔2021〕22号.</summary>
    public static PatentAwardRules Luohe => Embedded.Value;

    /// <summary>Citation of an article of the measures, e.g. "漯政〔2021〕22号 第五条".</summary>
    public string Cite(string article) => $"{SourceDocument} {article}";

    public AwardLevel? Level(string? code) => Levels.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.Ordinal));

    public PatentAwardItem? PatentKind(string? code) =>
        PatentKinds.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.Ordinal));

    public static PatentAwardRules Load(Stream json)
    {
        var rules =
            JsonSerializer.Deserialize<PatentAwardRules>(json, EnergyJson.Options)
            ?? throw new InvalidDataException("Patent award rules JSON is empty.");
        return Check(rules);
    }

    private static PatentAwardRules Check(PatentAwardRules r)
    {
        if (r.Levels is not { Count: > 0 } || r.Levels.Any(l => l.MaxPerRound <= 0 || l.PrizeYuan <= 0))
        {
            throw new InvalidDataException($"Rules '{r.Id}': every award level needs a positive cap and prize.");
        }

        if (r.InventionShare is <= 0 or > 1 || r.PatentKind(Invention) is null)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the invention share is a share of invention patents (0 to 1).");
        }

        if (r.RoundIntervalYears < 1 || r.FirstRoundYear <= r.IssuedOn.Year - 1)
        {
            throw new InvalidDataException($"Rules '{r.Id}': rounds start after the measures and are at least a year apart.");
        }

        foreach (var period in new[] { r.Publicity.Period, r.FraudBan.Period })
        {
            if (period.Problems() is [var problem, ..])
            {
                throw new InvalidDataException(problem);
            }
        }

        if (r.FraudBan.Period.Unit != PeriodUnit.Years || r.FraudBan.Period.Amount != r.FraudBan.Years)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the fraud ban's period must be its {r.FraudBan.Years} years.");
        }

        return r;
    }
}
