using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Protobuf;
using Microsoft.DurableTask.Worker.Grpc;
using Workflows.Functions.Registry;

namespace Workflows.Integration.Tests.Replay;

/// <summary>What replaying one history against today's code found.</summary>
/// <param name="Divergence">Null when today's code takes exactly the steps the history records; else the first divergent step.</param>
/// <param name="Actions">The actions today's code asked for after the history (none at a true waiting point).</param>
public sealed record ReplayOutcome(string? Divergence, IReadOnlyList<OrchestratorAction> Actions)
{
    public bool Compatible => Divergence is null;
}

/// <summary>
/// Replays a recorded history against an orchestrator the way Durable Functions (isolated) runs one: through the Durable
/// Task SDK's <see cref="GrpcOrchestrationRunner"/>, which rebuilds DurableTask.Core's OrchestrationRuntimeState and
/// runs TaskOrchestrationExecutor. A changed step (another activity, a timer where an activity was, a step removed)
/// makes DurableTask.Core raise its NonDeterministicOrchestrationException; a step added before the waiting point
/// shows up as a new action. Either is a case that would break (or act twice) after the release.
/// </summary>
public static partial class ReplayHarness
{
    public static OrchestratorResponse Run(ITaskOrchestrator orchestrator, string instanceId, IEnumerable<HistoryEvent> pastEvents, IEnumerable<HistoryEvent> newEvents)
    {
        var request = new OrchestratorRequest { InstanceId = instanceId };
        request.PastEvents.AddRange(pastEvents);
        request.NewEvents.AddRange(newEvents);
        var encoded = GrpcOrchestrationRunner.LoadAndRun(request.ToByteString().ToBase64(), orchestrator);
        return OrchestratorResponse.Parser.ParseFrom(ByteString.FromBase64(encoded));
    }

    public static ITaskOrchestrator Create(string orchestratorName)
    {
        var registration = WorkflowRegistry.Orchestrators.SingleOrDefault(o => o.Name == orchestratorName)
            ?? throw new InvalidOperationException($"No orchestrator '{orchestratorName}' is registered any more: a waiting case of it cannot resume.");
        return (ITaskOrchestrator)Activator.CreateInstance(registration.Type)!;
    }

    /// <summary>Replays <paramref name="history"/> (stopped at a waiting point) with no new event.</summary>
    public static ReplayOutcome Replay(ReplayHistoryFile history) => Replay(history, () => Create(history.Orchestrator));

    /// <summary>Replays <paramref name="history"/> against the orchestrator <paramref name="code"/> makes (today's, or a changed one).</summary>
    public static ReplayOutcome Replay(ReplayHistoryFile history, Func<ITaskOrchestrator> code)
    {
        var events = history.Events();
        OrchestratorResponse response;
        try
        {
            response = Run(code(), history.InstanceId, events, []);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return new ReplayOutcome(Describe(history, events, e.Message), []);
        }

        var failed = response.Actions.FirstOrDefault(a => a.CompleteOrchestration is { OrchestrationStatus: OrchestrationStatus.Failed });
        if (failed is not null)
        {
            var details = failed.CompleteOrchestration.FailureDetails;
            return new ReplayOutcome(Describe(history, events, $"{details?.ErrorType}: {details?.ErrorMessage}"), response.Actions);
        }

        if (events.FirstOrDefault(e => e.EventTypeCase == HistoryEvent.EventTypeOneofCase.ExecutionCompleted) is { } completed)
        {
            return SameCompletion(history, events, completed.ExecutionCompleted, response.Actions);
        }

        var added = response.Actions.FirstOrDefault();
        if (added is not null)
        {
            return new ReplayOutcome(Describe(history, events, $"today's code takes a step the history does not have: {Step(added)}"), response.Actions);
        }

        return ChangedTimer(history, events, code) is { } moved ? new ReplayOutcome(moved, []) : new ReplayOutcome(null, []);
    }

