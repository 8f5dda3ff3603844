using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.PatentAward;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.PatentAward;

namespace Workflows.Functions.PatentAward;

/// <summary>An application for the mayor's patent award, from qualification review to the award (漯政〔2021〕22号 第十二条),
/// and what fraud does to it (第十八条, 第十九条).</summary>
public sealed class PatentAwardApplicationProcedure(CaseStore cases) : ICaseProcedure
{
    public const string ProcedureName = "patent-award-application";

    private static readonly PatentAwardRules Rules = PatentAwardRules.Luohe;

    private static readonly Role[] Office = [Role.IntellectualPropertyOffice];

    public string Name => ProcedureName;

    public string CasePrefix => "PAA";

    public string OrchestratorName => nameof(PatentAwardApplicationOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            PatentAwardEvents.Qualify,
            Office,
            Rules.Cite("第十二条(三)"),
            ["passed", "reason"],
            "资格审查：是否符合申报条件（第八条、第九条） / Qualification review against Arts. 8 and 9."
        ),
        new(
            PatentAwardEvents.DeclareConflict,
            Office,
            Rules.Cite("第十六条"),
            ["expertId", "expertName", "reason"],
            "登记评审专家与候选专利的利害关系，该专家回避 / Record an expert's interest: the expert withdraws."
        ),
        new(
            PatentAwardEvents.ExpertReview,
            Office,
            Rules.Cite("第十二条(四)"),
            ["experts", "opinion"],
            "专业评审组评审意见及推荐奖励等级 / The review group's opinion and recommended level."
        ),
        new(PatentAwardEvents.SiteVisit, Office, Rules.Cite("第十二条(五)"), ["report"], "实地考察报告 / The site visit report."),
        new(
            PatentAwardEvents.Award,
            Office,
            Rules.Cite("第十三条"),
            [],
            "市政府批准后颁发证书和奖金 / Certificate and prize money, after the city government's approval."
        ),
        new(
            PatentAwardEvents.NotAwarded,
            Office,
            Rules.Cite("第十二条(七)"),
            [],
            "市政府批准的结果未含本项 / The approved results do not include this application."
        ),
        new(
            PatentAwardEvents.ReportFraud,
            Office,
            Rules.Cite("第十八条"),
            ["finding"],
            "查实弄虚作假：未授奖的取消当年获奖资格，已授奖的报请市政府撤销 / Fraud found: cancelled, or revocation sought."
        ),
        new(
            PatentAwardEvents.Revoke,
            Office,
            Rules.Cite("第十八条"),
            ["approvalDocument"],
            "市政府批准撤销奖励：追回证书和奖金，公开通报，6年内不得申报 / Revoked: recovered, published, 6-year ban."
        ),
        new(
            PatentAwardEvents.Recovered,
            Office,
            Rules.Cite("第十八条"),
            ["prizeYuan"],
            "证书和奖金已追回 / Certificate and prize money recovered."
        ),
    ];

    public async Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        if (PatentAwardApplicationData.From(record) is not { } data)
        {
            return null;
        }

        return type switch
        {
            PatentAwardEvents.ExpertReview => CheckReview(data, payload),
            PatentAwardEvents.Award or PatentAwardEvents.NotAwarded => await CheckRoundDecisionAsync(record, data, type, cancellationToken)
                .ConfigureAwait(false),
            PatentAwardEvents.Recovered
                when EnergyPayload.Number(payload, "prizeYuan") is not { } amount || amount < (data.PrizeYuan ?? 0) =>
                ApiProblems.Validation(
                    "prizeYuan",
                    "patent-award.recovery.incomplete",
                    $"奖金应全额追回（{data.PrizeYuan:0} 元） / The prize money is recovered in full ({data.PrizeYuan:0} yuan) "
                        + $"({Rules.Cite("第十八条")})."
                ),
            _ => null,
        };
    }

    /// <summary>第十六条: an expert who declared an interest in this patent cannot be one of its reviewers; the level
    /// recommended must be one of 第五条's.</summary>
    internal static IResult? CheckReview(PatentAwardApplicationData data, JsonElement payload)
    {
        var (review, shape) = PatentAwardJson.Read<ExpertReviewRecord>(payload, "第十二条(四)");
        if (
            shape is not null
            || review?.Experts is not { Count: > 0 } experts
            || experts.Any(e => e is null || string.IsNullOrWhiteSpace(e.Id))
        )
        {
            return EnergyApiProblems.Validation([
                shape
                    ?? new ValidationError(
                        "experts",
                        "patent-award.experts.required",
                        "评审专家（编号、姓名）必填 / The reviewing experts (id, name) are required.",
                        Rules.Cite("第十二条(四)")
                    ),
            ]);
        }

        if (review.RecommendedLevel is { } level && Rules.Level(level) is null)
        {
            return ApiProblems.Validation(
                "recommendedLevel",
                "patent-award.level.unknown",
                $"推荐等级“{level}”无效（gold、silver、excellence） / Unknown level '{level}' ({Rules.Cite("第五条")})."
            );
        }

        var conflicted = ExpertConflicts.Conflicted(experts, (data.Conflicts ?? []).Select(c => c.ExpertId));
        return conflicted.Count == 0
            ? null
            : ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.expert.conflict",
                $"评审专家{string.Join("、", conflicted.Select(e => e.Name))}与该专利有利害关系，应当回避 / "
                    + $"{string.Join(", ", conflicted.Select(e => e.Id))} declared an interest in this patent and must withdraw "
                    + $"({Rules.Cite("第十六条")}).",
                new Dictionary<string, object?> { ["field"] = "experts", ["experts"] = conflicted.Select(e => e.Id).ToList() }
            );
    }

    /// <summary>第十二条(七), 第十三条: the certificate follows the city government's approval of the round's results.</summary>
    private async Task<IResult?> CheckRoundDecisionAsync(
        CaseRecord record,
        PatentAwardApplicationData data,
        string type,
        CancellationToken cancellationToken
    )
    {
        var round = await cases.GetAsync(data.RoundCaseId, cancellationToken).ConfigureAwait(false);
        var roundData = round is null ? null : PatentAwardRoundData.From(round);
        if (roundData is not { ApprovedOn: not null, Awards: { } awards })
        {
            return ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.round.not-approved",
                $"{data.RoundYear}年度评审结果尚未经市政府批准 / The {data.RoundYear} results are not yet approved by the city "
                    + $"government ({Rules.Cite("第十二条(七)")})."
            );
        }

        var listed = awards.Any(a => a.CaseId == record.Id);
        return (type == PatentAwardEvents.Award) == listed
            ? null
            : ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.award.not-approved",
                listed
                    ? $"{record.Id} 在市政府批准的获奖名单中 / {record.Id} is on the approved list ({Rules.Cite("第十三条")})."
                    : $"{record.Id} 不在市政府批准的获奖名单中 / {record.Id} is not on the approved list ({Rules.Cite("第十三条")})."
            );
    }
}

