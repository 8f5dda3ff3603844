using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.PatentAward;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.PatentAward;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.PatentAward;

public sealed record PatentAwardApplicationInput(string CaseId, string Agency, PatentAwardApplicationData Data);

/// <summary>
/// 漯政〔2021〕22号 第十二条: one application for the mayor's patent award. It is first checked against the ban registry
/// (the same check as market-entity bans, kind by kind: the applicant's 6-year ban of 第十八条, the recommending unit's
/// suspension of 第十九条); then qualification review (三), expert review (四, an expert with a declared interest cannot
/// review: 第十六条), the site visit (五), and it waits as a nominee for the round's publicity and the city government's
/// approval (六, 七) before the certificate and prize (第十三条). Fraud (第十八条) cancels the qualification before the
/// award; after it, the city government's approval revokes the award, the applicant is barred for 6 years (period
/// <c>patent-award-fraud-ban</c>, computed in ComputeDeadlineActivity), the revocation is published and the
/// certificate and money are recovered.
/// </summary>
public sealed class PatentAwardApplicationOrchestration : TaskOrchestrator<PatentAwardApplicationInput, string>
{
    public const string QualificationReview = "qualification-review";
    public const string ExpertReview = "expert-review";
    public const string SiteVisit = "site-visit";
    public const string Nominated = "nominated";
    public const string Awarded = "awarded";
    public const string RevocationPending = "revocation-pending";
    public const string AwaitingRecovery = "awaiting-recovery";

    private static readonly PatentAwardRules Rules = PatentAwardRules.Luohe;

    [Function(nameof(PatentAwardApplicationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PatentAwardApplicationOrchestration().RunAsync(
            context,
            context.GetInput<PatentAwardApplicationInput>()
                ?? throw new InvalidOperationException("PatentAwardApplicationOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, PatentAwardApplicationInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        if (await BarredAsync(flow, data) is { Count: > 0 } hits)
        {
            await PublishBarredAsync(flow, data, hits);
            return "refused-barred";
        }

        var state = QualificationReview;
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = state,
                AwaitedEvents = Awaited(state),
                Audit =
                [
                    flow.SystemAudit(
                        "ban-check",
                        "ban-check-clear",
                        Rules.FraudBan.Article,
                        $"{data.Applicant.Name}及推荐单位{data.RecommendingUnit.Name}无禁止申报、暂停推荐记录，进入资格审查 / No ban on the "
                            + "applicant or the recommending unit: qualification review."
                    ),
                ],
            }
        );
        while (true)
        {
            var wake = await flow.NextAsync(null);
            if (wake.Reason != WakeReason.Event)
            {
                continue;
            }

            (state, data) = await OnEventAsync(flow, input, state, data, wake.Event!);
            if (state is "closed")
            {
                return data.RevokedOn is not null ? "revoked" : "closed";
            }
        }
    }

    /// <summary>第十八条, 第十九条: the applicant's and the recommending unit's active bans on the day of the application.</summary>
    private static async Task<List<BanHitView>> BarredAsync(CaseFlow flow, PatentAwardApplicationData data)
    {
        var applicant = await flow.CallAsync(
            ActivityCalls.CheckBans,
            new BanCheckInput([new PersonIdentity(data.Applicant.Name, data.Applicant.Uscc)], flow.Today, BanScopes.PatentAwardApplication)
        );
        var recommender = await flow.CallAsync(
            ActivityCalls.CheckBans,
            new BanCheckInput(
                [new PersonIdentity(data.RecommendingUnit.Name ?? "", data.RecommendingUnit.Uscc ?? "")],
                flow.Today,
                BanScopes.PatentAwardRecommendation
            )
        );
        return [.. applicant, .. recommender];
    }

    private static Task<CaseWritten> PublishBarredAsync(CaseFlow flow, PatentAwardApplicationData data, List<BanHitView> hits)
    {
        var zh = hits.Select(h =>
            h.EndDate is { } end
                ? $"{h.PersonName}：{h.Article}，{h.StartDate:yyyy-MM-dd} 起至 {end:yyyy-MM-dd} 不得申报（{h.SourceCaseId}）"
                : $"{h.PersonName}：{h.Article}，自 {h.StartDate:yyyy-MM-dd} 起暂停推荐资格（{h.SourceCaseId}）"
        );
        var en = hits.Select(h =>
            h.EndDate is { } end
                ? $"{h.PersonName}: barred until {end:yyyy-MM-dd} ({h.Article}, {h.SourceCaseId})"
                : $"{h.PersonName}: recommendation suspended since {h.StartDate:yyyy-MM-dd} ({h.Article}, {h.SourceCaseId})"
        );
        return flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                State = "barred",
                Outcome = "refused-barred",
                Close = true,
                DataJson = Json(data with { Bans = hits }),
                Audit =
                [
                    flow.SystemAudit(
                        "ban-check",
                        "barred",
                        hits[0].Article,
                        $"不予受理：{string.Join("；", zh)} / Not accepted: {string.Join("; ", en)}.",
                        hits
                    ),
                ],
            }
        );
    }

