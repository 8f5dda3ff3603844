using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;
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
    private const string NoticeDay = "2024-02-08";
    private static readonly DateOnly NoticeDate = new(2024, 2, 8);
    private static readonly DateTimeOffset NoticeUtc = new(2024, 2, 8, 2, 0, 0, TimeSpan.Zero);
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
                    var fields = rule.RequiredFields.Aggregate(
                        new Dictionary<string, object> { ["type"] = rule.Type },
                        (d, f) =>
                        {
                            d[f] = "x";
                            return d;
                        }
                    );
                    var body = JsonSerializer.Serialize(fields);
                    var (status, text) = await host.SendAsync(HttpMethod.Post, $"/api/cases/{record.Id}/events", Key(role), body);
                    Assert.True(
                        status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                        $"{procedure.Name}/{rule.Type} as {role}: expected 403 (or 404 outside the case's visibility), "
                            + $"got {(int)status} {text}"
                    );
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
        Principal principal,
        string key,
        CaseRecord record,
        string label,
        bool expected,
        List<string> failures
    )
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
                HttpMethod.Post,
                $"/api/coal-projects/{record.Id}/report?name=r.pdf",
                key,
                "%PDF-1.4 report"u8.ToArray(),
                "application/pdf"
            );
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

    /// <summary>Blocks: any key reading the outbox beyond its department, jurisdiction or part in the case (the
    /// energy office reading the registration officer's notices of its city, an enterprise reading another's). One
    /// message per case and recipient role, plus notices about no case; every key's list is compared with the policy.</summary>
    [Fact]
    public async Task Notifications_EveryRoleProcedureJurisdictionAndPartyRelation_FollowPolicy()
    {
        var catalog = host.Services.GetRequiredService<CaseProcedureCatalog>();
        var outbox = host.Services.GetRequiredService<NotificationOutbox>();
        var expectations = new List<(string Key, CaseFacts? Facts, Role Recipient, string Agency)>();
        foreach (var procedure in catalog.All)
        {
            foreach (var agency in new[] { PolicyHost.County, PolicyHost.OtherCity })
            {
                foreach (var (relation, template) in RelationVariants(procedure.Name, agency))
                {
                    var record = await host.SeedAsync(template);
                    foreach (var recipient in Enum.GetValues<Role>())
                    {
                        var key = $"matrix-{record.Id}-{recipient}";
                        await outbox.EnqueueAsync(
                            record.Id,
                            new NotificationRequest(key, recipient, agency, "matrix", relation, "—"),
                            NoticeUtc
                        );
                        expectations.Add((key, CaseAccess.Facts(record), recipient, agency));
                    }
                }
            }
        }

        foreach (var (recipient, agency) in Enum.GetValues<Role>().SelectMany(r => PolicyHost.Agencies.Select(a => (r, a))))
        {
            var key = $"matrix-nocase-{recipient}-{agency}";
            await outbox.EnqueueAsync(
                string.Empty,
                new NotificationRequest(key, recipient, agency, "drop-quarantined", "x", "—"),
                NoticeUtc
            );
            expectations.Add((key, null, recipient, agency));
        }

        var failures = new List<string>();
        var seen = 0;
        foreach (var principal in PolicyHost.AllPrincipals())
        {
            var listed = await AllNotificationKeysAsync(principal.Role, principal.Agency);
            foreach (var (key, facts, recipient, agency) in expectations)
            {
                var expected = AccessPolicy.CanReadNotification(principal, facts, recipient, agency);
                seen += expected ? 1 : 0;
                if (listed.Contains(key) != expected)
                {
                    failures.Add($"{principal.Role}@{principal.Agency} {key}: listed={!expected}");
                }
            }
        }

        Assert.True(
            failures.Count == 0,
            $"{failures.Count} notifications differ from the policy:\n" + string.Join("\n", failures.Take(60))
        );
        Assert.InRange(seen, 1, (expectations.Count * PolicyHost.AllPrincipals().Count()) - 1);
    }

    /// <summary>Every key the principal is shown on the notice day, through every page of the list.</summary>
    private async Task<HashSet<string?>> AllNotificationKeysAsync(Role role, string agency)
    {
        var keys = new HashSet<string?>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var (status, body) = await host.GetAsync(
                $"/api/notifications?date={NoticeDay}&pageSize={SupervisionApi.MaxNotificationPageSize}&page={page}",
                Key(role, agency)
            );
            Assert.Equal(HttpStatusCode.OK, status);
            var root = JsonDocument.Parse(body).RootElement;
            keys.UnionWith(root.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("key").GetString()));
            if (page * root.GetProperty("pageSize").GetInt32() >= root.GetProperty("total").GetInt32())
            {
                return keys;
            }
        }
    }

    /// <summary>Blocks: the energy office of Luohe reading the market regulator's notices of Luohe, and the reverse,
    /// and an enterprise reading notices of a case that is not its own.</summary>
    [Fact]
    public async Task Notifications_OtherDepartmentOrOtherEnterprise_NotListed()
    {
        var outbox = host.Services.GetRequiredService<NotificationOutbox>();
        var registration = await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.City, [PolicyHost.UsccOf(PolicyHost.City)]));
        var coal = await host.SeedAsync(PolicyHost.Case("coal-substitution", PolicyHost.City, [StrangerUscc]));
        await outbox.EnqueueAsync(
            registration.Id,
            new NotificationRequest("n-reg", Role.RegistrationOfficer, PolicyHost.City, "overdue", "逾期", "—"),
            NoticeUtc
        );
        await outbox.EnqueueAsync(
            registration.Id,
            new NotificationRequest("n-ent", Role.Enterprise, PolicyHost.City, "registered", "已登记", "—"),
            NoticeUtc
        );
        await outbox.EnqueueAsync(
            coal.Id,
            new NotificationRequest("n-coal", Role.ProjectOwner, PolicyHost.City, "reminder", "报告", "—"),
            NoticeUtc
        );

        async Task<IReadOnlyList<string>> KeysAsync(Role role, string agency = PolicyHost.City)
        {
            var (_, body) = await host.GetAsync($"/api/notifications?date={NoticeDay}", Key(role, agency));
            return
            [
                .. JsonDocument
                    .Parse(body)
                    .RootElement.GetProperty("items")
                    .EnumerateArray()
                    .Select(m => m.GetProperty("key").GetString()!),
            ];
        }

        Assert.Equal(["n-coal"], await KeysAsync(Role.MunicipalDrc));
        Assert.Equal(["n-ent", "n-reg"], await KeysAsync(Role.RegistrationOfficer));
        Assert.Equal(["n-ent"], await KeysAsync(Role.Enterprise));
        Assert.Empty(await KeysAsync(Role.Enterprise, PolicyHost.OtherCity));
        Assert.Empty(await KeysAsync(Role.ProjectOwner));
        Assert.Equal(["n-coal", "n-ent", "n-reg"], await KeysAsync(Role.Supervisor));
    }

    /// <summary>Blocks: a department reading the other's daily digest of its city (or a party reading any): digests
    /// are written per agency and department, and each file is listed and served only to the roles that see every
    /// procedure in it; the mixed digests written before the split only to supervision.</summary>
    [Fact]
    public async Task Digests_EveryRoleAgencyAndDepartment_ListedAndServedByPolicy()
    {
        var writer = host.Services.GetRequiredService<DigestWriter>();
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        var digests = new List<(string Agency, string Department)>();
        foreach (var agency in PolicyHost.Agencies)
        {
            foreach (var department in AccessPolicy.Departments.Keys)
            {
                await writer.WriteAsync(agency, department, NoticeDate, [], CancellationToken.None);
                digests.Add((agency, department));
            }

            await blobs.PutAsync(
                StorageNames.Reports,
                DigestWriter.LegacyBlobName(agency, NoticeDate, "csv"),
                "legacy"u8.ToArray(),
                "text/csv"
            );
            digests.Add((agency, AccessPolicy.AllDepartments));
        }

        var failures = new List<string>();
        foreach (var principal in PolicyHost.AllPrincipals())
        {
            var key = Key(principal.Role, principal.Agency);
            var (status, body) = await host.GetAsync($"/api/reports/digests?date={NoticeDay}", key);
            var listed =
                status == HttpStatusCode.OK
                    ? JsonDocument
                        .Parse(body)
                        .RootElement.GetProperty("items")
                        .EnumerateArray()
                        .Select(i => (i.GetProperty("agency").GetString()!, i.GetProperty("department").GetString()!))
                        .ToHashSet()
                    : [];
            foreach (var (agency, department) in digests)
            {
                var expected = AccessPolicy.CanReadReport(principal, agency, AccessPolicy.ProceduresOf(department));
                var cell = $"{principal.Role}@{principal.Agency} digest {agency}/{department}";
                if (listed.Contains((agency, department)) != expected)
                {
                    failures.Add($"{cell}: listed={!expected}");
                }

                var path = $"/api/reports/digests?agency={agency}&department={department}&date={NoticeDay}&format=csv";
                var (file, _) = await host.GetAsync(path, key);
                if ((file == HttpStatusCode.OK) != expected)
                {
                    failures.Add($"{cell}: file {(int)file}, policy says {(expected ? "200" : "not 200")}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} digest cells differ from the policy:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>Blocks: the registration officer opening the energy office's digest of its own city by naming it.</summary>
    [Fact]
    public async Task DigestFile_OtherDepartmentOfOwnCity_Returns404()
    {
        var writer = host.Services.GetRequiredService<DigestWriter>();
        await writer.WriteAsync(PolicyHost.City, "energy", NoticeDate, [], CancellationToken.None);
        const string path = $"/api/reports/digests?agency={PolicyHost.City}&department=energy&date={NoticeDay}&format=html";

        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync(path, Key(Role.RegistrationOfficer))).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync(path, Key(Role.MunicipalDrc))).Status);
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
    [InlineData(Role.RegistrationOfficer, "standard-factory-submission")]
    [InlineData(Role.ProjectOwner, "standard-factory-round")]
    [InlineData(Role.RegistrationOfficer, "two-high-region")]
    [InlineData(Role.ProjectOwner, "two-high-project")]
    [InlineData(Role.RegistrationOfficer, "patent-award-application")]
    [InlineData(Role.MunicipalDrc, "patent-award-round")]
    [InlineData(Role.IntellectualPropertyOffice, "registration")]
    [InlineData(Role.IntellectualPropertyOffice, "standard-factory-round")]
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
        var closed = await host.SeedAsync(
            PolicyHost.Case("registration", PolicyHost.OtherCity) with
            {
                Closed = true,
                State = "refused-secretly",
            }
        );

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
        var (posted, _) = await host.PostAsync(
            $"/api/cases/{record.Id}/events",
            Key(role),
            """{"type":"register","uscc":"91411100MA44X1Y23P"}"""
        );

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
