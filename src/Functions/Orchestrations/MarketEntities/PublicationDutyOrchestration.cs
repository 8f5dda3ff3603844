using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Orchestrations.MarketEntities;

public sealed record PublicationDutyInput(string CaseId, string Agency, PublicationDutyData Data);

/// <summary>One stage of a tracked obligation: its period (trackers.json), who owes it, what closes it.</summary>
/// <param name="Item">The publication (<see cref="PublicationItems"/>) that fulfils the stage, if it is a publication.</param>
public sealed record DutyStage(string PeriodId, string LabelZh, string LabelEn, string Article, Role Obliged, string? Item, string[] Awaited)
{
    public string Label => $"{LabelZh} / {LabelEn}";
}

/// <summary>
/// A tracked obligation a register change opens (issue 14 item 3), a deadline on the legal calendar with reminders, a
/// light, an escalation once missed, closed by what the law asks: after a deregistration or a revocation the entity
/// returns its licence (Art. 37 para 3 缴回营业执照); refused, impossible, or not returned by the configurable period,
/// the authority announces it void (公告营业执照作废); after a suspension filing the authority publishes its period and
/// service address (Art. 30 para 3); an entity deemed to have resumed publishes its resumption (Art. 30 para 4). The
/// periods are resolved in ComputeDeadlineActivity (the law names none: trackers.json states the reading and source).
/// </summary>
public sealed class PublicationDutyOrchestration : TaskOrchestrator<PublicationDutyInput, string>
{
    [Function(nameof(PublicationDutyOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PublicationDutyOrchestration().RunAsync(
            context,
            context.GetInput<PublicationDutyInput>() ?? throw new InvalidOperationException("PublicationDutyOrchestration needs an input.")
        );

    public const string ReturnLicence = "return-licence";
    public const string LicenceNotReturned = "licence-not-returned";
    private const string Cancel = "cancel";
    private const string Art37 = "Decree 746 Art. 37 para 3";

    public static readonly DutyStage LicenceReturn = new(
        "licence-return",
        "缴回营业执照",
        "Return the business licence",
        Art37,
        Role.Enterprise,
        null,
        [ReturnLicence, LicenceNotReturned, Cancel]
    );

    public static readonly DutyStage LicenceVoidPublication = new(
        "publication-licence-void",
        "公告营业执照作废",
        "Announce the business licence void",
        Art37,
        Role.RegistrationOfficer,
        PublicationItems.LicenceVoid,
        [PublicationItems.RecordEvent, ReturnLicence, Cancel]
    );

    public static readonly DutyStage SuspensionPublication = new(
        "publication-suspension",
        "公示歇业期限、法律文书送达地址",
        "Publish the suspension period and the service address",
        "Decree 746 Art. 30 para 3",
        Role.RegistrationOfficer,
        PublicationItems.Suspension,
        [PublicationItems.RecordEvent, Cancel]
    );

    public static readonly DutyStage ResumptionPublication = new(
        "publication-resumption",
        "市场主体公示恢复营业",
        "The entity publishes its resumption",
        "Decree 746 Art. 30 para 4",
        Role.Enterprise,
        PublicationItems.Resumption,
        [PublicationItems.RecordEvent, Cancel]
    );

    /// <summary>The stage an obligation of <paramref name="kind"/> opens with.</summary>
    public static DutyStage FirstStage(string kind) =>
        kind switch
        {
            PublicationDutyKinds.LicenceVoid => LicenceReturn,
            PublicationDutyKinds.Suspension => SuspensionPublication,
            PublicationDutyKinds.Resumption => ResumptionPublication,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a publication duty kind."),
        };

    public override async Task<string> RunAsync(TaskOrchestrationContext context, PublicationDutyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        var stage = FirstStage(data.Kind);
        var watch = await OpenStageAsync(flow, input, stage, data.DecidedOn, data, null);
        data = data with { Stage = stage.PeriodId };
        while (true)
        {
            var wake = await flow.NextAsync(watch.NextWake);
            switch (wake.Reason)
            {
                case WakeReason.CalendarChanged:
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, d => Reminders(stage, d));
                    break;
                case WakeReason.Timer when stage == LicenceReturn && watch.MarkOverdue(flow.Now):
                    // Not returned by the period's end: 拒不缴回或者无法缴回 (Art. 37 para 3); the announcement is now due.
                    stage = LicenceVoidPublication;
                    data = data with { Stage = stage.PeriodId };
                    var missed = watch.Deadline.Due;
                    var text = $"期满（{missed:yyyy-MM-dd}）未缴回营业执照，视为拒不缴回或者无法缴回，登记机关须公告营业执照作废 / "
                        + $"Licence not returned by {missed:yyyy-MM-dd}: treated as refused or impossible; the authority must announce it void.";
                    watch = await OpenStageAsync(flow, input, stage, missed, data, flow.SystemAudit($"not-returned-{missed:yyyyMMdd}", "licence-not-returned", Art37, text));
                    break;
                case WakeReason.Timer:
                    await OnTimerAsync(flow, input, stage, watch);
                    break;
                default:
                    var (outcome, next, nextStage, nextData) = await OnEventAsync(flow, input, stage, watch, data, wake.Event!);
                    if (outcome is not null)
                    {
                        return outcome;
                    }

                    (watch, stage, data) = (next, nextStage, nextData);
                    break;
            }
        }
    }

    private static async Task<DeadlineWatch> OpenStageAsync(
        CaseFlow flow,
        PublicationDutyInput input,
        DutyStage stage,
        DateOnly start,
        PublicationDutyData data,
        AuditEntry? cause
    )
    {
        var request = new DeadlineRequest(stage.PeriodId, stage.Label, stage.PeriodId, start, stage.Obliged, WarningWorkingDays: 1);
        var deadline = await flow.ComputeAsync(request);
        var watch = new DeadlineWatch(request, deadline, Reminders(stage, deadline).Where(r => r.AtUtc > flow.Now));
        var summary = $"{stage.LabelZh}：期限 {deadline.Due:yyyy-MM-dd}（自 {start:yyyy-MM-dd} 起 {deadline.Amount} 个{Unit(deadline)}；{data.Decision}） / "
            + $"{stage.LabelEn} by {deadline.Due:yyyy-MM-dd} ({deadline.Amount} {deadline.Rule} from {start:yyyy-MM-dd}; {data.Decision}).";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = stage.Item is null ? "awaiting-licence-return" : "awaiting-publication",
                AwaitedEvents = stage.Awaited,
                Deadline = deadline,
                DataJson = CaseFlow.Json(data with { Stage = stage.PeriodId }),
                Audit =
                [
                    .. cause is null ? Array.Empty<AuditEntry>() : [cause],
                    flow.SystemAudit($"deadline-{stage.PeriodId}", "deadline-set", deadline.LegalBasis, summary, deadline.Explanation),
                ],
                Notifications = cause is null
                    ? []
                    : [new($"{cause.Key}-officer", Role.RegistrationOfficer, input.Agency, "obligation", $"{input.CaseId}: {cause.Summary}", Art37)],
            }
        );
        return watch;
    }

