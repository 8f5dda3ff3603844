using System.Text.Json;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>The register on <see cref="ITableStore"/> and its updates from the case-update step (issue 14 item 1).</summary>
public sealed class EntityRegisterStoreTests
{
    private const string Uscc = "91411100MA47B3H25Y";
    private static readonly DateTimeOffset At = new(2025, 6, 3, 2, 0, 0, TimeSpan.Zero);
    private readonly EntityRegisterStore store = new(new InMemoryTableStore());

    private static CaseRecord Case(string id, string procedure, object data) =>
        new()
        {
            Id = id,
            Procedure = procedure,
            Agency = "411100",
            Title = id,
            State = "x",
            CreatedUtc = At,
            UpdatedUtc = At,
            Data = JsonSerializer.SerializeToElement(data, CaseJson.Options),
        };

    private static object Revocation(string? revokedOn = "2025-06-03", string? reversedOn = null) =>
        new
        {
            application = new { targetUscc = Uscc, targetName = "漯河市恒通物流有限公司" },
            revokedOn,
            reversedOn,
        };

    [Fact]
    public async Task ApplyAsync_Art40RevocationOfAnEntityNotYetInTheRegister_EntersItThenRevokes()
    {
        var sync = new RegisterFromCases(store);

        var write = await sync.ApplyAsync(Case("REV-1", "revocation", Revocation()), "revoked", CancellationToken.None);

        Assert.Null(write!.Refusal);
        var entry = await store.GetAsync(Uscc);
        Assert.Equal(RegisterStatus.Revoked, entry!.Status);
        Assert.Equal(("REV-1", "Decree 746 Art. 40 para 2"), (entry.LastChange.CaseId, entry.LastChange.Article));
        Assert.Equal([RegisterChangeKind.Imported, RegisterChangeKind.Revoked], (await store.HistoryAsync(Uscc)).Select(c => c.Kind));
    }

    [Fact]
    public async Task ApplyAsync_RetriedCaseUpdate_AppliesTheChangeOnce()
    {
        var sync = new RegisterFromCases(store);
        var record = Case("REV-2", "revocation", Revocation());
        await sync.ApplyAsync(record, "revoked", CancellationToken.None);

        var retried = await sync.ApplyAsync(record, "revoked", CancellationToken.None);

        Assert.False(retried!.Applied);
        Assert.Null(retried.Refusal);
        Assert.Equal(2, (await store.HistoryAsync(Uscc)).Count);
    }

    [Fact]
    public async Task ApplyAsync_Art42Reversal_RestoresRegistered()
    {
        var sync = new RegisterFromCases(store);
        await sync.ApplyAsync(Case("REV-3", "revocation", Revocation()), "revoked", CancellationToken.None);

        await sync.ApplyAsync(Case("REV-3", "revocation", Revocation(reversedOn: "2025-06-10")), "revocation-reversed", CancellationToken.None);

        var entry = await store.GetAsync(Uscc);
        Assert.Equal(RegisterStatus.Registered, entry!.Status);
        Assert.Equal(new DateOnly(2025, 6, 10), entry.LastChange.DecidedOn);
    }

    [Fact]
    public async Task ApplyAsync_Art33Deregistration_EntersTheEntityFromTheRequestAndDeregistersIt()
    {
        var sync = new RegisterFromCases(store);
        var data = new
        {
            request = new { entity = new { uscc = Uscc, name = "漯河市恒通物流有限公司", entityType = "limitedLiabilityCompany" } },
        };

        await sync.ApplyAsync(Case("SDR-1", "simplified-deregistration", data), "deregistered", CancellationToken.None);

        var entry = await store.GetAsync(Uscc);
        Assert.Equal(RegisterStatus.Deregistered, entry!.Status);
        Assert.Equal(EntityType.LimitedLiabilityCompany, entry.EntityType);
    }

    [Fact]
    public async Task ApplyAsync_OutcomeThatChangesNoStatus_WritesNothing()
    {
        var sync = new RegisterFromCases(store);

        var write = await sync.ApplyAsync(Case("REV-4", "revocation", Revocation()), "not-revoked", CancellationToken.None);

        Assert.Null(write);
        Assert.Null(await store.GetAsync(Uscc));
    }

    [Fact]
    public async Task ListAsync_Jurisdiction_CityListsItsCountiesNotAnotherCity()
    {
        var change = new RegisterChange("import|1", RegisterChangeKind.Imported, new DateOnly(2025, 1, 2), "导入", "Decree 746", "officer-1", "王敏", At);
        await store.CreateAllAsync(
        [
            new RegisterEntry("91411102MA40AB1C22", "聚丰", EntityType.LimitedLiabilityCompany, "411102", RegisterStatus.Registered, null, change, 1),
            new RegisterEntry("91410100MA40AB1C2X", "郑州某公司", EntityType.LimitedLiabilityCompany, "410100", RegisterStatus.Registered, null, change with { ChangeId = "import|2" }, 1),
        ]);

        var luohe = await store.ListAsync("411100");

        Assert.Equal(["91411102MA40AB1C22"], luohe.Select(e => e.Uscc));
    }

    [Fact]
    public async Task CreateAsync_NewCode_ReadsItsEntryOnlyAndAppliesOnce()
    {
        var counting = new CountingTableStore(new InMemoryTableStore());
        var register = new EntityRegisterStore(counting);
        var on = new DateOnly(2025, 6, 3);
        var change = new RegisterChange("REG-9|registered", RegisterChangeKind.Registered, on, "设立", "Art. 21", "officer-1", "王敏", At);
        var entry = new RegisterEntry(
            Uscc,
            "漯河市恒通物流有限公司",
            EntityType.LimitedLiabilityCompany,
            "411100",
            RegisterStatus.Registered,
            null,
            change,
            1
        );

        var first = await register.CreateAsync(e => e is null ? (entry, null) : (null, null), Uscc, change);
        var calls = counting.CallsOf(EntityRegisterStore.Table);
        var again = await register.CreateAsync(e => e is null ? (entry, null) : (null, null), Uscc, change);

        // The entry's point read, its insert, and the history with the change's marker: no marker is looked up for a code
        // without an entry. The same change sent again reads the entry and the marker and writes nothing.
        Assert.Equal((true, 3L), (first.Applied, calls));
        Assert.Equal((false, 2L), (again.Applied, counting.CallsOf(EntityRegisterStore.Table) - calls));
        Assert.Single(await register.HistoryAsync(Uscc));
    }
}
