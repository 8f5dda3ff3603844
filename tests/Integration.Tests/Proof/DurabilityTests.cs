using Workflows.LocalHost;
using Workflows.ProofBench;

namespace Workflows.Integration.Tests.Proof;

/// <summary>
/// Issue 8 item 1 (the same scenario as <c>bench/Workflows.ProofBench -- durability --cases 500</c>, here with 20 cases):
/// registration cases in mixed states, the LocalHost PROCESS killed with SIGKILL while events are being submitted,
/// restarted on the same Azure Storage task hub (a private Azurite on free ports), lost responses resent with the same Idempotency-Key; every
/// case must end exactly as in an uninterrupted control run on another task hub.
/// </summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task HardKill_MidSubmission_EveryCaseMatchesUninterruptedRun()
    {
        var root = RepositoryPaths.FindRoot();
        await using var azurite = await PrivateAzurite.StartAsync(root);
        var log = new List<string>();

        var report = await DurabilityScenario.RunAsync(
            new DurabilityOptions
            {
                Cases = 20,
                Concurrency = 10,
                LocalHostDll = LocalHostProcess.DefaultDll(root, LocalHostProcess.CurrentConfiguration),
                RepositoryRoot = root,
                StorageConnectionString = azurite.ConnectionString,
                // A hard kill leaves dequeued messages invisible for the queue visibility timeout (1 minute on LocalHost).
                Timeout = TimeSpan.FromSeconds(150),
                Log = line =>
                {
                    lock (log)
                    {
                        log.Add(line);
                    }
                },
            }
        );

        Assert.True(report.Interrupted.Downtime is not null, "The host was never killed: " + string.Join(Environment.NewLine, log));
        Assert.True(
            report.Identical,
            string.Join(
                Environment.NewLine,
                report.Differences.Concat(log).Append("LocalHost warnings of the interrupted run:").Concat(report.Interrupted.Warnings())
            )
        );
        Assert.All(report.Interrupted.Cases, c => Assert.Equal(DurabilityScenario.ExpectedOutcome(c.Index), c.Outcome));
        Assert.Equal(report.Control.Cases.Sum(c => c.Actions.Count), report.Interrupted.Cases.Sum(c => c.Actions.Count));
    }
}
