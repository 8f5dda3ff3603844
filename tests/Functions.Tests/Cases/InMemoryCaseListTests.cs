using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;
using Workflows.Tests.Cases;

namespace Workflows.Functions.Tests.Cases;

public sealed class InMemoryCaseListTests : CaseListContract
{
    private readonly CountingTableStore counting = new(new InMemoryTableStore());

    protected override ITableStore Tables => counting;

    /// <summary>Issue 22: a page reads the index from its position on, never the agency's cases: the rows one page
    /// reads do not grow with the number of cases, and no page scans the Cases table (after the one-time migration).</summary>
    [Fact]
    public async Task PageAsync_TwoThousandCases_RowsReadPerPageDoNotGrowWithTheCases()
    {
        var officer = new Principal("officer", "登记员", Role.RegistrationOfficer, County);
        var query = new CaseListQuery { Today = new DateOnly(2026, 3, 10) };
        var store = new CaseStore(counting);
        await CreateAsync(Enumerable.Range(0, 100).Select(i => Case(i)));
        await store.EnsureIndexedAsync();
        var small = await ReadsOfPageAsync(store, officer, query);
        await CreateAsync(Enumerable.Range(100, 1900).Select(i => Case(i)));

        var large = await ReadsOfPageAsync(store, officer, query);

        Assert.True(large.Rows <= 51, $"a page of 50 of 2,000 cases read {large.Rows} index rows");
        Assert.True(large.Rows <= small.Rows + 1, $"a page of 50 read {small.Rows} rows at 100 cases, {large.Rows} at 2,000");
        Assert.Equal((0, 0), (small.Scans, large.Scans));
    }

    /// <summary>Issue 22 item 2: a step writes each list the case is on in one request (both orders, and the row its new
    /// due date replaced), whatever changed: a county case of one unit is on 4 lists (province, city, county, unit).</summary>
    [Fact]
    public async Task UpdateAsync_StepsOfACase_OneTableCallPerListItIsOn()
    {
        var store = new CaseStore(counting);
        var calls = counting.CallsOf(CaseListIndex.Table);
        await CreateAsync([Case(0)]);
        var created = counting.CallsOf(CaseListIndex.Table) - calls;

        calls = counting.CallsOf(CaseListIndex.Table);
        await store.UpdateAsync(Id(0), c => c with { Deadline = Deadline(new DateOnly(2026, 3, 20), null) });
        var moved = counting.CallsOf(CaseListIndex.Table) - calls;

        calls = counting.CallsOf(CaseListIndex.Table);
        await store.UpdateAsync(Id(0), c => c with { Closed = true, State = "registered" });
        var closed = counting.CallsOf(CaseListIndex.Table) - calls;

        // The open partition's row: written at intake, deleted at closing.
        Assert.Equal((4 + 1, 4, 4 + 1), (created, moved, closed));
    }

    private async Task<(long Rows, long Scans)> ReadsOfPageAsync(CaseStore store, Principal officer, CaseListQuery query)
    {
        var first = await store.PageAsync(officer, query, null, 50);
        var (position, _) = CaseListIndex.ReadToken(first.ContinuationToken, query.Sort);
        var (rows, scans) = (counting.RowsRead, counting.Scans);
        var second = await store.PageAsync(officer, query, position, 50);
        Assert.Equal(50, second.Items.Count);
        return (counting.RowsRead - rows, counting.Scans - scans);
    }
}
