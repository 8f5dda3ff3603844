namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// Captures, from the real engine (in-memory LocalHost: sidecar dispatcher, SDK worker, activities), the history of a
/// case at each waiting point of every procedure, and checks that today's code replays each one. With
/// <c>WORKFLOWS_REPLAY_CAPTURE=write</c> (scripts/capture-replay-histories.sh) it also writes them over the committed
/// files in tests/Integration.Tests/Replay/Histories; do that only for new waiting points or new versions: the files
/// of older versions are what keeps waiting cases of those versions safe.
/// </summary>
public sealed class ReplayCaptureTests
{
    [Fact]
    public async Task Capture_EveryWaitingPointOfEveryProcedure_ReplaysAgainstTodaysCode()
    {
        var write = Environment.GetEnvironmentVariable("WORKFLOWS_REPLAY_CAPTURE") == "write";
        var folder = write ? ReplayHistoryFile.SourceFolder() : null;
        await using var host = await ReplayCaptureHost.StartAsync();
        var failures = new List<string>();
        foreach (var scenario in ReplayScenarios.All)
        {
            var id = await scenario.Drive(host);
            var history = await host.CaptureAsync(scenario, id);
            // LocalHost starts every new instance on the current version (issue 17 item 1; Functions: host.json).
            Assert.Equal(Functions.Orchestrations.OrchestrationVersions.Current, history.Version);
            var outcome = ReplayHarness.Replay(history);
            if (!outcome.Compatible)
            {
                failures.Add(outcome.Divergence!);
            }
            else if (folder is not null && (!File.Exists(Path.Combine(folder, history.FileName)) || Environment.GetEnvironmentVariable("WORKFLOWS_REPLAY_OVERWRITE") == "1"))
            {
                history.Save(folder);
            }

            if (scenario.Release is not null)
            {
                await scenario.Release(host, id);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
