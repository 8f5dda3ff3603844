using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.PatentAward;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.PatentAward;
using Workflows.Functions.Cases;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.PatentAward;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.PatentAward;

public sealed record PatentAwardRoundInput(string CaseId, string Agency, PatentAwardRoundData Data);

/// <summary>
/// 漯政〔2021〕22号 第五条, 第十二条(六)(七): a round of the mayor's patent award (every two years). The office publishes the
/// applications proposed for award (the slate is checked on 第五条's caps and invention share by the procedure and read
/// from the cases in an activity); the publicity lasts 5 working days from the day after publication on the legal
/// calendar (period <c>patent-award-publicity</c>, computed in ComputeDeadlineActivity, recomputed if the calendar
/// changes); objections are recorded and ruled on by the award committee, an upheld one withdraws its application;
/// after the end and the last ruling the city government approves and the results are published.
/// </summary>
public sealed class PatentAwardRoundOrchestration : TaskOrchestrator<PatentAwardRoundInput, string>
{
    public const string Accepting = "accepting-applications";
    public const string Publicity = "publicity";
    public const string PublicityEnded = "publicity-ended";
    public const string Published = "published";

    private static readonly PatentAwardRules Rules = PatentAwardRules.Luohe;

    [Function(nameof(PatentAwardRoundOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PatentAwardRoundOrchestration().RunAsync(
            context,
            context.GetInput<PatentAwardRoundInput>()
                ?? throw new InvalidOperationException("PatentAwardRoundOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, PatentAwardRoundInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        DeadlineWatch? watch = null;
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Accepting,
                AwaitedEvents = [PatentAwardEvents.Publicize],
            }
        );
        while (true)
        {
            var wake = await flow.NextAsync(watch is { Overdue: false } ? watch.NextWake : null);
            switch (wake.Reason)
            {
                case WakeReason.CalendarChanged when watch is { Overdue: false }:
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, _ => []);
                    data = data with { PublicityEnds = watch.Deadline.Due };
                    await flow.PublishAsync(new CaseUpdate { CaseId = input.CaseId, DataJson = Json(data) });
                    break;
                case WakeReason.Timer when watch is not null && watch.MarkOverdue(flow.Now):
                    await PublishEndAsync(flow, data);
                    break;
                case WakeReason.Event:
                    var e = wake.Event!;
                    (data, watch) = await OnEventAsync(flow, input, data, watch, e);
                    if (data.ApprovedOn is not null)
                    {
                        return Published;
                    }

                    break;
            }
        }
    }

    private static async Task<(PatentAwardRoundData, DeadlineWatch?)> OnEventAsync(
        CaseFlow flow,
        PatentAwardRoundInput input,
        PatentAwardRoundData data,
        DeadlineWatch? watch,
        CaseEventEnvelope e
    )
    {
        switch (e.Type)
        {
            case PatentAwardEvents.Publicize when watch is null:
                return await PublicizeAsync(flow, input, data, e);
            case PatentAwardEvents.Objection when watch is { Overdue: false }:
                return (await ObjectAsync(flow, input, data, watch, e), watch);
            case PatentAwardEvents.ObjectionRuling when watch is not null && data.OpenObjections.Any(o => o.Id == e.Text("objectionId")):
                return (await RuleAsync(flow, data, watch, e), watch);
            case PatentAwardEvents.Approve when watch is not null && watch.IsPast(flow.Now) && data.OpenObjections.Count == 0:
                return (await ApproveAsync(flow, input, data, e), watch);
            default:
                await flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        AwaitedEvents = Awaited(data, watch),
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
                return (data, watch);
        }
    }

    private static async Task<(PatentAwardRoundData, DeadlineWatch?)> PublicizeAsync(
        CaseFlow flow,
        PatentAwardRoundInput input,
        PatentAwardRoundData data,
        CaseEventEnvelope e
    )
    {
        // The cases are read in the activity (never here): the slate the public reads, with each patent and applicant.
        var slate = await flow.CallAsync(ActivityCalls.BuildPatentAwardSlate, new PatentAwardSlateRequest(input.CaseId, e.PayloadJson));
        var publishedOn = slate.PublishedOn ?? flow.Today;
        var request = new DeadlineRequest(
            "patent-award-publicity",
            $"{data.Year}年度市长专利奖评审结果公示 / Publicity of the {data.Year} mayor's patent award results",
            "patent-award-publicity",
            publishedOn,
            Role.IntellectualPropertyOffice
        );
        var deadline = await flow.ComputeAsync(request);
        var watch = new DeadlineWatch(request, deadline, []);
        data = data with { Slate = slate.Entries, PublishedOn = publishedOn, PublicityEnds = deadline.Due, Objections = [] };
        var list = string.Join(
            "；",
            slate.Entries.Select(s => $"{Rules.Level(s.Level)?.Zh} {s.PatentNumber}《{s.PatentTitle}》{s.Applicant}")
        );
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Publicity,
                AwaitedEvents = Awaited(data, watch),
                Deadline = deadline,
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "publicity-started",
                        Rules.Cite("第十二条(六)"),
                        $"{publishedOn:yyyy-MM-dd} 公示 {slate.Entries.Count} 项，至 {deadline.Due:yyyy-MM-dd} 止：{list} / "
                            + $"{slate.Entries.Count} result(s) published on {publishedOn:yyyy-MM-dd}, publicity until "
                            + $"{deadline.Due:yyyy-MM-dd} ({deadline.Rule}).",
                        new { slate.Entries, deadline.Explanation }
                    ),
                ],
            }
        );
        return (data, watch);
    }

    private static async Task<PatentAwardRoundData> ObjectAsync(
        CaseFlow flow,
        PatentAwardRoundInput input,
        PatentAwardRoundData data,
        DeadlineWatch watch,
        CaseEventEnvelope e
    )
    {
        var objection = new ObjectionRecord(e.EventId, e.Text("text") ?? "", e.Text("caseId"), e.ActorName, PatentAwardDates.Of(e));
        data = data with { Objections = [.. data.Objections ?? [], objection] };
        var about = objection.CaseId is { } id ? $"（{id}）" : "";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                AwaitedEvents = Awaited(data, watch),
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "objection-received",
                        Rules.Cite("第十二条(六)"),
                        $"收到对公示结果的异议{about}，提交评审委员会评判 / Objection to the results{about} for the committee: {objection.Text}"
                    ),
                ],
                Notifications =
                [
                    new NotificationRequest(
                        $"{e.EventId}-objection",
                        Role.IntellectualPropertyOffice,
                        input.Agency,
                        "objection",
                        $"{data.Year}年度市长专利奖公示收到异议{about}，待评审委员会评判 / An objection to the {data.Year} results awaits "
                            + "the committee's ruling.",
                        Rules.Cite("第十二条(六)")
                    ),
                ],
            }
        );
        return data;
    }

    private static async Task<PatentAwardRoundData> RuleAsync(
        CaseFlow flow,
        PatentAwardRoundData data,
        DeadlineWatch watch,
        CaseEventEnvelope e
    )
    {
        var id = e.Text("objectionId")!;
        var upheld = e.Payload().TryGetProperty("upheld", out var u) && u.ValueKind == JsonValueKind.True;
        var ruling = e.Text("ruling") ?? "";
        var objection = data.OpenObjections.First(o => o.Id == id);
        var withdrawn = upheld && objection.CaseId is { } caseId ? caseId : null;
        data = data with
        {
            Objections = [.. (data.Objections ?? []).Select(o => o.Id == id ? o with { Upheld = upheld, Ruling = ruling } : o)],
            Slate = withdrawn is null ? data.Slate : [.. (data.Slate ?? []).Where(s => s.CaseId != withdrawn)],
            Withdrawn = withdrawn is null ? data.Withdrawn : [.. data.Withdrawn ?? [], withdrawn],
        };
        var outcome = (upheld, withdrawn) switch
        {
            (false, _) => ("异议不成立", "not upheld"),
            (true, null) => ("异议成立", "upheld"),
            (true, { } left) => ($"异议成立，{left} 不再列入拟获奖名单", $"upheld: {left} is withdrawn"),
        };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                AwaitedEvents = Awaited(data, watch),
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "objection-ruled",
                        Rules.Cite("第十二条(六)"),
                        $"评审委员会评判：{outcome.Item1}。{ruling} / The committee's ruling: {outcome.Item2}."
                    ),
                ],
            }
        );
        return data;
    }

    private static async Task<PatentAwardRoundData> ApproveAsync(
        CaseFlow flow,
        PatentAwardRoundInput input,
        PatentAwardRoundData data,
        CaseEventEnvelope e
    )
    {
        // An application whose qualification was cancelled meanwhile (第十八条) is not approved: read in the activity.
        var awards = await flow.CallAsync(ActivityCalls.ResolvePatentAwards, new PatentAwardResolveRequest(data.Slate ?? []));
        var document = e.Text("approvalDocument") ?? "";
        data = data with { Awards = awards.Awards, ApprovalDocument = document, ApprovedOn = PatentAwardDates.Of(e) };
        var list = string.Join(
            "；",
            awards.Awards.Select(s => $"{Rules.Level(s.Level)?.Zh}：{s.PatentNumber}《{s.PatentTitle}》{s.Applicant}")
        );
        var dropped = awards.Dropped.Count == 0 ? "" : $"（资格已取消未报批：{string.Join("、", awards.Dropped)}）";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Published,
                Outcome = Published,
                Close = true,
                AwaitedEvents = [],
                ClearDeadline = true,
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "approved",
                        Rules.Cite("第十二条(七)"),
                        $"市政府批准（{document}）并公布{data.Year}年度市长专利奖 {awards.Awards.Count} 项{dropped}：{list} / Approved by the city "
                            + $"government ({document}) and published: {awards.Awards.Count} award(s)."
                    ),
                ],
                Notifications =
                [
                    new NotificationRequest(
                        $"{e.EventId}-published",
                        Role.IntellectualPropertyOffice,
                        input.Agency,
                        "notice",
                        $"{data.Year}年度市长专利奖经市政府批准公布，请颁发证书和奖金 / The {data.Year} awards are approved: issue the "
                            + "certificates and prize money.",
                        Rules.Cite("第十三条")
                    ),
                ],
            }
        );
        return data;
    }

    private static Task<CaseWritten> PublishEndAsync(CaseFlow flow, PatentAwardRoundData data)
    {
        var watchEnd = data.PublicityEnds;
        var open = data.OpenObjections.Count;
        return flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                State = PublicityEnded,
                AwaitedEvents = open > 0 ? [PatentAwardEvents.ObjectionRuling, PatentAwardEvents.Approve] : [PatentAwardEvents.Approve],
                ClearDeadline = true,
                Audit =
                [
                    flow.SystemAudit(
                        $"publicity-ended-{watchEnd:yyyyMMdd}",
                        "publicity-ended",
                        Rules.Cite("第十二条(六)"),
                        $"公示期于 {watchEnd:yyyy-MM-dd} 届满，待评判异议 {open} 项，可报市政府批准 / The publicity ended on {watchEnd:yyyy-MM-dd}; "
                            + $"{open} objection(s) await a ruling before the city government's approval."
                    ),
                ],
            }
        );
    }

    internal static IReadOnlyList<string> Awaited(PatentAwardRoundData data, DeadlineWatch? watch) =>
        watch is null ? [PatentAwardEvents.Publicize]
        : !watch.Overdue ? [PatentAwardEvents.Objection, PatentAwardEvents.ObjectionRuling, PatentAwardEvents.Approve]
        : data.OpenObjections.Count > 0 ? [PatentAwardEvents.ObjectionRuling, PatentAwardEvents.Approve]
        : [PatentAwardEvents.Approve];

    private static string Json(PatentAwardRoundData data) => JsonSerializer.Serialize(data, CaseJson.Options);
}

/// <summary>Dates of events on the legal calendar (China time), shared by the patent award orchestrations.</summary>
internal static class PatentAwardDates
{
    public static DateOnly Of(CaseEventEnvelope e) => Workflows.Domain.Calendar.ChinaTime.ToLegalDate(e.AcceptedUtc);
}
