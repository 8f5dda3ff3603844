using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.Energy;

/// <summary>Input of a coal-substitution case: its id, agencies and the Data computed at intake.</summary>
/// <param name="CityAgency">The city DRC that reviews (Art. 11(2)) or gives the preliminary opinion (Art. 11(1)).</param>
/// <param name="ReportMonths">Art. 16 months as the intake's rule table said (for the record: the deadline is computed
/// from the <see cref="CoalSubstitutionOrchestration.ReportPeriod"/> of the case's rule table).</param>
public sealed record CoalProjectInput(string CaseId, string Agency, string CityAgency, int ReportMonths, CoalCaseData Data);

/// <summary>How a coal case ended.</summary>
public sealed record CoalProjectResult(string Outcome, bool Late);

/// <summary>
/// 豫发改环资〔2021〕893号 as one durable case: substitution booked (Arts. 5, 18), review entry gated at 40% of Q
/// (Art. 15) and by regional suspension (Art. 19), routed by the 5,000 tce threshold (Art. 11), published (Art. 13),
/// supplemented when coal use grows (Art. 14), production gated at 100% confirmed (Arts. 15, 17), and the
/// implementation report due within 3 months of production (Art. 16) with reminders and escalation.
/// </summary>
public sealed class CoalSubstitutionOrchestration : TaskOrchestrator<CoalProjectInput, CoalProjectResult>
{
    /// <summary>Art. 16: the report period of the case's dated rule table (coal-substitution-rules.json).</summary>
    public const string ReportPeriod = "coal-implementation-report";

    private static readonly int[] ReminderDays = [30, 7, 1];

    [Function(nameof(CoalSubstitutionOrchestration))]
    public static Task<CoalProjectResult> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CoalSubstitutionOrchestration().RunAsync(
            context,
            context.GetInput<CoalProjectInput>() ?? throw new InvalidOperationException("CoalSubstitutionOrchestration needs an input.")
        );

    private static string Tonnes(decimal value) => value.ToString("#,##0.###", System.Globalization.CultureInfo.InvariantCulture);

    private static string Art(string a) => $"{EnergySources.CoalSubstitution} {a}";

