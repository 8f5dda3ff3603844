using Workflows.Domain.Energy;
using Workflows.Functions.Energy;
using Workflows.Functions.Storage;

namespace Workflows.Tests.Energy;

/// <summary>
/// The substitution ledger over a table and blob store that apply Azure Storage's own limits (in memory here,
/// Azurite in the integration tests): a province's ledger outgrows one table property within a few hundred sources,
/// and no sequence of registrations and allocations may then fail (issue 12: no valid input exceeds a table limit).
/// </summary>
public abstract class SubstitutionLedgerStoreContract
{
    /// <summary>Enough long-described sources that the ledger passes the 64 KiB property limit about twice over.</summary>
    protected const int ManySources = 120;

    private static readonly CoalSubstitutionRuleTable Rules = CoalSubstitutionRuleTable.LoadRevision2021();

    protected abstract ITableStore Tables { get; }

    protected abstract IBlobStore Blobs { get; }

    protected static SubstitutionSource Source(string id) =>
        new(id, SubstitutionSourceKind.EfficiencyRetrofit, "燃煤锅炉节能改造，淘汰落后产能并实施余热回收（" + new string('改', 400) + "）",
            new ProjectLocation("漯河市", "源汇区"), 1_000m, CoalBeforeTonnes: 3_000m, CoalAfterTonnes: 2_000m);

    private SubstitutionLedgerStore Store() => new(Tables, Blobs);

    private static readonly DateOnly On = new(2025, 3, 1);

    [Fact]
    public async Task ChangeAsync_LedgerPastTheTablePropertyLimit_EveryChangeSavedAndReadBack()
    {
        var store = Store();
        for (var i = 0; i < ManySources; i++)
        {
            Assert.True((await store.ChangeAsync(l => l.Register(Source($"S{i:D4}"), Rules))).Succeeded);
            Assert.True((await store.ChangeAsync(l => l.Allocate($"S{i:D4}", $"COAL-{i % 7}", 500m, On))).Succeeded);
        }

        var ledger = await store.ReadAsync();
        Assert.Equal(ManySources, ledger.Sources.Count);
        Assert.Equal(ManySources, ledger.Allocations.Count);
        Assert.Equal("COAL-3", ledger.HolderOf("S0010"));
        Assert.True(System.Text.Json.JsonSerializer.Serialize(ledger.ToState()).Length * 2 > AzureStorageRules.MaxPropertyBytes);
    }

    /// <summary>Every change writes a new state blob; the one it replaced is deleted, so one ledger leaves one blob.</summary>
    [Fact]
    public async Task ChangeAsync_SpilledLedgerChangedAgain_OnlyTheCurrentStateBlobRemains()
    {
        var store = Store();
        for (var i = 0; i < 60; i++)
        {
            await store.ChangeAsync(l => l.Register(Source($"S{i:D4}"), Rules));
        }

        await store.ChangeAsync(l => l.Allocate("S0001", "COAL-1", 10m, On));

        var blobs = await Blobs.ListAsync(StorageNames.Documents, SubstitutionLedgerStore.BlobPrefix);
        Assert.Single(blobs);
        Assert.Equal("COAL-1", (await store.ReadAsync()).HolderOf("S0001"));
    }

    /// <summary>Art. 5 holds however large the ledger: concurrent projects booking one source, exactly one wins.</summary>
    [Fact]
    public async Task ChangeAsync_ConcurrentAllocationsOnSpilledLedger_ExactlyOneWins()
    {
        var store = Store();
        for (var i = 0; i < 60; i++)
        {
            await store.ChangeAsync(l => l.Register(Source($"S{i:D4}"), Rules));
        }

        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(p =>
            Task.Run(() => store.ChangeAsync(l => l.Allocate("S0007", $"COAL-{p}", 1_000m, On)))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("ledger.source.already-used", Assert.Single(r.Errors).Rule));
        Assert.NotNull((await store.ReadAsync()).HolderOf("S0007"));
        Assert.Single(await Blobs.ListAsync(StorageNames.Documents, SubstitutionLedgerStore.BlobPrefix));
    }

    /// <summary>Ledgers live for years: a row written in the older form (the state inline) is read as it is, and the
    /// next change keeps what it held.</summary>
    [Fact]
    public async Task ReadAsync_RowInTheOlderInlineForm_ReadAndKeptByTheNextChange()
    {
        var old = new SubstitutionLedger();
        Assert.True(old.Register(Source("OLD1"), Rules).Succeeded);
        Assert.True(old.Allocate("OLD1", "COAL-OLD", 700m, On).Succeeded);
        var json = System.Text.Json.JsonSerializer.Serialize(old.ToState(), EnergyJson.Options);
        await Tables.InsertAsync(EnergyTables.Ledger, new TableRow("ledger", "henan", new Dictionary<string, string> { ["State"] = json }));
        var store = Store();

        Assert.Equal("COAL-OLD", (await store.ReadAsync()).HolderOf("OLD1"));
        for (var i = 0; i < 60; i++)
        {
            Assert.True((await store.ChangeAsync(l => l.Register(Source($"S{i:D4}"), Rules))).Succeeded);
        }

        var ledger = await store.ReadAsync();
        Assert.Equal(700m, ledger.SecuredFor("COAL-OLD"));
        Assert.Equal(61, ledger.Sources.Count);
    }
}
