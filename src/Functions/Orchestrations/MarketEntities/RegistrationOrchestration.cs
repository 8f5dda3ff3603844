using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Registry;

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

    private static readonly string[] Deciding = ["register", "refuse", "extend", "request-correction"];

    [Function(nameof(RegistrationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RegistrationOrchestration().RunAsync(
            context,
            context.GetInput<RegistrationInput>() ?? throw new InvalidOperationException("RegistrationOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, RegistrationInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;

        // Art. 12 and Art. 40 para 3: the persons of the application against the ban registry, shown to the officer.
        var hits = await flow.CallAsync(
            ActivityCalls.CheckBans,
            new BanCheckInput(BanCheck.PersonsOf(data.Application).Select(p => new PersonIdentity(p.Name, p.IdNumber)).ToList(), flow.Today)
        );
        data = data with { BanHits = hits, BanCheckedOn = flow.Today };
        var banAudit = flow.SystemAudit(
            "ban-check",
            hits.Count == 0 ? "ban-check-clear" : "ban-check-hit",
            "Decree 746 Art. 12, Art. 40 para 3",
            hits.Count == 0
                ? "No active ban on the persons of the application."
                : "Active ban(s): "
                    + string.Join(
                        "; ",
                        hits.Select(h =>
                            $"{h.PersonName} ({h.PersonIdNumber}) banned until {h.EndDate:yyyy-MM-dd} by {h.SourceCaseId} ({h.Article})"
                        )
                    ),
            hits
        );

        // Art. 19 para 1: complete materials in legal form may be registered on the spot.
        if (input.RegisterOnTheSpot && data.MissingMaterials.Count == 0 && hits.Count == 0)
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    DataJson = Json(data),
                    Audit = [banAudit],
                }
            );
            return await RegisterAsync(flow, input, data, null, null, "registered on the spot (当场登记)");
        }

        var onTheSpotRefused = input.RegisterOnTheSpot
            ? data.MissingMaterials.Count > 0
                ? $"On-the-spot registration not possible: materials missing ({string.Join(", ", data.MissingMaterials)})."
                : "On-the-spot registration not possible: a person of the application is banned; the officer decides."
            : null;
        var request = DecisionRequest(data.AcceptedOn, DecisionPeriod, "Registration decision (登记决定)");
        var watch = await WatchAsync(flow, request);
        var awaited = Deciding.ToList();
        var audits = new List<AuditEntry> { banAudit };
        if (onTheSpotRefused is not null)
        {
            audits.Add(flow.SystemAudit("on-the-spot", "on-the-spot-not-possible", Article19, onTheSpotRefused));
        }

        audits.Add(
            flow.SystemAudit(
                "deadline-0",
                "deadline-set",
                Article19,
                $"Decision due {watch.Deadline.Due:yyyy-MM-dd}: {watch.Deadline.Amount} "
                    + $"working days from acceptance on {data.AcceptedOn:yyyy-MM-dd}.",
                watch.Deadline.Explanation
            )
        );
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = "under-review",
                AwaitedEvents = awaited,
                Deadline = watch.Deadline,
                DataJson = Json(data),
                Audit = audits,
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
                                "Decree 746 Art. 12, Art. 40 para 3"
                            ),
                        ],
            }
        );

        var extended = false;
        var corrected = false;
        var refuses = context.IsAtLeast(OrchestrationVersions.MarketEntityRefusals);
        var limitMissed = false; // v3: an extension after the limit extends nothing; every later decision is late (Art. 19 para 1)
        DeadlineWatch? clock = watch; // null while the clock is stopped for correction (Art. 19 para 2)
        while (true)
        {
            var wake = await flow.NextAsync(clock?.NextWake);
            if (wake.Reason == WakeReason.CalendarChanged)
            {
                if (clock is not null)
                {
                    clock = await flow.RecomputeAsync(clock, wake.Calendar!, Reminders);
                }

                continue;
            }

            if (wake.Reason == WakeReason.Timer)
            {
                await OnTimerAsync(flow, input, clock!);
                continue;
            }

            var evt = wake.Event!;
            var late = limitMissed || clock is not null && clock.IsPast(evt.AcceptedUtc);
            switch (evt.Type)
            {
                case "register" when refuses && data.MissingMaterials.Count > 0:
                    // Art. 19 para 1: only complete materials in legal form are registered (the API refuses it first).
                    await RefuseEventAsync(flow, evt, awaited, Article19, MaterialsMissingText(data.MissingMaterials));
                    break;

                case "register":
                    return await RegisterAsync(flow, input, data, evt, late, late ? "registered after the limit (late)" : "registered");

                case "extend" when refuses && late && !extended && clock is not null:
                    // Art. 19 para 1: the head extends the period while it runs; approved after the limit, the extension
                    // is recorded as late and the limit stays missed, so no later decision counts as on time.
                    extended = true;
                    limitMissed = true;
                    awaited.Remove("extend");
                    await LateExtensionAsync(flow, evt, awaited, clock.Deadline);
                    break;

                case "refuse":
                {
                    // Art. 20: refusal states its reasons.
                    var reasons = Strings(evt, "reasons");
                    data = data with { RefusalReasons = reasons };
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "refused",
                            Outcome = "refused",
                            Close = true,
                            Late = late,
                            ClearDeadline = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
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
                    return "refused";
                }

                case "extend" when !extended && clock is not null:
                {
                    // Art. 19 para 1: the head approves one extension of 3 working days, counted from the original limit.
                    extended = true;
                    var reason = evt.Text("reason") ?? string.Empty;
                    data = data with { ExtensionReason = reason };
                    clock = await WatchAsync(
                        flow,
                        DecisionRequest(clock.Deadline.Due, ExtensionPeriod, "Registration decision, extended (延长后的登记决定)")
                    );
                    awaited.Remove("extend");
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "under-review-extended",
                            AwaitedEvents = awaited,
                            Deadline = clock.Deadline,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "extended",
                                    Article19,
                                    $"Extension approved by the head{(late ? " after the original limit" : string.Empty)}: decision now due {clock.Deadline.Due:yyyy-MM-dd}. Reason: {reason}",
                                    late: late
                                ),
                            ],
                        }
                    );
                    break;
                }

                case "request-correction" when !corrected && clock is not null:
                {
                    // Art. 19 para 2: one notice listing every material to correct; the limit stops until resubmission.
                    corrected = true;
                    // v3: the notice carries every material the case knows is missing, whatever the officer listed
                    // (the API refuses an omission first: there is only one notice).
                    var missing = refuses
                        ? data.MissingMaterials.Concat(Strings(evt, "missingMaterials")).Distinct(StringComparer.Ordinal).ToList()
                        : Strings(evt, "missingMaterials");
                    data = data with { CorrectionRequested = missing };
                    clock = null;
                    awaited = ["resubmit"];
                    var names = missing.Select(code =>
                        RequiredMaterials.Catalogue.TryGetValue(code, out var m) ? $"{m.NameZh} ({code})" : code
                    );
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "awaiting-correction",
                            AwaitedEvents = awaited,
                            ClearDeadline = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "correction-requested",
                                    Article19Correction,
                                    $"One correction notice (一次性告知) listing every missing material: {string.Join("、", names)}. The 3-working-day limit stops until resubmission.",
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
                    break;
                }

                case "resubmit" when clock is null:
                {
                    // Art. 19 para 2: the resubmission starts a new 3-working-day period.
                    var resubmittedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
                    var materials = Strings(evt, "materials");
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
                    clock = await WatchAsync(
                        flow,
                        DecisionRequest(resubmittedOn, DecisionPeriod, "Registration decision after correction (补正后的登记决定)")
                    );
                    awaited = Deciding.Where(t => t != "request-correction" && (t != "extend" || !extended)).ToList();
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "under-review",
                            AwaitedEvents = awaited,
                            Deadline = clock.Deadline,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "resubmitted",
                                    Article19Correction,
                                    $"Corrected materials received ({string.Join(", ", materials)}); decision due {clock.Deadline.Due:yyyy-MM-dd} "
                                        + $"({clock.Deadline.Amount} working days from {resubmittedOn:yyyy-MM-dd})."
                                ),
                            ],
                        }
                    );
                    break;
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
                                    Article19,
                                    $"'{evt.Type}' is not possible in this state; nothing changed."
                                ),
                            ],
                        }
                    );
                    break;
            }
        }
    }

    private static string MaterialsMissingText(IReadOnlyList<string> missing) =>
        $"申请材料不齐全，不予登记：缺少 {string.Join("、", missing)}；请一次性告知补正或不予登记 / "
        + $"Not registered: materials are missing ({string.Join(", ", missing)}); request the correction or refuse.";

    /// <summary>Records an event the law forbids in the case's state (nothing else changes) and awaits the same events.</summary>
    internal static Task<CaseRecord?> RefuseEventAsync(
        CaseFlow flow,
        CaseEventEnvelope evt,
        IReadOnlyList<string> awaited,
        string article,
        string summary
    ) =>
        flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                AwaitedEvents = awaited,
                Audit = [flow.EventAudit(evt, "event-refused", article, summary)],
            }
        );

    private static Task<CaseRecord?> LateExtensionAsync(
        CaseFlow flow,
        CaseEventEnvelope evt,
        IReadOnlyList<string> awaited,
        CaseDeadline missed
    ) =>
        flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                AwaitedEvents = awaited,
                Late = true,
                Audit =
                [
                    flow.EventAudit(
                        evt,
                        "extension-late",
                        Article19,
                        $"延长审批晚于期限（{missed.Due:yyyy-MM-dd}）作出，不能延长已届满的期限，其后的登记决定仍属逾期 / "
                            + $"Extension approved after the limit of {missed.Due:yyyy-MM-dd}: a passed limit cannot be extended, "
                            + "so any later decision is recorded as late. Reason: "
                            + (evt.Text("reason") ?? string.Empty),
                        late: true
                    ),
                ],
            }
        );

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

    private static async Task<DeadlineWatch> WatchAsync(CaseFlow flow, DeadlineRequest request)
    {
        var deadline = await flow.ComputeAsync(request);
        return new DeadlineWatch(request, deadline, Reminders(deadline));
    }

    private static async Task OnTimerAsync(CaseFlow flow, RegistrationInput input, DeadlineWatch clock)
    {
        var now = flow.Now;
        if (clock.MarkOverdue(now))
        {
            var d = clock.Deadline;
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = "overdue",
                    Audit =
                    [
                        flow.SystemAudit(
                            $"overdue-{d.Due:yyyyMMdd}",
                            "overdue",
                            Article19,
                            $"The registration decision was due {d.Due:yyyy-MM-dd} and none was taken; escalated to the head of the registration authority."
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
            return;
        }

        foreach (var reminder in clock.TakeDueReminders(now))
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    Audit = [flow.SystemAudit(reminder.Key, "reminder", Article19, reminder.Message)],
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
    }

    private static async Task<string> RegisterAsync(
        CaseFlow flow,
        RegistrationInput input,
        RegistrationCaseData data,
        CaseEventEnvelope? evt,
        bool? late,
        string summary
    )
    {
        // Art. 21: the licence's date of issue is the establishment date; the USCC is the officer's, the entity's existing one, or assigned.
        // On the spot (no event) the registration happens on the day of acceptance (a back-dated paper application keeps its day).
        var registeredOn = evt is null ? data.AcceptedOn : ChinaTime.ToLegalDate(evt.AcceptedUtc);
        var uscc = evt?.Text("uscc") ?? data.Application.ExistingUscc;
        var licence = await flow.CallAsync(
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
            $"Entity {summary}; business licence {licence.LicenceNumber} issued, USCC {licence.Uscc}, established {licence.EstablishmentDate:yyyy-MM-dd}.";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = "registered",
                Outcome = "registered",
                Close = true,
                Late = late ?? false,
                ClearDeadline = true,
                DataJson = Json(data),
                Audit =
                [
                    evt is null
                        ? flow.SystemAudit("registered", "registered", article, text, licence)
                        : flow.EventAudit(evt, "registered", article, text, licence, late ?? false),
                ],
                Notifications =
                [
                    new NotificationRequest($"registered-{input.CaseId}", Role.Enterprise, input.Agency, "registered", text, article),
                ],
            }
        );
        return "registered";
    }

    internal static IReadOnlyList<string> Strings(CaseEventEnvelope evt, string property)
    {
        var payload = evt.Payload();
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(property, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value
                .EnumerateArray()
                .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())
                .ToList(),
            JsonValueKind.String => [value.GetString()!],
            _ => [value.GetRawText()],
        };
    }

    internal static string Json<T>(T data) => JsonSerializer.Serialize(data, CaseJson.Options);
}
