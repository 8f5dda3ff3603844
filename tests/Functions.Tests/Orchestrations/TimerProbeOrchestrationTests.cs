using Workflows.Functions.Activities;
using Workflows.Functions.Orchestrations;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Orchestrations;

public sealed class TimerProbeOrchestrationTests
{
    private static readonly DateTime Start = new(2024, 2, 8, 0, 30, 0, DateTimeKind.Utc);

    /// <summary>Started on <see cref="Start"/> (08:30 China time); the probe's one timer fires at its time and the
    /// replay-safe clock moves there.</summary>
    private static ScriptedOrchestrationContext Context(string instanceId) =>
        new ScriptedOrchestrationContext("2024-02-08 08:30", instanceId).Answers<RecordProbeInput, RecordProbeResult>(
            input => new RecordProbeResult("recorded " + input.InstanceId)
        );

    private static async Task<TimerProbeResult> RunAsync(ScriptedOrchestrationContext context, TimerProbeInput input)
    {
        var (completed, result) = await context.RunAsync(c => new TimerProbeOrchestration().RunAsync(c, input));
        Assert.True(completed);
        return result!;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(86_400)]
    public async Task RunAsync_FireTimeInFuture_WaitsOnTimerThenRecordsWithInstanceId(int delaySeconds)
    {
        var context = Context("probe-1");
        var fireAt = new DateTimeOffset(Start).AddSeconds(delaySeconds);

        var result = await RunAsync(context, new TimerProbeInput(fireAt, "note"));

        Assert.Equal([fireAt.UtcDateTime], context.Timers);
        Assert.Equal([nameof(RecordProbeActivity)], context.ActivityNames);
        var recorded = Assert.Single(context.Inputs<RecordProbeInput>());
        Assert.Equal("probe-1", recorded.InstanceId);
        Assert.Equal("note", recorded.Note);
        Assert.Equal(fireAt, recorded.FiredUtc);
        Assert.Equal(new DateTimeOffset(Start), result.StartedUtc);
        Assert.Equal(fireAt, result.FiredUtc);
        Assert.Equal("recorded probe-1", result.Recorded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-3600)]
    public async Task RunAsync_FireTimeNotInFuture_RecordsWithoutTimer(int delaySeconds)
    {
        var context = Context("probe-2");
        var fireAt = new DateTimeOffset(Start).AddSeconds(delaySeconds);

        var result = await RunAsync(context, new TimerProbeInput(fireAt, "late"));

        Assert.Empty(context.Timers);
        var recorded = Assert.Single(context.Inputs<RecordProbeInput>());
        Assert.Equal("probe-2", recorded.InstanceId);
        Assert.Equal(new DateTimeOffset(Start), recorded.FiredUtc);
        Assert.Equal(result.StartedUtc, result.FiredUtc);
    }
}
