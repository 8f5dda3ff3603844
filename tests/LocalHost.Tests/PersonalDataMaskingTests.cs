using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// Personal data per role in every case response shape (issue 11 item 3): resident ID numbers, phones and home
/// addresses appear in full only on the case page of an officer of the responsible agency; every list, and every
/// other role that may read the case at all (parties, supervisors, administrators), gets them masked.
/// </summary>
public sealed class PersonalDataMaskingTests : IAsyncLifetime
{
    // samples/registration/application-complete.json: the legal representative, the agent's phone and home address.
    private const string LegalRepId = "411102198503120015";
    private const string AgentPhone = "13839512345";
    private const string LegalRepHome = "黄河路88号院";

    // samples/revocation/application.json: the complainant whose identity was used.
    private const string ComplainantId = "411103198812080068";
    private const string ComplainantPhone = "13603951122";

    private static readonly string AffectedPartyId = PolicyHost.PrincipalOf(Role.AffectedParty).Id;
    private PolicyHost host = null!;

    public async Task InitializeAsync() => host = await PolicyHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static JsonElement Sample(string relative) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "samples", relative))).RootElement.Clone();

    /// <summary>Every string of a JSON response, unescaped (the API escapes Chinese text as \uXXXX).</summary>
    private static string Decoded(string json)
    {
        var parts = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case JsonValueKind.String:
                    parts.Add(e.GetString()!);
                    break;
            }
        }

        Walk(JsonDocument.Parse(json).RootElement);
        return string.Join("\n", parts);
    }

    private async Task<CaseRecord> SeedRegistrationAsync()
    {
        var record = await host.SeedAsync(
            PolicyHost.Case("registration", PolicyHost.County, [PolicyHost.UsccOf(PolicyHost.City)]) with
            {
                Parties = [new CaseParty("entity", "漯河市源汇区鑫禾食品有限公司"), new CaseParty("person", "张伟", IdNumber: LegalRepId)],
                Data = JsonSerializer.SerializeToElement(new { application = Sample("registration/application-complete.json") }),
            }
        );
        var entry = new AuditEntry(
            record.Id,
            "intake",
            record.CreatedUtc,
            "officer-1",
            "王敏",
            "RegistrationOfficer",
            "accepted",
            "Decree 746 Art. 19",
            $"受理：法定代表人张伟（{LegalRepId}）"
        );
        await host.Services.GetRequiredService<AuditLog>().AppendAsync(entry);
        return record;
    }

    private async Task<CaseRecord> SeedRevocationAsync() =>
        await host.SeedAsync(
            PolicyHost.Case("revocation", PolicyHost.County, [PolicyHost.UsccOf(PolicyHost.City)], [AffectedPartyId]) with
            {
                Parties =
                [
                    new CaseParty("applicant", "陈静", IdNumber: ComplainantId),
                    new CaseParty("entity", "漯河市恒通物流有限公司", PolicyHost.UsccOf(PolicyHost.City)),
                ],
                Data = JsonSerializer.SerializeToElement(new { application = Sample("revocation/application.json") }),
            }
        );

    /// <summary>Blocks: any role other than the responsible officer (parties, the other department, supervision)
    /// reading full ID numbers, phones or addresses on the case page, and anyone at all reading them in a list.</summary>
    [Fact]
    public async Task EveryRoleAndShape_RegistrationAndRevocation_FullOnlyOnResponsibleOfficersCasePage()
    {
        var cases = new[]
        {
            (await SeedRegistrationAsync(), LegalRepId, AgentPhone),
            (await SeedRevocationAsync(), ComplainantId, ComplainantPhone),
        };
        var failures = new List<string>();
        var fullPages = 0;
        foreach (var principal in PolicyHost.AllPrincipals())
        {
            var key = PolicyHost.Key(principal.Role, principal.Agency);
            var (_, list) = await host.GetAsync("/api/cases?pageSize=200", key);
            foreach (var (record, id, phone) in cases)
            {
                if (list.Contains(id, StringComparison.Ordinal) || list.Contains(phone, StringComparison.Ordinal))
                {
                    failures.Add($"{principal.Role}@{principal.Agency}: list of cases carries a full ID or phone of {record.Procedure}");
                }

                if (!AccessPolicy.CanRead(principal, CaseAccess.Facts(record)))
                {
                    continue;
                }

                var (status, page) = await host.GetAsync($"/api/cases/{record.Id}", key);
                var full = AccessPolicy.SeesPersonalData(principal, CaseAccess.Facts(record));
                fullPages += full ? 1 : 0;
                var carriesFull = page.Contains(id, StringComparison.Ordinal) && page.Contains(phone, StringComparison.Ordinal);
                var carriesAny = page.Contains(id, StringComparison.Ordinal) || page.Contains(phone, StringComparison.Ordinal);
                if (status != HttpStatusCode.OK || (full ? !carriesFull : carriesAny))
                {
                    failures.Add(
                        $"{principal.Role}@{principal.Agency} case page of {record.Procedure}: {(int)status}, "
                            + $"full expected {full}, carries full data {carriesAny}"
                    );
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(fullPages > 0, "Somebody (the responsible officer) must see the data in full.");
    }

    /// <summary>Blocks: the accused enterprise in a revocation reading the complainant's ID number and phone.</summary>
    [Fact]
    public async Task AccusedEnterprise_RevocationCasePage_ComplainantIdAndPhoneMasked()
    {
        var record = await SeedRevocationAsync();

        var (status, page) = await host.GetAsync($"/api/cases/{record.Id}", PolicyHost.Key(Role.Enterprise));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(ComplainantId, page, StringComparison.Ordinal);
        Assert.DoesNotContain(ComplainantPhone, page, StringComparison.Ordinal);
        Assert.Contains("411103********0068", page, StringComparison.Ordinal);
        Assert.Contains("136****1122", page, StringComparison.Ordinal);
        Assert.DoesNotContain("文化路45号", Decoded(page), StringComparison.Ordinal);
    }

    /// <summary>The responsible officer's case page keeps everything (they need it to decide, Decree 746 Art. 19), the
    /// history included; the same officer's list does not.</summary>
    [Fact]
    public async Task RegistrationOfficer_CasePageFullListMasked()
    {
        var record = await SeedRegistrationAsync();

        var (_, page) = await host.GetAsync($"/api/cases/{record.Id}", PolicyHost.Key(Role.RegistrationOfficer));
        var (_, list) = await host.GetAsync("/api/cases?procedure=registration", PolicyHost.Key(Role.RegistrationOfficer));

        Assert.Contains(LegalRepId, page, StringComparison.Ordinal);
        Assert.Contains(LegalRepHome, Decoded(page), StringComparison.Ordinal);
        Assert.Contains(record.Id, list, StringComparison.Ordinal);
        Assert.DoesNotContain(LegalRepId, list, StringComparison.Ordinal);
        Assert.DoesNotContain(LegalRepHome, Decoded(list), StringComparison.Ordinal);
        Assert.Contains("河南省漯河市源汇区****", Decoded(list), StringComparison.Ordinal);
        Assert.Contains("411102********0015", list, StringComparison.Ordinal);
    }

    /// <summary>Blocks: the subject enterprise, a supervisor or an administrator downloading the application as filed
    /// (application.json of a registrations-inbox package: every ID number in full), which no masking can reach.</summary>
    [Fact]
    public async Task Document_ApplicationAsFiled_OnlyResponsibleOfficerOrItsUploaderDownloads()
    {
        var record = await SeedRegistrationAsync();
        var blobName = $"{record.Id}/application.json";
        await host
            .Services.GetRequiredService<Functions.Storage.IBlobStore>()
            .PutAsync(
                Functions.Storage.StorageNames.Documents,
                blobName,
                File.ReadAllBytes(Path.Combine(RepositoryPaths.FindRoot(), "samples", "registration", "application-complete.json")),
                "application/json"
            );
        var uploader = PolicyHost.PrincipalOf(Role.Enterprise, PolicyHost.County);
        await host
            .Services.GetRequiredService<CaseStore>()
            .UpdateAsync(
                record.Id,
                r =>
                    r with
                    {
                        Usccs = [.. r.Usccs, uploader.Uscc!],
                        Documents =
                        [
                            new CaseDocument("application.json", blobName, "application/json", 1, "00", r.CreatedUtc, uploader.Id),
                        ],
                    }
            );
        var url = $"/api/cases/{record.Id}/documents/application.json";

        var officer = await host.GetAsync(url, PolicyHost.Key(Role.RegistrationOfficer));
        var own = await host.GetAsync(url, PolicyHost.Key(Role.Enterprise, PolicyHost.County));
        var subject = await host.GetAsync(url, PolicyHost.Key(Role.Enterprise));
        var supervisor = await host.GetAsync(url, PolicyHost.Key(Role.Supervisor));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (officer.Status, own.Status));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (subject.Status, supervisor.Status));
        Assert.DoesNotContain(LegalRepId, subject.Body + supervisor.Body, StringComparison.Ordinal);
    }
}
