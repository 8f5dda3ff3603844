using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>
/// Simplified deregistration of an individual business (Decree 746 Art. 33 para 3): no public notice; the application
/// goes to the tax and other departments, which may object within 10 days; without an objection the authority
/// deregisters directly. From version 3 the push and the deregistration are the officer's acts with their own
/// deadlines (<see cref="IndividualBusinessDeregistrationFlow"/>).
/// </summary>
public sealed class IndividualBusinessDeregistrationOrchestration : TaskOrchestrator<DeregistrationInput, string>
{
    public const string Article = "Decree 746 Art. 33 para 3";

    /// <summary>Art. 33 para 3: departments may object within 10 days (trackers.json).</summary>
    public const string ObjectionPeriod = "individual-business-objection-window";

    /// <summary>Art. 33 para 3, version 3: the officer's push and deregistration; the law names no period, the table's
    /// reading says which one the system takes (trackers.json).</summary>
    public const string PushPeriod = "individual-business-push";
    public const string DeregistrationPeriod = "individual-business-deregistration";

    public static readonly IReadOnlyList<string> Departments =
    [
        "税务部门 (tax)",
        "人力资源社会保障部门 (social insurance)",
        "海关 (customs)",
    ];

    [Function(nameof(IndividualBusinessDeregistrationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new IndividualBusinessDeregistrationOrchestration().RunAsync(
            context,
            context.GetInput<DeregistrationInput>()
                ?? throw new InvalidOperationException("IndividualBusinessDeregistrationOrchestration needs an input.")
        );

    public override Task<string> RunAsync(TaskOrchestrationContext context, DeregistrationInput input) =>
        context.IsAtLeast(OrchestrationVersions.MarketEntityRefusals)
            ? new IndividualBusinessDeregistrationFlow(new CaseFlow(context, input.CaseId), input).RunAsync()
            : RunBeforeVersion3Async(context, input);

    /// <summary>Versions 1-2, kept for the cases waiting on them: the push at intake and the deregistration by timer.</summary>
    private static async Task<string> RunBeforeVersion3Async(TaskOrchestrationContext context, DeregistrationInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var request = new DeadlineRequest(
            "department-objections",
            "Departments may object (有关部门异议期)",
            ObjectionPeriod,
            input.Data.NoticeStart,
            Role.ObjectingParty
        );
        var watch = new DeadlineWatch(request, await flow.ComputeAsync(request), []);
        var data = input.Data with { NoticeEnds = watch.Deadline.Due, Departments = Departments };
        List<string> awaited = [IndividualBusinessEvents.Objection, IndividualBusinessEvents.Withdraw];
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = "departments-reviewing",
                AwaitedEvents = awaited,
                Deadline = watch.Deadline,
                DataJson = CaseFlow.Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "pushed",
                        "pushed-to-departments",
                        Article,
                        $"Application pushed to {string.Join(", ", Departments)} on {data.NoticeStart:yyyy-MM-dd}; objections until {watch.Deadline.Due:yyyy-MM-dd}. No public notice for an individual business.",
                        watch.Deadline.Explanation
                    ),
                ],
                Notifications =
                [
                    new NotificationRequest(
                        "pushed",
                        Role.ObjectingParty,
                        input.Agency,
                        "objection-window",
                        $"Individual business {data.Request.Entity.Uscc} applies for deregistration; object by {watch.Deadline.Due:yyyy-MM-dd}.",
                        Article
                    ),
                ],
            }
        );

        while (true)
        {
            var wake = await flow.NextAsync(watch.NextWake);
            switch (wake.Reason)
            {
                case WakeReason.CalendarChanged:
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, _ => []);
                    continue;
                case WakeReason.Timer when watch.IsPast(flow.Now):
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "deregistered",
                            Outcome = "deregistered",
                            Close = true,
                            ClearDeadline = true,
                            Audit =
                            [
                                flow.SystemAudit(
                                    "deregistered",
                                    "deregistered",
                                    Article,
                                    $"No department objected by {watch.Deadline.Due:yyyy-MM-dd}: the individual business is deregistered directly."
                                ),
                            ],
                            Notifications =
                            [
                                new NotificationRequest(
                                    "deregistered",
                                    Role.Enterprise,
                                    input.Agency,
                                    "deregistered",
                                    "Deregistered: no objection within 10 days.",
                                    Article
                                ),
                            ],
                        }
                    );
                    return "deregistered";
                case WakeReason.Timer:
                    continue;
            }

            var evt = wake.Event!;
            if (evt.Type == IndividualBusinessEvents.Objection)
            {
                data = data with
                {
                    Objection = new ObjectionRecord(
                        MarketEntityEventPayloads.Read<ObjectionPayload>(evt).Reason ?? string.Empty,
                        MarketEntityEventPayloads.Read<ObjectionPayload>(evt).Objector,
                        evt.ActorId,
                        evt.AcceptedUtc,
                        Article
                    ),
                };
                await flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        State = "objected",
                        Outcome = "objected",
                        Close = true,
                        ClearDeadline = true,
                        DataJson = CaseFlow.Json(data),
                        Audit =
                        [
                            flow.EventAudit(evt, "objected", Article, $"A department objected within 10 days: {data.Objection.Reason}"),
                        ],
                        Notifications =
                        [
                            new NotificationRequest(
                                $"objected-{evt.EventId}",
                                Role.Enterprise,
                                input.Agency,
                                "objected",
                                $"A department objected: {data.Objection.Reason}",
                                Article
                            ),
                        ],
                    }
                );
                return "objected";
            }

            if (evt.Type == IndividualBusinessEvents.Withdraw)
            {
                await flow.PublishAsync(
                    new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        State = "withdrawn",
                        Outcome = "withdrawn",
                        Close = true,
                        ClearDeadline = true,
                        Audit = [flow.EventAudit(evt, "withdrawn", Article, "The individual business withdrew its application.")],
                    }
                );
                return "withdrawn";
            }

            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    AwaitedEvents = awaited,
                    Audit =
                    [
                        flow.EventAudit(evt, "event-ignored", Article, $"'{evt.Type}' is not possible in this state; nothing changed."),
                    ],
                }
            );
        }
    }
}
