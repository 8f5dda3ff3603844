using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;
using Workflows.LocalHost;

// The compliance sweep's collection phase on Azurite: D due deadlines (overdue, due today, inside the warning horizon)
// among N tracked ones. Usage: dotnet run -c Release -- [--tracked N] [--due D] [--runs R]
// It starts its own Azurite (AzuriteLauncher) on an empty data folder and refuses to run against one already running,
// because it fills the Cases and Deadlines tables.
var tracked = Arg("--tracked", 10_000);
var dueCount = Arg("--due", 1_000);
var runs = Arg("--runs", 5);
var today = new DateOnly(2024, 3, 12);
const int SpreadDays = 730;

// --use-running-azurite: measure against an Azurite the caller started on 10000-10002, e.g. with
// --inMemoryPersistence (Azurite's disk persistence serializes a whole table with JSON.stringify and crashed at
// ~400,000 rows of one table on this machine; see README-sweep.md). The caller must give it empty tables.
var useRunning = args.Contains("--use-running-azurite");
if (!useRunning && await AzuriteLauncher.IsRunningAsync())
{
    Console.Error.WriteLine("Azurite already answers on 10000-10002: stop it first (this benchmark fills its tables).");
    return 2;
}

var root = RepositoryPaths.FindRoot();
var dataFolder = Path.Combine(root, ".local", "azurite-sweepbench");
if (Directory.Exists(dataFolder))
{
    Directory.Delete(dataFolder, recursive: true);
}

await using var azurite = useRunning ? null : await AzuriteLauncher.EnsureRunningAsync(root, dataFolder, Console.WriteLine);
var service = new TableServiceClient(AzuriteLauncher.DevelopmentConnectionString);
var tables = new AzureTableStore(service);
var clock = TimeProvider.System;
var sweep = new ComplianceSweep(new CaseStore(tables), new DeadlineIndex(tables), new NotificationOutbox(tables),
    new CalendarService(tables, [], clock, NullLogger<CalendarService>.Instance), new DigestWriter(new InMemoryBlobStore(clock)), NullLogger<ComplianceSweep>.Instance);

Console.WriteLine($"Seeding {dueCount:N0} due deadlines (with case rows) and {tracked - dueCount:N0} future ones (index rows only, due over {SpreadDays} days)...");
var seedWatch = Stopwatch.StartNew();
await SeedAsync();
Console.WriteLine($"Seeded {tracked:N0} tracked deadlines ({2 * tracked:N0} index rows) in {seedWatch.Elapsed.TotalSeconds:N0} s.");

var timings = new List<double>();
DueDeadlines? last = null;
for (var run = 0; run <= runs; run++)
{
    var watch = Stopwatch.StartNew();
    last = await sweep.CollectAsync(today, CancellationToken.None);
    watch.Stop();
    if (run > 0)
    {
        // Run 0 warms up connections and JIT.
        timings.Add(watch.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"collect run {run}: {watch.Elapsed.TotalMilliseconds:N0} ms, {last.IndexRowsRead:N0} index rows read, {last.Items.Count:N0} due items, {last.StaleRowsRemoved} stale");
}

timings.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT tracked={tracked} due={dueCount} rowsRead={last!.IndexRowsRead} items={last.Items.Count} medianMs={timings[timings.Count / 2]:F0} minMs={timings[0]:F0} maxMs={timings[^1]:F0}"));
return 0;

async Task SeedAsync()
{
    // Due set: a third overdue (1-5 days), a third due today, a third due tomorrow with the warning from today.
    var dueEntries = Enumerable.Range(0, dueCount).Select(i =>
    {
        var due = (i % 3) switch { 0 => today.AddDays(-1 - (i % 5)), 1 => today, _ => today.AddDays(1) };
        return Entry(i, due, due.AddDays(-1) > today ? today : due.AddDays(-1));
    }).ToList();
    var futureEntries = Enumerable.Range(dueCount, tracked - dueCount).Select(i =>
    {
        var due = today.AddDays(3 + (i % SpreadDays));
        return Entry(i, due, due.AddDays(-1));
    });

    var caseRows = dueEntries.Select(e => new TableRow(e.Agency, e.CaseId, new Dictionary<string, string>
    {
        ["Json"] = System.Text.Json.JsonSerializer.Serialize(new CaseRecord
        {
            Id = e.CaseId, Procedure = e.Procedure, Agency = e.Agency, Title = e.Title, State = "under-review",
            CreatedUtc = ChinaTime.StartOfDayUtc(today.AddDays(-10)), Deadline = e.Deadline,
        }, CaseJson.Options),
        ["Procedure"] = e.Procedure,
        ["State"] = "under-review",
        ["Closed"] = "false",
        ["Due"] = DeadlineIndex.Partition(e.Deadline.Due),
    }));
    await SubmitBatchesAsync(StorageNames.CasesTable, caseRows);

    var indexRows = dueEntries.Concat(futureEntries).SelectMany(e =>
    {
        var (dueRow, warningRow) = DeadlineIndex.Rows(e);
        return new[] { dueRow, warningRow };
    });
    await SubmitBatchesAsync(StorageNames.DeadlinesTable, indexRows);
}

// Entity-group transactions: up to 100 rows of one partition per batch, 8 batches in flight.
async Task SubmitBatchesAsync(string table, IEnumerable<TableRow> rows)
{
    var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100));
    var written = 0L;
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
    {
        await tables.SubmitTransactionAsync(table, batch, ct);
        var total = Interlocked.Add(ref written, batch.Length);
        if (total / 100_000 != (total - batch.Length) / 100_000)
        {
            Console.WriteLine($"  {table}: {total:N0} rows");
        }
    });
}

DeadlineEntry Entry(int i, DateOnly due, DateOnly warning)
{
    const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    var suffix = new char[8];
    var n = i;
    for (var k = 7; k >= 0; k--)
    {
        suffix[k] = Alphabet[n % 32];
        n /= 32;
    }

    var id = $"REG-411100-20240301-{new string(suffix)}";
    var deadline = new CaseDeadline("decision", "登记决定", due, ChinaTime.EndOfDayUtc(due), warning, LegalCalendar.WorkingDaysRule,
        "市场主体登记管理条例第十九条", false, ["受理之日起 3 个工作日内作出登记决定"], Role.RegistrationOfficer, due.AddDays(-5), 3);
    return new DeadlineEntry(id, "411100", "market-registration", "示例设立登记 " + i.ToString(CultureInfo.InvariantCulture), deadline);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
