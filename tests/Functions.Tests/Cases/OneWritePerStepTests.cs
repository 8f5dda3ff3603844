using Microsoft.Extensions.Time.Testing;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Supervision;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Cases;

/// <summary>Issue 22 item 2: one step of a case is one read of its partition and one entity-group transaction holding
/// its record and its audit rows; the case and its history are read back with one query; older cases stay readable.</summary>
public sealed class OneWritePerStepTests : IDisposable
{
    private const string CaseId = "REG-411100-20240304-STEP0001";

    private static readonly DateTimeOffset Now = new(2024, 3, 4, 2, 0, 0, TimeSpan.Zero);

    private readonly InMemoryTableStore tables = new();

    private readonly CountingTableStore counting;

    private readonly FakeTimeProvider chainClock = new(Now);

    private AuditChain? chainOwned;

    public OneWritePerStepTests() => counting = new CountingTableStore(tables);

    public void Dispose() => chainOwned?.Dispose();

    [Fact]
    public async Task RunAsync_StepWithThreeAuditEntries_OneQueryAndOneTransactionOnTheCase()
    {
        await CreateAsync();
        var before = counting.CallsOf(StorageNames.CasesTable);

        await Activity().RunAsync(Step(), CancellationToken.None);

        Assert.Equal(2, counting.CallsOf(StorageNames.CasesTable) - before);
        Assert.Equal(0, counting.CallsOf(StorageNames.AuditTable));
        var read = await new CaseStore(tables).GetWithAuditAsync(CaseId);
        Assert.Equal("under-review", read!.Record.State);
        Assert.Equal(["acceptance", "ban-check", "deadline-0"], read.Audit.Select(r => r.RowKey));
    }

