using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Integration.Tests.MarketEntities;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.BadInput;

/// <summary>
/// Issue 12, on both backends: each example of the issue answers a clear 4xx problem+json and stores nothing, and a
/// large but legal application works on Azurite exactly as in memory (over HTTP and dropped as a package). Before
/// the fix Azurite answered 500 where the in-memory backend accepted.
/// </summary>
public abstract class BadInputBackendTests
{
    protected abstract MarketHostFixture Host { get; }

    private const string Programme = """
        { "id": "ID", "title": "测试用 2026-2028 三年推进方案", "sourceDocument": "test", "firstYear": 2026, "lastYear": 2028,
          "checkpoints": [
            { "year": 2026, "annualShare": 0.40, "cumulativeShare": 0.40, "yearEnd": "2026-12-31", "article": "test" },
            { "year": 2027, "annualShare": 0.40, "cumulativeShare": 0.80, "yearEnd": "2027-12-31", "article": "test" },
            { "year": 2028, "annualShare": 0.20, "cumulativeShare": 1.00, "yearEnd": "2028-12-31", "article": "test" } ],
          "targets": { "targetYear": 2028, "energyIntensityReductionShare": 0.10, "energySavingCapacityTcePerYear": 150000, "article": "test" } }
        """;

    /// <summary>A legal application of about 48 KB (UTF-8, Chinese unescaped): a long business scope and many attachments.</summary>
    public static string LargeApplication(string? acceptedOn = null)
    {
        var node = JsonNode.Parse(Sample("registration/application-complete.json"))!.AsObject();
        if (acceptedOn is not null)
        {
            node["acceptedOn"] = acceptedOn;
        }

        node["businessScope"] = string.Concat(Enumerable.Repeat("一般项目：食品销售；农副产品销售。", 560));
        node["attachments"] = new JsonArray([
            .. Enumerable.Range(0, 60).Select(i => JsonValue.Create($"附件{i:D2}-" + new string('材', 90) + ".pdf")),
        ]);
        return node.ToJsonString(
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
        );
    }

    private static string Coal(string tonnes) =>
        Sample("energy/coal-project-luohe-raw-material.json")
            .Replace("\"newCoalConsumptionTonnes\": 3000", $"\"newCoalConsumptionTonnes\": {tonnes}", StringComparison.Ordinal);

    private static TheoryData<string, string, string, string, int, string> Examples() =>
        new()
        {
            {
                "registration accepted 2020-12-31",
                Officer,
                "/api/registrations",
                With(Sample("registration/application-complete.json"), new { acceptedOn = "2020-12-31" }),
                400,
                "calendar.range"
            },
            {
                "tracker triggered 0001-01-01",
                Officer,
                "/api/trackers",
                With(Sample("trackers/suspension.json"), new { triggerDate = "0001-01-01" }),
                400,
                "calendar.range"
            },
            {
                "parties of nulls",
                Officer,
                "/api/registrations",
                With(Sample("registration/application-complete.json"), new { parties = new object?[] { null, null } }),
                400,
                "array.element-null"
            },
            { "coal 1e400", "dev-municipal-drc", "/api/coal-projects", Coal("1e400"), 400, "number.range" },
            { "coal 7.9e28", "dev-municipal-drc", "/api/coal-projects", Coal("7.9e28"), 400, "number.range" },
            { "coal absurd but representable", "dev-municipal-drc", "/api/coal-projects", Coal("500000000000"), 400, "number.range" },
            {
                "suspension year 1e400",
                "dev-provincial-drc",
                "/api/coal-suspensions",
                "{\"city\":\"漯河市\",\"from\":\"2026-01-01\",\"targetYear\":1e400,\"reason\":\"整改\"}",
                400,
                "number.range"
            },
            {
                "suspension from 0001-01-01",
                "dev-provincial-drc",
                "/api/coal-suspensions",
                "{\"city\":\"漯河市\",\"from\":\"0001-01-01\",\"targetYear\":2025,\"reason\":\"整改\"}",
                400,
                "calendar.range"
            },
            {
                "programme id with #",
                "dev-municipal-drc",
                "/api/retrofit-programmes",
                Programme.Replace("\"ID\"", "\"a#b\"", StringComparison.Ordinal),
                400,
                "id.storage-key"
            },
            {
                "programme id with ?",
                "dev-municipal-drc",
                "/api/retrofit-programmes",
                Programme.Replace("\"ID\"", "\"a?b\"", StringComparison.Ordinal),
                400,
                "id.storage-key"
            },
            {
                "programme id with backslash",
                "dev-municipal-drc",
                "/api/retrofit-programmes",
                Programme.Replace("\"ID\"", "\"a\\\\b\"", StringComparison.Ordinal),
                400,
                "id.storage-key"
            },
            {
                "programme id with a control character",
                "dev-municipal-drc",
                "/api/retrofit-programmes",
                Programme.Replace("\"ID\"", "\"a\\u0007b\"", StringComparison.Ordinal),
                400,
                "id.storage-key"
            },
            {
                "programme id over 1 KiB",
                "dev-municipal-drc",
                "/api/retrofit-programmes",
                Programme.Replace("\"ID\"", $"\"{new string('p', 1100)}\"", StringComparison.Ordinal),
                400,
                "id.storage-key"
            },
        };