    public override async Task<CoalProjectResult> RunAsync(TaskOrchestrationContext context, CoalProjectInput input)
    {
        var data = input.Data;
        var inbox = new CaseEventInbox(context);
        var evt = inbox.NextAsync();
        await PublishAsync(
            context,
            input,
            data,
            [
                SystemEntry(
                    context,
                    input,
                    "q-computed",
                    "substitution-computed",
                    Art("Arts. 7-9, 11"),
                    $"{data.Substitution.Formula}. {data.Route.Explanation} At least {Tonnes(data.RequiredBeforeReview)} t must be achieved before review (Art. 15)."
                ),
            ]
        );

        while (true)
        {
            var e = await evt;
            evt = inbox.NextAsync();
            var payload = e.Payload();
            var on = ChinaTime.ToLegalDate(e.AcceptedUtc);
            var audit = new List<AuditEntry>();
            switch (e.Type)
            {
                case EnergyEvents.AllocateSource:
                    var tonnes = EnergyPayload.Number(payload, "tonnes") ?? 0m;
                    data = data with { AchievedTonnes = data.AchievedTonnes + tonnes };
                    audit.Add(
                        Entry(
                            input,
                            e,
                            "source-allocated",
                            Art("Arts. 5, 18"),
                            $"Source {EnergyPayload.Text(payload, "sourceId")} booked: {Tonnes(tonnes)} t; achieved {Tonnes(data.AchievedTonnes)} t of Q {Tonnes(data.Substitution.SubstitutionTonnes)} t."
                        )
                    );
                    break;

                case EnergyEvents.SubmitForReview when data.Phase == CoalPhases.Collecting:
                    var review = await ActivityCalls.CheckCoalGate.RunAsync(
                        context,
                        new CoalGateRequest(
                            input.CaseId,
                            CheckCoalGateActivity.ReviewGate,
                            data.Intake.Location,
                            data.Substitution.SubstitutionTonnes,
                            data.MinimumShareBeforeReview,
                            false,
                            on
                        )
                    );
                    data = data with { AchievedTonnes = review.AchievedTonnes };
                    if (!review.Passed)
                    {
                        audit.Add(Entry(input, e, "review-refused", review.Article, review.Message));
                        break;
                    }

                    // Art. 11: ≥ 5,000 tce/yr → city preliminary opinion then province; below → city DRC.
                    data = data with
                    {
                        Phase = data.Route.ProvincialReview ? CoalPhases.PreliminaryOpinion : CoalPhases.MunicipalReview,
                    };
                    audit.Add(Entry(input, e, "submitted-for-review", Art("Arts. 11, 15"), $"{review.Message} {data.Route.Explanation}"));
                    break;

                case EnergyEvents.PreliminaryOpinion when data.Phase == CoalPhases.PreliminaryOpinion:
                    data = data with { Phase = CoalPhases.ProvincialReview, PreliminaryOpinion = EnergyPayload.Text(payload, "opinion") };
                    audit.Add(
                        Entry(
                            input,
                            e,
                            "preliminary-opinion",
                            Art("Art. 11(1)"),
                            $"City DRC preliminary opinion: {data.PreliminaryOpinion}; forwarded to the provincial DRC."
                        )
                    );
                    break;

                case EnergyEvents.Approve when data.Phase is CoalPhases.MunicipalReview or CoalPhases.ProvincialReview:
                    data = data with { Phase = CoalPhases.Approved, Decision = "approved" };
                    audit.Add(
                        Entry(
                            input,
                            e,
                            "approved",
                            Art(data.Route.ProvincialReview ? "Arts. 11(1), 12" : "Arts. 11(2), 12"),
                            $"Plan approved by {e.ActorRole}; publication on the portal follows (Art. 13); production needs all of Q achieved and confirmed (Arts. 15, 17)."
                        )
                    );
                    break;

                case EnergyEvents.Reject when data.Phase is CoalPhases.MunicipalReview or CoalPhases.ProvincialReview:
                    data = data with { Phase = CoalPhases.Rejected, Decision = "rejected: " + EnergyPayload.Text(payload, "reason") };
                    audit.Add(
                        Entry(
                            input,
                            e,
                            "rejected",
                            Art("Arts. 11, 12"),
                            $"Plan rejected by {e.ActorRole}: {EnergyPayload.Text(payload, "reason")}."
                        )
                    );
                    await PublishAsync(context, input, data, audit, close: true, outcome: "rejected");
                    return new CoalProjectResult("rejected", false);

                case EnergyEvents.RecordPublication when data.Phase == CoalPhases.Approved:
                    data = data with
                    {
                        PortalUrl = EnergyPayload.Text(payload, "portalUrl"),
                        PublishedOn = EnergyPayload.Date(payload, "publishedOn"),
                    };
                    audit.Add(
                        Entry(
                            input,
                            e,
                            "plan-published",
                            Art("Art. 13"),
                            $"Plan published on {data.PublishedOn:yyyy-MM-dd} at {data.PortalUrl}."
                        )
                    );
                    break;

                case EnergyEvents.ConfirmSubstitution when data.Phase == CoalPhases.Approved:
                    data = data with { ConfirmedByLocalGovernment = true };
                    audit.Add(
                        Entry(
                            input,
                            e,
                            "substitution-confirmed",
                            Art("Arts. 15, 17"),
                            $"All of Q {Tonnes(data.Substitution.SubstitutionTonnes)} t confirmed by the local government ({e.ActorName})."
                        )
                    );
                    break;

                case EnergyEvents.Supplement when data.Phase is CoalPhases.Approved or CoalPhases.Collecting:
                    var newD = EnergyPayload.Number(payload, "newCoalConsumptionTonnes") ?? 0m;
                    if (newD <= data.Intake.NewCoalConsumptionTonnes)
                    {
                        audit.Add(
                            Entry(
                                input,
                                e,
                                "supplement-refused",
                                Art("Art. 14"),
                                $"New D {Tonnes(newD)} t is not above {Tonnes(data.Intake.NewCoalConsumptionTonnes)} t."
                            )
                        );
                        break;
                    }

                    var supplement = await ActivityCalls.ComputeCoalSupplement.RunAsync(
                        context,
                        new CoalSupplementRequest(data.Intake, data.RulesEffectiveFrom, newD)
                    );
                    var record = new CoalSupplementRecord(
                        e.EventId,
                        on,
                        data.Intake.NewCoalConsumptionTonnes,
                        newD,
                        supplement.AdditionalTonnes,
                        supplement.Explanation,
                        supplement.Article
                    );
                    // Art. 14: the extra substitution is reviewed again before production; the earlier confirmation no longer covers Q.
                    data = data with
                    {
                        Intake = data.Intake with { NewCoalConsumptionTonnes = newD },
                        Substitution = supplement.Revised,
                        Phase = CoalPhases.Collecting,
                        ConfirmedByLocalGovernment = false,
                        Decision = null,
                        Supplements = [.. data.Supplements ?? [], record],
                    };
                    audit.Add(
                        Entry(
                            input,
                            e,
                            "supplementary-plan",
                            supplement.Article,
                            $"{supplement.Revised.Formula}. {supplement.Explanation} The supplementary plan goes through review again."
                        )
                    );
                    break;

                case EnergyEvents.StartProduction when data.Phase == CoalPhases.Approved:
                    var start = EnergyPayload.Date(payload, "date") ?? on;
                    var production = await ActivityCalls.CheckCoalGate.RunAsync(
                        context,
                        new CoalGateRequest(
                            input.CaseId,
                            CheckCoalGateActivity.ProductionGate,
                            data.Intake.Location,
                            data.Substitution.SubstitutionTonnes,
                            data.MinimumShareBeforeReview,
                            data.ConfirmedByLocalGovernment,
                            start
                        )
                    );
                    data = data with { AchievedTonnes = production.AchievedTonnes };
                    if (!production.Passed)
                    {
                        audit.Add(Entry(input, e, "production-refused", production.Article, production.Message));
                        break;
                    }

                    return await ReportingAsync(context, input, data with { ProductionStart = start }, e, inbox, evt);

                default:
                    audit.Add(
                        Entry(input, e, "event-ignored", Art("Art. 10"), $"'{e.Type}' does not apply while the case is '{data.Phase}'.")
                    );
                    break;
            }

            await PublishAsync(context, input, data, audit);
        }
    }

