using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// Access control over HTTP, generated from the code's own declarations so that a new procedure, event, role or
/// endpoint is covered without editing this file: every state-changing route refuses anonymous callers; every event of
/// every registered procedure is accepted only from its allowed roles; and every role × procedure × jurisdiction ×
/// party relation reads, lists, opens documents and sends events exactly as <see cref="AccessPolicy"/> says, with 404
/// for everything outside the caller's share. The named tests below pin the attacks of issue 11 one by one.
/// </summary>
public sealed class AccessControlMatrixTests : IAsyncLifetime
{
    private const string StrangerUscc = "91411103MA46C7D8XH";
    private PolicyHost host = null!;

    public async Task InitializeAsync() => host = await PolicyHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static string Key(Role role, string agency = PolicyHost.City) => PolicyHost.Key(role, agency);

    [Fact]
    public async Task EveryStateChangingRoute_Anonymous_Returns401()
    {
        // The catch-all /api/{*path} changes nothing: it answers routes the API does not have with 404/405 problem+json.
        var routes = FunctionsMetadata.LoadFromTestOutput().HttpRoutes.Where(r => r.Method != "GET" && r.Path != "/api/{*path}").ToList();
        Assert.NotEmpty(routes);
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(route.Path.TrimStart('/'), @"\{\*?([^}:]+)(:[^}]*)?\}", "x1");
            var (status, _) = await host.SendAsync(new HttpMethod(route.Method), path, key: null);
            if (status != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{route}: {(int)status}");
            }
        }

