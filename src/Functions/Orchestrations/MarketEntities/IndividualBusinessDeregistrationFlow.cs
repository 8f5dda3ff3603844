using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>The states of an individual business's simplified deregistration (version 3).</summary>
public static class IndividualBusinessStates
{
    public const string AwaitingPush = "awaiting-push";
    public const string DepartmentsReviewing = "departments-reviewing";
    public const string AwaitingDeregistration = "awaiting-deregistration";
}

/// <summary>The events of the procedure (events.json); one constant each, so the dispatch names no string twice.</summary>
public static class IndividualBusinessEvents
{
    public const string Push = MarketEntityEvents.PushToDepartments;
    public const string Objection = MarketEntityEvents.Objection;
    public const string Withdraw = MarketEntityEvents.Withdraw;
    public const string Deregister = MarketEntityEvents.Deregister;
    public const string Refuse = MarketEntityEvents.Refuse;
}

/// <summary>
/// Version 3 of the individual-business deregistration (Decree 746 Art. 33 para 3, issue 14): "由登记机关将…注销登记
/// 申请推送至税务等有关部门，有关部门在10日内没有提出异议的，可以直接办理注销登记". The push is the officer's act
/// (<c>push-to-departments</c>, with its own deadline), the departments' 10 days run from the push, and the
/// deregistration is the officer's act too (<c>deregister</c>, with its own deadline) — nothing happens by itself.
/// The law names no period for either act; the table's reading says which the system takes (trackers.json).
/// </summary>
internal sealed class IndividualBusinessDeregistrationFlow(CaseFlow flow, DeregistrationInput input) : CaseProcedure(flow, Article)
{
    private static readonly DutyText PushDuty = new("推送注销申请至有关部门", "Push the application to the departments", Article);
    private static readonly DutyText DeregisterDuty = new("直接办理注销登记", "Deregister the individual business", Article);

    private DeregistrationCaseData data = input.Data;
    private string state = IndividualBusinessStates.AwaitingPush;
    private DeadlineWatch watch = null!;

    private static string Article => IndividualBusinessDeregistrationOrchestration.Article;

    protected override DateTimeOffset? NextWake => watch.NextWake;

