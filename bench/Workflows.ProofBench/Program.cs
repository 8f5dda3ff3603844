using System.Globalization;
using Workflows.LocalHost;
using Workflows.ProofBench;

// dotnet run -c Release --project bench/Workflows.ProofBench -- durability --cases 500
// dotnet run -c Release --project bench/Workflows.ProofBench -- listpages --backend both --sizes 1000,100000
// dotnet run -c Release --project bench/Workflows.ProofBench -- throughput --cases 200 [--backend in-memory|azurite|both] [--open 10000]
var mode = args.FirstOrDefault() ?? "help";
int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

string Text(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

var root = RepositoryPaths.FindRoot();
switch (mode)
{
    case "durability":
    {
        await using var azurite = await PrivateAzurite.StartAsync(root);
        var cases = Option("--cases", 500);
        var report = await DurabilityScenario.RunAsync(
            new DurabilityOptions
            {
                Cases = cases,
                Concurrency = Option("--concurrency", 16),
                LocalHostDll = LocalHostProcess.DefaultDll(root, LocalHostProcess.CurrentConfiguration),
                RepositoryRoot = root,
                StorageConnectionString = azurite.ConnectionString,
                Timeout = TimeSpan.FromSeconds(Option("--timeout-seconds", 600)),
                Log = Console.WriteLine,
            }
        );
        Console.WriteLine($"control:     {report.Control.Elapsed.TotalSeconds:F1}s, {report.Control.EventPosts} event POSTs");
        Console.WriteLine(
            $"interrupted: {report.Interrupted.Elapsed.TotalSeconds:F1}s, {report.Interrupted.EventPosts} event POSTs ({report.Interrupted.RetriedPosts} resent), down {report.Interrupted.Downtime?.TotalSeconds:F1}s"
        );
        foreach (var g in report.Interrupted.Cases.GroupBy(c => (c.Outcome, c.Late)))
        {
            Console.WriteLine($"  {g.Key.Outcome ?? "open"} late={g.Key.Late}: {g.Count()} cases");
        }

        Console.WriteLine(
            report.Identical ? $"IDENTICAL: all {cases} cases match the control run." : $"{report.Differences.Count} DIFFERENCES:"
        );
        foreach (var d in report.Differences)
        {
            Console.WriteLine("  " + d);
        }

        Console.WriteLine("LocalHost warnings of the interrupted run:");
        foreach (var w in report.Interrupted.Warnings())
        {
            Console.WriteLine("  " + w);
        }

        return report.Identical ? 0 : 1;
    }

    case "throughput":
        return await Throughput.RunAsync(
            root,
            Option("--cases", 200),
            Text("--backend", "both"),
            Option("--open", 10_000),
            Option("--latency", 100),
            Option("--poll-ms", 10),
            Text("--wait", "events"),
            Option("--warmup", 100),
            Text("--bare-input", "case") == "application",
            // Azurite as LocalHost runs it (on disk) unless asked otherwise; in memory, its queue sweeps stall it (issue 22).
            Text("--azurite", "disk") == "disk",
            // --open N --open-bare: N bare orchestrations opened instead of N registrations (the engine's floor).
            args.Contains("--open-bare")
        );

    case "listpages":
        return await ListPages.RunAsync(
            root,
            Text("--backend", "in-memory"),
            [.. Text("--sizes", "1000,100000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))],
            Option("--repeats", 30)
        );

    default:
        Console.WriteLine(
            "modes: listpages [--backend in-memory|azurite|both] [--sizes 1000,100000] [--repeats 30] | durability [--cases 500] [--concurrency 16] | throughput [--cases 200] [--backend in-memory|azurite|both] [--open 10000] [--latency 100] [--poll-ms 10] [--wait events|client|http|both] [--warmup 100] [--bare-input case|application] [--azurite disk|memory] [--open-bare]"
        );
        return 2;
}
