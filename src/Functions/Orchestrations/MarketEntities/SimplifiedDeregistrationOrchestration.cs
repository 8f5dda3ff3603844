using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Texts;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Orchestrations.MarketEntities;

public sealed record DeregistrationInput(string CaseId, string Agency, DeregistrationCaseData Data);

/// <summary>
/// Simplified deregistration (简易注销, Decree 746 Art. 33 paras 1-2): the commitment letter is published for 20 days;
/// an objection in the window ends the simplified route with its reason; after a clean window the entity may apply
/// within 20 days (reminders before that closes; when it lapses the case closes as lapsed); the authority then
/// deregisters (Art. 31) or refuses with reasons (Art. 20).
/// </summary>
public sealed class SimplifiedDeregistrationOrchestration : TaskOrchestrator<DeregistrationInput, string>
{
    public const string Article = "Decree 746 Art. 33 para 2";

    /// <summary>Art. 33 para 2: the 20-day public notice and the 20 days to apply after it (trackers.json).</summary>
    public const string NoticePeriod = "simplified-deregistration-notice";
    public const string FilingPeriod = "simplified-deregistration-filing";

    [Function(nameof(SimplifiedDeregistrationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SimplifiedDeregistrationOrchestration().RunAsync(
            context,
            context.GetInput<DeregistrationInput>()
                ?? throw new InvalidOperationException("SimplifiedDeregistrationOrchestration needs an input.")
        );

    public override Task<string> RunAsync(TaskOrchestrationContext context, DeregistrationInput input) =>
        new DeregistrationCase(new CaseFlow(context, input.CaseId), input, !context.IsAtLeast(OrchestrationVersions.RemindersInDeadline))
            .RunAsync();

    /// <summary>One simplified deregistration: its phase between wakes and one handler per event (issue 13 item 3).</summary>
    private sealed class DeregistrationCase(CaseFlow flow, DeregistrationInput input, bool beforeVersion5) :
        CaseProcedure(flow, Article, [MarketEntityEvents.Objection, MarketEntityEvents.Withdraw])
    {
        private const string Notice = "notice";
        private const string Filing = "filing";
        private const string Decision = "decision";

        private DeregistrationCaseData data = input.Data;
        private string phase = Notice;
        private DeadlineWatch? watch;

        protected override DateTimeOffset? NextWake => watch?.NextWake;

        protected override Task<string?> OnEventAsync(CaseEventEnvelope evt) =>
            evt.Type switch
            {
                MarketEntityEvents.Objection when phase == Notice => ObjectedAsync(evt),
                MarketEntityEvents.Withdraw => WithdrawnAsync(evt),
                MarketEntityEvents.FileDeregistration when phase == Filing => FiledAsync(evt),
                MarketEntityEvents.Deregister when phase == Decision => DeregisteredAsync(evt),
                MarketEntityEvents.Refuse when phase == Decision => RefusedAsync(evt),
                _ => IgnoredAsync(evt),
            };

        /// <summary>
        /// Art. 33 para 2: "市场主体应当将承诺书及注销登记申请通过国家企业信用信息公示系统公示，公示期为20日". The
        /// publication is the entity's act, made before it applies here: the case records it (what, where, the day the
        /// applicant declares, issue 14 item 3) and tracks what follows from it, the 20-day window from publication (the
        /// publication day not counted, never extended) with its deadline and light. No duty of the authority is owed, so
        /// nothing waits for a <c>record-publication</c>.
        /// </summary>
        protected override async Task<string?> StartAsync()
        {
            var noticeRequest = new DeadlineRequest(
                "public-notice",
                "Public notice of the commitment letter (公示期)",
                NoticePeriod,
                data.NoticeStart,
                Role.ObjectingParty
            );
            watch = new DeadlineWatch(noticeRequest, await Flow.ComputeAsync(noticeRequest), []);
            data = data with { NoticeEnds = watch.Deadline.Due, Publications = [NoticePublication(watch.Deadline)] };
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.PublicNotice,
                    AwaitedEvents = Awaited,
                    Deadline = watch.Deadline,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.SystemAudit(
                            "notice-started",
                            "public-notice-started",
                            Article,
                            TextLine.Of(
                                "audit.deregistration.notice-started",
                                ("published", data.NoticeStart),
                                ("due", watch.Deadline.Due),
                                ("amount", watch.Deadline.Amount)
                            ),
                            watch.Deadline.Explanation
                        ),
                    ],
                }
            );
            return null;
        }

        private PublicationRecord NoticePublication(CaseDeadline window) =>
            new(
                PublicationItems.SimplifiedDeregistrationNotice,
                PublicationItems.Platform,
                data.NoticeStart,
                $"承诺书及注销登记申请（{data.Request.Entity.Name}，{data.Request.Entity.Uscc}），公示期至 {window.Due:yyyy-MM-dd} / "
                    + $"Commitment letter and deregistration application of {data.Request.Entity.Uscc}, "
                    + $"on notice until {window.Due:yyyy-MM-dd}",
                data.Request.Entity.Uscc,
                Flow.Now,
                null,
                false,
                Article
            );

        protected override async Task<string?> OnCalendarAsync(CalendarChangedSignal signal)
        {
            if (watch is not null)
            {
                watch = await Flow.RecomputeAsync(watch, signal, d => phase == Filing ? FilingReminders(d, beforeVersion5) : []);
            }

            return null;
        }

        protected override async Task<string?> OnTimerAsync()
        {
            var now = Flow.Now;
            if (phase == Notice && watch!.IsPast(now))
            {
                await NoticeEndedAsync(watch.Deadline);
                return null;
            }

            if (phase == Filing && watch!.MarkOverdue(now))
            {
                await LapsedAsync(watch.Deadline);
                return SimplifiedDeregistrationStates.Lapsed;
            }

            foreach (var reminder in watch!.TakeDueReminders(now))
            {
                await Flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        Audit = [Flow.SystemAudit(reminder.Key, "reminder", Article, reminder.Message)],
                        Notifications =
                        [
                            new NotificationRequest(reminder.Key, Role.Enterprise, input.Agency, "reminder", reminder.Message, Article),
                        ],
                    }
                );
            }

