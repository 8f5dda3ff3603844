using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Texts;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Registry;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <param name="RegisterOnTheSpot">The officer asked to register on the spot (当场登记, Art. 19 para 1).</param>
public sealed record RegistrationInput(string CaseId, string Agency, RegistrationCaseData Data, bool RegisterOnTheSpot);

/// <summary>
/// Registration of a market entity (Decree 746 Arts. 8, 12, 15-21): ban check of the persons (Art. 12, Art. 40 para 3),
/// on-the-spot registration when the materials are complete (Art. 19 para 1), otherwise the 3-working-day limit from
/// acceptance with one approved extension of 3 working days (Art. 19 para 1), one correction notice that stops the
/// clock until resubmission (Art. 19 para 2), refusal with reasons (Art. 20), and the business licence whose date is
/// the establishment date (Art. 21). Reminders go to the officer one working day before and on the last day; a passed
/// limit turns the case red and escalates to the head; a later decision still counts and is recorded as late.
/// </summary>
public sealed class RegistrationOrchestration : TaskOrchestrator<RegistrationInput, string>
{
    public const string Article19 = "Decree 746 Art. 19 para 1";
    public const string Article19Correction = "Decree 746 Art. 19 para 2";

    /// <summary>Art. 19 para 1: the decision period and its one extension (trackers.json, counted in working days).</summary>
    public const string DecisionPeriod = "registration-decision";
    public const string ExtensionPeriod = "registration-decision-extension";

    private const string BanArticles = "Decree 746 Art. 12, Art. 40 para 3";

    private static readonly string[] Deciding =
    [
        MarketEntityEvents.Register,
        MarketEntityEvents.Refuse,
        MarketEntityEvents.Extend,
        MarketEntityEvents.RequestCorrection,
    ];

    [Function(nameof(RegistrationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RegistrationOrchestration().RunAsync(
            context,
            context.GetInput<RegistrationInput>() ?? throw new InvalidOperationException("RegistrationOrchestration needs an input.")
        );

    public override Task<string> RunAsync(TaskOrchestrationContext context, RegistrationInput input) =>
        new RegistrationCase(
            new CaseFlow(context, input.CaseId),
            input,
            context.IsAtLeast(OrchestrationVersions.MarketEntityRefusals),
            context.IsAtLeast(OrchestrationVersions.DataPatches)
        ).RunAsync();

    /// <summary>One registration case: its state between wakes and one handler per event (issue 13 item 3).</summary>
    private sealed class RegistrationCase(CaseFlow flow, RegistrationInput input, bool refuses, bool patches) :
        CaseProcedure(flow, Article19, Deciding)
    {
        private RegistrationCaseData data = input.Data;
        private IReadOnlyList<KeyValuePair<string, string>>? published; // v6: the data as the case record holds it after the last step
        private bool extended;
        private bool corrected;
        private bool limitMissed; // v3: an extension after the limit extends nothing; every later decision is late (Art. 19 para 1)
        private DeadlineWatch? clock; // null while the clock is stopped for correction (Art. 19 para 2)

        protected override DateTimeOffset? NextWake => clock?.NextWake;

        protected override Task<string?> OnEventAsync(CaseEventEnvelope evt)
        {
            var late = limitMissed || clock is not null && clock.IsPast(evt.AcceptedUtc);
            return evt.Type switch
            {
                // Art. 19 para 1: only complete materials in legal form are registered (the API refuses it first).
                MarketEntityEvents.Register when refuses && data.MissingMaterials.Count > 0 => ForbiddenAsync(
                    evt,
                    Article19,
                    MaterialsMissingText(data.MissingMaterials)
                ),
                MarketEntityEvents.Register => RegisterEventAsync(evt, late),
                MarketEntityEvents.Extend when refuses && late && !extended && clock is not null => LateExtensionAsync(evt, clock.Deadline),
                MarketEntityEvents.Refuse => RefuseAsync(evt, late),
                MarketEntityEvents.Extend when !extended && clock is not null => ExtendAsync(evt, clock, late),
                MarketEntityEvents.RequestCorrection when !corrected && clock is not null => RequestCorrectionAsync(evt, late),
                MarketEntityEvents.Resubmit when clock is null => ResubmitAsync(evt),
                _ => IgnoredAsync(evt),
            };
        }

        protected override async Task<string?> StartAsync()
        {
            // Art. 12 and Art. 40 para 3: the persons of the application against the ban registry, shown to the officer.
            var persons = BanCheck.PersonsOf(data.Application).Select(p => new PersonIdentity(p.Name, p.IdNumber)).ToList();
            var hits = await Flow.CallAsync(ActivityCalls.CheckBans, new BanCheckInput(persons, Flow.Today));
            data = data with { BanHits = hits, BanCheckedOn = Flow.Today };
            var banAudit = BanAudit(hits);

            // Art. 19 para 1: complete materials in legal form may be registered on the spot.
            if (input.RegisterOnTheSpot && data.MissingMaterials.Count == 0 && hits.Count == 0)
            {
                await Flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        DataJson = WholeData(),
                        DataPatchJson = ChangedData(),
                        Audit = [banAudit],
                    }
                );
                return await RegisterAsync(null, null, "registered on the spot (当场登记)");
            }

            clock = await WatchAsync(DecisionRequest(data.AcceptedOn, DecisionPeriod, "Registration decision (登记决定)"));
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RegistrationStates.UnderReview,
                    AwaitedEvents = Awaited,
                    Deadline = clock.Deadline,
                    DataJson = WholeData(),
                    DataPatchJson = ChangedData(),
                    Audit = [banAudit, .. OnTheSpotAudit(), DeadlineSetAudit(clock.Deadline)],
                    Notifications =
                        hits.Count == 0
                            ? []
                            :
                            [
                                new NotificationRequest(
                                    "ban-hit",
                                    Role.RegistrationOfficer,
                                    input.Agency,
                                    "ban-hit",
                                    banAudit.Summary,
                                    BanArticles
                                ),
                            ],
                }
            );
            return null;
        }

