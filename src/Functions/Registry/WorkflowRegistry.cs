using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Activities;
using Workflows.Functions.Orchestrations;

namespace Workflows.Functions.Registry;

public sealed record OrchestratorRegistration(string Name, Type Type);

public sealed record ActivityRegistration(string Name, Type Type, Action<DurableTaskRegistry> Register);

/// <summary>
/// Every orchestrator and activity, declared once. LocalHost registers the Durable Task worker from these lists;
/// the Functions host finds the same names as <c>[Function]</c> methods, and a test fails when the generated
/// <c>functions.metadata</c> and this registry disagree.
/// </summary>
public static partial class WorkflowRegistry
{
    public static IReadOnlyList<OrchestratorRegistration> Orchestrators { get; } =
    [
        Orchestrator<TimerProbeOrchestration>(),
        .. MarketEntityOrchestrators(),
        .. EnergyOrchestrators(),
        .. SupervisionOrchestrators(),
        .. FactoryOrchestrators(),
        .. PatentAwardOrchestrators(),
        .. TwoHighOrchestrators(),
        .. PowerOrchestrators(),
    ];

    public static IReadOnlyList<ActivityRegistration> Activities { get; } =
    [
        Activity<RecordProbeActivity, RecordProbeInput, RecordProbeResult>(),
        Activity<UpdateCaseActivity, Cases.CaseUpdate, Cases.CaseWritten>(),
        Activity<ComputeDeadlineActivity, DeadlineRequest, Cases.CaseDeadline>(),
        .. MarketEntityActivities(),
        .. EnergyActivities(),
        .. SupervisionActivities(),
        .. FactoryActivities(),
        .. PatentAwardActivities(),
        .. TwoHighActivities(),
        .. PowerActivities(),
    ];

    /// <summary>Adds all orchestrators and activities to a Durable Task worker registry.</summary>
    public static void AddTo(DurableTaskRegistry registry)
    {
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator.Name, orchestrator.Type);
        }

        foreach (var activity in Activities)
        {
            activity.Register(registry);
        }
    }

    /// <summary>Registers the activity classes for DI (both hosts).</summary>
    public static IServiceCollection AddActivityServices(this IServiceCollection services)
    {
        foreach (var activity in Activities)
        {
            services.AddTransient(activity.Type);
        }

        return services;
    }

    private static OrchestratorRegistration Orchestrator<T>()
        where T : ITaskOrchestrator => new(typeof(T).Name, typeof(T));

    private static ActivityRegistration Activity<TActivity, TInput, TOutput>()
        where TActivity : class, IActivity<TInput, TOutput> =>
        new(
            typeof(TActivity).Name,
            typeof(TActivity),
            r => r.AddActivity(typeof(TActivity).Name, sp => new ActivityAdapter<TActivity, TInput, TOutput>(sp))
        );
}
