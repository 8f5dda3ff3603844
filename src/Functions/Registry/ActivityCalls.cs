using Microsoft.DurableTask;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Activities.Factories;
using Workflows.Functions.Activities.Power;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Activities.PatentAward;
using Workflows.Functions.Activities.TwoHigh;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Registry;

/// <summary>
/// The one retry policy of every activity call. Activities are idempotent (case writes keyed by audit and
/// notification keys, deadlines and gates computed from their input), so a failure that may pass on its own — a
/// storage write conflict <c>CaseStore.UpdateAsync</c> gave up on, a throttled or briefly unreachable store — is
/// retried by the engine with durable timers instead of failing the whole case. An argument error is the caller's
/// bug and fails at once. A history without failures replays the same with or without the policy.
/// </summary>
public static class ActivityRetry
{
    public static RetryPolicy Policy { get; } =
        new(
            maxNumberOfAttempts: 5,
            firstRetryInterval: TimeSpan.FromSeconds(5),
            backoffCoefficient: 2,
            maxRetryInterval: TimeSpan.FromMinutes(1)
        )
        {
            HandleFailure = IsRetried,
        };

    public static TaskOptions Options { get; } = TaskOptions.FromRetryPolicy(Policy);

    /// <summary>Whether a failed attempt is tried again: everything but an argument error.</summary>
    public static bool IsRetried(TaskFailureDetails failure) => failure is not null && !failure.IsCausedBy<ArgumentException>();
}

/// <summary>A typed call of one registered activity: its name, input and result, always under <see cref="ActivityRetry"/>.</summary>
public sealed class ActivityCall<TInput, TOutput>(string name)
{
    public string Name { get; } = name;

    public Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) =>
        context.CallActivityAsync<TOutput>(Name, input, ActivityRetry.Options);
}

/// <summary>Every activity an orchestration calls, typed as the registry declares it (<see cref="WorkflowRegistry"/>).</summary>
public static class ActivityCalls
{
    public static ActivityCall<RecordProbeInput, RecordProbeResult> RecordProbe { get; } =
        Of<RecordProbeActivity, RecordProbeInput, RecordProbeResult>();

    public static ActivityCall<CaseUpdate, CaseWritten> UpdateCase { get; } = Of<UpdateCaseActivity, CaseUpdate, CaseWritten>();

    public static ActivityCall<DeadlineRequest, CaseDeadline> ComputeDeadline { get; } =
        Of<ComputeDeadlineActivity, DeadlineRequest, CaseDeadline>();

    public static ActivityCall<BanCheckInput, IReadOnlyList<BanHitView>> CheckBans { get; } =
        Of<CheckBansActivity, BanCheckInput, IReadOnlyList<BanHitView>>();

    public static ActivityCall<BanRegistryCommand, int> BanRegistry { get; } = Of<BanRegistryActivity, BanRegistryCommand, int>();

    public static ActivityCall<IssueLicenceInput, BusinessLicence> IssueLicence { get; } =
        Of<IssueLicenceActivity, IssueLicenceInput, BusinessLicence>();

    public static ActivityCall<CoalGateRequest, CoalGateOutcome> CheckCoalGate { get; } =
        Of<CheckCoalGateActivity, CoalGateRequest, CoalGateOutcome>();

    public static ActivityCall<CoalSupplementRequest, SubstitutionSupplement> ComputeCoalSupplement { get; } =
        Of<ComputeCoalSupplementActivity, CoalSupplementRequest, SubstitutionSupplement>();

    public static ActivityCall<CheckpointRequest, CheckpointOutcome> EvaluateRetrofitCheckpoint { get; } =
        Of<EvaluateRetrofitCheckpointActivity, CheckpointRequest, CheckpointOutcome>();

    public static ActivityCall<FactoryAssessmentRequest, FactoryAssessmentOutcome> AssessFactorySubmission { get; } =
        Of<AssessFactorySubmissionActivity, FactoryAssessmentRequest, FactoryAssessmentOutcome>();

    public static ActivityCall<FactoryRankingRequest, FactoryRankingOutcome> RankFactoryRound { get; } =
        Of<RankFactoryRoundActivity, FactoryRankingRequest, FactoryRankingOutcome>();

    public static ActivityCall<PatentAwardSlateRequest, PatentAwardSlate> BuildPatentAwardSlate { get; } =
        Of<BuildPatentAwardSlateActivity, PatentAwardSlateRequest, PatentAwardSlate>();

    public static ActivityCall<PatentAwardResolveRequest, PatentAwardResolution> ResolvePatentAwards { get; } =
        Of<ResolvePatentAwardsActivity, PatentAwardResolveRequest, PatentAwardResolution>();
    public static ActivityCall<TwoHighMonthRequest, TwoHighMonthOutcome> AssessTwoHighMonth { get; } =
        Of<AssessTwoHighMonthActivity, TwoHighMonthRequest, TwoHighMonthOutcome>();

    public static ActivityCall<TwoHighAnnualRequest, TwoHighAnnualOutcome> ApplyTwoHighAnnual { get; } =
        Of<ApplyTwoHighAnnualActivity, TwoHighAnnualRequest, TwoHighAnnualOutcome>();
    public static ActivityCall<PowerObligationCheckRequest, PowerObligationCheckOutcome> CheckPowerObligation { get; } =
        Of<CheckPowerObligationActivity, PowerObligationCheckRequest, PowerObligationCheckOutcome>();

    public static ActivityCall<ProxyUserPlanRequest, ProxyUserPlan> PlanProxyUser { get; } =
        Of<PlanProxyUserActivity, ProxyUserPlanRequest, ProxyUserPlan>();

    private static ActivityCall<TInput, TOutput> Of<TActivity, TInput, TOutput>()
        where TActivity : IActivity<TInput, TOutput> => new(typeof(TActivity).Name);
}