        /// <summary>Before v6 every step sends the whole case data again; each activity input stays in the durable
        /// history for the life of the case (issue 22).</summary>
        private string? WholeData() => patches ? null : CaseFlow.Json(data);

        /// <summary>v6: only what changed since the last step (the application is on the record from intake), and
        /// from now on the record holds it.</summary>
        private string? ChangedData()
        {
            if (!patches)
            {
                return null;
            }

            published ??= CaseDataPatch.Members(input.Data);
            var next = CaseDataPatch.Members(data);
            var patch = CaseDataPatch.Between(published, next);
            published = next;
            return patch;
        }

        private AuditEntry BanAudit(IReadOnlyList<BanHitView> hits) =>
            Flow.SystemAudit(
                "ban-check",
                hits.Count == 0 ? "ban-check-clear" : "ban-check-hit",
                BanArticles,
                hits.Count == 0
                    ? ServerTexts.Default.Pair(TextLine.Of("audit.registration.ban-clear"))
                    : "Active ban(s): "
                        + string.Join(
                            "; ",
                            hits.Select(h =>
                                $"{h.PersonName} ({h.PersonIdNumber}) banned until {h.EndDate:yyyy-MM-dd} by {h.SourceCaseId} ({h.Article})"
                            )
                        ),
                hits
            );

        private IEnumerable<AuditEntry> OnTheSpotAudit()
        {
            if (!input.RegisterOnTheSpot)
            {
                yield break;
            }

            var refused = data.MissingMaterials.Count > 0
                ? $"On-the-spot registration not possible: materials missing ({string.Join(", ", data.MissingMaterials)})."
                : "On-the-spot registration not possible: a person of the application is banned; the officer decides.";
            yield return Flow.SystemAudit("on-the-spot", "on-the-spot-not-possible", Article19, refused);
        }

        private AuditEntry DeadlineSetAudit(CaseDeadline deadline) =>
            Flow.SystemAudit(
                "deadline-0",
                "deadline-set",
                Article19,
                TextLine.Of(
                    "audit.registration.deadline-set",
                    ("due", deadline.Due),
                    ("amount", deadline.Amount),
                    ("accepted", data.AcceptedOn)
                ),
                deadline.Explanation
            );

