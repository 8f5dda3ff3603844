using System.Reflection;
using System.Runtime.ExceptionServices;
using DurableTask.Core;

namespace Workflows.LocalHost;

/// <summary>
/// Wraps the engine's <see cref="IOrchestrationService"/> so that it is stopped once, however many ask. Two stop it at
/// the end of a host: the sidecar's <c>TaskHubGrpcServer</c> when its application stops (an <c>async void</c> handler,
/// so an exception there ends the process) and <see cref="DurableSidecarHost"/> to release the leases. Run at the same
/// time, the Azure Storage provider's two stops raced in its lease manager (a NullReferenceException that crashed a
/// test host in CI). Every caller now awaits the one stop, whose expected failures are logged and not rethrown.
/// </summary>
public class StopOnceOrchestrationService : DispatchProxy, IOrchestrationServiceDecorator
{
    private readonly Lock gate = new();
    private Task? stopping;
    private ILogger logger = null!;

    public IOrchestrationService Inner { get; private set; } = null!;

    public static IOrchestrationService Wrap(IOrchestrationService inner, ILogger logger)
    {
        var proxy = Create<IOrchestrationService, StopOnceOrchestrationService>();
        var wrapper = (StopOnceOrchestrationService)(object)proxy;
        wrapper.Inner = inner;
        wrapper.logger = logger;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IOrchestrationService.StopAsync))
        {
            lock (gate)
            {
                return stopping ??= StopInnerAsync(args is [bool isForced] ? isForced : false);
            }
        }

        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private async Task StopInnerAsync(bool isForced)
    {
        try
        {
            await Inner.StopAsync(isForced).ConfigureAwait(false);
        }
        // A stop soon after the start (a signal right after "ready") can come before the service was started; the Azure
        // Storage provider's StopAsync then dereferences its not-yet-created partition manager.
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or NullReferenceException)
        {
            logger.LogDebug(e, "Durable backend already stopped or never started.");
        }
    }
}