/// <summary>A round of the mayor's patent award: the publicity of the results, objections, the city government's
/// approval and publication (漯政〔2021〕22号 第五条, 第十二条(六)(七)).</summary>
public sealed class PatentAwardRoundProcedure(CaseStore cases, TimeProvider clock) : ICaseProcedure
{
    public const string ProcedureName = "patent-award-round";

    private static readonly PatentAwardRules Rules = PatentAwardRules.Luohe;

    public string Name => ProcedureName;

    public string CasePrefix => "PAR";

    public string OrchestratorName => nameof(PatentAwardRoundOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            PatentAwardEvents.Publicize,
            [Role.IntellectualPropertyOffice],
            Rules.Cite("第十二条(六)"),
            ["awards"],
            "公示推荐拟获奖的专利（不少于5个工作日） / Publish the proposed awards (at least 5 working days)."
        ),
        new(
            PatentAwardEvents.Objection,
            [Role.ObjectingParty, Role.IntellectualPropertyOffice],
            Rules.Cite("第十二条(六)"),
            ["text"],
            "对公示结果提出异议 / Object to the published results."
        ),
        new(
            PatentAwardEvents.ObjectionRuling,
            [Role.IntellectualPropertyOffice],
            Rules.Cite("第十二条(六)"),
            ["objectionId", "upheld", "ruling"],
            "评审委员会对异议的评判 / The award committee's ruling on an objection."
        ),
        new(
            PatentAwardEvents.Approve,
            [Role.IntellectualPropertyOffice],
            Rules.Cite("第十二条(七)"),
            ["approvalDocument"],
            "公示及异议处理结束后，市政府批准并公布 / The city government's approval, after the publicity and objections."
        ),
    ];

    public async Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        if (PatentAwardRoundData.From(record) is not { } round)
        {
            return null;
        }

        var today = ChinaTime.Today(clock);
        return type switch
        {
            PatentAwardEvents.Publicize => await CheckSlateAsync(record, round, payload, today, cancellationToken).ConfigureAwait(false),
            PatentAwardEvents.Objection => CheckObjection(round, payload, today),
            PatentAwardEvents.ObjectionRuling => CheckRuling(round, payload),
            PatentAwardEvents.Approve => CheckApproval(round, today),
            _ => null,
        };
    }

    public bool Offers(CaseRecord record, string type) =>
        type != PatentAwardEvents.Approve
        || PatentAwardRoundData.From(record) is not { } round
        || CheckApproval(round, ChinaTime.Today(clock)) is null;

    private async Task<IResult?> CheckSlateAsync(
        CaseRecord record,
        PatentAwardRoundData round,
        JsonElement payload,
        DateOnly today,
        CancellationToken cancellationToken
    )
    {
        var (slate, shape) = PatentAwardJson.Read<PublicizeBody>(payload, "第十二条(六)");
        if (shape is not null || slate?.Awards is not { } proposed || proposed.Any(a => a is null || string.IsNullOrWhiteSpace(a.CaseId)))
        {
            return EnergyApiProblems.Validation([
                shape
                    ?? new ValidationError(
                        "awards",
                        "patent-award.body.shape",
                        "拟获奖名单（caseId、level）必填 / The awards (caseId, level) are required.",
                        Rules.Cite("第十二条(六)")
                    ),
            ]);
        }

        if (
            EnergyPayload.Text(payload, "publishedOn") is { } text
            && (slate.PublishedOn is not { } on || on > today || on.Year < round.Year)
        )
        {
            return ApiProblems.Validation(
                "publishedOn",
                "patent-award.published-on.range",
                $"公示日期应为 {round.Year} 年以来、不晚于今天（{today:yyyy-MM-dd}）的日期 / The publicity date is a day of {round.Year} or "
                    + $"later, not after today ({today:yyyy-MM-dd}); got '{text}' ({Rules.Cite("第十二条(六)")})."
            );
        }

        var nominees = new List<AwardNominee>();
        var notReady = new List<string>();
        foreach (var award in proposed)
        {
            var application = await cases.GetAsync(award.CaseId, cancellationToken).ConfigureAwait(false);
            var data = application is null ? null : PatentAwardApplicationData.From(application);
            if (data is null || data.RoundCaseId != record.Id || application!.State != PatentAwardApplicationOrchestration.Nominated)
            {
                notReady.Add($"{award.CaseId} ({application?.State ?? "missing"})");
                continue;
            }

            nominees.Add(new AwardNominee(award.CaseId, award.Level, data.Patent.Kind ?? ""));
        }

        if (notReady.Count > 0)
        {
            return ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.nominee.not-ready",
                $"仅可公示本年度已完成实地考察的申报 / Only applications of this round past their site visit are published: "
                    + $"{string.Join("; ", notReady)} ({Rules.Cite("第十二条(五)")}).",
                new Dictionary<string, object?> { ["field"] = "awards", ["notReady"] = notReady }
            );
        }

        var errors = AwardSlate.Check(Rules, nominees);
        return errors.Count > 0 ? EnergyApiProblems.Validation(errors) : null;
    }

    private static IResult? CheckObjection(PatentAwardRoundData round, JsonElement payload, DateOnly today)
    {
        if (round.PublicityEnds is { } ends && today > ends)
        {
            return ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.publicity.ended",
                $"公示已于 {ends:yyyy-MM-dd} 结束 / The publicity ended on {ends:yyyy-MM-dd} ({Rules.Cite("第十二条(六)")})."
            );
        }

        return EnergyPayload.Text(payload, "caseId") is { } caseId && (round.Slate ?? []).All(s => s.CaseId != caseId)
            ? ApiProblems.Validation(
                "caseId",
                "patent-award.objection.case",
                $"{caseId} 不在公示名单中 / {caseId} is not among the published results ({Rules.Cite("第十二条(六)")})."
            )
            : null;
    }

    private static IResult? CheckRuling(PatentAwardRoundData round, JsonElement payload)
    {
        var id = EnergyPayload.Text(payload, "objectionId");
        return round.OpenObjections.Any(o => o.Id == id)
            ? null
            : ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.objection.not-open",
                $"没有待评判的异议“{id}” / No objection '{id}' awaits a ruling ({Rules.Cite("第十二条(六)")}).",
                new Dictionary<string, object?> { ["field"] = "objectionId" }
            );
    }

    /// <summary>第十二条(七): 评审结果公示及异议处理结束后，报市政府批准.</summary>
    internal static IResult? CheckApproval(PatentAwardRoundData round, DateOnly today)
    {
        if (round.PublicityEnds is not { } ends || today <= ends)
        {
            return ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.publicity.running",
                round.PublicityEnds is { } end
                    ? $"公示期至 {end:yyyy-MM-dd} 届满后方可报批 / The publicity runs until {end:yyyy-MM-dd}; approval follows it "
                        + $"({Rules.Cite("第十二条(六)")}, {Rules.Cite("第十二条(七)")})."
                    : $"评审结果尚未公示 / The results have not been published ({Rules.Cite("第十二条(六)")})."
            );
        }

        var open = round.OpenObjections;
        return open.Count == 0
            ? null
            : ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.objections.open",
                $"尚有 {open.Count} 项异议待评审委员会评判 / {open.Count} objection(s) await the committee's ruling: "
                    + $"{string.Join(", ", open.Select(o => o.Id))} ({Rules.Cite("第十二条(六)")}).",
                new Dictionary<string, object?> { ["objections"] = open.Select(o => o.Id).ToList() }
            );
    }
}

/// <summary>The body of <c>publicize</c>: the proposed awards and the day the publicity appeared (today if omitted).</summary>
public sealed record PublicizeBody(IReadOnlyList<ProposedAward>? Awards, DateOnly? PublishedOn);

/// <summary>An application proposed for a level (第七条 推荐拟获奖项目和奖励等级).</summary>
public sealed record ProposedAward(string CaseId, string Level);
