using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workflows.LocalHost;

/// <summary>Set once the host begins to stop (or its loggers are disposed); never reset.</summary>
public sealed class HostStopping
{
    private volatile bool stopping;

    public bool IsStopping => stopping;

    public void Begin() => stopping = true;
}

/// <summary>
/// Keeps what is expected while LocalHost stops out of the log's failures: the durable worker's calls cancelled or
/// refused because the engine, its gRPC channel or Azurite are going away ("Call canceled by the client", a disposed
/// GrpcChannel, connection refused). Such an entry is dropped only once the host is stopping and only for those
/// exceptions; everything else, and anything while running, is logged as it comes.
/// </summary>
public static class ExpectedConditionsLogging
{
    /// <summary>Wraps every logger provider registered so far; call after the logging configuration is complete.</summary>
    public static ILoggingBuilder KeepExpectedConditionsOutOfFailures(this ILoggingBuilder logging)
    {
        var services = logging.Services;
        services.TryAddSingleton<HostStopping>();
        services.AddHostedService<HostStoppingWatcher>();
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(ILoggerProvider))
            {
                services[i] = ServiceDescriptor.Singleton<ILoggerProvider>(sp => new ExpectedConditionsLoggerProvider(
                    Create(sp, descriptor),
                    sp.GetRequiredService<HostStopping>()
                ));
            }
        }

        return logging;
    }

    /// <summary>True when the entry is a shutdown's expected side effect, not a failure.</summary>
    public static bool IsExpectedWhileStopping(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (
                e is OperationCanceledException or ObjectDisposedException
                || e is RpcException { StatusCode: StatusCode.Cancelled or StatusCode.Unavailable }
                || e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset }
                || e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
            )
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The Azure Storage provider logs some failures with the exception inside the message text (partition lease
    /// management: "...: System.AggregateException: ... Connection refused"), so the text is read as well.
    /// </summary>
    public static bool IsExpectedWhileStopping(string message) => ExpectedMessages.Any(m => message.Contains(m, StringComparison.Ordinal));

    /// <summary>The in-process gRPC sidecar's dispatcher (its "Unexpected execute failure for work-item" entries).</summary>
    public static bool IsSidecar(string categoryName) => categoryName.StartsWith("Microsoft.DurableTask.Sidecar", StringComparison.Ordinal);

    /// <summary>
    /// The sidecar could not hand a work item to the worker because the worker's stream had just closed (it
    /// reconnects), its request had completed, or no worker stream was connected at that moment ("No client is
    /// connected."). The dispatcher abandons the item and the engine delivers it again, so this is a warning the run
    /// recovers from, not a failure, even while the host runs.
    /// </summary>
    public static bool IsWorkItemHandBack(Exception? exception) =>
        exception is OperationCanceledException { Message: WorkItemStreamClosed }
            or ObjectDisposedException { ObjectName: "Collection" }
            or RpcException { StatusCode: StatusCode.Unavailable, Status.Detail: NoWorkerConnected };

    /// <summary>The same, as the sidecar's dispatcher logs it: the exception written into the message text.</summary>
    public static bool IsWorkItemHandBack(string message) =>
        message.Contains("System.OperationCanceledException: " + WorkItemStreamClosed, StringComparison.Ordinal)
        || message.Contains("System.ObjectDisposedException: IFeatureCollection has been disposed.", StringComparison.Ordinal)
        || message.Contains(
            $"Grpc.Core.RpcException: Status(StatusCode=\"Unavailable\", Detail=\"{NoWorkerConnected}\")",
            StringComparison.Ordinal
        );

    private const string WorkItemStreamClosed = "Work-item stream closed by client.";

    private const string NoWorkerConnected = "No client is connected.";

    private static readonly string[] ExpectedMessages =
    [
        "Connection refused",
        "Call canceled by the client",
        "The operation was canceled",
        "Cannot access a disposed object",
    ];

    private static ILoggerProvider Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as ILoggerProvider
        ?? descriptor.ImplementationFactory?.Invoke(services) as ILoggerProvider
        ?? (ILoggerProvider)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}

/// <summary>Marks the start of shutdown: the application lifetime's stopping signal.</summary>
internal sealed class HostStoppingWatcher(IHostApplicationLifetime lifetime, HostStopping stopping) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(stopping.Begin);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        stopping.Begin();
        return Task.CompletedTask;
    }
}

internal sealed class ExpectedConditionsLoggerProvider(ILoggerProvider inner, HostStopping stopping)
    : ILoggerProvider,
        ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) =>
        new ExpectedConditionsLogger(inner.CreateLogger(categoryName), stopping, ExpectedConditionsLogging.IsSidecar(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope scoped)
        {
            scoped.SetScopeProvider(scopeProvider);
        }
    }

    public void Dispose()
    {
        // Disposed with the host: whatever background work still logs is part of the shutdown.
        stopping.Begin();
        inner.Dispose();
    }
}

internal sealed class ExpectedConditionsLogger(ILogger inner, HostStopping stopping, bool sidecar) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter
    )
    {
        if (
            logLevel >= LogLevel.Warning
            && stopping.IsStopping
            && (
                ExpectedConditionsLogging.IsExpectedWhileStopping(exception)
                || ExpectedConditionsLogging.IsExpectedWhileStopping(formatter(state, exception))
            )
        )
        {
            return;
        }

        if (
            sidecar
            && logLevel > LogLevel.Warning
            && (
                ExpectedConditionsLogging.IsWorkItemHandBack(exception)
                || ExpectedConditionsLogging.IsWorkItemHandBack(formatter(state, exception))
            )
        )
        {
            logLevel = LogLevel.Warning;
        }

        inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