    private static async Task<(string State, PatentAwardApplicationData Data)> OnEventAsync(
        CaseFlow flow,
        PatentAwardApplicationInput input,
        string state,
        PatentAwardApplicationData data,
        CaseEventEnvelope e
    )
    {
        switch (state, e.Type)
        {
            case (QualificationReview, PatentAwardEvents.Qualify):
                return await QualifyAsync(flow, data, e);
            case (QualificationReview or ExpertReview, PatentAwardEvents.DeclareConflict):
                var conflict = new DeclaredConflict(
                    e.Text("expertId") ?? "",
                    e.Text("expertName") ?? "",
                    e.Text("reason") ?? "",
                    e.EventId
                );
                data = data with { Conflicts = [.. data.Conflicts ?? [], conflict] };
                await StepAsync(
                    flow,
                    state,
                    data,
                    e,
                    "conflict-declared",
                    "第十六条",
                    $"评审专家{conflict.ExpertName}（{conflict.ExpertId}）与该专利有利害关系，回避：{conflict.Reason} / Expert {conflict.ExpertId} "
                        + "declared an interest and withdraws from this review."
                );
                return (state, data);
            case (ExpertReview, PatentAwardEvents.ExpertReview):
                return await ReviewAsync(flow, data, e);
            case (SiteVisit, PatentAwardEvents.SiteVisit):
                data = data with { SiteVisitReport = e.Text("report") };
                await StepAsync(
                    flow,
                    Nominated,
                    data,
                    e,
                    "site-visited",
                    "第十二条(五)",
                    $"实地考察完成，列入拟获奖（{Rules.Level(data.Level)?.Zh}） / Site visit done: proposed for the {Rules.Level(data.Level)?.En}."
                );
                return (Nominated, data);
            case (Nominated, PatentAwardEvents.Award):
                return await AwardAsync(flow, input, data, e);
            case (Nominated, PatentAwardEvents.NotAwarded):
                await CloseAsync(
                    flow,
                    "not-awarded",
                    data,
                    e,
                    "not-awarded",
                    "第十二条(七)",
                    "市政府批准的获奖名单未含本项 / Not on the list the city government approved."
                );
                return ("closed", data);
            case (QualificationReview or ExpertReview or SiteVisit or Nominated or Awarded, PatentAwardEvents.ReportFraud):
                return await FraudAsync(flow, input, state, data, e);
            case (RevocationPending, PatentAwardEvents.Revoke):
                return await RevokeAsync(flow, input, data, e);
            case (AwaitingRecovery, PatentAwardEvents.Recovered):
                await CloseAsync(
                    flow,
                    "revoked",
                    data,
                    e,
                    "recovered",
                    "第十八条",
                    $"证书和奖金 {data.PrizeYuan:0} 元已追回 / Certificate and {data.PrizeYuan:0} yuan recovered."
                );
                return ("closed", data);
            default:
                await flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = flow.CaseId,
                        AwaitedEvents = Awaited(state),
                        Audit =
                        [
                            flow.EventAudit(
                                e,
                                "event-ignored",
                                Rules.Cite("第十二条"),
                                $"此时不接受“{e.Type}” / '{e.Type}' does not apply now."
                            ),
                        ],
                    }
                );
                return (state, data);
        }
    }

    private static async Task<(string, PatentAwardApplicationData)> QualifyAsync(
        CaseFlow flow,
        PatentAwardApplicationData data,
        CaseEventEnvelope e
    )
    {
        var passed = e.Payload().TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True;
        var reason = e.Text("reason") ?? "";
        if (!passed)
        {
            await CloseAsync(
                flow,
                "not-qualified",
                data,
                e,
                "not-qualified",
                "第十二条(三)",
                $"资格审查未通过（第八条、第九条）：{reason} / Not qualified (Arts. 8, 9): {reason}"
            );
            return ("closed", data);
        }

        await StepAsync(flow, ExpertReview, data, e, "qualified", "第十二条(三)", $"资格审查通过：{reason} / Qualified: {reason}");
        return (ExpertReview, data);
    }

    private static async Task<(string, PatentAwardApplicationData)> ReviewAsync(
        CaseFlow flow,
        PatentAwardApplicationData data,
        CaseEventEnvelope e
    )
    {
        var review = e.Payload().Deserialize<ExpertReviewRecord>(CaseJson.Options)!;
        data = data with { Review = review, Level = review.RecommendedLevel };
        var experts = string.Join("、", review.Experts.Select(x => x.Name));
        if (Rules.Level(review.RecommendedLevel) is not { } level)
        {
            await CloseAsync(
                flow,
                "not-recommended",
                data,
                e,
                "not-recommended",
                "第十二条(四)",
                $"专业评审组（{experts}）未推荐拟获奖：{review.Opinion} / The review group did not recommend an award."
            );
            return ("closed", data);
        }

        await StepAsync(
            flow,
            SiteVisit,
            data,
            e,
            "reviewed",
            "第十二条(四)",
            $"专业评审组（{experts}）推荐{level.Zh}，待实地考察：{review.Opinion} / Recommended for the {level.En}; site visit next."
        );
        return (SiteVisit, data);
    }

    private static async Task<(string, PatentAwardApplicationData)> AwardAsync(
        CaseFlow flow,
        PatentAwardApplicationInput input,
        PatentAwardApplicationData data,
        CaseEventEnvelope e
    )
    {
        var level = Rules.Level(data.Level)!;
        data = data with { AwardedOn = PatentAwardDates.Of(e), PrizeYuan = level.PrizeYuan };
        await StepAsync(
            flow,
            Awarded,
            data,
            e,
            "awarded",
            "第十三条",
            $"颁发{level.Zh}证书和奖金 {level.PrizeYuan:0} 元 / {level.En}: certificate and {level.PrizeYuan:0} yuan."
        );
        return (Awarded, data);
    }

    /// <summary>第十八条 before the award: the year's qualification is cancelled; after it: revocation is sought from the
    /// city government. 第十九条: a recommending unit that helped loses its right to recommend, at once.</summary>
    private static async Task<(string, PatentAwardApplicationData)> FraudAsync(
        CaseFlow flow,
        PatentAwardApplicationInput input,
        string state,
        PatentAwardApplicationData data,
        CaseEventEnvelope e
    )
    {
        var finding = e.Text("finding") ?? "";
        var assisted = e.Payload().TryGetProperty("recommenderAssisted", out var a) && a.ValueKind == JsonValueKind.True;
        data = data with { Fraud = finding, RecommenderAssisted = assisted };
        var suspension = assisted ? await SuspendRecommenderAsync(flow, data, e) : "";
        if (FraudRule.Of(awarded: state == Awarded) == FraudConsequence.QualificationCancelled)
        {
            await CloseAsync(
                flow,
                "qualification-cancelled",
                data,
                e,
                "qualification-cancelled",
                "第十八条",
                $"查实弄虚作假，尚未授奖，取消其 {data.RoundYear} 年度获奖资格{suspension}：{finding} / Fraud before the award: the "
                    + $"{data.RoundYear} qualification is cancelled."
            );
            return ("closed", data);
        }

        await StepAsync(
            flow,
            RevocationPending,
            data,
            e,
            "revocation-sought",
            "第十八条",
            $"查实弄虚作假，已授奖，报请市政府批准撤销奖励{suspension}：{finding} / Fraud after the award: revocation sought from the city "
                + "government."
        );
        return (RevocationPending, data);
    }

    private static async Task<string> SuspendRecommenderAsync(CaseFlow flow, PatentAwardApplicationData data, CaseEventEnvelope e)
    {
        var on = PatentAwardDates.Of(e);
        var unit = data.RecommendingUnit;
        var ban = PatentAwardBans.RecommenderSuspended(Rules, unit.Uscc ?? "", unit.Name ?? "", flow.CaseId, on);
        await flow.CallAsync(ActivityCalls.BanRegistry, new BanRegistryCommand([ban], null, flow.CaseId, on, null));
        return $"；推荐单位{unit.Name}协助骗取，通报批评并暂停推荐资格（{Rules.RecommenderSuspension.Article}）";
    }

    private static async Task<(string, PatentAwardApplicationData)> RevokeAsync(
        CaseFlow flow,
        PatentAwardApplicationInput input,
        PatentAwardApplicationData data,
        CaseEventEnvelope e
    )
    {
        var revokedOn = PatentAwardDates.Of(e);
        var document = e.Text("approvalDocument") ?? "";
        // 6年内不得申报: the year rule of the legal calendar from the revocation, computed in an activity.
        var end = await flow.ComputeAsync(
            new DeadlineRequest(
                "patent-award-fraud-ban",
                "撤销奖励后6年内不得申报市长专利奖 / No application for 6 years after the revocation",
                Rules.FraudBan.Period.Id,
                revokedOn,
                Role.IntellectualPropertyOffice
            )
        );
        var ban = PatentAwardBans.Fraud(Rules, data.Applicant.Uscc, data.Applicant.Name, flow.CaseId, revokedOn, end.Due);
        await flow.CallAsync(ActivityCalls.BanRegistry, new BanRegistryCommand([ban], null, flow.CaseId, revokedOn, null));
        var view = new BanHitView(
            ban.PersonName,
            ban.PersonIdNumber,
            ban.Reason,
            ban.Article,
            ban.SourceCaseId,
            ban.StartDate,
            ban.EndDate,
            true
        );
        data = data with { RevokedOn = revokedOn, RevocationApproval = document, Bans = [.. data.Bans ?? [], view] };
        var level = Rules.Level(data.Level);
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                State = AwaitingRecovery,
                AwaitedEvents = Awaited(AwaitingRecovery),
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "award-revoked",
                        Rules.FraudBan.Article,
                        $"经市政府批准（{document}）撤销{data.Applicant.Name}的{level?.Zh}，追回证书和奖金 {data.PrizeYuan:0} 元，公开通报，"
                            + $"{revokedOn:yyyy-MM-dd} 起至 {end.Due:yyyy-MM-dd} 不得申报市长专利奖 / Revoked with the city government's approval "
                            + $"({document}); recovery of {data.PrizeYuan:0} yuan; published; barred until {end.Due:yyyy-MM-dd}.",
                        new { ban, end.Explanation }
                    ),
                ],
                Notifications =
                [
                    new NotificationRequest(
                        $"{e.EventId}-published",
                        Role.IntellectualPropertyOffice,
                        input.Agency,
                        "notice",
                        $"公开通报：撤销{data.Applicant.Name}“{data.Patent.Title}”的{level?.Zh}，6年内不得申报 / Published: the award to "
                            + $"{data.Applicant.Name} is revoked; barred for 6 years.",
                        Rules.FraudBan.Article
                    ),
                ],
            }
        );
        return (AwaitingRecovery, data);
    }

    private static Task<CaseWritten> StepAsync(
        CaseFlow flow,
        string state,
        PatentAwardApplicationData data,
        CaseEventEnvelope e,
        string action,
        string article,
        string summary
    ) =>
        flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                State = state,
                AwaitedEvents = Awaited(state),
                DataJson = Json(data),
                Audit = [flow.EventAudit(e, action, Rules.Cite(article), summary)],
            }
        );

    private static Task<CaseWritten> CloseAsync(
        CaseFlow flow,
        string outcome,
        PatentAwardApplicationData data,
        CaseEventEnvelope e,
        string action,
        string article,
        string summary
    ) =>
        flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                State = outcome,
                Outcome = outcome,
                Close = true,
                AwaitedEvents = [],
                DataJson = Json(data),
                Audit = [flow.EventAudit(e, action, Rules.Cite(article), summary)],
            }
        );

    internal static IReadOnlyList<string> Awaited(string state) =>
        state switch
        {
            QualificationReview => [PatentAwardEvents.Qualify, PatentAwardEvents.DeclareConflict, PatentAwardEvents.ReportFraud],
            ExpertReview => [PatentAwardEvents.ExpertReview, PatentAwardEvents.DeclareConflict, PatentAwardEvents.ReportFraud],
            SiteVisit => [PatentAwardEvents.SiteVisit, PatentAwardEvents.ReportFraud],
            Nominated => [PatentAwardEvents.Award, PatentAwardEvents.NotAwarded, PatentAwardEvents.ReportFraud],
            Awarded => [PatentAwardEvents.ReportFraud],
            RevocationPending => [PatentAwardEvents.Revoke],
            AwaitingRecovery => [PatentAwardEvents.Recovered],
            _ => [],
        };

    private static string Json(PatentAwardApplicationData data) => JsonSerializer.Serialize(data, CaseJson.Options);
}
