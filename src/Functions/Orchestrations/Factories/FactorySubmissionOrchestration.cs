using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Factories;
using Workflows.Functions.Cases;
using Workflows.Functions.Factories;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.Factories;

public sealed record FactorySubmissionInput(string CaseId, string Agency, FactorySubmissionData Data);

/// <summary>
/// 漯政〔2021〕17号 三(一): in the first month of each half-year a county (functional zone) reports the last half-year's
/// completed standard factories with the listed materials, approved by its government. The deadline is the month's last
/// day under the rest-day rule (period <c>standard-factory-submission</c>, computed in ComputeDeadlineActivity); reminders
/// go to the county before it, a missed deadline turns the case red and is escalated to the city, a late report is still
/// taken and marked late. The city's departments verify (subsidies per floor, 二(一), computed in an activity) or return it.
/// </summary>
public sealed class FactorySubmissionOrchestration : TaskOrchestrator<FactorySubmissionInput, string>
{
    public const string AwaitingSubmission = "awaiting-submission";
    public const string Submitted = "submitted";
    public const string Returned = "returned";
    public const string Overdue = "overdue";

    private const string Article = "漯政〔2021〕17号 三(一)";

    [Function(nameof(FactorySubmissionOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new FactorySubmissionOrchestration().RunAsync(
            context,
            context.GetInput<FactorySubmissionInput>()
                ?? throw new InvalidOperationException("FactorySubmissionOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, FactorySubmissionInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        var request = new DeadlineRequest(
            "standard-factory-submission",
            $"报送{HalfYearZh(data)}竣工的多层标准化厂房核准材料 / Report the standard factories completed in {data.HalfYear}",
            "standard-factory-submission",
            ParseHalfYear(data).LastDay,
            Role.CountyOffice
        );
        var deadline = await flow.ComputeAsync(request);
        // A round opened late sends no reminder whose day has already passed.
        var watch = new DeadlineWatch(request, deadline, Reminders(data, deadline).Where(r => r.AtUtc > flow.Now));
        data = data with { DueOn = deadline.Due };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = AwaitingSubmission,
                AwaitedEvents = [FactoryEvents.Submit],
                Deadline = deadline,
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "deadline-0",
                        "deadline-set",
                        Article,
                        $"{data.CountyName}应于 {deadline.Due:yyyy-MM-dd} 前报送 / {data.CountyName} reports by {deadline.Due:yyyy-MM-dd} "
                            + $"({deadline.Rule}, from {request.Start:yyyy-MM-dd}).",
                        deadline.Explanation
                    ),
                ],
            }
        );

