using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>An in-memory LocalHost whose services the tests reach (durable client, stores, the purge).</summary>
public sealed class PurgeHostFixture : IAsyncLifetime
{
    private LocalHostApp? local;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => local!.App.Services;

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
            },
            [],
            _ => { }
        );
        await local.App.StartAsync();
        Http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }
}

/// <summary>Issue 17 items 3 and 4 over HTTP: a purged case still reads completely; the audit check finds a rewritten row.</summary>
public sealed class HistoryPurgeAndAuditVerifyTests(PurgeHostFixture host) : IClassFixture<PurgeHostFixture>
{
    private const string Officer = "dev-registration-officer";
    private const string Admin = "dev-admin";

    [Fact]
    public async Task Purge_ClosedCaseOlderThan90Days_HistoryGoneCaseReadsTheSame()
    {
        var id = await RegisterOnTheSpotAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        await client.WaitForInstanceCompletionAsync(id, CancellationToken.None);
        var before = await GetAsync($"/api/cases/{id}", Officer);
        var purge = host.Services.GetRequiredService<HistoryPurge>();

        var early = await purge.RunAsync(client, TimeProvider.System.GetUtcNow().AddDays(89), CancellationToken.None);
        Assert.NotNull(await client.GetInstanceAsync(id));
        var result = await purge.RunAsync(client, TimeProvider.System.GetUtcNow().AddDays(91), CancellationToken.None);

        Assert.Equal(0, early.Purged);
        Assert.True(result.Purged >= 1, $"{result}");
        Assert.Null(await client.GetInstanceAsync(id));
        var after = await GetAsync($"/api/cases/{id}", Officer);
        Assert.Equal(before.Body.GetRawText(), after.Body.GetRawText());
        Assert.Contains("registered", before.Body.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.True((await GetAsync($"/api/cases/{id}/audit/verify", Admin)).Body.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Purge_ClosedCaseWithRewrittenAudit_HistoryKept()
    {
        var id = await RegisterOnTheSpotAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        await client.WaitForInstanceCompletionAsync(id, CancellationToken.None);
        await TamperAsync(id);

        var result = await host
            .Services.GetRequiredService<HistoryPurge>()
            .RunAsync(client, TimeProvider.System.GetUtcNow().AddDays(91), CancellationToken.None);

        Assert.True(result.KeptAuditNotIntact >= 1, $"{result}");
        Assert.NotNull(await client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task AuditVerify_TableRowRewritten_ReportsIt()
    {
        var id = await RegisterOnTheSpotAsync();
        var intact = await GetAsync($"/api/cases/{id}/audit/verify", Admin);
        Assert.Equal(HttpStatusCode.OK, intact.Status);
        Assert.True(intact.Body.GetProperty("intact").GetBoolean(), intact.Body.GetRawText());

        var key = await TamperAsync(id);
        var (status, body) = await GetAsync($"/api/cases/{id}/audit/verify", "dev-authority-head");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("intact").GetBoolean());
        var finding = Assert.Single(body.GetProperty("findings").EnumerateArray());
        Assert.Equal("row-rewritten", finding.GetProperty("kind").GetString());
        Assert.Equal(key, finding.GetProperty("reference").GetString());
    }

    [Theory]
    [InlineData(Officer, HttpStatusCode.Forbidden)]
    [InlineData("dev-enterprise", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task AuditVerify_NotAdministratorOrHead_Refused(string? apiKey, HttpStatusCode expected)
    {
        var id = await RegisterOnTheSpotAsync();

        Assert.Equal(expected, (await GetAsync($"/api/cases/{id}/audit/verify", apiKey)).Status);
    }

    [Fact]
    public async Task AuditVerify_UnknownCase_NotFound() =>
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/cases/REG-411100-20990101-NOPE0000/audit/verify", Admin)).Status);

    /// <summary>Rewrites the summary of the case's last audit row in the table, as an identity with table rights could.</summary>
    private async Task<string> TamperAsync(string caseId)
    {
        var tables = host.Services.GetRequiredService<ITableStore>();
        // The case's audit rows are kept beside its record (issue 22: partition = agency, row = {case}|a|{key}).
        var row = (await AuditLog.StoredRowsAsync(tables, caseId, CancellationToken.None))[^1];
        Assert.True(CaseIds.TryGetAgency(caseId, out var agency));
        var entry = JsonSerializer.Deserialize<AuditEntry>(row.Get("Json")!, CaseJson.Options)! with
        {
            Summary = "Refused (rewritten afterwards).",
        };
        await tables.UpsertAsync(
            StorageNames.CasesTable,
            row with
            {
                PartitionKey = agency,
                RowKey = CaseRows.AuditRowKey(caseId, row.RowKey),
                Properties = new Dictionary<string, string>(row.Properties)
                {
                    ["Json"] = JsonSerializer.Serialize(entry, CaseJson.Options),
                },
            }
        );
        return row.RowKey;
    }

    private async Task<string> RegisterOnTheSpotAsync()
    {
        var json = System
            .Text.Json.Nodes.JsonNode.Parse(
                File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "samples", "registration", "application-complete.json")),
                documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }
            )!
            .AsObject();
        json["registerOnTheSpot"] = true;
        json["acceptedOn"] = "2024-03-04";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registrations")
        {
            Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", Officer);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await host.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        var id = body.GetProperty("caseId").GetString()!;
        for (var polls = 0; !await ClosedAsync(id); polls++)
        {
            Assert.True(polls < 150, $"Case {id} did not close.");
            await Task.Delay(200);
        }

        return id;
    }

    private async Task<bool> ClosedAsync(string id) =>
        (await GetAsync($"/api/cases/{id}", Officer)).Body is { ValueKind: JsonValueKind.Object } c && c.GetProperty("closed").GetBoolean();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
