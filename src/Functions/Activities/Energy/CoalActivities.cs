using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Energy;
using Workflows.Functions.Energy;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities.Energy;

/// <summary>Which gate to check: <c>review</c> (Arts. 15, 19), <c>approval</c> (Art. 19: a review under way is
/// suspended too) or <c>production</c> (Arts. 15, 17, on the declared production date <see cref="On"/>).</summary>
public sealed record CoalGateRequest(
    string CaseId,
    string Gate,
    ProjectLocation Location,
    decimal RequiredQ,
    decimal MinimumShare,
    bool Confirmed,
    DateOnly On
)
{
    /// <summary>The day the plan was approved (null in requests recorded before it was kept).</summary>
    public DateOnly? ApprovedOn { get; init; }

    /// <summary>The day the local government confirmed all of Q (null in requests recorded before it was kept).</summary>
    public DateOnly? ConfirmedOn { get; init; }
}

/// <summary>Reads the ledger and the suspensions for a gate decision (the orchestrator itself does no I/O).</summary>
public sealed class CheckCoalGateActivity(CoalGates gates) : IActivity<CoalGateRequest, CoalGateOutcome>
{
    public const string ReviewGate = "review";
    public const string ApprovalGate = "approval";
    public const string ProductionGate = "production";

    [Function(nameof(CheckCoalGateActivity))]
    public Task<CoalGateOutcome> RunFunction([ActivityTrigger] CoalGateRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public Task<CoalGateOutcome> RunAsync(CoalGateRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Gate switch
        {
            ProductionGate => gates.CheckProductionAsync(
                input.CaseId,
                input.RequiredQ,
                input.Confirmed,
                cancellationToken,
                new ProductionDates(input.On, input.ApprovedOn, input.ConfirmedOn)
            ),
            ApprovalGate => gates.CheckSuspensionAsync(input.CaseId, input.Location, input.On, cancellationToken),
            _ => gates.CheckReviewAsync(input.CaseId, input.Location, input.RequiredQ, input.MinimumShare, input.On, cancellationToken),
        };
    }
}

/// <summary>Art. 14 supplement on the rule table the case was filed under.</summary>
public sealed record CoalSupplementRequest(CoalProjectIntake Intake, DateOnly RulesEffectiveFrom, decimal NewCoalConsumptionTonnes);

/// <summary>Computes ΔQ for a supplementary plan (rule tables are data that may change: computed once, kept in history).</summary>
public sealed class ComputeCoalSupplementActivity : IActivity<CoalSupplementRequest, SubstitutionSupplement>
{
    [Function(nameof(ComputeCoalSupplementActivity))]
    public Task<SubstitutionSupplement> RunFunction([ActivityTrigger] CoalSupplementRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public Task<SubstitutionSupplement> RunAsync(CoalSupplementRequest input, CancellationToken cancellationToken) =>
        Task.FromResult(
            SubstitutionCalculator.ComputeSupplement(
                input.Intake,
                input.NewCoalConsumptionTonnes,
                RuleTableSet.Embedded.For(input.RulesEffectiveFrom)
            )
        );
}
