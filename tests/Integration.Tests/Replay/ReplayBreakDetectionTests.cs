using Microsoft.DurableTask;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Registry;

namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// Issue 17 item 2, the demonstration kept as a test: a deliberately reordered registration orchestration (the
/// deadline computed before the ban check, the reverse of what every waiting case recorded) fails the replay of every
/// committed registration history, naming the procedure, the waiting point and the first divergent step; the code as
/// it is ("restored") replays them all. If this test passes with the reordered code, the replay suite cannot catch a
/// release that breaks waiting cases.
/// </summary>
public sealed class ReplayBreakDetectionTests
{
    public static TheoryData<string> RegistrationHistories()
    {
        var data = new TheoryData<string>();
        foreach (var path in ReplayHistoryFile.Committed().Where(p => Path.GetFileName(p).StartsWith("registration.", StringComparison.Ordinal)))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RegistrationHistories))]
    public void Replay_DeliberatelyReorderedRegistration_FailsNamingProcedureWaitingPointAndStep(string file)
    {
        var history = Load(file);

        var outcome = ReplayHarness.Replay(history, () => new ReorderedRegistration());

        Assert.False(outcome.Compatible, $"{file}: the reordered orchestration replayed as if nothing changed.");
        Assert.StartsWith($"registration / {history.WaitingPoint}: first divergent step #", outcome.Divergence, StringComparison.Ordinal);
        Assert.Contains(ActivityCalls.CheckBans.Name, outcome.Divergence, StringComparison.Ordinal);
        Assert.Contains(ActivityCalls.ComputeDeadline.Name, outcome.Divergence, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistrationHistories))]
    public void Replay_RestoredRegistration_Passes(string file)
    {
        var outcome = ReplayHarness.Replay(Load(file), () => new RegistrationOrchestration());

        Assert.True(outcome.Compatible, outcome.Divergence);
    }

    private static ReplayHistoryFile Load(string file) =>
        ReplayHistoryFile.Load(Path.Combine(AppContext.BaseDirectory, "Replay", "Histories", file));

    /// <summary>The break: a deadline computed first, then the registration as it is (its ban check now comes second).</summary>
    private sealed class ReorderedRegistration : TaskOrchestrator<RegistrationInput, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, RegistrationInput input)
        {
            await context.CallActivityAsync<object>(ActivityCalls.ComputeDeadline.Name, input: null);
            return await new RegistrationOrchestration().RunAsync(context, input);
        }
    }
}
