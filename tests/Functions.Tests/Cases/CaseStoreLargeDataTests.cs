using System.Text.Json;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Cases;

/// <summary>Issue 12: large case data lives in a blob referenced from the row, so a large but legal application fits
/// Table storage's limits on every backend (the in-memory table applies Azure's 64 KiB property limit).</summary>
public sealed class CaseStoreLargeDataTests
{
    private readonly InMemoryTableStore tables = new();
    private readonly InMemoryBlobStore blobs = new(TimeProvider.System);

    private static CaseRecord Record(int dataChars) => new()
    {
        Id = "REG-411100-20240208-LARGE001",
        Procedure = "registration",
        Agency = "411100",
        Title = "设立登记 大型申请",
        State = "accepted",
        CreatedUtc = new DateTimeOffset(2024, 2, 8, 1, 0, 0, TimeSpan.Zero),
        UpdatedUtc = new DateTimeOffset(2024, 2, 8, 1, 0, 0, TimeSpan.Zero),
        Data = JsonSerializer.SerializeToElement(new { businessScope = new string('经', dataChars) }),
    };

    [Fact]
    public async Task TryCreateAsync_DataOver64KiB_StoredInBlobAndReadBackWhole()
    {
        var store = new CaseStore(tables, blobs);
        var record = Record(45_000);

        Assert.True(await store.TryCreateAsync(record));

        var row = await tables.GetAsync(StorageNames.CasesTable, "411100", record.Id);
        Assert.Null(row!.Get("Json"));
        Assert.StartsWith($"{record.Id}/{CaseStore.DataBlobSegment}/", row.Get("JsonBlob"), StringComparison.Ordinal);
        var read = await store.GetAsync(record.Id);
        Assert.Equal(45_000, read!.Data!.Value.GetProperty("businessScope").GetString()!.Length);
    }

    [Fact]
    public async Task TryCreateAsync_SmallData_StaysInline()
    {
        var store = new CaseStore(tables, blobs);

        Assert.True(await store.TryCreateAsync(Record(100)));

        Assert.NotNull((await tables.GetAsync(StorageNames.CasesTable, "411100", Record(100).Id))!.Get("Json"));
        Assert.Empty(await blobs.ListAsync(StorageNames.Documents));
    }

    [Fact]
    public async Task UpdateAsync_LargeRecordChanged_ReadsAndWritesThroughTheBlob()
    {
        var store = new CaseStore(tables, blobs);
        await store.TryCreateAsync(Record(40_000));

        var updated = await store.UpdateAsync(Record(40_000).Id, r => r with { State = "registered" });

        Assert.Equal("registered", updated!.State);
        Assert.Equal("registered", (await store.GetAsync(updated.Id))!.State);
        var page = await store.ListAsync("411100", _ => true, 1, 10);
        Assert.Equal(40_000, Assert.Single(page.Items).Data!.Value.GetProperty("businessScope").GetString()!.Length);
    }

    [Fact]
    public async Task ListAsync_HugePage_EmptyNotPageOne()
    {
        var store = new CaseStore(tables, blobs);
        await store.TryCreateAsync(Record(10));

        var page = await store.ListAsync("411100", _ => true, int.MaxValue, 50);

        Assert.Empty(page.Items);
        Assert.Equal(1, page.Total);
    }
}