    /// <summary>
    /// DurableTask.Core matches a replayed timer by its sequence number only, so a timer whose instant changed passes the
    /// replay while the waiting case keeps the old instant. Each episode is run again on the history before it, and
    /// the timers today's code creates must fire when the recorded ones do.
    /// </summary>
    private static string? ChangedTimer(ReplayHistoryFile history, IReadOnlyList<HistoryEvent> events, Func<ITaskOrchestrator> code)
    {
        for (var start = 0; start < events.Count;)
        {
            var end = start;
            while (end < events.Count && events[end].EventTypeCase != HistoryEvent.EventTypeOneofCase.OrchestratorCompleted)
            {
                end++;
            }

            var episode = events.Skip(start).Take(end - start).ToList();
            var recorded = episode.Where(e => e.EventTypeCase == HistoryEvent.EventTypeOneofCase.TimerCreated).ToList();
            if (recorded.Count > 0)
            {
                var actions = Run(code(), history.InstanceId, events.Take(start), episode.Where(e => !IsAction(e))).Actions;
                foreach (var timer in recorded)
                {
                    var now = actions.FirstOrDefault(a => a.Id == timer.EventId && a.CreateTimer is not null);
                    if (now is null || now.CreateTimer.FireAt != timer.TimerCreated.FireAt)
                    {
                        var instead = now is null ? "no timer" : $"a timer until {now.CreateTimer.FireAt.ToDateTimeOffset():O}";
                        return Describe(history, events, $"the waiting case's timer (sequence number {timer.EventId}) fires at "
                            + $"{timer.TimerCreated.FireAt.ToDateTimeOffset():O}; today's code creates {instead} there");
                    }
                }
            }

            start = end + 1;
        }

        return null;
    }

    private static bool IsAction(HistoryEvent e) => e.EventTypeCase is HistoryEvent.EventTypeOneofCase.TaskScheduled
        or HistoryEvent.EventTypeOneofCase.TimerCreated or HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated
        or HistoryEvent.EventTypeOneofCase.EventSent or HistoryEvent.EventTypeOneofCase.ExecutionCompleted;

    /// <summary>A completed history (kept until the purge) must end the same way: same status, same output.</summary>
    private static ReplayOutcome SameCompletion(ReplayHistoryFile history, IReadOnlyList<HistoryEvent> events, ExecutionCompletedEvent recorded, Google.Protobuf.Collections.RepeatedField<OrchestratorAction> actions)
    {
        var complete = actions.Count == 1 ? actions[0].CompleteOrchestration : null;
        return complete is not null && complete.OrchestrationStatus == recorded.OrchestrationStatus && complete.Result == recorded.Result
            ? new ReplayOutcome(null, actions)
            : new ReplayOutcome(Describe(history, events,
                $"the recorded run ended {recorded.OrchestrationStatus} with {recorded.Result}; today's code asks for {string.Join(", ", actions.Select(Step))}"), actions);
    }

    /// <summary>"procedure / waiting point: first divergent step #n (the recorded event with that sequence id): reason".</summary>
    private static string Describe(ReplayHistoryFile history, IReadOnlyList<HistoryEvent> events, string reason)
    {
        var match = SequenceId().Match(reason);
        var recorded = match.Success ? Recorded(events, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) : null;
        var step = recorded is null ? "after the last recorded step" : $"#{recorded.Value.Index} of {events.Count} ({recorded.Value.Text})";
        return $"{history.Procedure} / {history.WaitingPoint}: first divergent step {step}: {reason}";
    }

    private static (int Index, string Text)? Recorded(IReadOnlyList<HistoryEvent> events, int sequenceId)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.EventId == sequenceId && e.EventTypeCase is HistoryEvent.EventTypeOneofCase.TaskScheduled or HistoryEvent.EventTypeOneofCase.TimerCreated)
            {
                return (i + 1, e.EventTypeCase == HistoryEvent.EventTypeOneofCase.TaskScheduled ? $"activity {e.TaskScheduled.Name}" : $"timer until {e.TimerCreated.FireAt.ToDateTimeOffset():O}");
            }
        }

        return null;
    }

    public static string Step(OrchestratorAction action) => action.OrchestratorActionTypeCase switch
    {
        OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask => $"#{action.Id} activity {action.ScheduleTask.Name}",
        OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer => $"#{action.Id} timer until {action.CreateTimer.FireAt.ToDateTimeOffset():O}",
        OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration => $"#{action.Id} complete ({action.CompleteOrchestration.OrchestrationStatus})",
        _ => $"#{action.Id} {action.OrchestratorActionTypeCase}",
    };

    [GeneratedRegex(@"sequence (?:ID|number) (\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex SequenceId();
}
