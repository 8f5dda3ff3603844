using Microsoft.DurableTask;
using Moq;
using Workflows.Functions.Orchestrations;

namespace Workflows.Functions.Tests.Orchestrations;

public sealed class DurableTimersTests
{
    private static readonly DateTime Start = new(2024, 2, 8, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A context whose timers complete at the given offsets from the requested fire time (negative = early,
    /// as the Azure Storage provider's whole-second queue visibility allows).</summary>
    private static Mock<TaskOrchestrationContext> Context(params double[] deliveryOffsetsMs)
    {
        var now = Start;
        var deliveries = new Queue<double>(deliveryOffsetsMs);
        var context = new Mock<TaskOrchestrationContext>();
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((fireAt, _) => now = fireAt.AddMilliseconds(deliveries.Dequeue()))
            .Returns(Task.CompletedTask);
        return context;
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

        var firedAt = await context.Object.WaitUntilAsync(fireAt, CancellationToken.None);

        Assert.True(firedAt >= fireAt, $"{firedAt:O} < {fireAt:O}");
        Assert.Equal(fireAt.AddMilliseconds(deliveryOffsetsMs[^1]), firedAt);
        context.Verify(c => c.CreateTimer(fireAt.UtcDateTime, It.IsAny<CancellationToken>()), Times.Exactly(expectedTimers));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task WaitUntilAsync_AlreadyDue_ReturnsNowWithoutTimer(int secondsFromNow)
    {
        var context = Context();

        var firedAt = await context.Object.WaitUntilAsync(new DateTimeOffset(Start).AddSeconds(secondsFromNow), CancellationToken.None);

        Assert.Equal(new DateTimeOffset(Start), firedAt);
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
