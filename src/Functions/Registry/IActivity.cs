using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

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
        return await activity.RunAsync(input, CancellationToken.None).ConfigureAwait(false);
    }
}