            return null;
        }

        /// <summary>Clean window: the entity may apply within 20 days after it ends (party's act: calendar days, Civil Code
        /// Art. 201-203).</summary>
        private async Task NoticeEndedAsync(CaseDeadline notice)
        {
            var filingRequest = new DeadlineRequest(
                "deregistration-filing",
                "Apply for deregistration after a clean notice (申请注销登记)",
                FilingPeriod,
                notice.Due,
                Role.Enterprise,
                WarningCalendarDays: 3
            );
            var filing = await Flow.ComputeAsync(filingRequest);
            watch = new DeadlineWatch(filingRequest, filing, FilingReminders(filing, beforeVersion5));
            data = data with { FilingDeadline = filing.Due };
            phase = Filing;
            Awaited = [MarketEntityEvents.FileDeregistration, MarketEntityEvents.Withdraw];
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.AwaitingApplication,
                    AwaitedEvents = Awaited,
                    Deadline = filing,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.SystemAudit(
                            "notice-ended",
                            "public-notice-ended",
                            Article,
                            TextLine.Of(
                                "audit.deregistration.notice-ended",
                                ("end", (object?)data.NoticeEnds ?? string.Empty),
                                ("due", filing.Due)
                            ),
                            filing.Explanation
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            "notice-ended",
                            Role.Enterprise,
                            input.Agency,
                            "notice-ended",
                            $"Notice ended without objection: apply for deregistration by {filing.Due:yyyy-MM-dd}.",
                            Article
                        ),
                    ],
                }
            );
        }

        private Task<CaseWritten> LapsedAsync(CaseDeadline filing) =>
            Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.Lapsed,
                    Outcome = SimplifiedDeregistrationStates.Lapsed,
                    Close = true,
                    ClearDeadline = true,
                    Audit =
                    [
                        Flow.SystemAudit(
                            "lapsed",
                            "lapsed",
                            Article,
                            TextLine.Of("audit.deregistration.lapsed", ("due", filing.Due))
                        ),
                    ],
                }
            );

        private async Task<string?> ObjectedAsync(CaseEventEnvelope evt)
        {
            var payload = MarketEntityEventPayloads.Read<ObjectionPayload>(evt);
            var objection = new ObjectionRecord(payload.Reason ?? string.Empty, payload.Objector, evt.ActorId, evt.AcceptedUtc, Article);
            data = data with { Objection = objection };
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.Objected,
                    Outcome = SimplifiedDeregistrationStates.Objected,
                    Close = true,
                    ClearDeadline = true,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "objected",
                            Article,
                            $"Objection during the notice ends the simplified route: {objection.Reason}"
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            $"objected-{evt.EventId}",
                            Role.Enterprise,
                            input.Agency,
                            "objected",
                            $"An objection was raised: {objection.Reason}. Use the ordinary deregistration procedure (Art. 31-32).",
                            Article
                        ),
                    ],
                }
            );
            return SimplifiedDeregistrationStates.Objected;
        }

        private async Task<string?> WithdrawnAsync(CaseEventEnvelope evt)
        {
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.Withdrawn,
                    Outcome = SimplifiedDeregistrationStates.Withdrawn,
                    Close = true,
                    ClearDeadline = true,
                    Audit = [Flow.EventAudit(evt, "withdrawn", Article, "The entity withdrew its simplified-deregistration application.")],
                }
            );
            return SimplifiedDeregistrationStates.Withdrawn;
        }

        private async Task<string?> FiledAsync(CaseEventEnvelope evt)
        {
            data = data with { FiledOn = ChinaTime.ToLegalDate(evt.AcceptedUtc) };
            phase = Decision;
            watch = null;
            Awaited = [MarketEntityEvents.Deregister, MarketEntityEvents.Refuse];
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.ApplicationFiled,
                    AwaitedEvents = Awaited,
                    ClearDeadline = true,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "application-filed",
                            Article,
                            $"Deregistration applied for on {data.FiledOn:yyyy-MM-dd}, within "
                                + $"the {data.FilingDeadline:yyyy-MM-dd} limit after the notice."
                        ),
                    ],
                }
            );
            return null;
        }

        private async Task<string?> DeregisteredAsync(CaseEventEnvelope evt)
        {
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.Deregistered,
                    Outcome = SimplifiedDeregistrationStates.Deregistered,
                    Close = true,
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "deregistered",
                            "Decree 746 Art. 31 para 1, Art. 33",
                            $"Entity {data.Request.Entity.Uscc} deregistered; it terminates."
                        ),
                    ],
                }
            );
            return SimplifiedDeregistrationStates.Deregistered;
        }

        private async Task<string?> RefusedAsync(CaseEventEnvelope evt)
        {
            var reasons = MarketEntityEventPayloads.Read<RefusePayload>(evt).Reasons ?? [];
            data = data with { RefusalReasons = reasons };
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = SimplifiedDeregistrationStates.Refused,
                    Outcome = SimplifiedDeregistrationStates.Refused,
                    Close = true,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "refused",
                            "Decree 746 Art. 33 para 4, Art. 20",
                            $"Simplified deregistration refused: {string.Join("; ", reasons)}"
                        ),
                    ],
                }
            );
            return SimplifiedDeregistrationStates.Refused;
        }
    }

    /// <summary>Reminders before the application period closes, on the days trackers.json sets for it (resolved with the
    /// deadline in ComputeDeadlineActivity; <see cref="LegacyReminderDays"/> for deadlines recorded before issue 13).</summary>
    public static IEnumerable<Reminder> FilingReminders(CaseDeadline d, bool beforeVersion5) =>
        LegacyReminderDays.Of(d, FilingPeriod, beforeVersion5, [3]).Select(n => new Reminder(
            ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
            $"reminder-{d.Due:yyyyMMdd}-{n}",
            $"{n} day(s) left to apply for deregistration (by {d.Due:yyyy-MM-dd})."
        ));
}
