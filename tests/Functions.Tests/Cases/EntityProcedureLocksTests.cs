using Microsoft.Extensions.Time.Testing;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Cases;

public sealed class EntityProcedureLocksTests
{
    private const string Uscc = "92411103MA4K3LN07K";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly InMemoryTableStore tables = new();
    private readonly FakeTimeProvider clock = new(T0);

    private EntityProcedureLocks Locks() => new(tables, new CaseStore(tables), clock);

    private Task<bool> CreateCaseAsync(string id, bool closed) =>
        new CaseStore(tables).TryCreateAsync(
            new CaseRecord
            {
                Id = id,
                Procedure = "individual-business-deregistration",
                Agency = "411103",
                Title = "t",
                State = closed ? "withdrawn" : "notified",
                CreatedUtc = T0,
                Closed = closed,
            }
        );

    [Fact]
    public async Task ClaimAsync_HolderOpen_ReturnsHolderForEveryOtherCase()
    {
        Assert.Null(await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-AAAAAAAA"));
        await CreateCaseAsync("IBD-411103-20261201-AAAAAAAA", closed: false);

        Assert.Equal("IBD-411103-20261201-AAAAAAAA", await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-BBBBBBBB"));
        Assert.Null(await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-AAAAAAAA")); // its own retry
    }

    [Fact]
    public async Task ClaimAsync_HolderClosed_TakenOver()
    {
        await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-AAAAAAAA");
        await CreateCaseAsync("IBD-411103-20261201-AAAAAAAA", closed: true);

        Assert.Null(await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-BBBBBBBB"));
        Assert.Equal("IBD-411103-20261201-BBBBBBBB", await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-CCCCCCCC"));
    }

    [Fact]
    public async Task ClaimAsync_HolderNeverCreated_RespectedWhileFreshThenTakenOver()
    {
        // An intake that claimed and then crashed before creating its case must not block the entity for ever.
        await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-AAAAAAAA");

        clock.SetUtcNow(T0 + EntityProcedureLocks.PendingClaimLifetime - TimeSpan.FromSeconds(1));
        Assert.Equal("IBD-411103-20261201-AAAAAAAA", await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-BBBBBBBB"));

        clock.SetUtcNow(T0 + EntityProcedureLocks.PendingClaimLifetime + TimeSpan.FromSeconds(1));
        Assert.Null(await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-BBBBBBBB"));
    }

    [Fact]
    public async Task ClaimAsync_OtherFamilyOrEntity_Independent()
    {
        await Locks().ClaimAsync("deregistration", Uscc, "IBD-411103-20261201-AAAAAAAA");
        await CreateCaseAsync("IBD-411103-20261201-AAAAAAAA", closed: false);

        Assert.Null(await Locks().ClaimAsync("deregistration", "91411102MA9GDL8K3L", "SDR-411102-20261201-BBBBBBBB"));
        Assert.Null(await Locks().ClaimAsync("other-family", Uscc, "XXX-411103-20261201-CCCCCCCC"));
    }
}
