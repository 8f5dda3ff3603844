using System.Globalization;
using Workflows.Domain.Calendar;
using Workflows.LocalHost;
using Workflows.ProofBench;
using Workflows.Tests.Support;
using Xunit.Abstractions;

namespace Workflows.Integration.Tests.Walkthroughs;

/// <summary>
/// Runs each walkthrough in docs/ as a reader would, block by block in one bash session, against a fresh LocalHost
/// on the default backend (Azure Storage over an Azurite of its own, so earlier runs' cases cannot show up), and
/// compares every shown output with the recording on its stable fields (<see cref="TranscriptMatcher"/>).
/// <c>WORKFLOWS_RECORD_WALKTHROUGHS=1</c> rewrites the output blocks with this run's output instead
/// (<c>bash scripts/check-walkthroughs.sh --record</c>).
/// </summary>
public sealed class WalkthroughTests(ITestOutputHelper output)
{
    /// <summary>The host address the walkthroughs use (the README's `dotnet run --project src/LocalHost`).</summary>
    private const string DocumentedHost = "http://localhost:7071";

    private static bool Recording => Environment.GetEnvironmentVariable("WORKFLOWS_RECORD_WALKTHROUGHS") == "1";

    [Theory]
    [InlineData("walkthrough-market-entities.md")]
    [InlineData("walkthrough-energy.md")]
    [InlineData("walkthrough-standard-factories.md")]
    [InlineData("walkthrough-two-high.md")]
    [InlineData("walkthrough-proxy-power.md")]
    [InlineData("walkthrough-patent-award.md")]
    public async Task Walkthrough_FreshAzuriteHost_PrintsTheRecordedStableFields(string file)
    {
        var root = RepositoryPaths.FindRoot();
        var document = WalkthroughDocument.Load(Path.Combine(root, "docs", file));
        var steps = document.Steps().ToList();
        Assert.True(steps.Count(s => s.Expected is not null) >= 10, $"{file} shows fewer than 10 outputs; is it still a walkthrough?");

        await using var azurite = await PrivateAzurite.StartAsync(root);
        var taskHub = TestPorts.UniqueTaskHub("walk");
        await using var local = await LocalHostApp.BuildAsync(
            new LocalHostSettings { Port = TestPorts.Free(), StorageConnectionString = azurite.ConnectionString, TaskHub = taskHub },
            [$"--WORKFLOWS_TASKHUB={taskHub}"],
            _ => { });
        await local.App.StartAsync();
        try
        {
            var differences = await RunAsync(document, steps, local.BaseUrl);
            Assert.True(differences.Count == 0, $"{file} differs from a fresh run:\n{string.Join("\n", differences)}");
        }
        finally
        {
            await local.App.StopAsync();
        }
    }

    private async Task<List<string>> RunAsync(WalkthroughDocument document, List<WalkthroughStep> steps, string baseUrl)
    {
        var matcher = new TranscriptMatcher(document.RecordedOn);
        var differences = new List<string>();
        var recorded = new Dictionary<FencedBlock, string>();
        using var shell = new WalkthroughShell(RepositoryPaths.FindRoot());
        foreach (var step in steps)
        {
            var command = step.Command.Text.Replace(DocumentedHost, baseUrl, StringComparison.Ordinal);
            var printed = await shell.RunAsync(command, TimeSpan.FromMinutes(2));
            if (step.Expected is null)
            {
                continue;
            }

            if (Recording)
            {
                recorded[step.Expected] = printed;
                continue;
            }

            foreach (var difference in matcher.Compare(step.Expected.Text, printed))
            {
                differences.Add($"{Path.GetFileName(document.Path)}:{step.Expected.FirstLine + 1}: {difference}");
            }
        }

        if (differences.Count > 0)
        {
            output.WriteLine("bash standard error:\n" + shell.Errors);
        }

        if (Recording)
        {
            var today = ChinaTime.Today(TimeProvider.System);
            await File.WriteAllTextAsync(document.Path, document.WithOutputs(recorded, today));
            var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            output.WriteLine($"Recorded {recorded.Count} outputs into {document.Path} on {day}.");
        }

        return differences;
    }
}
