using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Workflows.Domain.Access;
using Workflows.Domain.Cases;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.ProofBench;

/// <summary>
/// Issue 22 target: the latency of one page of <c>GET /api/cases</c> (the store's part: <see cref="CaseStore.PageAsync"/>)
/// at 1,000 and at N cases of one agency, page 1 and page 40, in memory and on a private Azurite with in-memory
/// persistence; beside it the scan every page cost before the index (<see cref="CaseStore.ListAsync"/>), same run.
/// Cases are seeded as the store writes them (record row and list rows), in entity-group batches of one partition.
/// </summary>
public static class ListPages
{
    private const string County = "411102";

    private const int PageSize = 50;

    public static async Task<int> RunAsync(string root, string backend, IReadOnlyList<int> sizes, int repeats)
    {
        Console.WriteLine($"list pages: backend {backend}, sizes {string.Join(", ", sizes)}, page size {PageSize}, median of {repeats}");
        Console.WriteLine("| backend | cases | page 1 (ms) | page 40 (ms) | red, sort=due (ms) | scan before the index (ms) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            if (backend is "in-memory" or "both")
            {
                await MeasureAsync("in-memory", new InMemoryTableStore(), size, repeats).ConfigureAwait(false);
            }

            if (backend is "azurite" or "both")
            {
                await using var azurite = await PrivateAzurite.StartAsync(root).ConfigureAwait(false);
                await MeasureAsync("azurite (in-memory persistence)", new AzureTableStore(new TableServiceClient(azurite.ConnectionString)), size, repeats)
                    .ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static async Task MeasureAsync(string name, ITableStore tables, int size, int repeats)
    {
        var seeding = Stopwatch.StartNew();
        await SeedAsync(tables, size).ConfigureAwait(false);
        var store = new CaseStore(tables);
        await store.EnsureIndexedAsync().ConfigureAwait(false);
        seeding.Stop();
        var officer = new Principal("bench-officer", "登记员", Role.RegistrationOfficer, County);
        var query = new CaseListQuery { Today = new DateOnly(2026, 3, 10) };
        var red = query with { Sort = CaseSort.Due, Light = TrafficLight.Red };
        var page40 = await PositionOfPageAsync(store, officer, query, 40).ConfigureAwait(false);
        var first = await MedianAsync(repeats, () => store.PageAsync(officer, query, null, PageSize)).ConfigureAwait(false);
        var fortieth = await MedianAsync(repeats, () => store.PageAsync(officer, query, page40, PageSize)).ConfigureAwait(false);
        var urgent = await MedianAsync(repeats, () => store.PageAsync(officer, red, null, PageSize)).ConfigureAwait(false);
        var scan = await MedianAsync(Math.Min(repeats, 5), () => store.ListAsync(County, _ => true, 40, PageSize)).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {size:N0} | {first:F1} | {fortieth:F1} | {urgent:F1} | {scan:F1} |  (seeded in {seeding.Elapsed.TotalSeconds:F0} s)"));
    }

    private static async Task<string?> PositionOfPageAsync(CaseStore store, Principal officer, CaseListQuery query, int page)
    {
        string? position = null;
        for (var i = 1; i < page; i++)
        {
            var result = await store.PageAsync(officer, query, position, PageSize).ConfigureAwait(false);
            (position, _) = CaseListIndex.ReadToken(result.ContinuationToken, query.Sort);
        }

        return position;
    }

    private static async Task<double> MedianAsync<T>(int repeats, Func<Task<T>> call)
    {
        await call().ConfigureAwait(false);
        var times = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await call().ConfigureAwait(false);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Registration cases of one county, one a minute; every tenth overdue, the rest due later.</summary>
    private static async Task SeedAsync(ITableStore tables, int size)
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var records = Enumerable.Range(0, size).Select(i => Record(i, start)).ToList();
        var caseRows = records.Select(r => new TableRow(r.Agency, r.Id, new Dictionary<string, string>
        {
            ["Procedure"] = r.Procedure,
            ["State"] = r.State,
            ["Closed"] = "false",
            ["Due"] = DeadlineIndex.Partition(r.Deadline!.Due),
            ["Json"] = System.Text.Json.JsonSerializer.Serialize(r, CaseJson.Options),
        }));
        await SubmitAsync(tables, StorageNames.CasesTable, caseRows).ConfigureAwait(false);
        await SubmitAsync(tables, CaseListIndex.Table, records.SelectMany(CaseListIndex.Rows)).ConfigureAwait(false);
        await tables.UpsertAsync(CaseListIndex.Table, new TableRow(CaseStore.LayoutPartition, CaseStore.LayoutRow, new Dictionary<string, string>
        {
            ["Built"] = "seeded by the bench",
        })).ConfigureAwait(false);
    }

    private static CaseRecord Record(int i, DateTimeOffset start)
    {
        var created = start.AddMinutes(i);
        var due = i % 10 == 0 ? new DateOnly(2026, 3, 1) : new DateOnly(2026, 4, 1).AddDays(i % 60);
        return new CaseRecord
        {
            Id = $"REG-{County}-20250101-B{i.ToString("D7", CultureInfo.InvariantCulture).Replace('0', 'Z').Replace('1', 'Y')}",
            Procedure = "registration",
            Agency = County,
            Title = $"设立登记 漯河市郾城区第{i}号商贸有限公司",
            State = "under-review",
            CreatedUtc = created,
            UpdatedUtc = created,
            Usccs = [],
            Parties = [new CaseParty("entity", $"漯河市郾城区第{i}号商贸有限公司")],
            Deadline = new CaseDeadline("decision", "决定期限", due, new DateTimeOffset(due.ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero), due.AddDays(-1),
                "3 working days", "《市场主体登记管理条例》第十九条", false, [], Role.RegistrationOfficer, due.AddDays(-5), 3),
            AwaitedEvents = ["register", "refuse", "request-correction"],
        };
    }

    /// <summary>Entity-group transactions: up to 100 rows of one partition each, 8 in flight.</summary>
    private static async Task SubmitAsync(ITableStore tables, string table, IEnumerable<TableRow> rows)
    {
        var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(AzureStorageRules.MaxTransactionOperations));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
            await tables.SubmitTransactionAsync(table, batch, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
