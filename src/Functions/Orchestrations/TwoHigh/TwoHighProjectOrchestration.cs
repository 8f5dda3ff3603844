using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.TwoHigh;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.TwoHigh;

namespace Workflows.Functions.Orchestrations.TwoHigh;

/// <param name="PlanEffectiveFrom">The action plan's effective date, resolved from the table by the intake: five years
/// never start before it (TwoHighDiagnosis.PeriodStart).</param>
public sealed record TwoHighProjectInput(string CaseId, string Agency, TwoHighProjectData Data, DateOnly PlanEffectiveFrom);

/// <summary>
/// 豫政办〔2021〕65号 （六）（十）: a project on the two-high list. An operating project is diagnosed at least once in five
/// years (period <c>two-high-energy-diagnosis</c>, computed in ComputeDeadlineActivity with the rest-day rule): reminders go
/// to the region's office before the last day, a missed day turns the case red and is escalated to the city; each
/// recorded diagnosis starts the next five years. A planned project or one under construction waits for its operation;
/// the list's dynamic adjustment removes a project (delist) and closes the case.
/// </summary>
public sealed class TwoHighProjectOrchestration : TaskOrchestrator<TwoHighProjectInput, string>
{
    public const string AwaitingOperation = "awaiting-operation";
    public const string DiagnosisDue = "diagnosis-due";
    public const string Overdue = "overdue";
    public const string PeriodId = "two-high-energy-diagnosis";

    private const string Article = "豫政办〔2021〕65号 （十）";

    [Function(nameof(TwoHighProjectOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TwoHighProjectOrchestration().RunAsync(
            context,
            context.GetInput<TwoHighProjectInput>() ?? throw new InvalidOperationException("TwoHighProjectOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, TwoHighProjectInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        var listing = data.Listing;
        DeadlineWatch? watch = null;
        if (listing.Status == TwoHighProjectStatus.Operating && (listing.LastDiagnosisOn ?? listing.OperatingSince) is { } from)
        {
            (watch, data) = await StartPeriodAsync(flow, input, data, from, null, "listed");
        }
        else
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = AwaitingOperation,
                    AwaitedEvents = Awaited(null),
                    DataJson = Json(data),
                    Audit =
                    [
                        flow.SystemAudit(
                            "listed",
                            "listed",
                            "豫政办〔2021〕65号 （六）",
                            $"{listing.ProjectName}列入“两高”项目清单（{StatusZh(listing.Status)}） / Listed as a two-high project ({listing.Status})."
                        ),
                    ],
                }
            );
        }

        while (true)
        {
            var wake = await flow.NextAsync(watch?.NextWake);
            switch (wake.Reason)
            {
                case WakeReason.CalendarChanged when watch is not null:
                    var current = data;
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, d => Reminders(current, d));
                    data = data with { DiagnosisDueOn = watch.Deadline.Due };
                    break;
                case WakeReason.Timer when watch is not null:
                    await OnTimerAsync(flow, input, data, watch);
                    break;
                case WakeReason.Event:
                    var e = wake.Event!;
                    if (e.Type == TwoHighEvents.Delist)
                    {
                        await DelistAsync(flow, data, e);
                        return "delisted";
                    }

                    if (StartOf(e, watch) is { } start)
                    {
                        (watch, data) = await StartPeriodAsync(flow, input, data, start, e, e.Type);
                    }
                    else
                    {
                        await flow.PublishAsync(
                            new CaseUpdate
                            {
                                CaseId = input.CaseId,
                                AwaitedEvents = Awaited(watch),
                                Audit = [flow.EventAudit(e, "event-ignored", Article, $"此时不接受“{e.Type}” / '{e.Type}' does not apply now.")],
                            }
                        );
                    }

                    break;
            }
        }
    }

    /// <summary>A diagnosis while operating, or the operation of a project not yet operating, starts five years.</summary>
    private static DateOnly? StartOf(CaseEventEnvelope e, DeadlineWatch? watch) =>
        (e.Type, watch) switch
        {
            (TwoHighEvents.RecordDiagnosis, not null) or (TwoHighEvents.StartOperation, null) => EnergyPayload.Date(e.Payload(), "date"),
            _ => null,
        };