    /// <summary>Art. 16: the implementation report is due within N months of production; reminders 30, 7 and 1 days
    /// before; when the deadline passes the reviewing authority is alerted and the case stays open (red) until the report.</summary>
    private static async Task<CoalProjectResult> ReportingAsync(
        TaskOrchestrationContext context,
        CoalProjectInput input,
        CoalCaseData data,
        CaseEventEnvelope started,
        CaseEventInbox inbox,
        Task<CaseEventEnvelope> evt
    )
    {
        var request = new DeadlineRequest(
            "coal-implementation-report",
            "Implementation report to the authority that issued the review opinion (Art. 16)",
            ReportPeriod,
            data.ProductionStart!.Value,
            Role.ProjectOwner,
            WarningCalendarDays: ReminderDays[0],
            RulesOn: data.RulesEffectiveFrom
        );
        var deadline = await ActivityCalls.ComputeDeadline.RunAsync(context, request);
        data = data with { Phase = CoalPhases.Reporting, ReportDue = deadline.Due };
        await PublishAsync(
            context,
            input,
            data,
            [
                Entry(
                    input,
                    started,
                    "production-started",
                    Art("Arts. 15, 16, 17"),
                    $"Production started {data.ProductionStart:yyyy-MM-dd} with Q confirmed; implementation report due {deadline.Due:yyyy-MM-dd} ({string.Join(" ", deadline.Explanation)})."
                ),
            ],
            deadline: deadline
        );

        var pending = ReportReminders(deadline, context.CurrentUtcDateTime);
        var overdue = false;
        // A published calendar year may move the report deadline (a last day on a rest day, Civil Code Art. 203): the
        // same external event market-entity cases get. Waiting for it adds no step to a history that never had one.
        var calendar = context.WaitForExternalEvent<CalendarChangedSignal>(CaseFlow.CalendarChangedEvent, CancellationToken.None);
        var calendarChanges = 0;
        var (authorityRole, authorityAgency) = data.Route.ProvincialReview
            ? (Role.ProvincialDrc, HenanDivisions.Province)
            : (Role.MunicipalDrc, input.CityAgency);
        while (true)
        {
            DateTime? wake =
                pending.Count > 0 ? pending[0].At
                : overdue ? null
                : deadline.DueUtc.UtcDateTime;
            CaseEventEnvelope? e = null;
            Task winner = Task.CompletedTask;
            if (wake is null)
            {
                winner = await Task.WhenAny(evt, calendar);
            }
            else if (wake > context.CurrentUtcDateTime)
            {
                using var cts = new CancellationTokenSource();
                var timer = context.CreateTimer(wake.Value, cts.Token);
                winner = await Task.WhenAny(evt, calendar, timer);
                if (winner != timer)
                {
                    cts.Cancel(); // synchronous: an orchestrator must not hop threads
                }
            }

            if (winner == calendar)
            {
                var signal = await calendar;
                calendar = context.WaitForExternalEvent<CalendarChangedSignal>(CaseFlow.CalendarChangedEvent, CancellationToken.None);
                var recomputed = await ActivityCalls.ComputeDeadline.RunAsync(context, request);
                calendarChanges++;
                var changed = recomputed.Due != deadline.Due;
                var summary = changed
                    ? $"Calendar {signal.Year} changed: the implementation report moves "
                        + $"from {deadline.Due:yyyy-MM-dd} to {recomputed.Due:yyyy-MM-dd}."
                    : $"Calendar {signal.Year} changed: the implementation report stays due {deadline.Due:yyyy-MM-dd}.";
                var audit = SystemEntry(
                    context,
                    input,
                    $"calendar-{signal.Year}-{calendarChanges}",
                    changed ? "deadline-recomputed" : "deadline-confirmed",
                    recomputed.LegalBasis,
                    summary
                );
                if (changed)
                {
                    deadline = recomputed;
                    pending = ReportReminders(deadline, context.CurrentUtcDateTime);
                    overdue = overdue && context.CurrentUtcDateTime >= deadline.DueUtc.UtcDateTime;
                    data = data with { ReportDue = deadline.Due, Phase = overdue ? CoalPhases.ReportOverdue : CoalPhases.Reporting };
                }

                await PublishAsync(context, input, data, [audit], deadline: changed ? deadline : null);
                continue;
            }

            if (winner == evt)
            {
                e = await evt;
            }

            if (e is null)
            {
                if (pending.Count > 0)
                {
                    var (days, at) = pending[0];
                    pending.RemoveAt(0);
                    await PublishAsync(
                        context,
                        input,
                        data,
                        [
                            new AuditEntry(
                                input.CaseId,
                                $"reminder-{deadline.Due:yyyyMMdd}-{days}",
                                new DateTimeOffset(at, TimeSpan.Zero),
                                "system",
                                "system",
                                "System",
                                "reminder",
                                Art("Art. 16"),
                                $"Implementation report due {deadline.Due:yyyy-MM-dd} ({days} day(s) left)."
                            ),
                        ],
                        notifications:
                        [
                            new NotificationRequest(
                                $"{input.CaseId}-reminder-{days}",
                                Role.ProjectOwner,
                                input.Agency,
                                "reminder",
                                $"{data.Intake.ProjectName}: the coal substitution implementation report is due on {deadline.Due:yyyy-MM-dd} ({days} day(s) left).",
                                Art("Art. 16")
                            ),
                        ]
                    );
                }
                else
                {
                    overdue = true;
                    data = data with { Phase = CoalPhases.ReportOverdue };
                    await PublishAsync(
                        context,
                        input,
                        data,
                        [
                            new AuditEntry(
                                input.CaseId,
                                $"report-overdue-{deadline.Due:yyyyMMdd}",
                                new DateTimeOffset(deadline.DueUtc.UtcDateTime, TimeSpan.Zero),
                                "system",
                                "system",
                                "System",
                                "escalated",
                                Art("Art. 16"),
                                $"Implementation report was due {deadline.Due:yyyy-MM-dd} and has not arrived; escalated to {authorityRole} {authorityAgency}."
                            ),
                        ],
                        notifications:
                        [
                            new NotificationRequest(
                                $"{input.CaseId}-report-overdue",
                                authorityRole,
                                authorityAgency,
                                "escalation",
                                $"{data.Intake.ProjectName} ({input.CaseId}): implementation report overdue since {deadline.Due:yyyy-MM-dd} (Art. 16).",
                                Art("Art. 16")
                            ),
                        ]
                    );
                }

                continue;
            }

            evt = inbox.NextAsync();
            if (e.Type != EnergyEvents.Report)
            {
                await PublishAsync(
                    context,
                    input,
                    data,
                    [
                        Entry(
                            input,
                            e,
                            "event-ignored",
                            Art("Art. 16"),
                            $"'{e.Type}' does not apply while the implementation report is awaited."
                        ),
                    ]
                );
                continue;
            }

            var late = e.AcceptedUtc > deadline.DueUtc;
            data = data with { Phase = CoalPhases.Reported, ReportDocument = e.Text("document"), ReportLate = late };
            var received = ChinaTime.ToLegalDate(e.AcceptedUtc);
            await PublishAsync(
                context,
                input,
                data,
                [
                    Entry(
                        input,
                        e,
                        "report-filed",
                        Art("Art. 16"),
                        $"Implementation report {data.ReportDocument} received {received:yyyy-MM-dd}, due {deadline.Due:yyyy-MM-dd}: {(late ? "late" : "on time")}.",
                        late
                    ),
                ],
                close: true,
                outcome: late ? "report-filed-late" : "report-filed",
                late: late
            );
            return new CoalProjectResult(late ? "report-filed-late" : "report-filed", late);
        }
    }

