using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Calendar;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 12 items 3 and 4: LocalHost's server limits follow the documented Limits section (a bigger body gets
/// the documented problem+json, not a bare 413), and officers list the quarantined files of their agency.</summary>
public sealed class LimitsAndQuarantineTests
{
    private static async Task<(LocalHostApp Local, HttpClient Http)> StartAsync(params string[] args)
    {
        var local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
            },
            args,
            _ => { }
        );
        await local.App.StartAsync();
        return (local, ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(60)));
    }

    private static async Task StopAsync(LocalHostApp local, HttpClient http)
    {
        http.Dispose();
        await local.App.StopAsync();
        await local.DisposeAsync();
    }

    [Fact]
    public async Task PutLocalBlob_PackageAboveKestrelDefaultButWithinMaxPackageBytes_Accepted()
    {
        var (local, http) = await StartAsync();
        try
        {
            // Kestrel's own default is 30,000,000 bytes; the documented MaxPackageBytes is 50 MiB.
            using var request = new HttpRequestMessage(HttpMethod.Put, "/local/blobs/registrations-inbox/big.zip")
            {
                Content = new ByteArrayContent(new byte[31 << 20]),
            };
            request.Headers.Add(PrincipalResolver.ApiKeyHeader, "dev-registration-officer");

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        finally
        {
            await StopAsync(local, http);
        }
    }

    [Fact]
    public async Task PostForm_BodyOverTheServerLimit_DocumentedProblem413()
    {
        var (local, http) = await StartAsync(
            "--Limits:MaxPackageBytes=65536",
            "--Limits:MaxDocumentBytes=65536",
            "--Limits:MaxSpreadsheetBytes=65536",
            "--Limits:MaxJsonBodyBytes=65536"
        );
        try
        {
            var limit = LocalHostApp.ServerBodyLimit(
                new LimitsOptions
                {
                    MaxPackageBytes = 65536,
                    MaxDocumentBytes = 65536,
                    MaxSpreadsheetBytes = 65536,
                    MaxJsonBodyBytes = 65536,
                }
            );
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(new byte[(int)limit + 100_000]), "file", "report.pdf" },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/coal-projects/COAL-411102-20250106-VE9U6BGF/report")
            {
                Content = form,
            };
            request.Headers.Add(PrincipalResolver.ApiKeyHeader, "dev-project-owner");

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(ApiProblems.TooLargeRule, problem.GetProperty("rule").GetString());
            Assert.StartsWith("请求体过大", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(local, http);
        }
    }

    [Fact]
    public async Task GetQuarantine_Officers_SeeTheirContainersInTheirJurisdictionAndAreNotified()
    {
        var (local, http) = await StartAsync();
        try
        {
            var quarantine = local.App.Services.GetRequiredService<Quarantine>();
            await quarantine.MoveAsync(
                new BlobDrop(
                    StorageNames.RegistrationsInbox,
                    "bad-package.zip",
                    "\"0x1\"",
                    [1, 2],
                    "application/zip",
                    new Dictionary<string, string> { ["agency"] = "411100" }
                ),
                [new ApiError("file", "package.zip", "不是有效的 zip / not a zip")]
            );
            await quarantine.MoveAsync(
                new BlobDrop(
                    StorageNames.CoalInbox,
                    "filing.json",
                    "\"0x2\"",
                    [1],
                    "application/json",
                    new Dictionary<string, string> { ["agency"] = "411700" }
                ),
                [new ApiError("file", "coal.file.json", "not JSON")]
            );

            var officer = await ListAsync(http, "dev-registration-officer");
            var county = await ListAsync(http, "dev-county-office");

            Assert.Equal(HttpStatusCode.OK, officer.Status);
            Assert.Equal(["registrations-inbox/bad-package.zip"], officer.Files);
            Assert.Empty(county.Files); // coal-inbox of Zhumadian (411700) is outside Yuanhui district's jurisdiction
            Assert.Equal(HttpStatusCode.Forbidden, (await ListAsync(http, "dev-enterprise")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await ListAsync(http, null)).Status);
            var today = ChinaTime.Today(TimeProvider.System);
            var notices = await local.App.Services.GetRequiredService<NotificationOutbox>().ReadAsync(today);
            Assert.Contains(
                notices,
                n =>
                    n.Message.Kind == Quarantine.NotificationKind
                    && n.Message.RecipientAgency == "411100"
                    && n.Message.Message.Contains("registrations-inbox/bad-package.zip", StringComparison.Ordinal)
            );
        }
        finally
        {
            await StopAsync(local, http);
        }
    }

    private static async Task<(HttpStatusCode Status, List<string> Files)> ListAsync(HttpClient http, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/quarantine");
        if (key is not null)
        {
            request.Headers.Add(PrincipalResolver.ApiKeyHeader, key);
        }

        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, []);
        }

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("file").GetString()!)]);
    }
}