    [Fact]
    public async Task RunAsync_StepWithThreeAuditEntries_ChainsEachRowWithoutLookingForAnEarlierLink()
    {
        await CreateAsync();
        var (blobs, chain) = Chain();

        await Activity(chain).RunAsync(Step(), CancellationToken.None);

        // The rows were inserted by this write, so no pointer is read: a link and a pointer each, and the day opened.
        Assert.Equal((0, 7), (blobs.CallsOf(AuditChain.Container, "get"), blobs.CallsOf(AuditChain.Container, "put")));
        Assert.Equal(3, (await chain.LinksAsync("2024-03-04", CancellationToken.None)).Count);
        Assert.True((await new AuditVerifier(tables, chain, chainClock).VerifyAsync(CaseId, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task RunAsync_SameStepAgain_FindsEachRowChainedAndAddsNoLink()
    {
        await CreateAsync();
        var (blobs, chain) = Chain();
        await Activity(chain).RunAsync(Step(), CancellationToken.None);
        var puts = blobs.CallsOf(AuditChain.Container, "put");

        await Activity(chain).RunAsync(Step(Now.AddSeconds(5), "replayed"), CancellationToken.None);

        // The rows were stored before: each pointer is looked up, found, and nothing is appended.
        Assert.Equal((3, puts), (blobs.CallsOf(AuditChain.Container, "get"), blobs.CallsOf(AuditChain.Container, "put")));
        Assert.Equal(3, (await chain.LinksAsync("2024-03-04", CancellationToken.None)).Count);
        Assert.True((await new AuditVerifier(tables, chain, chainClock).VerifyAsync(CaseId, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task RunAsync_SameStepAgainLater_KeepsTheFirstAuditVersionAndOneRowEach()
    {
        await CreateAsync();
        await Activity().RunAsync(Step(), CancellationToken.None);

        await Activity().RunAsync(Step(Now.AddSeconds(5), "replayed"), CancellationToken.None);

        var history = await new AuditLog(tables).ReadAsync(CaseId);
        Assert.Equal(3, history.Count);
        Assert.All(history, e => Assert.Equal("first", e.Summary));
    }

    [Fact]
    public async Task GetWithAuditAsync_NewCase_OneQueryOfItsPartition()
    {
        await CreateAsync();
        await Activity().RunAsync(Step(), CancellationToken.None);
        var before = (counting.CallsOf(StorageNames.CasesTable), counting.CallsOf(StorageNames.AuditTable));

        var read = await new CaseStore(counting).GetWithAuditAsync(CaseId);

        Assert.Equal(3, read!.Audit.Count);
        Assert.Equal(
            (before.Item1 + 1, before.Item2),
            (counting.CallsOf(StorageNames.CasesTable), counting.CallsOf(StorageNames.AuditTable))
        );
    }

    [Fact]
    public async Task RunAsync_CaseWrittenBeforeTheLayout_OldAndNewHistoryReadTogether()
    {
        // As stored before issue 22: the record alone in the Cases table, its audit rows in the Audit table.
        var legacy = Record();
        await tables.InsertAsync(
            StorageNames.CasesTable,
            new TableRow(
                "411100",
                CaseId,
                new Dictionary<string, string>
                {
                    ["Procedure"] = legacy.Procedure,
                    ["State"] = legacy.State,
                    ["Closed"] = "false",
                    ["Due"] = string.Empty,
                    ["Json"] = System.Text.Json.JsonSerializer.Serialize(legacy, CaseJson.Options),
                }
            )
        );
        await tables.InsertAsync(
            StorageNames.AuditTable,
            new TableRow(
                CaseId,
                "intake",
                new Dictionary<string, string>
                {
                    ["Json"] = System.Text.Json.JsonSerializer.Serialize(
                        Entry("intake", Now.AddHours(-1), "accepted", "filed"),
                        CaseJson.Options
                    ),
                }
            )
        );

        await Activity().RunAsync(Step(), CancellationToken.None);

        var read = await new CaseStore(tables).GetWithAuditAsync(CaseId);
        Assert.Equal(["intake", "acceptance", "ban-check", "deadline-0"], read!.Audit.Select(r => r.RowKey));
        Assert.Equal("under-review", read.Record.State);
        Assert.Equal(4, (await new AuditLog(tables).ReadAsync(CaseId)).Count);
    }

    [Fact]
    public async Task TryCreateAsync_WithAuditRow_NothingWrittenWhenTheCaseExists()
    {
        var store = new CaseStore(tables);
        var log = new AuditLog(tables);
        Assert.True(await store.TryCreateAsync(Record(), [await log.RowAsync(Entry("intake", Now, "accepted", "first"))]));

        Assert.False(
            await store.TryCreateAsync(Record() with { Title = "另一个" }, [await log.RowAsync(Entry("intake", Now, "accepted", "second"))])
        );

        var read = await store.GetWithAuditAsync(CaseId);
        Assert.Equal("漯河市示例商贸有限公司设立登记", read!.Record.Title);
        Assert.Equal("first", Assert.Single(await log.EntriesAsync(read.Audit)).Summary);
    }

    [Fact]
    public async Task UpdateAsync_FromTheRecordJustRead_OneTransactionAndNoSecondRead()
    {
        await CreateAsync();
        var store = new CaseStore(counting);
        var read = (await store.GetAsync(CaseId))!;
        var before = counting.CallsOf(StorageNames.CasesTable);

        var write = await store.UpdateAsync(read, c => c with { State = "under-review" }, []);

        Assert.Equal(1, counting.CallsOf(StorageNames.CasesTable) - before);
        Assert.Equal("accepted", write!.Previous.State);
        Assert.Equal("under-review", (await store.GetAsync(CaseId))!.State);
    }

    [Fact]
    public async Task UpdateAsync_RecordChangedSinceItWasRead_ChangeAppliedToTheCurrentRecord()
    {
        await CreateAsync();
        var store = new CaseStore(counting);
        var stale = (await store.GetAsync(CaseId))!;
        await store.UpdateAsync(CaseId, c => c with { Title = "另一步 / another step" });

        var write = await store.UpdateAsync(stale, c => c with { State = "under-review" }, []);

        var now = (await store.GetAsync(CaseId))!;
        Assert.Equal(("另一步 / another step", "under-review"), (now.Title, now.State));
        Assert.Equal("另一步 / another step", write!.Previous.Title);
    }

    private UpdateCaseActivity Activity(AuditChain? chain = null) =>
        new(new CaseStore(counting), new DeadlineIndex(counting), new AuditLog(counting, chain), new NotificationOutbox(counting));

    private (CountingBlobStore Blobs, AuditChain Chain) Chain()
    {
        var blobs = new CountingBlobStore(new InMemoryBlobStore(chainClock));
        return (blobs, chainOwned = new AuditChain(blobs, chainClock));
    }

    private Task<bool> CreateAsync() => new CaseStore(tables).TryCreateAsync(Record());

    private static CaseRecord Record() =>
        new()
        {
            Id = CaseId,
            Procedure = "registration",
            Agency = "411100",
            Title = "漯河市示例商贸有限公司设立登记",
            State = "accepted",
            CreatedUtc = Now,
        };

    private static CaseUpdate Step(DateTimeOffset? at = null, string summary = "first") =>
        new()
        {
            CaseId = CaseId,
            State = "under-review",
            AwaitedEvents = ["register", "refuse"],
            Deadline = SupervisionTestKit.Deadline(new DateOnly(2024, 3, 7), new DateOnly(2024, 3, 6)),
            AtUtc = at ?? Now,
            Audit =
            [
                Entry("acceptance", at ?? Now, "accepted", summary),
                Entry("ban-check", at ?? Now, "ban-check-clear", summary),
                Entry("deadline-0", at ?? Now, "deadline-set", summary),
            ],
        };

    private static AuditEntry Entry(string key, DateTimeOffset at, string action, string summary) =>
        new(CaseId, key, at, "system", "流程 / Workflow", "system", action, "市场主体登记管理条例第十九条", summary);
}