    /// <summary>The reminders of the report deadline still ahead of <paramref name="nowUtc"/> (30, 7 and 1 days before).</summary>
    private static List<(int Days, DateTime At)> ReportReminders(CaseDeadline deadline, DateTime nowUtc) =>
        ReminderDays
            .Select(n => (Days: n, At: ChinaTime.StartOfDayUtc(deadline.Due.AddDays(-n)).UtcDateTime))
            .Where(r => r.At > nowUtc)
            .ToList();

    internal static IReadOnlyList<string> Awaited(CoalCaseData data) =>
        data.Phase switch
        {
            CoalPhases.Collecting => [EnergyEvents.AllocateSource, EnergyEvents.SubmitForReview, EnergyEvents.Supplement],
            CoalPhases.PreliminaryOpinion => [EnergyEvents.AllocateSource, EnergyEvents.PreliminaryOpinion],
            CoalPhases.MunicipalReview or CoalPhases.ProvincialReview =>
            [
                EnergyEvents.AllocateSource,
                EnergyEvents.Approve,
                EnergyEvents.Reject,
            ],
            CoalPhases.Approved =>
            [
                EnergyEvents.AllocateSource,
                .. data.PublishedOn is null ? new[] { EnergyEvents.RecordPublication } : [],
                .. data.ConfirmedByLocalGovernment ? [] : new[] { EnergyEvents.ConfirmSubstitution },
                EnergyEvents.Supplement,
                EnergyEvents.StartProduction,
            ],
            _ => [],
        };