        protected override async Task<string?> OnCalendarAsync(CalendarChangedSignal signal)
        {
            if (clock is not null)
            {
                clock = await Flow.RecomputeAsync(clock, signal, Reminders);
            }

            return null;
        }

        private Task<string?> RegisterEventAsync(CaseEventEnvelope evt, bool late) =>
            RegisterAsync(evt, late, late ? "registered after the limit (late)" : "registered");

        /// <summary>Art. 20: refusal states its reasons.</summary>
        private async Task<string?> RefuseAsync(CaseEventEnvelope evt, bool late)
        {
            var reasons = MarketEntityEventPayloads.Read<RefusePayload>(evt).Reasons ?? [];
            data = data with { RefusalReasons = reasons };
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RegistrationStates.Refused,
                    Outcome = RegistrationStates.Refused,
                    Close = true,
                    Late = late,
                    ClearDeadline = true,
                    DataJson = WholeData(),
                    DataPatchJson = ChangedData(),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "refused",
                            "Decree 746 Art. 20",
                            $"Registration refused{(late ? " (late)" : string.Empty)}: {string.Join("; ", reasons)}",
                            late: late
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            $"refused-{evt.EventId}",
                            Role.Enterprise,
                            input.Agency,
                            "refused",
                            $"Registration refused: {string.Join("; ", reasons)}",
                            "Decree 746 Art. 20"
                        ),
                    ],
                }
            );
            return RegistrationStates.Refused;
        }

        /// <summary>Art. 19 para 1: the head approves one extension of 3 working days, counted from the original limit.</summary>
        private async Task<string?> ExtendAsync(CaseEventEnvelope evt, DeadlineWatch running, bool late)
        {
            extended = true;
            var reason = MarketEntityEventPayloads.Read<ReasonPayload>(evt).Reason ?? string.Empty;
            data = data with { ExtensionReason = reason };
            clock = await WatchAsync(DecisionRequest(running.Deadline.Due, ExtensionPeriod, "Registration decision, extended (延长后的登记决定)"));
            Awaited.Remove(MarketEntityEvents.Extend);
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RegistrationStates.UnderReviewExtended,
                    AwaitedEvents = Awaited,
                    Deadline = clock.Deadline,
                    DataJson = WholeData(),
                    DataPatchJson = ChangedData(),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "extended",
                            Article19,
                            $"Extension approved by the head{(late ? " after the original limit" : string.Empty)}: decision now due "
                                + $"{clock.Deadline.Due:yyyy-MM-dd}. Reason: {reason}",
                            late: late
                        ),
                    ],
                }
            );
            return null;
        }

        /// <summary>Art. 19 para 1: the head extends the period while it runs; approved after the limit, the extension is
        /// recorded as late and the limit stays missed, so no later decision counts as on time.</summary>
        private async Task<string?> LateExtensionAsync(CaseEventEnvelope evt, CaseDeadline missed)
        {
            extended = true;
            limitMissed = true;
            Awaited.Remove(MarketEntityEvents.Extend);
            var reason = MarketEntityEventPayloads.Read<ReasonPayload>(evt).Reason ?? string.Empty;
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = Flow.CaseId,
                    AwaitedEvents = Awaited,
                    Late = true,
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "extension-late",
                            Article19,
                            $"延长审批晚于期限（{missed.Due:yyyy-MM-dd}）作出，不能延长已届满的期限，其后的登记决定仍属逾期 / "
                                + $"Extension approved after the limit of {missed.Due:yyyy-MM-dd}: a passed limit cannot be extended, "
                                + "so any later decision is recorded as late. Reason: "
                                + reason,
                            late: true
                        ),
                    ],
                }
            );
            return null;
        }

        /// <summary>Art. 19 para 2: one notice listing every material to correct; the limit stops until resubmission.</summary>
        private async Task<string?> RequestCorrectionAsync(CaseEventEnvelope evt, bool late)
        {
            corrected = true;
            // v3: the notice carries every material the case knows is missing, whatever the officer listed
            // (the API refuses an omission first: there is only one notice).
            var listed = MarketEntityEventPayloads.Read<RequestCorrectionPayload>(evt).MissingMaterials ?? [];
            var missing = refuses ? data.MissingMaterials.Concat(listed).Distinct(StringComparer.Ordinal).ToList() : listed;
            data = data with { CorrectionRequested = missing };
            clock = null;
            Awaited = [MarketEntityEvents.Resubmit];
            var names = missing.Select(code => RequiredMaterials.Catalogue.TryGetValue(code, out var m) ? $"{m.NameZh} ({code})" : code);
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RegistrationStates.AwaitingCorrection,
                    AwaitedEvents = Awaited,
                    ClearDeadline = true,
                    DataJson = WholeData(),
                    DataPatchJson = ChangedData(),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "correction-requested",
                            Article19Correction,
                            $"One correction notice (一次性告知) listing every missing material: {string.Join("、", names)}. "
                                + "The 3-working-day limit stops until resubmission.",
                            late: late
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            $"correction-{evt.EventId}",
                            Role.Enterprise,
                            input.Agency,
                            "correction",
                            $"请立即补正以下材料：{string.Join("、", names)} / Please submit at once: {string.Join("、", names)}",
                            Article19Correction
                        ),
                    ],
                }
            );
            return null;
        }

        /// <summary>Art. 19 para 2: the resubmission starts a new 3-working-day period.</summary>
        private async Task<string?> ResubmitAsync(CaseEventEnvelope evt)
        {
            var resubmittedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
            var materials = MarketEntityEventPayloads.Read<ResubmitPayload>(evt).Materials ?? [];
            var application = data.Application with
            {
                Materials = (data.Application.Materials ?? []).Concat(materials).Distinct(StringComparer.Ordinal).ToList(),
            };
            data = data with
            {
                Application = application,
                ResubmittedOn = resubmittedOn,
                MissingMaterials = RequiredMaterials.MissingMaterials(application).Select(m => m.Code).ToList(),
            };
            clock = await WatchAsync(DecisionRequest(resubmittedOn, DecisionPeriod, "Registration decision after correction (补正后的登记决定)"));
            Awaited = Deciding
                .Where(t => t != MarketEntityEvents.RequestCorrection && (t != MarketEntityEvents.Extend || !extended))
                .ToList();
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RegistrationStates.UnderReview,
                    AwaitedEvents = Awaited,
                    Deadline = clock.Deadline,
                    DataJson = WholeData(),
                    DataPatchJson = ChangedData(),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "resubmitted",
                            Article19Correction,
                            $"Corrected materials received ({string.Join(", ", materials)}); decision due {clock.Deadline.Due:yyyy-MM-dd} "
                                + $"({clock.Deadline.Amount} working days from {resubmittedOn:yyyy-MM-dd})."
                        ),
                    ],
                }
            );
            return null;
        }

        private async Task<DeadlineWatch> WatchAsync(DeadlineRequest request)
        {
            var deadline = await Flow.ComputeAsync(request);
            return new DeadlineWatch(request, deadline, Reminders(deadline));
        }

        protected override async Task<string?> OnTimerAsync()
        {
            var now = Flow.Now;
            if (clock!.MarkOverdue(now))
            {
                await OverdueAsync(clock.Deadline);
                return null;
            }

            foreach (var reminder in clock.TakeDueReminders(now))
            {
                await Flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        Audit = [Flow.SystemAudit(reminder.Key, "reminder", Article19, reminder.Message)],
                        Notifications =
                        [
                            new NotificationRequest(
                                reminder.Key,
                                Role.RegistrationOfficer,
                                input.Agency,
                                "reminder",
                                $"Case {input.CaseId}: {reminder.Message}",
                                Article19
                            ),
                        ],
                    }
                );
            }

            return null;
        }

        private Task<CaseWritten> OverdueAsync(CaseDeadline d) =>
            Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RegistrationStates.Overdue,
                    Audit =
                    [
                        Flow.SystemAudit(
                            $"overdue-{d.Due:yyyyMMdd}",
                            "overdue",
                            Article19,
                            TextLine.Of("audit.registration.overdue", ("due", d.Due))
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            $"overdue-{d.Due:yyyyMMdd}-head",
                            Role.AuthorityHead,
                            input.Agency,
                            "escalation",
                            $"Case {input.CaseId}: registration decision overdue since {d.Due:yyyy-MM-dd}.",
                            Article19
                        ),
                        new NotificationRequest(
                            $"overdue-{d.Due:yyyyMMdd}-officer",
                            Role.RegistrationOfficer,
                            input.Agency,
                            "overdue",
                            $"Case {input.CaseId}: registration decision overdue since {d.Due:yyyy-MM-dd}.",
                            Article19
                        ),
                    ],
                }
            );

        private async Task<string?> RegisterAsync(CaseEventEnvelope? evt, bool? late, string summary)
        {
            // Art. 21: the licence's date of issue is the establishment date; the USCC is the officer's, the entity's
            // existing one, or assigned. On the spot (no event) the registration happens on the day of acceptance (a
            // back-dated paper application keeps its day).
            var registeredOn = evt is null ? data.AcceptedOn : ChinaTime.ToLegalDate(evt.AcceptedUtc);
            var uscc = (evt is null ? null : MarketEntityEventPayloads.Read<RegisterPayload>(evt).Uscc) ?? data.Application.ExistingUscc;
            var licence = await Flow.CallAsync(
                ActivityCalls.IssueLicence,
                new IssueLicenceInput(
                    input.CaseId,
                    input.Agency,
                    data.Application.EntityType,
                    data.Application.Name ?? string.Empty,
                    uscc,
                    registeredOn
                )
            );
            data = data with { Uscc = licence.Uscc, Licence = licence };
            var article = "Decree 746 Art. 19 para 1, Art. 21";
            var text =
                $"Entity {summary}; business licence {licence.LicenceNumber} issued, USCC {licence.Uscc}, "
                + $"established {licence.EstablishmentDate:yyyy-MM-dd}.";
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RegistrationStates.Registered,
                    Outcome = RegistrationStates.Registered,
                    Close = true,
                    Late = late ?? false,
                    ClearDeadline = true,
                    DataJson = WholeData(),
                    DataPatchJson = ChangedData(),
                    Audit =
                    [
                        evt is null
                            ? Flow.SystemAudit("registered", "registered", article, text, licence)
                            : Flow.EventAudit(evt, "registered", article, text, licence, late ?? false),
                    ],
                    Notifications =
                    [
                        new NotificationRequest($"registered-{input.CaseId}", Role.Enterprise, input.Agency, "registered", text, article),
                    ],
                }
            );
            return RegistrationStates.Registered;
        }
    }

    private static string MaterialsMissingText(IReadOnlyList<string> missing) =>
        $"申请材料不齐全，不予登记：缺少 {string.Join("、", missing)}；请一次性告知补正或不予登记 / "
        + $"Not registered: materials are missing ({string.Join(", ", missing)}); request the correction or refuse.";

    private static DeadlineRequest DecisionRequest(DateOnly start, string periodId, string label) =>
        new(DecisionPeriod, label, periodId, start, Role.RegistrationOfficer, WarningWorkingDays: 1);

    /// <summary>Reminders to the handling officer one working day before the limit and on its last day.</summary>
    public static IEnumerable<Reminder> Reminders(CaseDeadline d)
    {
        if (d.WarningFrom is { } warning && warning < d.Due)
        {
            yield return new Reminder(
                ChinaTime.StartOfDayUtc(warning),
                $"reminder-{d.Due:yyyyMMdd}-1",
                $"One working day left: registration decision due {d.Due:yyyy-MM-dd}."
            );
        }

        yield return new Reminder(
            ChinaTime.StartOfDayUtc(d.Due),
            $"reminder-{d.Due:yyyyMMdd}-0",
            $"Last day: registration decision due today ({d.Due:yyyy-MM-dd})."
        );
    }
}
