using Workflows.Domain.Access;
using Workflows.Domain.Cases;
using Workflows.Domain.Identifiers;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Tests.Cases;

/// <summary>
/// Issue 22 item 1 and issue 15 item 5: the list index pages with continuation tokens and filters on every backend.
/// Run in memory in Functions.Tests and over Azurite in Integration.Tests (the same table names as every other
/// test there, so each test works in a division code of its own).
/// </summary>
public abstract class CaseListContract
{
    protected abstract ITableStore Tables { get; }

    /// <summary>A county of a city of its own: nobody else's cases are in it.</summary>
    protected string County { get; } = RandomCounty();

    protected string City => County[..4] + "00";

    private static readonly DateOnly Today = new(2026, 3, 10);

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private CaseStore? store;

    private CaseStore Store => store ??= new CaseStore(Tables);

    private Principal Officer(string? agency = null) => new("officer-" + County, "登记员", Role.RegistrationOfficer, agency ?? County);

    private CaseListQuery Query(CaseSort sort = CaseSort.Created) => new() { Sort = sort, Today = Today };

    [Fact]
    public async Task PageAsync_CasesOverSeveralPages_EachListedOnceNewestFirst()
    {
        var created = await CreateAsync(Enumerable.Range(0, 120).Select(i => Case(i)));

        var listed = await AllPagesAsync(Officer(), Query(), pageSize: 50);

        Assert.Equal(created.OrderByDescending(c => c.CreatedUtc).Select(c => c.Id), listed.Pages.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal([50, 50, 20], listed.Pages.Select(p => p.Count));
    }

    [Fact]
    public async Task PageAsync_CityOfficer_SeesItsCountysCasesAndAnotherCityNone()
    {
        await CreateAsync([Case(0), Case(1)]);

        var city = await AllPagesAsync(Officer(City), Query(), 50);
        var otherCity = await AllPagesAsync(Officer(County[..2] + (County[2..4] == "98" ? "97" : "98") + "00"), Query(), 50);

        Assert.Equal(2, city.Pages.SelectMany(p => p).Count());
        Assert.Empty(otherCity.Pages.SelectMany(p => p));
    }

    [Fact]
    public async Task PageAsync_UsccFilterAndEnterprise_OnlyThatUnitsCases()
    {
        await CreateAsync(Enumerable.Range(0, 6).Select(i => Case(i)));
        var uscc = Uscc(County, 3);
        var enterprise = new Principal("enterprise-" + County, "企业", Role.Enterprise, County, uscc);

        var byFilter = await AllPagesAsync(Officer(), Query() with { Uscc = uscc }, 50);
        var asParty = await AllPagesAsync(enterprise, Query(), 50);

        Assert.Equal([Id(3)], byFilter.Pages.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal([Id(3)], asParty.Pages.SelectMany(p => p).Select(c => c.Id));
    }

    [Fact]
    public async Task PageAsync_TextAndState_MatchTitleOrPartyNameAndState()
    {
        await CreateAsync([Case(0, title: "设立登记 漯河市源汇区甲商行"), Case(1, party: "乙科技有限公司"), Case(2, state: "registered")]);

        var byTitle = await AllPagesAsync(Officer(), Query() with { Text = "甲商行" }, 50);
        var byParty = await AllPagesAsync(Officer(), Query() with { Text = "乙科技" }, 50);
        var byState = await AllPagesAsync(Officer(), Query() with { State = "registered" }, 50);

        Assert.Equal([Id(0)], byTitle.Pages.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal([Id(1)], byParty.Pages.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal([Id(2)], byState.Pages.SelectMany(p => p).Select(c => c.Id));
    }

    [Fact]
    public async Task PageAsync_SortDueWithLights_MostUrgentFirstAndEachLightItsOwn()
    {
        await CreateAsync(
        [
            Case(0, due: Today.AddDays(5)),                        // green
            Case(1, due: Today.AddDays(-2)),                       // red
            Case(2, due: Today.AddDays(1), warningFrom: Today),    // yellow
            Case(3, due: Today.AddDays(-1)),                       // red
            Case(4, closed: true, due: Today.AddDays(-9)),         // grey
            Case(5),                                               // green, no deadline
        ]);

        var all = await AllPagesAsync(Officer(), Query(CaseSort.Due), 2);

        Assert.Equal([Id(1), Id(3), Id(2), Id(0), Id(5), Id(4)], all.Pages.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal([Id(1), Id(3)], await IdsAsync(Query(CaseSort.Due) with { Light = TrafficLight.Red }));
        Assert.Equal([Id(2)], await IdsAsync(Query(CaseSort.Due) with { Light = TrafficLight.Yellow }));
        Assert.Equal([Id(0), Id(5)], await IdsAsync(Query(CaseSort.Due) with { Light = TrafficLight.Green }));
        Assert.Equal([Id(4)], await IdsAsync(Query(CaseSort.Due) with { Light = TrafficLight.Grey }));
        Assert.Equal([Id(3), Id(1)], await IdsAsync(Query() with { Light = TrafficLight.Red }));
    }

    [Fact]
    public async Task PageAsync_DueRange_OpenCasesDueInsideInBothOrders()
    {
        await CreateAsync(
            [Case(0, due: Today), Case(1, due: Today.AddDays(3)), Case(2, due: Today.AddDays(7)),
                Case(3, closed: true, due: Today.AddDays(3))]);
        var range = new { From = Today.AddDays(1), To = Today.AddDays(7) };

        Assert.Equal([Id(1), Id(2)], await IdsAsync(Query(CaseSort.Due) with { DueFrom = range.From, DueTo = range.To }));
        Assert.Equal([Id(2), Id(1)], await IdsAsync(Query() with { DueFrom = range.From, DueTo = range.To }));
    }

    [Fact]
    public async Task UpdateAsync_DeadlineMoved_ListedOnceUnderTheNewDueDate()
    {
        await CreateAsync([Case(0, due: Today.AddDays(-3)), Case(1, due: Today.AddDays(2))]);

        await Store.UpdateAsync(Id(0), c => c with { Deadline = Deadline(Today.AddDays(4), null) });

        Assert.Equal([Id(1), Id(0)], await IdsAsync(Query(CaseSort.Due)));
        Assert.Empty(await IdsAsync(Query(CaseSort.Due) with { Light = TrafficLight.Red }));
    }

    /// <summary>A step retried after its list transaction landed meets its deletions' rows already gone: the transaction
    /// fails whole on every backend, and the rows are then written one at a time.</summary>
    [Fact]
    public async Task PutAsync_StepWrittenTwice_SecondWriteSucceedsAndListsTheCaseOnce()
    {
        await CreateAsync([Case(0, due: Today.AddDays(-3))]);
        var previous = (await Store.GetAsync(Id(0)))!;
        var next = previous with { Deadline = Deadline(Today.AddDays(4), null), State = "overdue" };

        await Store.ReplaceAsync(next, previous);
        await new CaseListIndex(Tables).PutAsync(next, previous);

        Assert.Equal([Id(0)], await IdsAsync(Query(CaseSort.Due)));
        Assert.Empty(await IdsAsync(Query(CaseSort.Due) with { Light = TrafficLight.Red }));
        Assert.Equal([Id(0)], await IdsAsync(Query() with { State = "overdue" }));
    }

    [Fact]
    public async Task ReplaceAsync_WithoutPreviousVersion_StaleRowNeverServed()
    {
        await CreateAsync([Case(0, due: Today.AddDays(-3))]);
        var current = await Store.GetAsync(Id(0));

        // A replace without the previous version leaves the old due-date row until the next update.
        await Store.ReplaceAsync(current! with { Deadline = Deadline(Today.AddDays(4), null) });

        Assert.Equal([Id(0)], await IdsAsync(Query(CaseSort.Due)));
        Assert.Empty(await IdsAsync(Query(CaseSort.Due) with { Light = TrafficLight.Red }));
    }

    [Fact]
    public async Task PageAsync_CaseWrittenBeforeTheIndex_ListedAfterTheMigration()
    {
        // Today's layout on main: the record in Cases, no list rows and no layout marker.
        var legacy = Case(7);
        await Tables.DeleteAsync(CaseListIndex.Table, CaseStore.LayoutPartition, CaseStore.LayoutRow);
        await Tables.UpsertAsync(StorageNames.CasesTable, new TableRow(legacy.Agency, legacy.Id, new Dictionary<string, string>
        {
            ["Procedure"] = legacy.Procedure,
            ["State"] = legacy.State,
            ["Closed"] = "false",
            ["Due"] = string.Empty,
            ["Json"] = System.Text.Json.JsonSerializer.Serialize(legacy, CaseJson.Options),
        }));

        Assert.Equal([Id(7)], await IdsAsync(Query()));
        Assert.NotNull(await Tables.GetAsync(CaseListIndex.Table, CaseStore.LayoutPartition, CaseStore.LayoutRow));
    }

    /// <summary>Layout v2 kept each order of a list in a partition of its own; the migration to v3 lists every case once
    /// and leaves no v2 row behind.</summary>
    [Fact]
    public async Task PageAsync_IndexOfLayoutV2_EachCaseListedOnceAndTheOldPartitionsEmptied()
    {
        var created = await CreateAsync([Case(0), Case(1, due: Today.AddDays(2))]);
        foreach (var record in created)
        {
            var current = CaseListIndex.Rows(record).Where(r => r.PartitionKey != CaseListIndex.OpenPartition).ToList();
            foreach (var partition in CaseListIndex.LegacyPartitions(record))
            {
                // v2: partition "{order}|{list}", row key without the order.
                var row = current.First(r => partition.EndsWith(r.PartitionKey, StringComparison.Ordinal) && r.RowKey[0] == partition[0]);
                await Tables.UpsertAsync(CaseListIndex.Table, row with { PartitionKey = partition, RowKey = row.RowKey[2..] });
            }
        }

        await Tables.DeleteAsync(CaseListIndex.Table, CaseStore.LayoutPartition, CaseStore.LayoutRow);

        Assert.Equal([Id(1), Id(0)], await IdsAsync(Query()));
        Assert.Equal([Id(1), Id(0)], await IdsAsync(Query(CaseSort.Due)));
        foreach (var partition in created.SelectMany(CaseListIndex.LegacyPartitions).Distinct())
        {
            Assert.Empty(await Tables.QueryPartitionAsync(CaseListIndex.Table, partition));
        }
    }

    protected async Task<List<CaseRecord>> CreateAsync(IEnumerable<CaseRecord> records)
    {
        var list = records.ToList();
        foreach (var chunk in list.Chunk(16))
        {
            var created = await Task.WhenAll(chunk.Select(r => Store.TryCreateAsync(r)));
            Assert.All(created, Assert.True);
        }

        return list;
    }

    protected async Task<(List<List<CaseRecord>> Pages, int Requests)> AllPagesAsync(Principal principal, CaseListQuery query, int pageSize)
    {
        var pages = new List<List<CaseRecord>>();
        string? position = null;
        for (var requests = 1; ; requests++)
        {
            var page = await Store.PageAsync(principal, query, position, pageSize);
            if (page.Items.Count > 0)
            {
                pages.Add([.. page.Items]);
            }

            if (page.ContinuationToken is null)
            {
                return (pages, requests);
            }

            Assert.True(requests < 1000, "the tokens must come to an end");
            (position, var problem) = CaseListIndex.ReadToken(page.ContinuationToken, query.Sort);
            Assert.Null(problem);
        }
    }

    private async Task<List<string>> IdsAsync(CaseListQuery query) =>
        [.. (await AllPagesAsync(Officer(), query, 50)).Pages.SelectMany(p => p).Select(c => c.Id)];

    protected string Id(int i) => $"REG-{County}-20260301-{Suffix(i)}";

    private static string Suffix(int i) =>
        "C" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture).Replace('0', 'Z').Replace('1', 'Y');

    protected CaseRecord Case(int i, string? title = null, string? party = null, string state = "under-review", DateOnly? due = null,
        DateOnly? warningFrom = null, bool closed = false) => new()
    {
        Id = Id(i),
        Procedure = "registration",
        Agency = County,
        Title = title ?? $"设立登记 第{i}号",
        State = state,
        CreatedUtc = Start.AddMinutes(i),
        UpdatedUtc = Start.AddMinutes(i),
        Closed = closed,
        Usccs = [Uscc(County, i)],
        Parties = [new CaseParty("entity", party ?? $"丙{i}号商贸有限公司", Uscc(County, i))],
        Deadline = due is null ? null : Deadline(due.Value, warningFrom),
    };

    protected static CaseDeadline Deadline(DateOnly due, DateOnly? warningFrom) =>
        new("decision", "决定期限", due, new DateTimeOffset(due.ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero), warningFrom, "3 working days",
            "《市场主体登记管理条例》第十九条", false, [], Role.RegistrationOfficer, due.AddDays(-3), 3);

    protected static string Uscc(string agency, int i)
    {
        var first17 = "91" + agency + i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }

    private static string RandomCounty()
    {
        var n = Random.Shared.Next(0, 89 * 98 * 98);
        return $"{11 + (n / (98 * 98)):D2}{1 + (n / 98 % 98):D2}{1 + (n % 98):D2}";
    }
}
