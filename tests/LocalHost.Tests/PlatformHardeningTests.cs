using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Energy;
using Workflows.Functions.Hosting;
using Workflows.Functions.Identity;
using Workflows.Functions.Orchestrations;
using Workflows.Functions.Storage;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// Issue 11 part A, tried over HTTP as an attacker would: a forged platform principal, reading a case's orchestration
/// input by its instance id, an HTML "implementation report" over HTTP and through the coal-reports drop, a stored
/// document opened in the dashboard's origin, and a flood of requests.
/// </summary>
public sealed class PlatformHardeningTests
{
    private const string Officer = "dev-registration-officer";
    private const string ProjectOwner = "dev-project-owner";
    private const string ProjectOwnerUscc = "91411102MA45B8C906";
    private const string ResidentId = "411102199001011234";

    private static readonly string ForgedAdministrator = Convert.ToBase64String(Encoding.UTF8.GetBytes(
        """
        {"auth_typ":"aad","claims":[{"typ":"oid","val":"attacker"},{"typ":"roles","val":"Administrator"},
          {"typ":"workflows_agency","val":"410000"}]}
        """));

    private static async Task<LocalHostApp> StartAsync(string[] args, Action<IServiceCollection>? configure = null)
    {
        var local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true, Port = TestPorts.Free(), RunBackgroundServices = false, ConfigureServices = configure,
            },
            args,
            _ => { });
        await local.App.StartAsync();
        return local;
    }

    private static async Task StopAsync(LocalHostApp local)
    {
        await local.App.StopAsync();
        await local.DisposeAsync();
    }

    private static HttpClient Client(LocalHostApp local) =>
        new() { BaseAddress = new Uri(local.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? key = null, string? principal = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add(PrincipalResolver.ApiKeyHeader, key);
        }

        if (principal is not null)
        {
            request.Headers.Add(PrincipalResolver.ClientPrincipalHeader, principal);
        }

        return await http.SendAsync(request);
    }

    private static async Task<CaseRecord> SeedCaseAsync(
        LocalHostApp local, string procedure, string state, IReadOnlyList<CaseDocument>? documents = null)
    {
        var id = CaseIds.New("HRD", "411100", new DateOnly(2025, 3, 3), Guid.NewGuid().ToByteArray());
        var record = new CaseRecord
        {
            Id = id,
            Procedure = procedure,
            Agency = "411100",
            Title = "hardening " + procedure,
            State = state,
            CreatedUtc = new DateTimeOffset(2025, 3, 3, 1, 0, 0, TimeSpan.Zero),
            OrchestrationId = id,
            Usccs = [ProjectOwnerUscc],
            Documents = documents ?? [],
        };
        Assert.True(await local.App.Services.GetRequiredService<CaseStore>().TryCreateAsync(record));
        return record;
    }

    /// <summary>Blocks: "on Azure anyone can be Administrator" — LocalHost has no platform sign-in in front of it, so
    /// no configuration makes it believe the header.</summary>
    [Fact]
    public async Task ForgedPrincipalHeader_LocalHostConfiguredToTrustIt_Returns401()
    {
        var local = await StartAsync(
            ["--WEBSITE_AUTH_ENABLED=true", "--Identity:TrustClientPrincipalHeader=true", "--Identity:PlatformAuthenticationEnabled=true"]);
        try
        {
            using var http = Client(local);

            using var response = await GetAsync(http, "/api/cases", principal: ForgedAdministrator);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(PrincipalResolver.ClientPrincipalHeader, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>The same header is read when a test stands in for App Service authentication (trust and platform on).</summary>
    [Fact]
    public async Task PrincipalHeader_TestEnablesPlatformTrust_IsRead()
    {
        var local = await StartAsync([], services => services.PostConfigure<IdentityOptions>(o =>
        {
            o.TrustClientPrincipalHeader = true;
            o.PlatformAuthenticationEnabled = true;
        }));
        try
        {
            using var http = Client(local);

            using var response = await GetAsync(http, "/api/cases", principal: ForgedAdministrator);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>Blocks: anonymous <c>GET /api/instances/{caseId}</c> returning the orchestration input (names, resident
    /// ID numbers, phones, addresses).</summary>
    [Fact]
    public async Task GetInstance_CaseInstance_NeedsCaseScopeAndNeverReturnsInput()
    {
        var local = await StartAsync([], services => services.PostConfigure<IdentityOptions>(o => o.ApiKeys.Add(new ApiKeyOptions
        {
            Key = "officer-zhoukou", Id = "officer-zk", Name = "周口 officer",
            Role = Workflows.Domain.Access.Role.RegistrationOfficer, Agency = "411600",
        })));
        try
        {
            using var http = Client(local);
            var record = await SeedCaseAsync(local, "registration", "under-review");
            var client = local.App.Services.GetRequiredService<DurableTaskClient>();
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(TimerProbeOrchestration),
                new TimerProbeInput(DateTimeOffset.UtcNow.AddHours(1), "张三 " + ResidentId),
                new StartOrchestrationOptions(record.Id));

            using var anonymous = await GetAsync(http, $"/api/instances/{record.Id}");
            using var otherCity = await GetAsync(http, $"/api/instances/{record.Id}", "officer-zhoukou");
            using var notAParty = await GetAsync(http, $"/api/instances/{record.Id}", "dev-enterprise");
            using var officer = await GetAsync(http, $"/api/instances/{record.Id}", Officer);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, otherCity.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, notAParty.StatusCode);
            var body = await officer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, officer.StatusCode);
            using var doc = JsonDocument.Parse(body);
            Assert.Equal(record.Id, doc.RootElement.GetProperty("caseId").GetString());
            Assert.False(doc.RootElement.TryGetProperty("input", out _), body);
            Assert.False(doc.RootElement.TryGetProperty("output", out _), body);
            Assert.DoesNotContain(ResidentId, body, StringComparison.Ordinal);
            Assert.DoesNotContain(ResidentId, await notAParty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>Blocks: stored XSS by a project owner's "implementation report" sent as HTML over HTTP, by name, by
    /// stated type or hidden behind a .pdf name; nothing is stored.</summary>
    [Theory]
    [InlineData("report.html", "text/html", "<html><script>alert(1)</script></html>", DocumentTypes.TypeRule)]
    [InlineData("report.svg", "image/svg+xml", "<svg onload=\"alert(1)\"/>", DocumentTypes.TypeRule)]
    [InlineData("report.pdf", "text/html", "%PDF-1.7", DocumentTypes.StatedTypeRule)]
    [InlineData("report.pdf", "application/pdf", "<html><script>alert(1)</script></html>", DocumentTypes.ContentRule)]
    public async Task UploadReport_HtmlOrSvg_Returns415AndStoresNothing(string name, string statedType, string content, string rule)
    {
        var local = await StartAsync([]);
        try
        {
            using var http = Client(local);
            var record = await SeedCaseAsync(local, CoalSubstitutionProcedure.ProcedureName, CoalPhases.Reporting);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/coal-projects/{record.Id}/report?name={name}")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(content)) { Headers = { { "Content-Type", statedType } } },
            };
            request.Headers.Add(PrincipalResolver.ApiKeyHeader, ProjectOwner);

            using var response = await http.SendAsync(request);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, body);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            Assert.Equal((rule, "file"), (root.GetProperty("rule").GetString(), root.GetProperty("field").GetString()));
            Assert.StartsWith("不支持", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Empty((await local.App.Services.GetRequiredService<CaseStore>().GetAsync(record.Id))!.Documents);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>Blocks: the same HTML report dropped into <c>coal-reports</c>; it is quarantined with the rule.</summary>
    [Fact]
    public async Task CoalReportsDrop_HtmlReport_QuarantinedAndNotStored()
    {
        var local = await StartAsync([]);
        try
        {
            var record = await SeedCaseAsync(local, CoalSubstitutionProcedure.ProcedureName, CoalPhases.Reporting);
            var handler = local.App.Services.GetServices<IBlobDropHandler>().Single(h => h.Container == StorageNames.CoalReports);
            var blobs = local.App.Services.GetRequiredService<IBlobStore>();
            var name = $"{record.Id}/report.pdf";
            var html = Encoding.UTF8.GetBytes("<html><script>alert(document.domain)</script></html>");
            await blobs.PutAsync(StorageNames.CoalReports, name, html, "application/pdf");

            var drop = new BlobDrop(StorageNames.CoalReports, name, "\"e1\"", html, "application/pdf", new Dictionary<string, string>());
            await handler.HandleAsync(drop, local.App.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);

            var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.CoalReports, name));
            Assert.NotNull(report);
            Assert.Contains(DocumentTypes.ContentRule, Encoding.UTF8.GetString(report.Data), StringComparison.Ordinal);
            Assert.Empty((await local.App.Services.GetRequiredService<CaseStore>().GetAsync(record.Id))!.Documents);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>Blocks: a document stored as text/html (before type checking existed) rendered in the dashboard's origin.</summary>
    [Fact]
    public async Task GetDocument_StoredAsHtml_ServedAsSandboxedNosniffAttachment()
    {
        var local = await StartAsync([]);
        try
        {
            using var http = Client(local);
            var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
            var blobName = $"HRD/{Guid.NewGuid():N}/old.html";
            await local.App.Services.GetRequiredService<IBlobStore>().PutAsync(StorageNames.Documents, blobName, html, "text/html");
            var record = await SeedCaseAsync(local, "registration", "under-review",
                [new CaseDocument("old.html", blobName, "text/html", html.Length, "x", DateTimeOffset.UtcNow, "enterprise-1")]);

            using var response = await GetAsync(http, $"/api/cases/{record.Id}/documents/old.html", Officer);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains("sandbox", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>Blocks: one principal flooding the host; another principal is not starved.</summary>
    [Fact]
    public async Task RateLimit_PrincipalOverItsPermits_Gets429ProblemOthersDoNot()
    {
        var local = await StartAsync(["--RateLimits:PermitsPerPrincipal=3", "--RateLimits:PermitsPerAddress=1000"]);
        try
        {
            using var http = Client(local);
            for (var i = 0; i < 3; i++)
            {
                using var allowed = await GetAsync(http, "/api/cases", Officer);
                Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            }

            using var limited = await GetAsync(http, "/api/cases", Officer);
            using var other = await GetAsync(http, "/api/cases", "dev-authority-head");

            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.True(limited.Headers.RetryAfter is not null, "Retry-After is missing.");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>Blocks: anonymous floods (the public routes) from one address; signed-in callers share that address's window.</summary>
    [Fact]
    public async Task RateLimit_AddressOverItsPermits_Gets429EvenAnonymously()
    {
        var local = await StartAsync(["--RateLimits:PermitsPerPrincipal=1000", "--RateLimits:PermitsPerAddress=4"]);
        try
        {
            using var http = Client(local);
            for (var i = 0; i < 4; i++)
            {
                using var allowed = await GetAsync(http, "/api/identifiers/uscc/91411100MA44X1Y23P");
                Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            }

            using var anonymous = await GetAsync(http, "/api/identifiers/uscc/91411100MA44X1Y23P");
            using var signedIn = await GetAsync(http, "/api/cases", Officer);

            Assert.Equal(HttpStatusCode.TooManyRequests, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, signedIn.StatusCode);
        }
        finally
        {
            await StopAsync(local);
        }
    }

    /// <summary>The principal partitions are keyed by configured principal ids only: made-up keys share no new partition.</summary>
    [Fact]
    public async Task RatePartition_UnknownKeys_AreAnonymous()
    {
        var local = await StartAsync([]);
        try
        {
            var resolver = local.App.Services.GetRequiredService<PrincipalResolver>();
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            context.Request.Headers[PrincipalResolver.ApiKeyHeader] = "made-up-" + Guid.NewGuid();

            Assert.Equal(LocalRateLimiting.AnonymousPartition, LocalRateLimiting.PrincipalPartition(context, resolver));
            context.Request.Headers[PrincipalResolver.ApiKeyHeader] = Officer;
            Assert.Equal("officer-1", LocalRateLimiting.PrincipalPartition(context, resolver));
        }
        finally
        {
            await StopAsync(local);
        }
    }
}