        Assert.True(failures.Count == 0, "State-changing routes that did not refuse an anonymous caller:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryEvent_RoleOutsideAllowedRoles_Returns403AndLeavesCaseUnchanged()
    {
        var catalog = host.Services.GetRequiredService<CaseProcedureCatalog>();
        var store = host.Services.GetRequiredService<CaseStore>();
        var checkedPairs = 0;
        foreach (var procedure in catalog.All)
        {
            foreach (var rule in procedure.Events)
            {
                var template = PolicyHost.Case(procedure.Name, PolicyHost.City, [PolicyHost.UsccOf(PolicyHost.City)], awaited: [rule.Type]);
                var record = await host.SeedAsync(template);
                foreach (var role in Enum.GetValues<Role>().Where(r => !rule.AllowedRoles.Contains(r)))
                {
                    var fields = rule.RequiredFields.Aggregate(new Dictionary<string, object> { ["type"] = rule.Type }, (d, f) => { d[f] = "x"; return d; });
                    var body = JsonSerializer.Serialize(fields);
                    var (status, text) = await host.SendAsync(HttpMethod.Post, $"/api/cases/{record.Id}/events", Key(role), body);
                    Assert.True(
                        status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                        $"{procedure.Name}/{rule.Type} as {role}: expected 403 (or 404 outside the case's visibility), "
                        + $"got {(int)status} {text}");
                    checkedPairs++;
                }

                var after = await store.GetAsync(record.Id);
                Assert.Equal(record.Stage, after!.Stage);
                Assert.Equal([rule.Type], after.AwaitedEvents);
            }
        }

        Assert.True(checkedPairs > 0 || catalog.All.Count == 0);
    }

    /// <summary>Blocks: any key reading, listing, downloading from or driving a case outside its department, its
    /// jurisdiction or its own part in the case. Every cell is asked over HTTP and compared with the policy.</summary>
    [Fact]
    public async Task Matrix_EveryRoleProcedureJurisdictionAndPartyRelation_FollowsPolicyOnEveryCaseRoute()
    {
        var catalog = host.Services.GetRequiredService<CaseProcedureCatalog>();
        var seeded = new List<(CaseRecord Record, string Label)>();
        foreach (var procedure in catalog.All)
        {
            foreach (var agency in new[] { PolicyHost.County, PolicyHost.OtherCity })
            {
                foreach (var (relation, template) in RelationVariants(procedure.Name, agency))
                {
                    seeded.Add((await SeedWithDocumentAsync(template), $"{procedure.Name}@{agency}/{relation}"));
                }
            }
        }

        var failures = new List<string>();
        var readable = 0;
        foreach (var principal in PolicyHost.AllPrincipals())
        {
            var key = Key(principal.Role, principal.Agency);
            foreach (var (record, label) in seeded)
            {
                var expected = AccessPolicy.CanRead(principal, CaseAccess.Facts(record));
                readable += expected ? 1 : 0;
                await CheckCellAsync(principal, key, record, label, expected, failures);
            }

            var (_, list) = await host.GetAsync($"/api/cases?pageSize={Functions.Api.CasesApi.MaxPageSize}", key);
            foreach (var (record, label) in seeded)
            {
                if (list.Contains(record.Id, StringComparison.Ordinal) != AccessPolicy.CanRead(principal, CaseAccess.Facts(record)))
                {
                    var listed = !AccessPolicy.CanRead(principal, CaseAccess.Facts(record));
                    failures.Add($"{principal.Role}@{principal.Agency} list {label}: listed={listed}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} cells differ from the policy:\n" + string.Join("\n", failures.Take(60)));
        Assert.InRange(readable, 1, (seeded.Count * PolicyHost.AllPrincipals().Count()) - 1);
    }

    private async Task CheckCellAsync(
        Principal principal, string key, CaseRecord record, string label, bool expected, List<string> failures)
    {
        var cell = $"{principal.Role}@{principal.Agency} {label}";
        var (read, _) = await host.GetAsync($"/api/cases/{record.Id}", key);
        if ((read == HttpStatusCode.OK) != expected || (!expected && read != HttpStatusCode.NotFound))
        {
            failures.Add($"{cell} GET case: {(int)read}, policy says {(expected ? "200" : "404")}");
        }

        // A document cannot be masked: only the responsible officer (or its uploader, here nobody) downloads it.
        var download = AccessPolicy.SeesPersonalData(principal, CaseAccess.Facts(record));
        var (doc, _) = await host.GetAsync($"/api/cases/{record.Id}/documents/evidence.pdf", key);
        if ((doc == HttpStatusCode.OK) != download || (!download && doc != HttpStatusCode.NotFound))
        {
            failures.Add($"{cell} GET document: {(int)doc}, policy says {(download ? "200" : "404")}");
        }

        // An event type no procedure has: inside the share it is a 400 naming the events, outside it must be a bare 404.
        var (posted, body) = await host.SendAsync(HttpMethod.Post, $"/api/cases/{record.Id}/events", key, """{"type":"matrix-probe"}""");
        if ((posted == HttpStatusCode.NotFound) == expected || (!expected && body.Contains("known:", StringComparison.Ordinal)))
        {
            failures.Add($"{cell} POST event: {(int)posted}, policy says {(expected ? "not 404" : "404")}");
        }

        if (record.Procedure == "coal-substitution" && principal.Role is Role.ProjectOwner or Role.MunicipalDrc)
        {
            var mayAct = AccessPolicy.CanAct(principal, CaseAccess.Facts(record));
            var (sources, _) = await host.SendAsync(HttpMethod.Post, $"/api/coal-projects/{record.Id}/sources", key, "{}");
            var (report, _) = await host.UploadAsync(
                HttpMethod.Post, $"/api/coal-projects/{record.Id}/report?name=r.pdf", key, "%PDF-1.4 report"u8.ToArray(), "application/pdf");
            if ((sources == HttpStatusCode.NotFound) == mayAct || (report == HttpStatusCode.NotFound) == mayAct)
            {
                var says = mayAct ? "not 404" : "404";
                failures.Add($"{cell} coal writes: sources {(int)sources}, report {(int)report}, policy says {says}");
            }
        }
    }

    /// <summary>The same case in each party relation a caller of <see cref="PolicyHost.City"/> can have to it.</summary>
    private static IEnumerable<(string Relation, CaseRecord Template)> RelationVariants(string procedure, string agency)
    {
        var participants = Enum.GetValues<Role>().Select(r => PolicyHost.PrincipalOf(r).Id).ToList();
        yield return ("stranger", PolicyHost.Case(procedure, agency, [StrangerUscc]));
        yield return ("subject", PolicyHost.Case(procedure, agency, [PolicyHost.UsccOf(PolicyHost.City)]));
        yield return ("participant", PolicyHost.Case(procedure, agency, [StrangerUscc], participants));
        yield return ("public-notice", PolicyHost.Case(procedure, agency, [StrangerUscc], awaited: ["object"]));
    }

    private async Task<CaseRecord> SeedWithDocumentAsync(CaseRecord template)
    {
        var record = await host.SeedAsync(template);
        var blobName = $"{record.Id}/evidence.pdf";
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        await blobs.PutAsync(StorageNames.Documents, blobName, "%PDF-1.4"u8.ToArray(), "application/pdf");
        var document = new CaseDocument("evidence.pdf", blobName, "application/pdf", 8, "00", record.CreatedUtc, "seed");
        return await host.Services.GetRequiredService<CaseStore>().UpdateAsync(record.Id, r => r with { Documents = [document] }) ?? record;
    }

    [Fact]
    public async Task GetCase_OtherAgencyOrOtherEnterprise_Returns404AndListHidesIt()
    {
        var record = await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.City, [PolicyHost.UsccOf(PolicyHost.City)]));

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync($"/api/cases/{record.Id}", Key(Role.RegistrationOfficer))).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync($"/api/cases/{record.Id}", Key(Role.Enterprise))).Status);
        var otherCity = await host.GetAsync($"/api/cases/{record.Id}", Key(Role.RegistrationOfficer, PolicyHost.OtherCity));
        var otherEnterprise = await host.GetAsync($"/api/cases/{record.Id}", Key(Role.Enterprise, PolicyHost.OtherCity));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (otherCity.Status, otherEnterprise.Status));

        var (_, list) = await host.GetAsync("/api/cases?pageSize=200", Key(Role.RegistrationOfficer, PolicyHost.OtherCity));
        Assert.DoesNotContain(record.Id, list, StringComparison.Ordinal);
        var (outside, _) = await host.GetAsync($"/api/cases?agency={PolicyHost.City}", Key(Role.RegistrationOfficer, PolicyHost.OtherCity));
        Assert.Equal(HttpStatusCode.Forbidden, outside);
    }

    [Fact]
    public async Task ProvincialAgency_SeesCityCases()
    {
        var record = await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.City));
        var store = host.Services.GetRequiredService<CaseStore>();
        var page = await store.ListAsync("410000", c => c.Id == record.Id, 1, 10);
        Assert.Single(page.Items);
    }

    /// <summary>Blocks: a creditor's or affected party's key listing every registration case of its city (with the
    /// applicants' ID numbers) although it is party to none of them.</summary>
    [Theory]
    [InlineData(Role.ObjectingParty)]
    [InlineData(Role.AffectedParty)]
    public async Task PartyKey_RegistrationCasesOfItsCity_Returns404AndListIsEmpty(Role role)
    {
        var record = await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.City, [StrangerUscc]));

        var (read, _) = await host.GetAsync($"/api/cases/{record.Id}", Key(role));
        var (_, list) = await host.GetAsync("/api/cases?procedure=registration", Key(role));

        Assert.Equal(HttpStatusCode.NotFound, read);
        Assert.Equal(0, JsonDocument.Parse(list).RootElement.GetProperty("total").GetInt32());
    }

    /// <summary>Blocks: the energy office reading registration cases, and the registration officer reading coal cases
    /// (each department sees only its own procedures, whatever the division code).</summary>
    [Theory]
    [InlineData(Role.MunicipalDrc, "registration")]
    [InlineData(Role.CountyOffice, "revocation")]
    [InlineData(Role.RegistrationOfficer, "coal-substitution")]
    [InlineData(Role.AuthorityHead, "retrofit-project")]
    public async Task Department_OtherDepartmentsProcedure_Returns404(Role role, string procedure)
    {
        var record = await host.SeedAsync(PolicyHost.Case(procedure, PolicyHost.County));

        var (read, _) = await host.GetAsync($"/api/cases/{record.Id}", Key(role));
        var (_, list) = await host.GetAsync($"/api/cases?procedure={procedure}", Key(role));

        Assert.Equal(HttpStatusCode.NotFound, read);
        Assert.DoesNotContain(record.Id, list, StringComparison.Ordinal);
    }

    /// <summary>Blocks: probing a case outside one's share to learn its events (400 listing them) or its state (409
    /// naming it): every such answer is the same bare 404.</summary>
    [Fact]
    public async Task OutOfScopeEvent_UnknownTypeOrClosedCase_Returns404WithoutEventsOrState()
    {
        var open = await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.OtherCity, awaited: ["register"]));
        var closed = await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.OtherCity) with
        { Closed = true, State = "refused-secretly" });

        var officer = Key(Role.RegistrationOfficer);
        var (unknown, unknownBody) = await host.PostAsync($"/api/cases/{open.Id}/events", officer, """{"type":"nope"}""");
        var (late, lateBody) = await host.PostAsync($"/api/cases/{closed.Id}/events", officer, """{"type":"register","uscc":"x"}""");
        var (untyped, _) = await host.PostAsync($"/api/cases/{open.Id}/events", officer, "{}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknown, late, untyped));
        Assert.DoesNotContain("register", unknownBody, StringComparison.Ordinal);
        Assert.DoesNotContain("refused-secretly", lateBody, StringComparison.Ordinal);
    }

    /// <summary>Blocks: a read-only supervision or administrator key changing a case.</summary>
    [Theory]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.Administrator)]
    public async Task ReadOnlyRole_CaseOfItsJurisdiction_ReadsButEventIs403(Role role)
    {
        var record = await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.County, awaited: ["register"]));

        var (read, _) = await host.GetAsync($"/api/cases/{record.Id}", Key(role));
        var (posted, _) = await host.PostAsync($"/api/cases/{record.Id}/events", Key(role), """{"type":"register","uscc":"91411100MA44X1Y23P"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (read, posted));
        Assert.Equal(record.Stage, (await host.Services.GetRequiredService<CaseStore>().GetAsync(record.Id))!.Stage);
    }

    /// <summary>Blocks: an objector reading deregistrations that are not (or no longer) in a public notice; while the
    /// notice runs, any creditor of the jurisdiction may read it (masked) to object (Decree 746 Art. 33).</summary>
    [Fact]
    public async Task Objector_DeregistrationInOrOutOfPublicNotice_ReadsOnlyDuringTheNotice()
    {
        const string procedure = "simplified-deregistration";
        var inNotice = await host.SeedAsync(PolicyHost.Case(procedure, PolicyHost.County, [StrangerUscc], awaited: ["object", "withdraw"]));
        var after = await host.SeedAsync(PolicyHost.Case(procedure, PolicyHost.County, [StrangerUscc], awaited: ["file-deregistration"]));

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync($"/api/cases/{inNotice.Id}", Key(Role.ObjectingParty))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync($"/api/cases/{after.Id}", Key(Role.ObjectingParty))).Status);
        var elsewhere = await host.GetAsync($"/api/cases/{inNotice.Id}", Key(Role.ObjectingParty, PolicyHost.OtherCity));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.Status);
    }
}
