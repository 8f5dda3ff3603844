using Workflows.Functions.Orchestrations;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Orchestrations;

public sealed class DurableTimersTests
{
    private static readonly DateTime Start = new(2024, 2, 8, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A context started on <see cref="Start"/> (08:00 China time) whose timers reach the orchestration at the
    /// given offsets from the requested fire time (negative = early, as the Azure Storage provider's whole-second queue
    /// visibility allows).</summary>
    private static ScriptedOrchestrationContext Context(params double[] deliveryOffsetsMs)
    {
        var deliveries = new Queue<double>(deliveryOffsetsMs);
        return new ScriptedOrchestrationContext("2024-02-08 08:00", "timers")
        {
            TimerDelivery = fireAt => fireAt.AddMilliseconds(deliveries.Dequeue()),
        };
    }

    private static async Task<DateTimeOffset> WaitUntilAsync(ScriptedOrchestrationContext context, DateTimeOffset fireAt)
    {
        var (completed, firedAt) = await context.RunAsync(c => c.WaitUntilAsync(fireAt, CancellationToken.None));
        Assert.True(completed);
        return firedAt;
    }

    [Theory]
    [InlineData(new[] { 0.0 }, 1)]
    [InlineData(new[] { 250.0 }, 1)]
    [InlineData(new[] { -870.0, 5.0 }, 2)]
    [InlineData(new[] { -900.0, -400.0, -1.0, 0.0 }, 4)]
    public async Task WaitUntilAsync_TimerDeliveredEarlyOrOnTime_WaitsAgainUntilDue(double[] deliveryOffsetsMs, int expectedTimers)
    {
        var context = Context(deliveryOffsetsMs);
        var fireAt = new DateTimeOffset(Start).AddSeconds(15);

        var firedAt = await WaitUntilAsync(context, fireAt);

        Assert.True(firedAt >= fireAt, $"{firedAt:O} < {fireAt:O}");
        Assert.Equal(fireAt.AddMilliseconds(deliveryOffsetsMs[^1]), firedAt);
        Assert.Equal(Enumerable.Repeat(fireAt.UtcDateTime, expectedTimers), context.Timers);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task WaitUntilAsync_AlreadyDue_ReturnsNowWithoutTimer(int secondsFromNow)
    {
        var context = Context();

        var firedAt = await WaitUntilAsync(context, new DateTimeOffset(Start).AddSeconds(secondsFromNow));

        Assert.Equal(new DateTimeOffset(Start), firedAt);
        Assert.Empty(context.Timers);
    }
}
