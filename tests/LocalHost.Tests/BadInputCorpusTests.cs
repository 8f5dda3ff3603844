using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Identity;
using Workflows.Functions.Storage;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// The bad-input corpus, generated from the app's own declarations so every endpoint and every drop container is
/// covered: each bad request gets a clear 4xx problem+json (never a 5xx, never a success), each bad file ends in
/// quarantine with a report beside it, and nothing is created or half-written.
/// </summary>
public sealed class BadInputCorpusTests : IAsyncLifetime
{
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
            },
            [],
            _ => { }
        );
        await local.App.StartAsync();
        http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(60));
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

    private static readonly (string Name, byte[] Body)[] HttpCorpus =
    [
        ("truncated JSON", Encoding.UTF8.GetBytes("{\"name\": \"漯河")),
        ("JSON array instead of object", Encoding.UTF8.GetBytes("[1,2,3]")),
        ("JSON string instead of object", Encoding.UTF8.GetBytes("\"hello\"")),
        (
            "wrong types",
            Encoding.UTF8.GetBytes(
                "{\"entityType\": 42, \"name\": [], \"acceptedOn\": true, \"newCoalConsumptionTonnes\": \"many\", \"type\": 7}"
            )
        ),
        ("empty object", Encoding.UTF8.GetBytes("{}")),
        ("not UTF-8", [0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC4, 0xE3, 0xBA, 0xC3, 0x22, 0x7D]),
        (
            "date outside any calendar",
            Encoding.UTF8.GetBytes("{\"acceptedOn\": \"1900-01-01\", \"triggerDate\": \"1900-01-01\", \"noticeStart\": \"2150-01-01\"}")
        ),
        ("oversized", Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', new LimitsOptions().MaxJsonBodyBytes + 10) + "\"}")),
    ];

    [Fact]
    public async Task EveryStateChangingRoute_BadBodies_ClearProblemAndNothingStored()
    {
        var keys = local!.App.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ApiKeys.Select(k => k.Key).ToList();
        var routes = FunctionsMetadata.LoadFromTestOutput().HttpRoutes.Where(r => r.Method is "POST" or "PUT" or "DELETE").ToList();
        Assert.NotEmpty(routes);
        var tables = (InMemoryTableStore)local.App.Services.GetRequiredService<ITableStore>();
        var casesBefore = (await tables.QueryPartitionRangeAsync(StorageNames.CasesTable, "0", "~")).Count(r =>
            CaseRows.IsRecord(r.RowKey)
        );
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var path = "/" + Regex.Replace(route.Path.TrimStart('/'), @"\{\*?([^}:]+)(:[^}]*)?\}", "x1");
            // The timer probe's only field is optional, so any JSON object is a valid probe request.
            var anyObjectIsValid = route.Path.EndsWith("probes/timer", StringComparison.Ordinal);
            foreach (var (name, body) in HttpCorpus)
            {
                if (anyObjectIsValid && name is "wrong types" or "empty object" or "date outside any calendar")
                {
                    continue;
                }

                var clearRefusals = 0;
                foreach (var key in keys)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    request.Headers.Add(PrincipalResolver.ApiKeyHeader, key);
                    using var response = await http.SendAsync(request);
                    var status = (int)response.StatusCode;
                    if (status >= 500 || status is >= 200 and < 300)
                    {
                        failures.Add($"{route} [{name}] as {key}: {status} {await response.Content.ReadAsStringAsync()}");
                    }
                    else if (
                        status is 400 or 404 or 409 or 413 or 422
                        && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    )
                    {
                        clearRefusals++;
                    }
                }

                if (clearRefusals == 0)
                {
                    failures.Add($"{route} [{name}]: no role got a 4xx problem+json (only 401/403?)");
                }
            }
        }

        Assert.True(failures.Count == 0, "Bad input not refused cleanly:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(
            casesBefore,
            (await tables.QueryPartitionRangeAsync(StorageNames.CasesTable, "0", "~")).Count(r => CaseRows.IsRecord(r.RowKey))
        );
    }

    public static TheoryData<string, string> DropCorpus() =>
        new()
        {
            { "garbage bytes", "junk.json" },
            { "zip with path traversal", "package.zip" },
            { "zip bomb", "bomb.zip" },
            { "non-UTF-8 CSV", "units.csv" },
            { "truncated JSON", "2027.json" },
        };

    [Theory]
    [MemberData(nameof(DropCorpus))]
    public async Task EveryDropContainer_BadFile_QuarantinedWithReportAndNothingCreated(string kind, string name)
    {
        var services = local!.App.Services;
        var blobs = services.GetRequiredService<IBlobStore>();
        var tables = services.GetRequiredService<ITableStore>();
        var handlers = services.GetServices<IBlobDropHandler>().ToList();
        Assert.NotEmpty(handlers);
        var watcher = new BlobWatcher(
            handlers,
            blobs,
            tables,
            TimeProvider.System,
            NullLogger<BlobWatcher>.Instance,
            services.GetRequiredService<DurableTaskClient>()
        );
        var casesBefore = (await tables.QueryPartitionRangeAsync(StorageNames.CasesTable, "0", "~")).Count(r =>
            CaseRows.IsRecord(r.RowKey)
        );
        var body = Build(kind);
        foreach (var handler in handlers)
        {
            // coal-reports and retrofit-inbox files live under "<id>/": give them a plausible but unknown prefix.
            var blobName = handler.Container is StorageNames.CoalReports or StorageNames.RetrofitInbox
                ? $"NOPE-411100-20240101-AAAAAAAA/{name}"
                : name;
            await blobs.PutAsync(handler.Container, blobName, body, "application/octet-stream");
        }

        await watcher.PollOnceAsync(CancellationToken.None);

        var failures = new List<string>();
        foreach (var handler in handlers)
        {
            var blobName = handler.Container is StorageNames.CoalReports or StorageNames.RetrofitInbox
                ? $"NOPE-411100-20240101-AAAAAAAA/{name}"
                : name;
            if (await blobs.GetAsync(handler.Container, blobName) is not null)
            {
                failures.Add($"{handler.Container}/{blobName}: still in the inbox");
            }

            if (
                await blobs.GetAsync(StorageNames.Quarantine, $"{handler.Container}/{blobName}") is null
                || await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(handler.Container, blobName)) is null
            )
            {
                failures.Add($"{handler.Container}/{blobName}: no quarantined copy with an error report");
            }
        }

        Assert.True(failures.Count == 0, $"[{kind}]\n" + string.Join("\n", failures));
        Assert.Equal(
            casesBefore,
            (await tables.QueryPartitionRangeAsync(StorageNames.CasesTable, "0", "~")).Count(r => CaseRows.IsRecord(r.RowKey))
        );
    }

    private static byte[] Build(string kind) =>
        kind switch
        {
            "garbage bytes" => [0xFF, 0xFE, 0x00, 0x13, 0x37, 0xC3, 0x28, 0x7B, 0x7B],
            "zip with path traversal" => Zip(
                ("../../etc/application.json", Encoding.UTF8.GetBytes("{}")),
                ("application.json", Encoding.UTF8.GetBytes("{}"))
            ),
            "zip bomb" => Zip(("application.json", new byte[new LimitsOptions().MaxPackageUncompressedBytes + (1 << 20)])),
            "non-UTF-8 CSV" =>
            [
                .. Encoding.Latin1.GetBytes("name,uscc,county,annualEnergyUseTce\n"),
                0xC4,
                0xE3,
                0xBA,
                0xC3,
                0x2C,
                0x31,
                0x0A,
            ],
            _ => Encoding.UTF8.GetBytes("{\"year\": 2027, \"days\": ["),
        };

    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (entryName, data) in entries)
            {
                using var stream = zip.CreateEntry(entryName, CompressionLevel.Optimal).Open();
                stream.Write(data);
            }
        }

        return buffer.ToArray();
    }
}