    [Fact]
    public async Task Post_EveryIssueExample_ClearProblemAndNothingStored()
    {
        var tables = Host.Services.GetRequiredService<ITableStore>();
        var before = (await tables.QueryPartitionRangeAsync(StorageNames.CasesTable, "0", "~")).Count(r => CaseRows.IsRecord(r.RowKey));
        var failures = new List<string>();
        foreach (var row in Examples())
        {
            var (example, key, path, body, status, rule) = (
                (string)row[0],
                (string)row[1],
                (string)row[2],
                (string)row[3],
                (int)row[4],
                (string)row[5]
            );
            var (actual, problem) = await PostAsync(Host.Http, key, path, body);
            if ((int)actual != status || problem.ValueKind != JsonValueKind.Object || problem.GetProperty("rule").GetString() != rule)
            {
                failures.Add($"{example}: {(int)actual} {problem}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(
            before,
            (await tables.QueryPartitionRangeAsync(StorageNames.CasesTable, "0", "~")).Count(r => CaseRows.IsRecord(r.RowKey))
        );
    }

    [Fact]
    public async Task Send_QueryOutOfRange_ClearProblem()
    {
        var failures = new List<string>();
        foreach (
            var (method, path, key, rule) in new[]
            {
                ("POST", "/api/supervision/sweep?date=0001-01-01", "dev-admin", "calendar.range"),
                ("POST", "/api/supervision/sweep?date=2150-06-01", "dev-admin", "calendar.range"),
                ("GET", "/api/cases?page=2147483647", Officer, "page.range"),
            }
        )
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("X-Api-Key", key);
            using var response = await Host.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (
                (int)response.StatusCode != 400
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || JsonDocument.Parse(text).RootElement.GetProperty("rule").GetString() != rule
            )
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode} {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Post_JsonRouteWithTextPlain_415Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registrations")
        {
            Content = new StringContent(Sample("registration/application-complete.json"), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("X-Api-Key", Officer);

        using var response = await Host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_LargeLegalApplication_AcceptedAndReadBackWhole()
    {
        var body = LargeApplication();
        Assert.True(Encoding.UTF8.GetByteCount(body) > 45_000, "the example is a 45 KB application");

        var (status, accepted) = await PostAsync(Host.Http, Officer, "/api/registrations", body, "large-" + Guid.NewGuid().ToString("N"));

        Assert.True(status == HttpStatusCode.Accepted, $"{(int)status} {accepted}");
        var id = accepted.GetProperty("caseId").GetString()!;
        var record = await Host.Services.GetRequiredService<CaseStore>().GetAsync(id);
        var scope = record!.Data!.Value.GetProperty("application").GetProperty("businessScope").GetString();
        Assert.Equal(JsonNode.Parse(body)!["businessScope"]!.GetValue<string>(), scope);
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}");
        read.Headers.Add("X-Api-Key", Officer);
        using var response = await Host.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Drop_LargeLegalApplication_OpensTheCaseNotQuarantined()
    {
        var body = Encoding.UTF8.GetBytes(LargeApplication(acceptedOn: "2024-05-06"));
        var blobs = Host.Services.GetRequiredService<IBlobStore>();
        var name = $"large-{Guid.NewGuid():N}.json";

        await blobs.PutAsync(StorageNames.RegistrationsInbox, name, body, "application/json");

        var id = CaseIds.FromKey(
            "REG",
            "411100",
            new DateOnly(2024, 5, 6),
            $"drop|{StorageNames.RegistrationsInbox}|{IdempotencyStore.Hash(body)}"
        );
        var cases = Host.Services.GetRequiredService<CaseStore>();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(90);
        while (await cases.GetAsync(id) is null && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(250);
        }

        var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.RegistrationsInbox, name));
        Assert.True(report is null, report is null ? null : Encoding.UTF8.GetString(report.Data));
        Assert.NotNull(await cases.GetAsync(id));
    }
}

public sealed class InMemoryBadInputTests(InMemoryMarketHost host) : BadInputBackendTests, IClassFixture<InMemoryMarketHost>
{
    protected override MarketHostFixture Host => host;
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteBadInputTests(AzuriteFixture azurite) : BadInputBackendTests, IAsyncLifetime
{
    private readonly AzuriteMarketHost host = new(azurite.ConnectionString);

    protected override MarketHostFixture Host => host;

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();
}
