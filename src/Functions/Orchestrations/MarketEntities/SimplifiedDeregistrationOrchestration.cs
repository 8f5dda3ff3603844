using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using static Workflows.Functions.Orchestrations.MarketEntities.RegistrationOrchestration;

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

    public override async Task<string> RunAsync(TaskOrchestrationContext context, DeregistrationInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;

        // Art. 33 para 2: 20-day public notice from publication (the publication day not counted, never extended).
        var noticeRequest = new DeadlineRequest(
            "public-notice",
            "Public notice of the commitment letter (公示期)",
            NoticePeriod,
            data.NoticeStart,
            Role.ObjectingParty
        );
        var watch = new DeadlineWatch(noticeRequest, await flow.ComputeAsync(noticeRequest), []);
        data = data with { NoticeEnds = watch.Deadline.Due };
        List<string> awaited = ["object", "withdraw"];
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = "public-notice",
                AwaitedEvents = awaited,
                Deadline = watch.Deadline,
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "notice-started",
                        "public-notice-started",
                        Article,
                        $"Commitment letter published on {data.NoticeStart:yyyy-MM-dd}; objections "
                            + $"until {watch.Deadline.Due:yyyy-MM-dd} ({watch.Deadline.Amount} days).",
                        watch.Deadline.Explanation
                    ),
                ],
            }
        );

        var phase = "notice";
        while (true)
        {
            var wake = await flow.NextAsync(watch?.NextWake);
            if (wake.Reason == WakeReason.CalendarChanged)
            {
                if (watch is not null)
                {
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, d => phase == "filing" ? FilingReminders(d) : []);
                }

                continue;
            }

            if (wake.Reason == WakeReason.Timer)
            {
                var now = flow.Now;
                if (phase == "notice" && watch!.IsPast(now))
                {
                    // Clean window: the entity may apply within 20 days after it ends (party's act: calendar days, Civil Code Art. 201-203).
                    var filingRequest = new DeadlineRequest(
                        "deregistration-filing",
                        "Apply for deregistration after a clean notice (申请注销登记)",
                        FilingPeriod,
                        watch.Deadline.Due,
                        Role.Enterprise,
                        WarningCalendarDays: 3
                    );
                    var filing = await flow.ComputeAsync(filingRequest);
                    watch = new DeadlineWatch(filingRequest, filing, FilingReminders(filing));
                    data = data with { FilingDeadline = filing.Due };
                    phase = "filing";
                    awaited = ["file-deregistration", "withdraw"];
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "awaiting-application",
                            AwaitedEvents = awaited,
                            Deadline = filing,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.SystemAudit(
                                    "notice-ended",
                                    "public-notice-ended",
                                    Article,
                                    $"No objection during the notice ending {data.NoticeEnds:yyyy-MM-dd}; apply for deregistration by {filing.Due:yyyy-MM-dd}.",
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
                    continue;
                }

                if (phase == "filing" && watch!.MarkOverdue(now))
                {
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "lapsed",
                            Outcome = "lapsed",
                            Close = true,
                            ClearDeadline = true,
                            Audit =
                            [
                                flow.SystemAudit(
                                    "lapsed",
                                    "lapsed",
                                    Article,
                                    $"No deregistration application by {watch.Deadline.Due:yyyy-MM-dd}: the simplified route lapsed."
                                ),
                            ],
                        }
                    );
                    return "lapsed";
                }

                foreach (var reminder in watch!.TakeDueReminders(now))
                {
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            Audit = [flow.SystemAudit(reminder.Key, "reminder", Article, reminder.Message)],
                            Notifications =
                            [
                                new NotificationRequest(reminder.Key, Role.Enterprise, input.Agency, "reminder", reminder.Message, Article),
                            ],
                        }
                    );
                }

                continue;
            }

            var evt = wake.Event!;
            switch (evt.Type)
            {
                case "object" when phase == "notice":
                {
                    var objection = new ObjectionRecord(
                        evt.Text("reason") ?? string.Empty,
                        evt.Text("objector"),
                        evt.ActorId,
                        evt.AcceptedUtc,
                        Article
                    );
                    data = data with { Objection = objection };
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "objected",
                            Outcome = "objected",
                            Close = true,
                            ClearDeadline = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
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
                    return "objected";
                }

                case "withdraw":
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "withdrawn",
                            Outcome = "withdrawn",
                            Close = true,
                            ClearDeadline = true,
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "withdrawn",
                                    Article,
                                    "The entity withdrew its simplified-deregistration application."
                                ),
                            ],
                        }
                    );
                    return "withdrawn";

                case "file-deregistration" when phase == "filing":
                    data = data with { FiledOn = ChinaTime.ToLegalDate(evt.AcceptedUtc) };
                    phase = "decision";
                    watch = null;
                    awaited = ["deregister", "refuse"];
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "application-filed",
                            AwaitedEvents = awaited,
                            ClearDeadline = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "application-filed",
                                    Article,
                                    $"Deregistration applied for on {data.FiledOn:yyyy-MM-dd}, within "
                                        + $"the {data.FilingDeadline:yyyy-MM-dd} limit after the notice."
                                ),
                            ],
                        }
                    );
                    break;

                case "deregister" when phase == "decision":
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "deregistered",
                            Outcome = "deregistered",
                            Close = true,
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "deregistered",
                                    "Decree 746 Art. 31 para 1, Art. 33",
                                    $"Entity {data.Request.Entity.Uscc} deregistered; it terminates."
                                ),
                            ],
                        }
                    );
                    return "deregistered";

                case "refuse" when phase == "decision":
                {
                    var reasons = Strings(evt, "reasons");
                    data = data with { RefusalReasons = reasons };
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "refused",
                            Outcome = "refused",
                            Close = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "refused",
                                    "Decree 746 Art. 33 para 4, Art. 20",
                                    $"Simplified deregistration refused: {string.Join("; ", reasons)}"
                                ),
                            ],
                        }
                    );
                    return "refused";
                }

                default:
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            AwaitedEvents = awaited,
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "event-ignored",
                                    Article,
                                    $"'{evt.Type}' is not possible in this state; nothing changed."
                                ),
                            ],
                        }
                    );
                    break;
            }
        }
    }

    /// <summary>Reminders before the application period closes, on the days trackers.json sets for it (resolved with the
    /// deadline in ComputeDeadlineActivity). A deadline recorded before issue 13 carries no reminder days: those cases
    /// read the table here as they always did, so their replay takes the same timers.</summary>
    public static IEnumerable<Reminder> FilingReminders(CaseDeadline d) =>
        (d.ReminderDaysBefore ?? TrackerKinds.Find(FilingPeriod)?.ReminderDaysBefore ?? [3]).Select(n => new Reminder(
            ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
            $"reminder-{d.Due:yyyyMMdd}-{n}",
            $"{n} day(s) left to apply for deregistration (by {d.Due:yyyy-MM-dd})."
        ));
}
