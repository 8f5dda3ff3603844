using Microsoft.DurableTask;
using Moq;
using Workflows.Functions.Activities;
using Workflows.Functions.Orchestrations;

namespace Workflows.Functions.Tests.Orchestrations;

public sealed class TimerProbeOrchestrationTests
{
    private static readonly DateTime Start = new(2024, 2, 8, 0, 30, 0, DateTimeKind.Utc);

    /// <summary>A context whose replay-safe clock advances to the fire time when the timer completes.</summary>
    private static (Mock<TaskOrchestrationContext> Context, List<RecordProbeInput> ActivityInputs) Context(string instanceId)
    {
        var now = Start;
        var inputs = new List<RecordProbeInput>();
        var context = new Mock<TaskOrchestrationContext>(MockBehavior.Loose);
        context.SetupGet(c => c.InstanceId).Returns(instanceId);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        context
            .Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((fireAt, _) => now = fireAt)
            .Returns(Task.CompletedTask);
        context
            .Setup(c => c.CallActivityAsync<RecordProbeResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => inputs.Add((RecordProbeInput)input!))
            .ReturnsAsync(
                (TaskName _, object? input, TaskOptions? _) => new RecordProbeResult("recorded " + ((RecordProbeInput)input!).InstanceId)
            );
        return (context, inputs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(86_400)]
    public async Task RunAsync_FireTimeInFuture_WaitsOnTimerThenRecordsWithInstanceId(int delaySeconds)
    {
        var (context, inputs) = Context("probe-1");
        var fireAt = new DateTimeOffset(Start).AddSeconds(delaySeconds);

        var result = await new TimerProbeOrchestration().RunAsync(context.Object, new TimerProbeInput(fireAt, "note"));

        context.Verify(c => c.CreateTimer(fireAt.UtcDateTime, It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(
            c =>
                c.CallActivityAsync<RecordProbeResult>(
                    It.Is<TaskName>(n => n.Name == nameof(RecordProbeActivity)),
                    It.IsAny<object?>(),
                    It.IsAny<TaskOptions?>()
                ),
            Times.Once
        );
        var recorded = Assert.Single(inputs);
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
        var (context, inputs) = Context("probe-2");
        var fireAt = new DateTimeOffset(Start).AddSeconds(delaySeconds);

        var result = await new TimerProbeOrchestration().RunAsync(context.Object, new TimerProbeInput(fireAt, "late"));

        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
        var recorded = Assert.Single(inputs);
        Assert.Equal("probe-2", recorded.InstanceId);
        Assert.Equal(new DateTimeOffset(Start), recorded.FiredUtc);
        Assert.Equal(result.StartedUtc, result.FiredUtc);
    }
}