    private static string Unit(CaseDeadline d) => d.Rule.Contains("working", StringComparison.OrdinalIgnoreCase) ? "工作日" : "日";

    /// <summary>The table's reminder days before the deadline and its last day, to whoever owes the stage.</summary>
    public static IEnumerable<Reminder> Reminders(DutyStage stage, CaseDeadline d)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(d);
        foreach (var days in (d.ReminderDaysBefore ?? [1]).Where(n => d.Due.AddDays(-n) > d.Start))
        {
            var n = days.ToString(CultureInfo.InvariantCulture);
            yield return new Reminder(
                ChinaTime.StartOfDayUtc(d.Due.AddDays(-days)),
                $"reminder-{d.Kind}-{d.Due:yyyyMMdd}-{n}",
                $"{stage.LabelZh}：还剩 {n} 日，期限 {d.Due:yyyy-MM-dd} / {stage.LabelEn}: {n} day(s) left, due {d.Due:yyyy-MM-dd}."
            );
        }

        yield return new Reminder(
            ChinaTime.StartOfDayUtc(d.Due),
            $"reminder-{d.Kind}-{d.Due:yyyyMMdd}-0",
            $"{stage.LabelZh}：今日为最后一日（{d.Due:yyyy-MM-dd}） / {stage.LabelEn}: due today ({d.Due:yyyy-MM-dd})."
        );
    }

    private static async Task OnTimerAsync(CaseFlow flow, PublicationDutyInput input, DutyStage stage, DeadlineWatch watch)
    {
        var d = watch.Deadline;
        if (watch.MarkOverdue(flow.Now))
        {
            var text = $"{stage.LabelZh}已逾期（期限 {d.Due:yyyy-MM-dd}），已报告登记机关负责人 / "
                + $"{stage.LabelEn} overdue since {d.Due:yyyy-MM-dd}; escalated to the head.";
            var key = $"overdue-{d.Kind}-{d.Due:yyyyMMdd}";
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = "overdue",
                    Audit = [flow.SystemAudit(key, "overdue", stage.Article, text)],
                    Notifications =
                    [
                        new($"{key}-head", Role.AuthorityHead, input.Agency, "escalation", $"{input.CaseId}: {text}", stage.Article),
                        new($"{key}-obliged", stage.Obliged, input.Agency, "overdue", $"{input.CaseId}: {text}", stage.Article),
                    ],
                }
            );
            return;
        }

        foreach (var reminder in watch.TakeDueReminders(flow.Now))
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    Audit = [flow.SystemAudit(reminder.Key, "reminder", stage.Article, reminder.Message)],
                    Notifications =
                    [
                        new(reminder.Key, stage.Obliged, input.Agency, "reminder", $"{input.CaseId}: {reminder.Message}", stage.Article),
                    ],
                }
            );
        }
    }

    private static async Task<(string? Outcome, DeadlineWatch Watch, DutyStage Stage, PublicationDutyData Data)> OnEventAsync(
        CaseFlow flow,
        PublicationDutyInput input,
        DutyStage stage,
        DeadlineWatch watch,
        PublicationDutyData data,
        CaseEventEnvelope evt
    )
    {
        var late = watch.IsPast(evt.AcceptedUtc);
        switch (evt.Type)
        {
            case ReturnLicence when stage.Awaited.Contains(ReturnLicence):
            {
                data = data with { ReturnEvidence = string.Join("; ", EvidenceOf(evt)) };
                var on = ChinaTime.ToLegalDate(evt.AcceptedUtc);
                var text = $"营业执照已于 {on:yyyy-MM-dd} 缴回（{data.ReturnEvidence}），无需公告作废 / "
                    + $"Licence returned on {on:yyyy-MM-dd} ({data.ReturnEvidence}); no announcement needed.";
                await CloseAsync(flow, input, data, "licence-returned", late && stage == LicenceReturn, flow.EventAudit(evt, "licence-returned", Art37, text));
                return ("licence-returned", watch, stage, data);
            }

            case LicenceNotReturned when stage == LicenceReturn:
            {
                data = data with { NotReturnedReason = evt.Text("reason"), Stage = LicenceVoidPublication.PeriodId };
                var on = ChinaTime.ToLegalDate(evt.AcceptedUtc);
                var text = $"登记机关确认拒不缴回或者无法缴回营业执照（{data.NotReturnedReason}），须公告作废 / "
                    + $"The authority found the licence refused or impossible to return ({data.NotReturnedReason}); it must announce it void.";
                var next = await OpenStageAsync(flow, input, LicenceVoidPublication, on, data, flow.EventAudit(evt, "licence-not-returned", Art37, text));
                return (null, next, LicenceVoidPublication, data);
            }

            case PublicationItems.RecordEvent when stage.Item is not null:
            {
                var (record, fulfils) = PublicationRecords.Read(evt, watch.Deadline, stage.Item);
                if (fulfils)
                {
                    data = data with { Publications = [.. data.Publications, record] };
                    var audit = flow.EventAudit(evt, "published", record.Article, PublicationRecords.Text(record), record, record.Late);
                    await CloseAsync(flow, input, data, "published", record.Late, audit);
                    return ("published", watch, stage, data);
                }

                break;
            }

            case Cancel:
            {
                data = data with { CancelReason = evt.Text("reason") };
                var text = $"终止跟踪：{data.CancelReason} / Tracking stopped: {data.CancelReason}";
                await CloseAsync(flow, input, data, "cancelled", null, flow.EventAudit(evt, "cancelled", stage.Article, text));
                return ("cancelled", watch, stage, data);
            }
        }

        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                AwaitedEvents = stage.Awaited,
                Audit =
                [
                    flow.EventAudit(
                        evt,
                        "event-ignored",
                        stage.Article,
                        $"此时不能办理“{evt.Type}”（待办：{stage.LabelZh}），未作变更 / '{evt.Type}' is not possible now (owed: {stage.LabelEn}); nothing changed."
                    ),
                ],
            }
        );
        return (null, watch, stage, data);
    }

    private static Task<CaseWritten> CloseAsync(
        CaseFlow flow,
        PublicationDutyInput input,
        PublicationDutyData data,
        string outcome,
        bool? late,
        AuditEntry audit
    ) =>
        flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = outcome,
                Outcome = late == true ? outcome + "-late" : outcome,
                Close = true,
                Late = late,
                ClearDeadline = true,
                DataJson = CaseFlow.Json(data),
                Audit = [audit],
            }
        );

    // The evidence of a returned licence as the officer or the entity wrote it: one text or a list of them.
    private static IReadOnlyList<string> EvidenceOf(CaseEventEnvelope evt)
    {
        var payload = evt.Payload();
        if (payload.ValueKind != System.Text.Json.JsonValueKind.Object || !payload.TryGetProperty("evidence", out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Array => [.. value.EnumerateArray().Select(v => v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString()! : v.GetRawText())],
            System.Text.Json.JsonValueKind.String => [value.GetString()!],
            _ => [value.GetRawText()],
        };
    }
}
