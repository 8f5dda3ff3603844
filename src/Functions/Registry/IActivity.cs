using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflows.Functions.Registry;

/// <summary>An activity's logic, independent of the host: the Functions host calls it from an
/// <c>[ActivityTrigger]</c> method, the Durable Task worker through <see cref="ActivityAdapter{TActivity,TInput,TOutput}"/>.</summary>
public interface IActivity<in TInput, TOutput>
{
    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}

/// <summary>Adapts an <see cref="IActivity{TInput,TOutput}"/> (resolved from DI per call) to the Durable Task SDK.</summary>
public sealed class ActivityAdapter<TActivity, TInput, TOutput>(IServiceProvider services) : TaskActivity<TInput, TOutput>
    where TActivity : class, IActivity<TInput, TOutput>
{
    public override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        using var scope = services.CreateScope();
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(scope.ServiceProvider);
        // Every line an activity logs names its case: the orchestration instance id is the case id.
        var logger = scope.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(typeof(TActivity));
        using var logScope = logger?.BeginScope(
            new Dictionary<string, object> { [LogScopes.CaseId] = context.InstanceId, [LogScopes.Activity] = context.Name.Name }
        );
        return await activity.RunAsync(input, CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary>Names of the structured-log scope fields (App Insights customDimensions), one spelling for every host.</summary>
public static class LogScopes
{
    public const string CaseId = "CaseId";
    public const string Procedure = "Procedure";
    public const string Agency = "Agency";
    public const string Activity = "Activity";

    /// <summary>The scope of one case's work. Never personal data: ids, procedure and division code only.</summary>
    public static Dictionary<string, object> Case(string caseId, string procedure, string agency) =>
        new()
        {
            [CaseId] = caseId,
            [Procedure] = procedure,
            [Agency] = agency,
        };
}
