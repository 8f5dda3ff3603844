using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Cases;

/// <summary>Issue 17 item 4: every audit row is chained append-only; the check finds a rewritten, deleted or forged row.</summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 2, 8, 1, 0, 0, TimeSpan.Zero);

    private readonly InMemoryTableStore tables = new();
    private readonly FakeTimeProvider clock = new(Day1);
    private readonly InMemoryBlobStore blobs;
    private readonly AuditChain chain;
    private readonly AuditLog log;
    private readonly AuditVerifier verifier;

    public AuditChainTests()
    {
        blobs = new InMemoryBlobStore(clock);
        chain = new AuditChain(blobs, clock);
        log = new AuditLog(tables, chain);
        verifier = new AuditVerifier(tables, chain, clock);
    }

    private static AuditEntry Entry(string caseId, string key, string summary = "Decision due 2024-02-19.") =>
        new(caseId, key, Day1, "officer-1", "王敏", "RegistrationOfficer", "deadline-set", "Decree 746 Art. 19 para 1", summary);

    [Fact]
    public async Task Verify_RowsAppendedOverTwoDays_IntactAndDailyFilesChained()
    {
        await log.AppendAsync(Entry("REG-1", "deadline-0"));
        await log.AppendAsync(Entry("REG-2", "deadline-0"));
        clock.SetUtcNow(Day1.AddDays(1));
        await log.AppendAsync(Entry("REG-1", "reminder-1"));

        var result = await verifier.VerifyAsync("REG-1", CancellationToken.None);

        Assert.True(result.Intact, string.Join("; ", result.Findings.Select(f => f.DetailEn)));
        Assert.Equal((2, 2), (result.Rows, result.Chained));
        Assert.Equal(["2024-02-08", "2024-02-09"], result.Days);
        var secondDay = await chain.DayAsync("2024-02-09", CancellationToken.None);
        Assert.Equal((await chain.LinksAsync("2024-02-08", CancellationToken.None))[^1].Hash, secondDay!.PreviousHash);
    }

    [Fact]
    public async Task Verify_TableRowRewritten_ReportsThatRow()
    {
        await log.AppendAsync(Entry("REG-1", "deadline-0"));
        await log.AppendAsync(Entry("REG-1", "decision", "Registered."));
        var row = (await tables.GetAsync(StorageNames.AuditTable, "REG-1", "decision"))!;
        var forged = JsonSerializer.Serialize(Entry("REG-1", "decision", "Refused."), CaseJson.Options);
        await tables.UpsertAsync(
            StorageNames.AuditTable,
            row with
            {
                Properties = new Dictionary<string, string>(row.Properties) { ["Json"] = forged },
            }
        );

        var result = await verifier.VerifyAsync("REG-1", CancellationToken.None);

        Assert.False(result.Intact);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("row-rewritten", "decision"), (finding.Kind, finding.Reference));
        Assert.Contains("改写", finding.DetailZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowDeletedOrInsertedBesideTheChain_ReportsBoth()
    {
        await log.AppendAsync(Entry("REG-1", "deadline-0"));
        await log.AppendAsync(Entry("REG-1", "decision"));
        await tables.DeleteAsync(StorageNames.AuditTable, "REG-1", "decision");
        await new AuditLog(tables).AppendAsync(Entry("REG-1", "backdated"));

        var result = await verifier.VerifyAsync("REG-1", CancellationToken.None);

        Assert.Equal(
            [("row-deleted", "decision"), ("row-not-chained", "backdated")],
            result.Findings.Select(f => (f.Kind, f.Reference)).OrderBy(k => k.Kind, StringComparer.Ordinal).ToList()
        );
    }

    [Fact]
    public async Task Append_SameRowTwice_OneLink()
    {
        await log.AppendAsync(Entry("REG-1", "deadline-0"));
        await log.AppendAsync(Entry("REG-1", "deadline-0", "replayed"));

        Assert.Single(await chain.LinksAsync("2024-02-08", CancellationToken.None));
        Assert.True((await verifier.VerifyAsync("REG-1", CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Append_RowInsertedNowThenSentAgain_PointerLookedUpOnlyForTheRepeat()
    {
        var counted = new CountingBlobStore(new InMemoryBlobStore(clock));
        using var countedChain = new AuditChain(counted, clock);
        var counting = new AuditLog(tables, countedChain);

        await counting.AppendAsync(Entry("REG-3", "deadline-0"));
        var afterFirst = counted.CallsOf(AuditChain.Container, "get");
        await counting.AppendAsync(Entry("REG-3", "deadline-0", "replayed"));

        Assert.Equal((0, 1), (afterFirst, counted.CallsOf(AuditChain.Container, "get")));
        Assert.Single(await countedChain.LinksAsync("2024-02-08", CancellationToken.None));
        Assert.True((await new AuditVerifier(tables, countedChain, clock).VerifyAsync("REG-3", CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Append_AnotherWriterTookTheNextSequence_RetriesAndStaysChained()
    {
        await log.AppendAsync(Entry("REG-1", "deadline-0"));
        var other = new AuditLog(tables, new AuditChain(blobs, clock));
        await other.AppendAsync(Entry("REG-2", "deadline-0"));

        await log.AppendAsync(Entry("REG-1", "decision"));

        Assert.Equal([1L, 2L, 3L], (await chain.LinksAsync("2024-02-08", CancellationToken.None)).Select(l => l.Sequence));
        Assert.True((await verifier.VerifyAsync("REG-1", CancellationToken.None)).Intact);
    }
}
