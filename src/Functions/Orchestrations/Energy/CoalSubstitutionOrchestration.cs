using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;

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
/// (Art. 15) and by regional suspension (Art. 19, which also stops a review under way from version 4 on), routed by
/// the 5,000 tce threshold (Art. 11), published (Art. 13), supplemented when coal use grows (Art. 14), production gated
/// on its declared date at approval and 100% confirmed (Arts. 15, 17), the implementation report due within 3 months
/// of production (Art. 16), time-limited rectification (Art. 20) and the withdrawal of the opinion with its
/// publication (Art. 21) — each deadline with the reminders of the rule table and escalation, on <see cref="CaseFlow"/>.
/// </summary>
public sealed class CoalSubstitutionOrchestration : TaskOrchestrator<CoalProjectInput, CoalProjectResult>
{
    /// <summary>Art. 16: the report period of the case's dated rule table (coal-substitution-rules.json).</summary>
    public const string ReportPeriod = "coal-implementation-report";

    /// <summary>Art. 20: the default limit of a rectification order.</summary>
    public const string RectificationPeriod = "coal-rectification";

    /// <summary>Art. 21: the time to publish a withdrawn opinion.</summary>
    public const string WithdrawalPublicationPeriod = "coal-withdrawal-publication";

    [Function(nameof(CoalSubstitutionOrchestration))]
    public static Task<CoalProjectResult> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CoalSubstitutionOrchestration().RunAsync(
            context,
            context.GetInput<CoalProjectInput>() ?? throw new InvalidOperationException("CoalSubstitutionOrchestration needs an input.")
        );

    /// <summary>A short dispatch loop: every wake (a case event, a calendar change, a reminder or deadline timer) goes to
    /// one handler of <see cref="CoalCase"/> until the case has an outcome.</summary>
    public override async Task<CoalProjectResult> RunAsync(TaskOrchestrationContext context, CoalProjectInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var coal = new CoalCase(new CaseFlow(context, input.CaseId), input, context.IsAtLeast(OrchestrationVersions.EnergyLaw));
        await coal.OpenAsync();
        while (coal.Result is null)
        {
            var wake = await coal.Flow.NextAsync(coal.NextWake);
            await (
                wake.Reason switch
                {
                    WakeReason.Event => coal.OnEventAsync(wake.Event!),
                    WakeReason.CalendarChanged => coal.OnCalendarChangedAsync(wake.Calendar!),
                    _ => coal.OnTimerAsync(),
                }
            );
        }

        return coal.Result;
    }

    /// <summary>The events a case in this state accepts (the API refuses the others with 409).</summary>
    internal static IReadOnlyList<string> Awaited(CoalCaseData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Phase switch
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
                .. Supervision(data),
            ],
            CoalPhases.Reporting or CoalPhases.ReportOverdue => Supervision(data),
            CoalPhases.Withdrawn => [EnergyEvents.RecordWithdrawalPublication],
            _ => [],
        };
    }

    /// <summary>Arts. 20, 21: what the supervising departments may do once the opinion is issued.</summary>
    private static string[] Supervision(CoalCaseData data) =>
        data.Rectification is { AcceptedOn: null }
            ? [EnergyEvents.AcceptRectification, EnergyEvents.WithdrawOpinion]
            : [EnergyEvents.OrderRectification, EnergyEvents.WithdrawOpinion];
}
