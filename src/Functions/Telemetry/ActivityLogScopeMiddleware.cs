using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Telemetry;

/// <summary>
/// The Functions host's side of <see cref="ActivityAdapter{TActivity,TInput,TOutput}"/>'s log scope (issue 18): every
/// line an activity logs on Azure names its case, as on LocalHost. The Durable extension passes the orchestration
/// instance id (the case id) in the activity trigger's binding data; ids and names only, never personal data.
/// </summary>
public sealed class ActivityLogScopeMiddleware : IFunctionsWorkerMiddleware
{
    /// <summary>The binding-data entry the activity trigger carries the orchestration instance id in.</summary>
    public const string InstanceIdBindingData = "instanceId";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var scope = IsActivity(context) ? BeginScope(context) : null;
        await next(context).ConfigureAwait(false);
    }

    private static bool IsActivity(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(b =>
            string.Equals(b.Type, "activityTrigger", StringComparison.OrdinalIgnoreCase)
        );

    private static IDisposable? BeginScope(FunctionContext context)
    {
        var caseId = context.BindingContext.BindingData.TryGetValue(InstanceIdBindingData, out var id) ? id?.ToString() : null;
        var logger = context.InstanceServices.GetService<ILoggerFactory>()?.CreateLogger(context.FunctionDefinition.Name);
        return logger?.BeginScope(
            new Dictionary<string, object>
            {
                [LogScopes.CaseId] = caseId ?? string.Empty,
                [LogScopes.Activity] = context.FunctionDefinition.Name,
            }
        );
    }
}
