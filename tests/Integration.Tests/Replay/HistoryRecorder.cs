using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Workflows.LocalHost;
using ProtoEvent = Microsoft.DurableTask.Protobuf.HistoryEvent;

namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// Wraps the engine's <see cref="IOrchestrationService"/> and keeps, per instance, the history the engine committed at the
/// end of each episode (in the gRPC protocol's form, as a worker receives it). Each commit is a signal: a capture waits
/// on it instead of sleeping.
/// </summary>
public class HistoryRecorder : DispatchProxy, IOrchestrationServiceDecorator
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ProtoEvent>> histories = new(StringComparer.Ordinal);
    private TaskCompletionSource committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IOrchestrationService Inner { get; private set; } = null!;

    public static HistoryRecorder Wrap(IOrchestrationService inner)
    {
        var proxy = Create<IOrchestrationService, HistoryRecorder>();
        var recorder = (HistoryRecorder)(object)proxy;
        recorder.Inner = inner;
        return recorder;
    }

    public IOrchestrationService Service => (IOrchestrationService)(object)this;

    public IReadOnlyList<ProtoEvent>? History(string instanceId) => histories.GetValueOrDefault(instanceId);

    /// <summary>Waits until the instance's committed history satisfies <paramref name="atRest"/>.</summary>
    public async Task<IReadOnlyList<ProtoEvent>> WaitAsync(string instanceId, Func<IReadOnlyList<ProtoEvent>, bool> atRest, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Volatile.Read(ref committed).Task;
            if (History(instanceId) is { } history && atRest(history))
            {
                return history;
            }

            try
            {
                await next.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Instance {instanceId} did not come to rest in {timeout}; last history has {History(instanceId)?.Count ?? 0} events.");
            }
        }
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        if (targetMethod.Name == nameof(IOrchestrationService.CompleteTaskOrchestrationWorkItemAsync) && args?[1] is OrchestrationRuntimeState state)
        {
            var snapshot = state.Events.Select(ProtobufUtils.ToHistoryEventProto).ToList();
            return RecordAfterAsync((Task)result!, state.OrchestrationInstance!.InstanceId, snapshot);
        }

        return result;
    }

    private async Task RecordAfterAsync(Task commit, string instanceId, IReadOnlyList<ProtoEvent> history)
    {
        await commit.ConfigureAwait(false);
        histories[instanceId] = history;
        Interlocked.Exchange(ref committed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
