using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Workflows.Functions.Cases;
using Workflows.Functions.Contract;
using Workflows.Tests.Support;
using WorkflowsOpenApi = Workflows.Functions.Contract.OpenApiDocument;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 15: the API contract (OpenAPI document, problem rule catalogue) and its consistent answers, over HTTP.</summary>
public sealed class ApiContractTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    private const string Officer = "dev-registration-officer";
    private const string Enterprise = "dev-enterprise";

    [Fact]
    public async Task OpenApiDocument_ServedByLocalHost_PassesTheMicrosoftOpenApiValidator()
    {
        var text = await GetTextAsync("/api/openapi.json");

        var result = Microsoft.OpenApi.OpenApiDocument.Parse(text, "json");
        var errors = result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];

        Assert.Equal("3.1.0", JsonDocument.Parse(text).RootElement.GetProperty("openapi").GetString());
        Assert.True(
            result.Diagnostic!.Errors.Count == 0,
            string.Join(Environment.NewLine, result.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}"))
        );
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Pointer}: {e.Message}")));
    }

    [Fact]
    public async Task EventSamples_UnderSamples_ValidateAgainstTheirEventSchemaAndRole()
    {
        var schemas = new OpenApiSchemas(await GetTextAsync("/api/openapi.json"));
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.FindRoot(), "samples", "events"), "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var sample = JsonNode.Parse(File.ReadAllText(file))!;
            var name = WorkflowsOpenApi.EventSchemaName(sample["procedure"]!.GetValue<string>(), sample["eventType"]!.GetValue<string>());
            var body = sample["payload"]!.DeepClone().AsObject();
            body["type"] = sample["eventType"]!.GetValue<string>();

            var errors = schemas.Errors(name, body);

            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
            Assert.Contains(
                sample["role"]!.GetValue<string>(),
                schemas.Schema(name)["x-allowed-roles"]!.AsArray().Select(r => r!.GetValue<string>())
            );
        }
    }

    [Fact]
    public async Task EventSchema_ABodyWithoutARequiredField_IsInvalid()
    {
        // The validator must be able to refuse, or the sample test above proves nothing.
        var schemas = new OpenApiSchemas(await GetTextAsync("/api/openapi.json"));

        var errors = schemas.Errors(WorkflowsOpenApi.EventSchemaName("registration", "refuse"), new JsonObject { ["type"] = "refuse" });

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task ApiDocs_Page_IsServedByTheHostWithScalarAndNoCdn()
    {
        using var page = await host.Http.GetAsync("/api/docs/");
        var html = await page.Content.ReadAsStringAsync();
        using var bundle = await host.Http.GetAsync("/api/docs/standalone.js");
        var script = await GetTextAsync("/api/docs/docs.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script src=\"standalone.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000, "The Scalar bundle is not embedded.");
        Assert.Contains("'/api/openapi.json'", script, StringComparison.Ordinal);
        Assert.Equal(["docs.js", "index.html", "standalone.js"], ApiDocsAssets.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenApiDocument_Paths_AreExactlyTheHttpRoutesOfFunctionsMetadata()
    {
        using var doc = JsonDocument.Parse(await GetTextAsync("/api/openapi.json"));
        var documented = doc
            .RootElement.GetProperty("paths")
            .EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => new HttpRoute(path.Name, op.Name.ToUpperInvariant())))
            .ToList();
        // The catch-all that answers unknown routes with problem+json is a host mechanism, not an API route.
        var served = FunctionsMetadata
            .LoadFromTestOutput()
            .HttpRoutes.Where(r => r.Path != "/api/{*path}")
            .Select(r => r with { Path = r.Path.Replace("{*", "{", StringComparison.Ordinal) })
            .ToList();

        var differences = FunctionsMetadata.Differences("openapi.json", documented, "functions.metadata", served);

        Assert.NotEmpty(documented);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public async Task OpenApiDocument_EventSchemas_AreTheEventRulesTheCaseApiEnforces()
    {
        using var doc = JsonDocument.Parse(await GetTextAsync("/api/openapi.json"));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        var catalogue = host.Services.GetRequiredService<CaseProcedureCatalog>();

        foreach (var procedure in catalogue.All)
        {
            foreach (var rule in procedure.Events)
            {
                var schema = schemas.GetProperty(WorkflowsOpenApi.EventSchemaName(procedure.Name, rule.Type));
                Assert.Equal(rule.Type, schema.GetProperty("properties").GetProperty("type").GetProperty("const").GetString());
                Assert.Equal(["type", .. rule.RequiredFields], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!));
                Assert.Equal(
                    rule.AllowedRoles.Select(r => JsonNamingPolicy.CamelCase.ConvertName(r.ToString())),
                    schema.GetProperty("x-allowed-roles").EnumerateArray().Select(e => e.GetString()!)
                );
            }
        }
    }

    [Fact]
    public async Task ProblemType_OfARefusal_ResolvesOnTheHostToTheRuleWithBothMeanings()
    {
        using var refused = await SendAsync(HttpMethod.Get, "/api/calendar/deadline?from=2024-13-01&workingDays=3", null);
        var problem = await ReadJsonAsync(refused, HttpStatusCode.BadRequest);
        var type = problem.GetProperty("type").GetString()!;

        var entry = JsonDocument.Parse(await GetTextAsync(type)).RootElement;

        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/api/problems/" + problem.GetProperty("rule").GetString(), type);
        Assert.Equal(problem.GetProperty("rule").GetString(), entry.GetProperty("rule").GetString());
        Assert.Equal(
            $"{entry.GetProperty("zh").GetString()} / {entry.GetProperty("en").GetString()}",
            problem.GetProperty("title").GetString()
        );
    }

    [Fact]
    public async Task Problem_EnglishOnlyDetail_IsAnsweredChineseFirstThenEnglish()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/cases/REG-NOPE", Officer);
        var problem = await ReadJsonAsync(response, HttpStatusCode.NotFound);
        var detail = problem.GetProperty("detail").GetString()!;

        Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString()!);
        Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}[^/]* / No case 'REG-NOPE'", detail);
    }

    [Fact]
    public async Task UnknownRoute_AnyMethod_Answers404ProblemJson()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/no-such-route", Officer);
        var problem = await ReadJsonAsync(response, HttpStatusCode.NotFound);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("route.not-found", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task WrongMethod_OnAKnownRoute_Answers405ProblemJsonWithAllow()
    {
        using var response = await SendAsync(HttpMethod.Delete, "/api/cases", Officer);
        var problem = await ReadJsonAsync(response, HttpStatusCode.MethodNotAllowed);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("method.not-allowed", problem.GetProperty("rule").GetString());
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task GetCase_ChineseTextAndETag_SentAsUtf8WithAnETagThatIfMatchChecks()
    {
        var caseId = await PostRegistrationAsync();
        // The page the officer acts on: the case once it awaits the officer's decision (its first steps may write the
        // record more than once after the intake; an ETag read in between is stale by design).
        var (opened, raw) = await AwaitingOfficerAsync(caseId);
        using var _ = opened;
        var etag = opened.Headers.ETag?.Tag;

        using var stale = await SendAsync(
            HttpMethod.Post,
            $"/api/cases/{caseId}/events",
            Officer,
            CorrectionEvent(),
            ifMatch: "\"00000000-0000-0000-0000-000000000000\""
        );
        var refusal = await ReadJsonAsync(stale, HttpStatusCode.PreconditionFailed);
        // The retry carries the first POST's Idempotency-Key: without one, a retry that arrives after the orchestration
        // has taken the event is a new event on a stale page (412), one that arrives before it a replay (202).
        var idempotencyKey = Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> SendCorrectionAsync() =>
            SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/events", Officer, CorrectionEvent(), etag, idempotencyKey);
        using var fresh = await SendCorrectionAsync();
        await ReadJsonAsync(fresh, HttpStatusCode.Accepted);
        using var retry = await SendCorrectionAsync();
        var other = CorrectionEvent().Replace("{\"type\":", "{\"note\":\"second\",\"type\":", StringComparison.Ordinal);
        using var again = await SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/events", Officer, other, ifMatch: etag);

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("漯河", raw, StringComparison.Ordinal);
        Assert.All(
            JsonDocument.Parse(raw).RootElement.GetProperty("history").EnumerateArray(),
            entry => Assert.Matches("^[a-z][A-Za-z]*$", entry.GetProperty("actorRole").GetString()!)
        );
        Assert.DoesNotContain("\\u", raw, StringComparison.Ordinal);
        Assert.NotNull(etag);
        Assert.Equal("precondition.failed", refusal.GetProperty("rule").GetString());
        // A retry of the event the case took is answered as the first time; another event on the old page is refused.
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
    }

    private async Task<(HttpResponseMessage Response, string Raw)> AwaitingOfficerAsync(string caseId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}?afterEvent=intake&waitSeconds=30", Officer);
            var raw = await response.Content.ReadAsStringAsync();
            if (
                JsonDocument.Parse(raw).RootElement.TryGetProperty("awaitedEvents", out var awaited)
                && awaited.EnumerateArray().Any(a => a.GetString() == "request-correction")
            )
            {
                return (response, raw);
            }

            response.Dispose();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Case {caseId} never awaited the officer: {raw}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Query_AParameterTheRouteDoesNotDeclare_Answers400NamingIt()
    {
        using var cases = await SendAsync(HttpMethod.Get, "/api/cases?colour=red", Officer);
        var problem = await ReadJsonAsync(cases, HttpStatusCode.BadRequest);
        using var declared = await SendAsync(HttpMethod.Get, "/api/cases?procedure=registration&pageSize=5", Officer);

        Assert.Equal("query.unknown", problem.GetProperty("rule").GetString());
        Assert.Equal("colour", problem.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_QueryParameters_AreTheOnesTheRoutesDeclare()
    {
        using var doc = JsonDocument.Parse(await GetTextAsync("/api/openapi.json"));
        var list = doc.RootElement.GetProperty("paths").GetProperty("/api/cases").GetProperty("get").GetProperty("parameters");
        var names = list.EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .Select(p => p.GetProperty("name").GetString()!)
            .ToList();

        Assert.Equal(ApiRouteTable.Find("GET", "cases")!.Query, names);
        Assert.Contains("pageSize", names);
    }

    [Fact]
    public async Task Notifications_PageAndPageSize_AreAppliedAndCheckedLikeCases()
    {
        using var first = await SendAsync(HttpMethod.Get, "/api/notifications?pageSize=1", Officer);
        var page = await ReadJsonAsync(first, HttpStatusCode.OK);
        using var beyond = await SendAsync(HttpMethod.Get, "/api/notifications?page=999", Officer);
        var problem = await ReadJsonAsync(beyond, HttpStatusCode.BadRequest);

        Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
        Assert.True(page.GetProperty("items").GetArrayLength() <= 1);
        Assert.Equal("page.range", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Intake_RegistrationAndCoalProject_AnswerOneBodyShapeWithLocation()
    {
        var sample = Path.Combine(RepositoryPaths.FindRoot(), "samples", "registration", "application-missing-materials.json");
        using var registration = await SendAsync(HttpMethod.Post, "/api/registrations", Enterprise, File.ReadAllText(sample));
        using var coal = await SendAsync(HttpMethod.Post, "/api/coal-projects", "dev-project-owner", CoalFiling);

        foreach (var (response, status) in new[] { (registration, HttpStatusCode.Accepted), (coal, HttpStatusCode.Created) })
        {
            var body = await ReadJsonAsync(response, status);
            Assert.Equal(["caseId", "procedure", "created", "location"], body.EnumerateObject().Select(p => p.Name));
            Assert.Equal("/api/cases/" + body.GetProperty("caseId").GetString(), body.GetProperty("location").GetString());
            Assert.Equal(body.GetProperty("location").GetString(), response.Headers.Location?.OriginalString);
        }
    }

    private const string CoalFiling = """
        {"projectName":"漯河某化工有限公司煤制合成氨原料项目","ownerUscc":"91411102MA45B8C906","ownerName":"漯河市郾城区建材有限公司",
         "kind":"new","industry":"chemicals","coalUse":"rawMaterial","newCoalConsumptionTonnes":3000,
         "location":{"city":"漯河市","county":"源汇区"},"annualEnergyConsumptionTce":2500,"acceptedOn":"2025-01-06"}
        """;

    private Task<string> PostRegistrationAsync() => SampleRegistration.PostAsync(host.Http, Enterprise);

    private static string CorrectionEvent() => SampleRegistration.CorrectionEvent();

    private async Task<string> GetTextAsync(string url)
    {
        using var response = await host.Http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return text;
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string url,
        string? key,
        string? json = null,
        string? ifMatch = null,
        string? idempotencyKey = null
    )
    {
        using var request = new HttpRequestMessage(method, url);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await host.Http.SendAsync(request);
    }

    /// <summary>Reads a JSON answer; a problem answer must also validate against the document's Problem schema.</summary>
    private async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        if ((int)status >= 400)
        {
            var errors = new OpenApiSchemas(await GetTextAsync("/api/openapi.json")).Errors("Problem", JsonNode.Parse(body));
            Assert.True(errors.Count == 0, $"The problem does not match the document: {string.Join("; ", errors)}: {body}");
        }

        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
