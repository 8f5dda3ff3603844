using System.Text.Json;
using Workflows.Domain.Energy;
using Workflows.Domain.PatentAward;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.PatentAward;

/// <summary>Event types of the mayor's patent award (漯政〔2021〕22号).</summary>
public static class PatentAwardEvents
{
    /// <summary>资格审查 (第十二条(三)): the office finds the application qualified or not (第八条, 第九条).</summary>
    public const string Qualify = "qualify";

    /// <summary>回避 (第十六条): an expert of the review group declares an interest in the candidate patent.</summary>
    public const string DeclareConflict = "declare-conflict";

    /// <summary>专家评审 (第十二条(四)): the review group's opinion and its recommended level (第七条).</summary>
    public const string ExpertReview = "expert-review";

    /// <summary>实地考察 (第十二条(五)): the group's site visit report on a patent proposed for an award.</summary>
    public const string SiteVisit = "site-visit";

    /// <summary>颁发证书和奖金 (第十三条): after the city government approved the round's results.</summary>
    public const string Award = "award";

    /// <summary>The round was approved without this application (an objection upheld, 第十二条(六)).</summary>
    public const string NotAwarded = "not-awarded";

    /// <summary>弄虚作假 (第十八条): fraud found; before the award the qualification is cancelled.</summary>
    public const string ReportFraud = "report-fraud";

    /// <summary>撤销奖励 (第十八条): the city government approved revoking the award.</summary>
    public const string Revoke = "revoke";

    /// <summary>追回证书和奖金 (第十八条): the certificate and prize money are back.</summary>
    public const string Recovered = "recovered";

    /// <summary>评审结果公示 (第十二条(六)): the results proposed for award are published.</summary>
    public const string Publicize = "publicize";

    /// <summary>异议 (第十二条(六)): an objection to the published results.</summary>
    public const string Objection = "object";

    /// <summary>评判 (第十二条(六)): the award committee's ruling on an objection.</summary>
    public const string ObjectionRuling = "rule-objection";

    /// <summary>批准公布 (第十二条(七)): the city government approves the results.</summary>
    public const string Approve = "approve";
}

/// <summary>The applicant: the unit (patentee) filing, from the signed-in principal, never from the body.</summary>
public sealed record PatentApplicant(string Name, string Uscc);

/// <summary>An expert's declared interest in the candidate patent (第十六条).</summary>
public sealed record DeclaredConflict(string ExpertId, string ExpertName, string Reason, string EventId);

/// <summary>The review group's opinion (第十二条(四)) and the level it recommends (第七条), or none.</summary>
public sealed record ExpertReviewRecord(IReadOnlyList<ReviewExpert> Experts, string Opinion, string? RecommendedLevel);

/// <summary>An application case: what was filed, each step's record and the outcome.</summary>
public sealed record PatentAwardApplicationData(
    string RoundCaseId,
    int RoundYear,
    PatentApplicant Applicant,
    PatentRef Patent,
    RecommendingUnit RecommendingUnit,
    IReadOnlyList<string> Materials,
    IReadOnlyList<DeclaredConflict>? Conflicts = null,
    ExpertReviewRecord? Review = null,
    string? SiteVisitReport = null,
    string? Level = null,
    DateOnly? AwardedOn = null,
    decimal? PrizeYuan = null,
    string? Fraud = null,
    bool RecommenderAssisted = false,
    DateOnly? RevokedOn = null,
    string? RevocationApproval = null,
    IReadOnlyList<BanHitView>? Bans = null
)
{
    public static PatentAwardApplicationData? From(CaseRecord record) =>
        record.Data?.Deserialize<PatentAwardApplicationData>(CaseJson.Options);
}

/// <summary>A nominee on the round's slate as published: the application case, the level and what the public reads.</summary>
public sealed record SlateEntry(string CaseId, string Level, string PatentKind, string PatentNumber, string PatentTitle, string Applicant);

/// <summary>An objection to the published results and, once ruled on, the committee's ruling.</summary>
public sealed record ObjectionRecord(
    string Id,
    string Text,
    string? CaseId,
    string By,
    DateOnly On,
    bool? Upheld = null,
    string? Ruling = null
);

/// <summary>The round case: its year, the slate in publicity, the objections, the approval and the final list.</summary>
public sealed record PatentAwardRoundData(
    int Year,
    IReadOnlyList<SlateEntry>? Slate = null,
    DateOnly? PublishedOn = null,
    DateOnly? PublicityEnds = null,
    IReadOnlyList<ObjectionRecord>? Objections = null,
    string? ApprovalDocument = null,
    DateOnly? ApprovedOn = null,
    IReadOnlyList<SlateEntry>? Awards = null,
    IReadOnlyList<string>? Withdrawn = null
)
{
    public static PatentAwardRoundData? From(CaseRecord record) => record.Data?.Deserialize<PatentAwardRoundData>(CaseJson.Options);

    public IReadOnlyList<ObjectionRecord> OpenObjections => [.. (Objections ?? []).Where(o => o.Upheld is null)];
}

/// <summary>Reads a body with the shared input options (camelCase, bounded), naming the field a shape error is in.</summary>
public static class PatentAwardJson
{
    public static (T? Value, ValidationError? Error) Read<T>(JsonElement payload, string article)
        where T : class
    {
        try
        {
            return (payload.Deserialize<T>(EnergyJson.InputOptions), null);
        }
        catch (JsonException e)
        {
            return (
                null,
                new ValidationError(
                    e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body",
                    "patent-award.body.shape",
                    $"内容不符合格式 / The body does not match the form: {e.Message}",
                    PatentAwardRules.Luohe.Cite(article)
                )
            );
        }
    }
}
