using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Workflows.LocalHost.Tests;

/// <summary>A passing run's log has no failures that are only a shutdown's side effects, and keeps every real one.</summary>
public sealed class ExpectedConditionsLoggingTests
{
    public static TheoryData<Exception> ShutdownSideEffects =>
        new()
        {
            new OperationCanceledException(),
            new ObjectDisposedException("Grpc.Net.Client.GrpcChannel"),
            new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.")),
            new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.")),
            new HttpRequestException("Connection refused (127.0.0.1:10002)", new SocketException((int)SocketError.ConnectionRefused)),
            new InvalidOperationException("wrapper", new TaskCanceledException()),
        };

    [Theory]
    [MemberData(nameof(ShutdownSideEffects))]
    public void Log_ShutdownSideEffectWhileStopping_IsNotWritten(Exception exception)
    {
        var (logger, written, stopping) = Create();
        stopping.Begin();

        logger.LogError(exception, "Unexpected error in handling of instance ID '{Id}'.", "REG-1");

        Assert.Empty(written);
    }

    [Theory]
    [MemberData(nameof(ShutdownSideEffects))]
    public void Log_SameExceptionWhileRunning_IsWritten(Exception exception)
    {
        var (logger, written, _) = Create();

        logger.LogError(exception, "Unexpected error in handling of instance ID '{Id}'.", "REG-1");

        Assert.Equal(LogLevel.Error, Assert.Single(written));
    }

    [Fact]
    public void Log_LeaseFailureWithExceptionInTheMessageWhileStopping_IsNotWritten()
    {
        var (logger, written, stopping) = Create();
        stopping.Begin();

        logger.LogError(
            "Unexpected error occurred while trying to manage table partition leases: {Details}",
            "System.AggregateException: Retry failed after 4 tries. (Connection refused (127.0.0.1:45693))"
        );

        Assert.Empty(written);
    }

    [Fact]
    public void Log_RealFailureWhileStopping_IsWritten()
    {
        var (logger, written, stopping) = Create();
        stopping.Begin();

        logger.LogError(new InvalidOperationException("Case REG-1 does not exist."), "Activity failed.");

        Assert.Equal(LogLevel.Error, Assert.Single(written));
    }

    public static TheoryData<Exception> WorkItemHandBacks =>
        new()
        {
            new OperationCanceledException(
                "Work-item stream closed by client.",
                new InvalidOperationException("Can't write the message because the request is complete.")
            ),
            new ObjectDisposedException("Collection", "IFeatureCollection has been disposed."),
            // What a clean CI run printed once: the sidecar dispatched before the worker's stream was (re)connected.
            new RpcException(new Status(StatusCode.Unavailable, "No client is connected.")),
        };

    [Theory]
    [MemberData(nameof(WorkItemHandBacks))]
    public void Log_SidecarHandsWorkItemBackWhileRunning_IsAWarning(Exception exception)
    {
        var (logger, written, _) = Create("Microsoft.DurableTask.Sidecar");

        logger.LogError(exception, "TaskOrchestrationDispatcher-9: Unexpected execute failure for work-item '{Id}'", "REG-1");

        Assert.Equal(LogLevel.Warning, Assert.Single(written));
    }

    [Theory]
    [MemberData(nameof(WorkItemHandBacks))]
    public void Log_SidecarWritesTheHandBackIntoItsMessageWhileRunning_IsAWarning(Exception exception)
    {
        // What CI printed: the dispatcher formats the exception into the text and passes none.
        var (logger, written, _) = Create("Microsoft.DurableTask.Sidecar");

        logger.LogError(
            "TaskOrchestrationDispatcher-14: Unexpected execute failure for work-item '{Id}': {Details}",
            "REG-1",
            exception.ToString()
        );

        Assert.Equal(LogLevel.Warning, Assert.Single(written));
    }

    [Theory]
    [MemberData(nameof(WorkItemHandBacks))]
    public void Log_SameExceptionFromAnotherCategoryWhileRunning_StaysAnError(Exception exception)
    {
        var (logger, written, _) = Create("Workflows.Functions.Activities");

        logger.LogError(exception, "Activity failed.");

        Assert.Equal(LogLevel.Error, Assert.Single(written));
    }

    [Fact]
    public void Log_OtherSidecarFailureWhileRunning_StaysAnError()
    {
        var (logger, written, _) = Create("Microsoft.DurableTask.Sidecar");

        logger.LogError(new OperationCanceledException("Some other cancellation."), "Unexpected execute failure.");

        Assert.Equal(LogLevel.Error, Assert.Single(written));
    }

    [Fact]
    public void Dispose_Provider_CountsAsStopping()
    {
        var inner = new CapturingProvider();
        var stopping = new HostStopping();
        var provider = new ExpectedConditionsLoggerProvider(inner, stopping);

        provider.Dispose();

        Assert.True(stopping.IsStopping);
        Assert.True(inner.Disposed);
    }

    private static (ILogger Logger, List<LogLevel> Written, HostStopping Stopping) Create(
        string category = "Microsoft.DurableTask.Worker.Grpc"
    )
    {
        var inner = new CapturingProvider();
        var stopping = new HostStopping();
        var logger = new ExpectedConditionsLoggerProvider(inner, stopping).CreateLogger(category);
        return (logger, inner.Levels, stopping);
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public List<LogLevel> Levels { get; } = [];

        public bool Disposed { get; private set; }

        public ILogger CreateLogger(string categoryName) => new Capturing(Levels);

        public void Dispose() => Disposed = true;
    }

    private sealed class Capturing(List<LogLevel> levels) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) => levels.Add(logLevel);
    }
}