    private static Task<CaseRecord?> PublishAsync(
        TaskOrchestrationContext context,
        CoalProjectInput input,
        CoalCaseData data,
        IReadOnlyList<AuditEntry> audit,
        CaseDeadline? deadline = null,
        IReadOnlyList<NotificationRequest>? notifications = null,
        bool close = false,
        string? outcome = null,
        bool? late = null
    ) =>
        ActivityCalls.UpdateCase.RunAsync(
            context,
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = data.Phase,
                AwaitedEvents = Awaited(data),
                DataJson = JsonSerializer.Serialize(data, CaseJson.Options),
                Deadline = deadline,
                Audit = audit,
                Notifications = notifications ?? [],
                Close = close,
                Outcome = outcome,
                Late = late,
                AtUtc = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero),
            }
        );

    private static AuditEntry Entry(
        CoalProjectInput input,
        CaseEventEnvelope e,
        string action,
        string article,
        string summary,
        bool late = false
    ) => new(input.CaseId, e.EventId, e.AcceptedUtc, e.ActorId, e.ActorName, e.ActorRole, action, article, summary, Late: late);

    private static AuditEntry SystemEntry(
        TaskOrchestrationContext context,
        CoalProjectInput input,
        string key,
        string action,
        string article,
        string summary
    ) =>
        new(
            input.CaseId,
            key,
            new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero),
            "system",
            "system",
            "System",
            action,
            article,
            summary
        );
}
