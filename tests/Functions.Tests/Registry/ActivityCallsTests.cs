using System.Reflection;
using Microsoft.DurableTask;
using Workflows.Functions.Registry;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Registry;

public sealed class ActivityCallsTests
{
    [Fact]
    public void ActivityCalls_EveryRegisteredActivity_HasOneTypedCall()
    {
        var calls = typeof(ActivityCalls).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Select(p => (string)p.PropertyType.GetProperty("Name")!.GetValue(p.GetValue(null))!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(WorkflowRegistry.Activities.Select(a => a.Name).Order(StringComparer.Ordinal), calls);
    }

    [Fact]
    public void Policy_WriteConflict_IsRetriedWithBackoff()
    {
        var conflict = new TaskFailureDetails(typeof(StorageConflictException).FullName!, "412 precondition failed", null, null, null);

        Assert.True(ActivityRetry.IsRetried(conflict));
        Assert.True(ActivityRetry.Policy.MaxNumberOfAttempts > 1);
        Assert.True(ActivityRetry.Policy.BackoffCoefficient > 1);
        Assert.Same(ActivityRetry.Policy, ActivityRetry.Options.Retry?.Policy);
    }

    [Fact]
    public void Policy_ArgumentError_FailsAtOnce()
    {
        var bug = new TaskFailureDetails(typeof(ArgumentException).FullName!, "Unknown statutory period 'x'.", null, null, null);

        Assert.False(ActivityRetry.IsRetried(bug));
    }
}