    private static async Task<(DeadlineWatch, TwoHighProjectData)> StartPeriodAsync(
        CaseFlow flow,
        TwoHighProjectInput input,
        TwoHighProjectData data,
        DateOnly from,
        CaseEventEnvelope? e,
        string key
    )
    {
        // The plan starts no duty before it took effect (the table's reading, its date carried in the input).
        var start = from < input.PlanEffectiveFrom ? input.PlanEffectiveFrom : from;
        var request = new DeadlineRequest(
            PeriodId,
            $"“两高”项目节能诊断（五年内至少一次） / Energy diagnosis of a two-high project (once in five years)",
            PeriodId,
            start,
            Role.CountyOffice
        );
        var deadline = await flow.ComputeAsync(request);
        if (e is { Type: TwoHighEvents.RecordDiagnosis })
        {
            data = data with { Diagnoses = [.. data.Diagnoses ?? [], from] };
        }

        if (e is { Type: TwoHighEvents.StartOperation })
        {
            data = data with { Listing = data.Listing with { Status = TwoHighProjectStatus.Operating, OperatingSince = from } };
        }

        data = data with { DiagnosisDueOn = deadline.Due };
        var watch = new DeadlineWatch(request, deadline, Reminders(data, deadline).Where(r => r.AtUtc > flow.Now));
        var summary = $"{data.Listing.ProjectName}应于 {deadline.Due:yyyy-MM-dd} 前开展节能诊断和清洁生产评价认证 / The next energy "
            + $"diagnosis is due by {deadline.Due:yyyy-MM-dd} (five years from {start:yyyy-MM-dd}, {deadline.Rule}).";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = DiagnosisDue,
                AwaitedEvents = Awaited(watch),
                Deadline = deadline,
                DataJson = Json(data),
                Audit =
                [
                    e is null
                        ? flow.SystemAudit($"deadline-{key}", "deadline-set", Article, summary, deadline.Explanation)
                        : flow.EventAudit(e, e.Type == TwoHighEvents.RecordDiagnosis ? "diagnosis-recorded" : "operation-started", Article,
                            summary, new { date = from, deadline.Due, deadline.Explanation }),
                ],
            }
        );
        return (watch, data);
    }

    private static async Task OnTimerAsync(CaseFlow flow, TwoHighProjectInput input, TwoHighProjectData data, DeadlineWatch watch)
    {
        var now = flow.Now;
        var name = data.Listing.ProjectName;
        if (watch.MarkOverdue(now))
        {
            var due = watch.Deadline.Due;
            var message = $"{name}未在 {due:yyyy-MM-dd} 前开展节能诊断 / {name} was not diagnosed by {due:yyyy-MM-dd} ({Article}).";
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = Overdue,
                    Audit = [flow.SystemAudit($"overdue-{due:yyyyMMdd}", "overdue", Article, message)],
                    Notifications =
                    [
                        new NotificationRequest($"overdue-{due:yyyyMMdd}-own", Role.CountyOffice, input.Agency, "overdue", message, Article),
                        new NotificationRequest(
                            $"overdue-{due:yyyyMMdd}-city",
                            Role.MunicipalDrc,
                            HenanDivisions.CityCode(data.Listing.Location.City),
                            "escalation",
                            message,
                            Article
                        ),
                    ],
                }
            );
            return;
        }

        foreach (var reminder in watch.TakeDueReminders(now))
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    Audit = [flow.SystemAudit(reminder.Key, "reminder", Article, reminder.Message)],
                    Notifications = [new NotificationRequest(reminder.Key, Role.CountyOffice, input.Agency, "reminder", reminder.Message, Article)],
                }
            );
        }
    }

    private static Task<CaseWritten> DelistAsync(CaseFlow flow, TwoHighProjectData data, CaseEventEnvelope e)
    {
        var reason = e.Text("reason") ?? "";
        return flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                State = "delisted",
                Outcome = "delisted",
                Close = true,
                ClearDeadline = true,
                DataJson = Json(data with { DelistReason = reason }),
                Audit = [flow.EventAudit(e, "delisted", "豫政办〔2021〕65号 （六）", $"移出“两高”项目清单 / Removed from the two-high list: {reason}")],
            }
        );
    }

    internal static IReadOnlyList<string> Awaited(DeadlineWatch? watch) =>
        watch is null
            ? [TwoHighEvents.StartOperation, TwoHighEvents.Delist]
            : [TwoHighEvents.RecordDiagnosis, TwoHighEvents.Delist];

    /// <summary>Reminders N days before the last day, on the days the table sets (resolved with the deadline).</summary>
    internal static IEnumerable<Reminder> Reminders(TwoHighProjectData data, CaseDeadline d) =>
        (d.ReminderDaysBefore ?? [])
            .Where(n => d.Due.AddDays(-n) > d.Start)
            .Select(n => new Reminder(
                ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
                $"reminder-{d.Due:yyyyMMdd}-{n}",
                $"还有 {n} 天：{data.Listing.ProjectName}应于 {d.Due:yyyy-MM-dd} 前开展节能诊断和清洁生产评价认证 / {n} day(s) left: "
                    + $"the energy diagnosis is due by {d.Due:yyyy-MM-dd} ({Article})."
            ));

    private static string StatusZh(TwoHighProjectStatus status) =>
        status switch
        {
            TwoHighProjectStatus.Planned => "拟建",
            TwoHighProjectStatus.UnderConstruction => "在建",
            _ => "存量投运",
        };

    private static string Json(TwoHighProjectData data) => JsonSerializer.Serialize(data, CaseJson.Options);
}
