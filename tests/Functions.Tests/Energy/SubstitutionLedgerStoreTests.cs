using Workflows.Domain.Energy;
using Workflows.Functions.Energy;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Energy;

public sealed class SubstitutionLedgerStoreTests
{
    private static readonly CoalSubstitutionRuleTable Rules = CoalSubstitutionRuleTable.LoadRevision2021();

    private static SubstitutionSource Source(string id) =>
        new(
            id,
            SubstitutionSourceKind.EfficiencyRetrofit,
            "锅炉节能改造",
            new ProjectLocation("漯河市", "源汇区"),
            1_000m,
            CoalBeforeTonnes: 3_000m,
            CoalAfterTonnes: 2_000m
        );

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task AllocateAsync_ConcurrentProjectsSameSource_ExactlyOneWinsOthersNameIt(int projects)
    {
        var ledger = new SubstitutionLedgerStore(new InMemoryTableStore());
        var gates = new CoalGates(ledger, new SuspensionStore(new InMemoryTableStore()));
        Assert.True((await ledger.ChangeAsync(l => l.Register(Source("S1"), Rules))).Succeeded);

        var results = await Task.WhenAll(
            Enumerable
                .Range(1, projects)
                .Select(i =>
                    Task.Run(() =>
                        gates.AllocateAsync(
                            "S1",
                            $"COAL-{i}",
                            1_000m,
                            new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
                            CancellationToken.None
                        )
                    )
                )
        );

        var winner = Assert.Single(results, r => r.Succeeded);
        var holder = (await ledger.ReadAsync()).HolderOf("S1");
        Assert.NotNull(holder);
        Assert.All(
            results.Where(r => !r.Succeeded),
            r =>
            {
                var error = Assert.Single(r.Errors);
                Assert.Equal("ledger.source.already-used", error.Rule);
                Assert.Contains(holder!, error.Message, StringComparison.Ordinal);
            }
        );
        Assert.Equal(1_000m, (await ledger.ReadAsync()).SecuredFor(holder!));
        Assert.True(winner.Succeeded);
    }

    /// <summary>Henan measures Art. 15: the review gate counts what is actually achieved (实际完成) on the day of review;
    /// a boiler closure booked now but closing later is secured only, so the plan may not enter review yet.</summary>
    [Fact]
    public async Task CheckReviewAsync_Art15_ClosureNotYetHappenedSecuredButNotAchieved()
    {
        var ledger = new SubstitutionLedgerStore(new InMemoryTableStore());
        var gates = new CoalGates(ledger, new SuspensionStore(new InMemoryTableStore()));
        var closure = new SubstitutionSource(
            "S-CLOSE",
            SubstitutionSourceKind.CapacityClosure,
            "源汇区某热电厂燃煤锅炉拆除",
            new ProjectLocation("漯河市", "源汇区"),
            2_000m,
            ClosureScope: ClosureScope.PartialEquipment,
            BaselineYear: 2024,
            BaselineYearCoalTonnes: 2_600m,
            ClosureDate: new DateOnly(2025, 6, 30)
        );
        Assert.True((await ledger.ChangeAsync(l => l.Register(closure, Rules))).Succeeded);
        Assert.True(
            (
                await gates.AllocateAsync(
                    "S-CLOSE",
                    "COAL-1",
                    2_000m,
                    new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
                    CancellationToken.None
                )
            ).Succeeded
        );
        var location = new ProjectLocation("漯河市", "源汇区");

        var before = await gates.CheckReviewAsync("COAL-1", location, 4_000m, 0.4m, new DateOnly(2025, 6, 29), CancellationToken.None);
        var after = await gates.CheckReviewAsync("COAL-1", location, 4_000m, 0.4m, new DateOnly(2025, 6, 30), CancellationToken.None);

        Assert.Equal((false, 0m, "coal.review.below-minimum-share"), (before.Passed, before.AchievedTonnes, before.Rule));
        Assert.Equal((true, 2_000m), (after.Passed, after.AchievedTonnes));
        Assert.Equal(2_000m, (await ledger.ReadAsync()).SecuredFor("COAL-1"));
    }

    [Fact]
    public async Task ChangeAsync_RefusedChange_LeavesLedgerUnchanged()
    {
        var ledger = new SubstitutionLedgerStore(new InMemoryTableStore());

        var result = await ledger.ChangeAsync(l => l.Register(Source("S1") with { Location = new ProjectLocation("西安市") }, Rules));

        Assert.False(result.Succeeded);
        Assert.Equal("source.location.outside-henan", result.Errors[0].Rule);
        Assert.Empty((await ledger.ReadAsync()).Sources);
    }
}

/// <summary>The ledger contract on the in-memory stores, which refuse what Azure Storage refuses.</summary>
public sealed class InMemorySubstitutionLedgerStoreTests : Workflows.Tests.Energy.SubstitutionLedgerStoreContract
{
    protected override ITableStore Tables { get; } = new InMemoryTableStore();

    protected override IBlobStore Blobs { get; } = new InMemoryBlobStore(TimeProvider.System);
}
