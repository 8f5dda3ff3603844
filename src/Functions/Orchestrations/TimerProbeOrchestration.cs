using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Functions.Activities;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations;

public sealed record TimerProbeInput(DateTimeOffset FireAtUtc, string Note);

public sealed record TimerProbeResult(DateTimeOffset StartedUtc, DateTimeOffset FiredUtc, string Recorded);

/// <summary>
/// The smallest real workflow: wait on a durable timer until <see cref="TimerProbeInput.FireAtUtc"/>, then record it
/// through an activity. It proves the engine, its timers and its storage on both hosts, and survives restarts.
/// </summary>
public sealed class TimerProbeOrchestration : TaskOrchestrator<TimerProbeInput, TimerProbeResult>
{
    [Function(nameof(TimerProbeOrchestration))]
    public static Task<TimerProbeResult> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TimerProbeOrchestration().RunAsync(
            context,
            context.GetInput<TimerProbeInput>() ?? throw new InvalidOperationException("TimerProbeOrchestration needs an input.")
        );

    public override async Task<TimerProbeResult> RunAsync(TaskOrchestrationContext context, TimerProbeInput input)
    {
        // Time enters only as the context's replay-safe clock or as input, never the wall clock.
        var started = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        context.SetCustomStatus(new { state = "waiting", until = input.FireAtUtc });
        var fired = await context.WaitUntilAsync(input.FireAtUtc, CancellationToken.None);
        var recorded = await ActivityCalls.RecordProbe.RunAsync(context, new RecordProbeInput(context.InstanceId, input.Note, fired));
        context.SetCustomStatus(new { state = "done" });
        return new TimerProbeResult(started, fired, recorded.Message);
    }
}