        var submitted = false;
        while (true)
        {
            var wake = await flow.NextAsync(submitted ? null : watch.NextWake);
            switch (wake.Reason)
            {
                case WakeReason.CalendarChanged when !submitted:
                    // The one write that records the moved deadline also records it in the case data (dueOn).
                    watch = await flow.RecomputeAsync(
                        watch,
                        wake.Calendar!,
                        d => Reminders(data, d),
                        d => new CaseUpdate { CaseId = input.CaseId, DataJson = Json(data with { DueOn = d.Due }) }
                    );
                    data = data with { DueOn = watch.Deadline.Due };
                    break;
                case WakeReason.Timer:
                    await OnTimerAsync(flow, input, data, watch);
                    break;
                case WakeReason.Event:
                    var (next, outcome) = await OnEventAsync(flow, input, data, watch, wake.Event!);
                    data = next;
                    submitted = data.Submission is not null;
                    if (outcome is not null)
                    {
                        return outcome;
                    }

                    break;
            }
        }
    }

    private static async Task OnTimerAsync(CaseFlow flow, FactorySubmissionInput input, FactorySubmissionData data, DeadlineWatch watch)
    {
        var now = flow.Now;
        if (watch.MarkOverdue(now))
        {
            var due = watch.Deadline.Due;
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = Overdue,
                    Audit =
                    [
                        flow.SystemAudit(
                            $"overdue-{due:yyyyMMdd}",
                            "overdue",
                            Article,
                            $"{data.CountyName}未在 {due:yyyy-MM-dd} 前报送{HalfYearZh(data)}材料，已报市级部门 / {data.CountyName} did not "
                                + $"report {data.HalfYear} by {due:yyyy-MM-dd}; escalated to the city."
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            $"overdue-{due:yyyyMMdd}-county",
                            Role.CountyOffice,
                            input.Agency,
                            "overdue",
                            $"{data.CountyName}：{HalfYearZh(data)}多层标准化厂房材料报送期限 {due:yyyy-MM-dd} 已过 / the {data.HalfYear} "
                                + $"standard factory report was due {due:yyyy-MM-dd}.",
                            Article
                        ),
                        new NotificationRequest(
                            $"overdue-{due:yyyyMMdd}-city",
                            Role.MunicipalDrc,
                            FactoryRounds.CityAgency,
                            "escalation",
                            $"{data.CountyName}逾期未报送{HalfYearZh(data)}多层标准化厂房材料 / {data.CountyName} missed the {data.HalfYear} report "
                                + $"(due {due:yyyy-MM-dd}).",
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
                    Notifications =
                    [
                        new NotificationRequest(reminder.Key, Role.CountyOffice, input.Agency, "reminder", reminder.Message, Article),
                    ],
                }
            );
        }
    }

    private static async Task<(FactorySubmissionData Data, string? Outcome)> OnEventAsync(
        CaseFlow flow,
        FactorySubmissionInput input,
        FactorySubmissionData data,
        DeadlineWatch watch,
        CaseEventEnvelope e
    )
    {
        switch (e.Type)
        {
            case FactoryEvents.Submit when data.Submission is null:
                return (await SubmitAsync(flow, input, data, watch, e), null);
            case FactoryEvents.Return when data.Submission is not null:
                var reason = e.Text("reason") ?? "";
                data = data with { Submission = null, Assessment = null, Returns = [.. data.Returns ?? [], reason] };
                await flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        State = Returned,
                        AwaitedEvents = [FactoryEvents.Submit],
                        DataJson = Json(data),
                        Audit = [flow.EventAudit(e, "returned", Article, $"退回补正 / Returned to be corrected: {reason}")],
                        Notifications =
                        [
                            new NotificationRequest(
                                $"{e.EventId}-returned",
                                Role.CountyOffice,
                                input.Agency,
                                "returned",
                                $"{data.CountyName}{HalfYearZh(data)}材料被退回补正 / the {data.HalfYear} report was returned: {reason}",
                                Article
                            ),
                        ],
                    }
                );
                return (data, null);
            case FactoryEvents.Verify when data.Submission is not null:
                data = data with { Verified = true };
                var a = data.Assessment!;
                await flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        State = "verified",
                        Outcome = data.Late ? "verified-late" : "verified",
                        Close = true,
                        DataJson = Json(data),
                        Audit =
                        [
                            flow.EventAudit(
                                e,
                                "verified",
                                Article,
                                $"核实通过：{a.Buildings.Count} 栋，建筑面积 {Num(a.TotalAreaSquareMetres)} 平方米，补贴面积 "
                                    + $"{Num(a.SubsidisedAreaSquareMetres)} 平方米，奖补 {Num(a.SubsidyYuan)} 元 / Verified: {a.Buildings.Count} "
                                    + $"building(s), {Num(a.TotalAreaSquareMetres)} m², {Num(a.SubsidisedAreaSquareMetres)} m² subsidised, "
                                    + $"{Num(a.SubsidyYuan)} yuan (漯政〔2021〕17号 二(一))."
                            ),
                        ],
                    }
                );
                return (data, "verified");
            default:
                await flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        AwaitedEvents = Awaited(data),
                        Audit = [flow.EventAudit(e, "event-ignored", Article, $"此时不接受“{e.Type}” / '{e.Type}' does not apply now.")],
                    }
                );
                return (data, null);
        }
    }

    private static async Task<FactorySubmissionData> SubmitAsync(
        CaseFlow flow,
        FactorySubmissionInput input,
        FactorySubmissionData data,
        DeadlineWatch watch,
        CaseEventEnvelope e
    )
    {
        // The table is read in the activity (never here): the body is checked and the subsidies computed there.
        var assessed = await flow.CallAsync(
            ActivityCalls.AssessFactorySubmission,
            new FactoryAssessmentRequest(data.HalfYear, e.PayloadJson)
        );
        if (assessed.Assessment is null)
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    AwaitedEvents = [FactoryEvents.Submit],
                    Audit = [flow.EventAudit(e, "submission-refused", Article, string.Join(" ", assessed.Errors))],
                }
            );
            return data;
        }

        var late = watch.IsPast(e.AcceptedUtc);
        var a = assessed.Assessment;
        data = data with
        {
            Submission = assessed.Submission,
            Assessment = a,
            SubmittedOn = ChinaTime.ToLegalDate(e.AcceptedUtc),
            Late = data.Late || late,
        };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Submitted,
                AwaitedEvents = Awaited(data),
                ClearDeadline = true,
                Late = data.Late,
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "submitted",
                        Article,
                        $"报送 {a.Buildings.Count} 栋，建筑面积 {Num(a.TotalAreaSquareMetres)} 平方米，节地率 {Num(a.LandSavingRate)}"
                            + (late ? $"，逾期（期限 {watch.Deadline.Due:yyyy-MM-dd}）" : "")
                            + $" / {a.Buildings.Count} building(s), {Num(a.TotalAreaSquareMetres)} m², "
                            + $"land-saving rate {Num(a.LandSavingRate)}"
                            + (late ? $", late (due {watch.Deadline.Due:yyyy-MM-dd})" : "")
                            + ".",
                        late: late
                    ),
                ],
            }
        );
        return data;
    }

    internal static IReadOnlyList<string> Awaited(FactorySubmissionData data) =>
        data.Submission is null ? [FactoryEvents.Submit] : [FactoryEvents.Verify, FactoryEvents.Return];

    /// <summary>Reminders N days before the deadline, on the days the table sets (resolved with the deadline in
    /// ComputeDeadlineActivity); a reminder that would fall before the window opens is not sent.</summary>
    internal static IEnumerable<Reminder> Reminders(FactorySubmissionData data, CaseDeadline d) =>
        (d.ReminderDaysBefore ?? [])
            .Where(n => d.Due.AddDays(-n) > d.Start)
            .Select(n => new Reminder(
                ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
                $"reminder-{d.Due:yyyyMMdd}-{n}",
                $"还有 {n} 天：{data.CountyName}应于 {d.Due:yyyy-MM-dd} 前报送{HalfYearZh(data)}竣工的多层标准化厂房核准材料 / {n} day(s) "
                    + $"left: {data.CountyName} reports the standard factories completed in {data.HalfYear} "
                    + $"by {d.Due:yyyy-MM-dd} ({Article})."
            ));

    private static Domain.Factories.HalfYear ParseHalfYear(FactorySubmissionData data) =>
        Domain.Factories.HalfYear.TryParse(data.HalfYear, out var h)
            ? h
            : throw new InvalidOperationException($"Bad half-year {data.HalfYear}.");

    private static string HalfYearZh(FactorySubmissionData data) => ParseHalfYear(data).Zh;

    private static string Num(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Json(FactorySubmissionData data) => JsonSerializer.Serialize(data, CaseJson.Options);
}