    /// <summary>Opens the case awaiting the officer's push.</summary>
    protected override async Task<string?> StartAsync()
    {
        watch = await OfficerDuty.WatchAsync(
            Flow,
            OfficerDuty.Request("department-push", PushDuty, IndividualBusinessDeregistrationOrchestration.PushPeriod, data.NoticeStart),
            PushDuty
        );
        Awaited = [IndividualBusinessEvents.Push, IndividualBusinessEvents.Refuse, IndividualBusinessEvents.Withdraw];
        var text =
            $"个体工商户简易注销申请已受理（{data.NoticeStart:yyyy-MM-dd}），无需公示；请于 {watch.Deadline.Due:yyyy-MM-dd} 前推送至有关部门 / "
            + $"Application received on {data.NoticeStart:yyyy-MM-dd}, no public notice; push it to the departments by {watch.Deadline.Due:yyyy-MM-dd}.";
        await Flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = Flow.CaseId,
                State = state,
                AwaitedEvents = Awaited,
                Deadline = watch.Deadline,
                Audit = [Flow.SystemAudit("application-received", "application-received", Article, text, watch.Deadline.Explanation)],
                Notifications = [new("push-due", Role.RegistrationOfficer, input.Agency, "push", $"{Flow.CaseId}: {text}", Article)],
            }
        );
        return null;
    }

    protected override async Task<string?> OnCalendarAsync(CalendarChangedSignal signal)
    {
        var reminders =
            state == IndividualBusinessStates.DepartmentsReviewing
                ? (Func<CaseDeadline, IEnumerable<Reminder>>)(_ => [])
                : OfficerDuty.RemindersOf(state == IndividualBusinessStates.AwaitingPush ? PushDuty : DeregisterDuty);
        watch = await Flow.RecomputeAsync(watch, signal, reminders);
        return null;
    }

    protected override async Task<string?> OnTimerAsync()
    {
        if (state == IndividualBusinessStates.DepartmentsReviewing)
        {
            if (watch.IsPast(Flow.Now))
            {
                await AwaitDeregistrationAsync();
            }

            return null;
        }

        await OfficerDuty.OnTimerAsync(
            Flow,
            input.Agency,
            watch,
            state == IndividualBusinessStates.AwaitingPush ? PushDuty : DeregisterDuty
        );
        return null;
    }

    protected override async Task<string?> OnEventAsync(CaseEventEnvelope evt) =>
        (evt.Type, state) switch
        {
            (IndividualBusinessEvents.Push, IndividualBusinessStates.AwaitingPush) => await PushAsync(evt),
            (IndividualBusinessEvents.Objection, IndividualBusinessStates.DepartmentsReviewing) => await ObjectedAsync(evt),
            (IndividualBusinessEvents.Withdraw, not IndividualBusinessStates.AwaitingDeregistration) => await WithdrawnAsync(evt),
            (IndividualBusinessEvents.Deregister, IndividualBusinessStates.AwaitingDeregistration) => await DeregisteredAsync(evt),
            (IndividualBusinessEvents.Refuse, not IndividualBusinessStates.DepartmentsReviewing) => await RefusedAsync(evt),
            _ => await IgnoredAsync(evt),
        };

    /// <summary>Art. 33 para 3: the 10 days belong to the departments and run from the push.</summary>
    private async Task<string?> PushAsync(CaseEventEnvelope evt)
    {
        var late = watch.IsPast(evt.AcceptedUtc);
        var pushedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
        var departments = MarketEntityEventPayloads.Read<PushToDepartmentsPayload>(evt).Departments ?? [];
        var request = new DeadlineRequest(
            "department-objections",
            "有关部门异议期 / Departments may object",
            IndividualBusinessDeregistrationOrchestration.ObjectionPeriod,
            pushedOn,
            Role.ObjectingParty
        );
        watch = new DeadlineWatch(request, await Flow.ComputeAsync(request), []);
        data = data with { NoticeEnds = watch.Deadline.Due, Departments = departments };
        state = IndividualBusinessStates.DepartmentsReviewing;
        Awaited = [IndividualBusinessEvents.Objection, IndividualBusinessEvents.Withdraw];
        var text =
            $"已于 {pushedOn:yyyy-MM-dd} 推送至{string.Join("、", departments)}{(late ? "（逾期）" : string.Empty)}，异议期至 {watch.Deadline.Due:yyyy-MM-dd} / "
            + $"Pushed to {string.Join(", ", departments)} on {pushedOn:yyyy-MM-dd}{(late ? " (late)" : string.Empty)}; "
            + $"objections until {watch.Deadline.Due:yyyy-MM-dd}.";
        await Flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = Flow.CaseId,
                State = state,
                AwaitedEvents = Awaited,
                Deadline = watch.Deadline,
                Late = late ? true : null,
                DataJson = CaseFlow.Json(data),
                Audit = [Flow.EventAudit(evt, "pushed-to-departments", Article, text, watch.Deadline.Explanation, late)],
                Notifications =
                [
                    new(
                        $"pushed-{evt.EventId}",
                        Role.ObjectingParty,
                        input.Agency,
                        "objection-window",
                        $"个体工商户 {data.Request.Entity.Uscc} 申请简易注销，异议期至 {watch.Deadline.Due:yyyy-MM-dd} / "
                            + $"Individual business {data.Request.Entity.Uscc} applies for deregistration; object by {watch.Deadline.Due:yyyy-MM-dd}.",
                        Article
                    ),
                ],
            }
        );
        return null;
    }

    /// <summary>No objection within the 10 days: the authority "可以直接办理注销登记" — its act, with its own deadline.</summary>
    private async Task AwaitDeregistrationAsync()
    {
        var windowEnd = watch.Deadline.Due;
        var request = OfficerDuty.Request(
            "deregistration-decision",
            DeregisterDuty,
            IndividualBusinessDeregistrationOrchestration.DeregistrationPeriod,
            windowEnd
        );
        watch = await OfficerDuty.WatchAsync(Flow, request, DeregisterDuty);
        state = IndividualBusinessStates.AwaitingDeregistration;
        Awaited = [IndividualBusinessEvents.Deregister, IndividualBusinessEvents.Refuse];
        var text =
            $"有关部门至 {windowEnd:yyyy-MM-dd} 未提出异议，请于 {watch.Deadline.Due:yyyy-MM-dd} 前办理注销登记 / "
            + $"No department objected by {windowEnd:yyyy-MM-dd}; deregister by {watch.Deadline.Due:yyyy-MM-dd}.";
        await Flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = Flow.CaseId,
                State = state,
                AwaitedEvents = Awaited,
                Deadline = watch.Deadline,
                Audit =
                [
                    Flow.SystemAudit(
                        $"window-ended-{windowEnd:yyyyMMdd}",
                        "objection-window-ended",
                        Article,
                        text,
                        watch.Deadline.Explanation
                    ),
                ],
                Notifications =
                [
                    new(
                        $"window-ended-{windowEnd:yyyyMMdd}",
                        Role.RegistrationOfficer,
                        input.Agency,
                        "decide",
                        $"{Flow.CaseId}: {text}",
                        Article
                    ),
                ],
            }
        );
    }

    private async Task<string?> DeregisteredAsync(CaseEventEnvelope evt)
    {
        var late = watch.IsPast(evt.AcceptedUtc);
        var text =
            $"登记机关办理注销登记，个体工商户终止{(late ? "（逾期）" : string.Empty)} / The authority deregistered the individual business{(late ? " (late)" : string.Empty)}.";
        return await CloseAsync(evt, "deregistered", text, late, Role.Enterprise);
    }

    private async Task<string?> ObjectedAsync(CaseEventEnvelope evt)
    {
        var payload = MarketEntityEventPayloads.Read<ObjectionPayload>(evt);
        var objection = new ObjectionRecord(
            payload.Reason ?? string.Empty,
            payload.Objector,
            evt.ActorId,
            evt.AcceptedUtc,
            Article
        );
        data = data with { Objection = objection };
        return await CloseAsync(
            evt,
            "objected",
            $"有关部门在10日内提出异议：{objection.Reason} / A department objected within 10 days: {objection.Reason}",
            false,
            Role.Enterprise
        );
    }

    private async Task<string?> RefusedAsync(CaseEventEnvelope evt)
    {
        var reasons = MarketEntityEventPayloads.Read<RefusePayload>(evt).Reasons ?? [];
        data = data with { RefusalReasons = reasons };
        var late = watch.IsPast(evt.AcceptedUtc);
        return await CloseAsync(
            evt,
            "refused",
            $"不予简易注销：{string.Join("；", reasons)} / Simplified deregistration refused: {string.Join("; ", reasons)}",
            late,
            Role.Enterprise
        );
    }

    private Task<string?> WithdrawnAsync(CaseEventEnvelope evt) =>
        CloseAsync(evt, "withdrawn", "个体工商户撤回注销申请 / The individual business withdrew its application.", false, null);

    private async Task<string?> CloseAsync(CaseEventEnvelope evt, string outcome, string text, bool late, Role? notify)
    {
        await Flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = Flow.CaseId,
                State = outcome,
                Outcome = outcome,
                Close = true,
                Late = late,
                ClearDeadline = true,
                DataJson = CaseFlow.Json(data),
                Audit = [Flow.EventAudit(evt, outcome, Article, text, late: late)],
                Notifications = notify is { } role ? [new($"{outcome}-{evt.EventId}", role, input.Agency, outcome, text, Article)] : [],
            }
        );
        return outcome;
    }
}
