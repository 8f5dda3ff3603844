namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// Issue 17 item 2: every committed history (an instance of a procedure stopped at one of its waiting points, captured
/// from the real engine by <see cref="ReplayCaptureTests"/>) replays against today's orchestrators without a divergent
/// step. A change that would break a waiting case after a release fails here, naming the procedure, the waiting point
/// and the first divergent step. Such a change needs a new orchestration version (docs/changing-an-orchestration.md).
/// </summary>
public sealed class ReplayCompatibilityTests
{
    public static TheoryData<string> Histories()
    {
        var data = new TheoryData<string>();
        foreach (var path in ReplayHistoryFile.Committed())
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_CommittedHistory_TodaysCodeTakesTheSameSteps(string file)
    {
        var history = ReplayHistoryFile.Load(Path.Combine(AppContext.BaseDirectory, "Replay", "Histories", file));

        var outcome = ReplayHarness.Replay(history);

        Assert.True(outcome.Compatible, outcome.Divergence);
    }

    [Fact]
    public void Histories_EveryProcedureWaitingPoint_HasACommittedHistory()
    {
        var committed = ReplayHistoryFile.Committed().Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);

        var missing = ReplayScenarios.All.Select(s => s.FileName).Where(f => !committed.Contains(f)).ToList();

        Assert.True(missing.Count == 0, $"No committed history for {string.Join(", ", missing)}: run scripts/capture-replay-histories.sh.");
        var procedures = ReplayScenarios.All.Select(s => s.Procedure).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal)
        {
            "registration", "simplified-deregistration", "individual-business-deregistration", "revocation", "tracker",
            "coal-substitution", "retrofit-programme", "retrofit-project",
            "standard-factory-submission", "standard-factory-round",
            "two-high-region", "two-high-project",
            "proxy-power-obligation", "proxy-power-user",
            "patent-award-round", "patent-award-application",
        }, procedures);
    }
}
