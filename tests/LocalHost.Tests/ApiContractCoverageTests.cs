using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Domain.Validation;
using Workflows.Functions.Contract;
using Workflows.Functions.Identity;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// Issue 15: the document covers every route with its callers and answers, the hosts admit exactly the callers it
/// names, and every sample under <c>samples/</c> validates against its schema. Driven by the route table (what
/// functions.metadata is generated from) and the samples folder, so new routes and samples are checked as they come.
/// </summary>
public sealed class ApiContractCoverageTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    /// <summary>The schema of each samples folder (a new folder must be added here, or the samples test fails).</summary>
    private static readonly Dictionary<string, string> SampleSchemas = new(StringComparer.Ordinal)
    {
        ["registration"] = "RegistrationApplication",
        ["deregistration"] = "SimplifiedDeregistrationRequest",
        ["revocation"] = "RevocationApplication",
        ["trackers"] = "TrackerStart",
        ["energy"] = "CoalProjectIntake",
        ["calendars"] = "CalendarYearFile",
        ["power"] = "ProxyUserRequest",
    };

    [Fact]
    public async Task OpenApiDocument_EveryRoute_StatesItsCallersAndTheSchemaOfEachSuccess()
    {
        using var doc = JsonDocument.Parse(await GetTextAsync("/api/openapi.json"));
        var problems = new List<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!operation.Value.TryGetProperty("x-roles", out var roles) || !operation.Value.TryGetProperty("x-callers", out _))
                {
                    problems.Add($"{name}: no x-roles/x-callers (declare it in RouteAccess)");
                    continue;
                }

                Assert.All(roles.EnumerateArray(), r => Assert.Matches("^[a-z][A-Za-z]*$", r.GetString()!));
                var successes = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
                if (successes.Count == 0 || successes.Any(s => !s.Value.TryGetProperty("content", out _)))
                {
                    problems.Add($"{name}: no success answer with a body schema (declare it in ApiResponses)");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task OpenApiDocument_Roles_AreTheRouteAccessTableTheHostsEnforce()
    {
        using var doc = JsonDocument.Parse(await GetTextAsync("/api/openapi.json"));

        foreach (var route in ApiRouteTable.Documented)
        {
            var rule = RouteAccess.Of(route);
            Assert.True(rule is not null, $"{route.Function} declares no callers in RouteAccess.");
            foreach (var method in route.Methods)
            {
                var operation = doc.RootElement.GetProperty("paths").GetProperty(PathKey(route)).GetProperty(method.ToLowerInvariant());
                Assert.Equal(rule.RoleNames, operation.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()!));
            }
        }
    }

    [Fact]
    public async Task RouteAccess_ACallerTheRouteDoesNotAdmit_Gets401Or403AndAnAdmittedRoleIsNotRefusedForItsRole()
    {
        var keys = KeyPerRole();
        var problems = new List<string>();
        foreach (var route in ApiRouteTable.Documented.Where(r => RouteAccess.Of(r)!.Callers != RouteCallers.Anyone))
        {
            var rule = RouteAccess.Of(route)!;
            var method = route.Methods[0];
            using (var anonymous = await SendAsync(method, route, key: null))
            {
                Expect(problems, route, "anonymous", anonymous, HttpStatusCode.Unauthorized);
            }

            foreach (var role in Enum.GetValues<Role>())
            {
                using var response = await SendAsync(method, route, keys[role]);
                var detail = await DetailAsync(response);
                var refusedForRole =
                    response.StatusCode == HttpStatusCode.Forbidden && detail.Contains("may not do this", StringComparison.Ordinal);
                if (rule.Roles.Contains(role) == refusedForRole)
                {
                    problems.Add($"{method} /api/{route.Template} as {role}: {(int)response.StatusCode} {detail}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Samples_EveryFileUnderSamples_ValidatesAgainstItsSchemaInTheDocument()
    {
        var text = await GetTextAsync("/api/openapi.json");
        var schemas = new OpenApiSchemas(text);
        var root = Path.Combine(RepositoryPaths.FindRoot(), "samples");
        var checkedFiles = 0;
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var folder = relative.Split('/')[0];
            var errors = Path.GetExtension(file) switch
            {
                ".json" when folder == "events" => null, // EventSamples_UnderSamples_... checks them with their role
                // Payloads of the county's submit event (one deliberately bad): FactorySubmissionValidatorTests and the
                // factory integration tests send them with their role; the register's import files and disqualification
                // batch have their own column and field tables (RegisterImportTests, EntityRegisterTests); the patent
                // award's application bodies and event payloads are sent with their roles by PatentAwardRoundTests.
                _ when folder is "factories" or "register" or "patent-award" => null,
                // 豫政办〔2021〕65号: the project listings and the barometer rows by their routes' schemas; the annual
                // assessment is an event body (TwoHighEndToEndTests sends it with the provincial DRC's role).
                ".json" when folder == "twohigh" => Path.GetFileName(file) switch
                {
                    var n when n.StartsWith("project-", StringComparison.Ordinal) => schemas.Errors(
                        "TwoHighProjectListing",
                        JsonNode.Parse(File.ReadAllText(file))
                    ),
                    var n when n.StartsWith("barometer-", StringComparison.Ordinal) => schemas.Errors(
                        "TwoHighBarometerRows",
                        JsonNode.Parse(File.ReadAllText(file))
                    ),
                    _ => null,
                },
                ".csv" when folder == "twohigh" => CsvErrors(JsonNode.Parse(text)!, file, "TwoHighBarometerCsv"),
                ".json" => SampleSchemas.TryGetValue(folder, out var schema)
                    ? schemas.Errors(schema, JsonNode.Parse(File.ReadAllText(file)))
                    : [$"no schema for samples/{folder} (add it to SampleSchemas)"],
                ".zip" => PackageErrors(schemas, file),
                ".csv" => CsvErrors(JsonNode.Parse(text)!, file),
                _ => null, // README.md, walkthrough.sh
            };
            if (errors is null)
            {
                continue;
            }

            checkedFiles++;
            problems.AddRange(errors.Select(e => $"samples/{relative}: {e}"));
        }

        Assert.True(checkedFiles >= 20, $"Only {checkedFiles} samples were checked.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task RequestSchema_AnApplicationWithAWrongFieldType_IsInvalid()
    {
        // The sample test above must be able to fail: a registered capital as text is not the model's number.
        var schemas = new OpenApiSchemas(await GetTextAsync("/api/openapi.json"));
        var sample = JsonNode.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "samples", "registration", "application-complete.json"))
        )!;
        sample["registeredCapital"] = "一百万";
        sample["entityType"] = "no-such-entity-type";

        var errors = schemas.Errors("RegistrationApplication", sample);

        Assert.Contains(errors, e => e.Contains("/registeredCapital", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/entityType", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CalendarYear_ChineseHolidayNames_AreSentAsUtf8WithoutEscapes()
    {
        using var response = await host.Http.GetAsync("/api/calendar/2024");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("春节", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void ContractCheck_AnAnswerOutsideTheDocument_IsReported()
    {
        // The shared checker every test client runs must be able to fail: an undocumented status, a body missing a
        // required field, a 4xx that is not problem+json, escaped Chinese.
        var text = OpenApiText();
        using var doc = JsonDocument.Parse(text);
        var schemas = new OpenApiSchemas(text);

        using var teapot = Answer(HttpStatusCode.Created, "application/json", "{}");
        using var noCaseId = Answer(
            HttpStatusCode.Accepted,
            "application/json",
            """{"procedure":"registration","created":true,"location":"/api/cases/x"}"""
        );
        using var plain = Answer(HttpStatusCode.BadRequest, "text/plain", "bad");
        using var escaped = Answer(HttpStatusCode.OK, "application/json", """{"valid":false,"code":"\u6F2F"}""");
        using var fine = Answer(HttpStatusCode.OK, "application/json", """{"valid":false,"code":"漯"}""");
        using var pascalState = Answer(HttpStatusCode.OK, "application/json", CaseBody("UnderReview", "registrationOfficer"));
        using var pascalRole = Answer(HttpStatusCode.OK, "application/json", CaseBody("under-review", "RegistrationOfficer"));
        using var oneCasing = Answer(HttpStatusCode.OK, "application/json", CaseBody("under-review", "registrationOfficer"));

        Assert.Contains(
            ContractCheck.Check(doc.RootElement, schemas, "GET", "cases", teapot, "{}"),
            e => e.Contains("not documented", StringComparison.Ordinal)
        );
        Assert.NotEmpty(ContractCheck.Check(doc.RootElement, schemas, "POST", "registrations", noCaseId, Body(noCaseId)));
        Assert.NotEmpty(ContractCheck.Check(doc.RootElement, schemas, "GET", "cases", plain, "bad"));
        Assert.NotEmpty(ContractCheck.Check(doc.RootElement, schemas, "GET", "identifiers/uscc/x", escaped, Body(escaped)));
        Assert.Empty(ContractCheck.Check(doc.RootElement, schemas, "GET", "identifiers/uscc/x", fine, Body(fine)));
        Assert.Contains(
            ContractCheck.Check(doc.RootElement, schemas, "GET", "cases/x", pascalState, Body(pascalState)),
            e => e.Contains("/state", StringComparison.Ordinal)
        );
        Assert.Contains(
            ContractCheck.Check(doc.RootElement, schemas, "GET", "cases/x", pascalRole, Body(pascalRole)),
            e => e.Contains("/history/0/actorRole", StringComparison.Ordinal)
        );
        Assert.Empty(ContractCheck.Check(doc.RootElement, schemas, "GET", "cases/x", oneCasing, Body(oneCasing)));
    }

    /// <summary>A case page with one history row, in the given casing of state and role.</summary>
    private static string CaseBody(string state, string role) =>
        $$"""
            {"id":"REG-1","procedure":"registration","agency":"411100","title":"t","state":"{{state}}","light":"green","closed":false,
             "createdUtc":"2025-01-01T00:00:00+00:00","stage":1,"awaitedEvents":["register"],
             "history":[{"caseId":"REG-1","key":"k","at":"2025-01-01T00:00:00+00:00","actorId":"a","actorName":"n","actorRole":"{{role}}",
             "action":"filed","article":"Art. 19","summary":"s"}]}
            """;

    private static string Body(HttpResponseMessage response) => response.Content.ReadAsStringAsync().GetAwaiter().GetResult();

    private string OpenApiText() => host.Services.GetRequiredService<Workflows.Functions.Contract.OpenApiDocument>().Text;

    private static HttpResponseMessage Answer(HttpStatusCode status, string mediaType, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private static IEnumerable<string> PackageErrors(OpenApiSchemas schemas, string file)
    {
        using var zip = ZipFile.OpenRead(file);
        var application = zip.Entries.SingleOrDefault(e => e.Name == "application.json");
        if (application is null)
        {
            return ["the package has no application.json"];
        }

        using var reader = new StreamReader(application.Open(), Encoding.UTF8);
        return schemas.Errors(ApiRequests.DropSchemas["registrations-inbox"], JsonNode.Parse(reader.ReadToEnd()));
    }

    /// <summary>A units list: decoded as the importer decodes it, its header has every documented column.</summary>
    private static IEnumerable<string> CsvErrors(JsonNode document, string file, string schema = "KeyUnitsCsv")
    {
        var columns = document["components"]!["schemas"]![schema]!["x-columns"]!.AsArray().Select(c => c!.GetValue<string>());
        var (text, _, _) = ChineseTextEncodings.Decode(File.ReadAllBytes(file), TextEncodingChoice.Detect);
        var header = (text ?? string.Empty)
            .TrimStart('\uFEFF')
            .Split('\n')[0]
            .Split(',')
            .Select(h => h.Trim('"', '\r', ' '))
            .Select(h =>
                schema == "KeyUnitsCsv"
                    ? Workflows.Domain.Energy.KeyUnitsRowValidator.CanonicalColumn(h)
                    : Workflows.Domain.TwoHigh.BarometerRowValidator.CanonicalColumn(h)
            );
        var missing = columns.Except(header, StringComparer.Ordinal).ToList();
        return missing.Count == 0 ? [] : [$"header lacks the documented columns {string.Join(", ", missing)}"];
    }

    private Dictionary<Role, string> KeyPerRole()
    {
        var keys = host.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ApiKeys;
        return Enum.GetValues<Role>().ToDictionary(r => r, r => keys.First(k => k.Role == r).Key);
    }

    private static string PathKey(ApiRoute route) => "/api/" + route.Template.Replace("{*", "{", StringComparison.Ordinal);

    private async Task<HttpResponseMessage> SendAsync(string method, ApiRoute route, string? key)
    {
        var path = string.Join('/', route.Segments.Select(s => s.StartsWith('{') ? "no-such-id" : s));
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/" + path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await host.Http.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d)
                ? d.GetString() ?? string.Empty
                : string.Empty
            : string.Empty;
    }

    private static void Expect(List<string> problems, ApiRoute route, string who, HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            problems.Add($"/api/{route.Template} as {who}: {(int)response.StatusCode}, expected {(int)status}");
        }
    }

    private async Task<string> GetTextAsync(string url)
    {
        using var response = await host.Http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return text;
    }
}
