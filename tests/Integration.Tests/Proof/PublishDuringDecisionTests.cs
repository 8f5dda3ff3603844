using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Storage;
using Workflows.LocalHost;
using Workflows.Tests.Support;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.Proof;

/// <summary>
/// An officer's decision and an orchestration publish (an overdue flag, a reminder) touching the same case record at
/// the same moment: the publish changes the record's ETag but not its stage, so the decision must still be accepted.
/// Seen in CI on Azurite as a 409 "another decision won" for the only decision there was.
/// </summary>
public sealed class PublishDuringDecisionTests : IAsyncLifetime
{
    private readonly InterferingTableStore tables = new(new InMemoryTableStore());
    private LocalHostApp? local;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
                ConfigureServices = s => s.AddSingleton<ITableStore>(tables),
            },
            [],
            _ => { }
        );
        await local.App.StartAsync();
        http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(100));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostEvent_RecordRewrittenWithoutStageChange_DecisionStillAccepted()
    {
        var id = await OpenAsync(
            http,
            Enterprise,
            "/api/registrations",
            Sample("registration/application-complete.json"),
            "publish-during-decision"
        );
        await WaitForCaseAsync(http, id, c => Awaits(c, "register"));

        tables.RewriteCaseBeforeNextReplace = true;
        var (status, body) = await EventAsync(http, Officer, id, new { type = "register", uscc = "91411100MA44X1Y23P" });

        Assert.False(tables.RewriteCaseBeforeNextReplace, "the interference never happened, so the test proves nothing");
        Assert.True(status == HttpStatusCode.Accepted, body.ToString());
        var closed = await WaitForCaseAsync(http, id, Closed);
        Assert.Equal("registered", closed.GetProperty("outcome").GetString());
        Assert.Equal(1, closed.GetProperty("stage").GetInt32());
    }

    /// <summary>When armed, rewrites the stored case row unchanged (a new ETag, as any publish gives it) just before the
    /// next conditional replace of the Cases table, so that replace meets a record changed since it was read.</summary>
    private sealed class InterferingTableStore(InMemoryTableStore inner) : DelegatingTableStore(inner)
    {
        public volatile bool RewriteCaseBeforeNextReplace;

        public override async Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default)
        {
            if (table == StorageNames.CasesTable && RewriteCaseBeforeNextReplace)
            {
                RewriteCaseBeforeNextReplace = false;
                var stored = await Inner.GetAsync(table, row.PartitionKey, row.RowKey, cancellationToken);
                await Inner.UpsertAsync(table, stored! with { ETag = null }, cancellationToken);
            }

            return await Inner.ReplaceAsync(table, row, cancellationToken);
        }
    }
}
