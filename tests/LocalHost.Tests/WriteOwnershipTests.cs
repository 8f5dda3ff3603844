using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Storage;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// Ownership on every write (issue 11 item 5), tried as an attacker would: a project owner on another company's unit,
/// a county office on another county's units, a DRC outside its jurisdiction, and any key dropping any file into any
/// container through LocalHost's <c>PUT /local/blobs</c>. Each refusal leaves nothing written.
/// </summary>
public sealed class WriteOwnershipTests : IAsyncLifetime
{
    private const string Programme = "luohe-key-units-retrofit-2021-2023";
    private const string YuanhuiUnit = "9141110252601815X9";
    private static readonly KeyEnergyUnit Yancheng = new("漯河市郾城区化工有限公司", "91411103390996033Q", "郾城区", 15200m);
    private PolicyHost host = null!;

    public async Task InitializeAsync()
    {
        host = await PolicyHost.StartAsync();
        await host
            .Services.GetRequiredService<RetrofitStore>()
            .SaveUnitsAsync(
                Programme,
                [new KeyEnergyUnit("漯河市源汇区食品有限公司", YuanhuiUnit, "源汇区", 12500.5m), Yancheng],
                "seed.csv"
            );
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static string Key(Role role, string agency = PolicyHost.City) => PolicyHost.Key(role, agency);

    private static string ProjectBody(string unitUscc) =>
        PolicyHost.Json(
            new
            {
                programmeId = Programme,
                project = new
                {
                    id = "YH-1",
                    unitUscc,
                    category = "energySaving",
                    content = "余热回收改造",
                    deadline = "2021-12-31",
                    investmentTenThousandYuan = 850,
                    expectedSavingsTcePerYear = 1200,
                },
            }
        );

    private const string CsvHeader = "name,uscc,county,annualEnergyUseTce\n";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Sample(string relative) => File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "samples", relative));

    private async Task<int> CaseCountAsync(string procedure) =>
        (await host.Services.GetRequiredService<CaseStore>().ListAsync(null, c => c.Procedure == procedure, 1, 1000)).Total;

    /// <summary>Blocks: a project owner opening (and then driving) a retrofit project for another company's unit.</summary>
    [Fact]
    public async Task RetrofitProject_ProjectOwnerForAnotherCompanysUnit_403AndNoCase()
    {
        // ProjectOwner@411100 acts for 91411100MA44X1Y23P; the unit is 9141110252601815X9.
        var (status, body) = await host.PostAsync("/api/retrofit-projects", Key(Role.ProjectOwner), ProjectBody(YuanhuiUnit));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains(YuanhuiUnit, body, StringComparison.Ordinal);
        Assert.Equal(0, await CaseCountAsync("retrofit-project"));
    }

    /// <summary>The unit's own project owner opens it; the case belongs to the unit alone, so no other owner can read
    /// or drive it afterwards.</summary>
    [Fact]
    public async Task RetrofitProject_OwnUnit_OpensCaseOfTheUnitOnly()
    {
        var (status, body) = await host.PostAsync(
            "/api/retrofit-projects",
            Key(Role.ProjectOwner, PolicyHost.County),
            ProjectBody(YuanhuiUnit)
        );
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, body);
        var caseId = JsonDocument.Parse(body).RootElement.GetProperty("caseId").GetString()!;

        var record = await host.Services.GetRequiredService<CaseStore>().GetAsync(caseId);
        var (other, _) = await host.GetAsync($"/api/cases/{caseId}", Key(Role.ProjectOwner));

        Assert.Equal([YuanhuiUnit], record!.Usccs);
        Assert.Equal(HttpStatusCode.NotFound, other);
    }

    /// <summary>Blocks: a county office entering a project for a unit of another county.</summary>
    [Fact]
    public async Task RetrofitProject_CountyOfficeForAnotherCountysUnit_403()
    {
        var (status, _) = await host.PostAsync(
            "/api/retrofit-projects",
            Key(Role.CountyOffice, PolicyHost.County),
            ProjectBody(Yancheng.Uscc)
        );

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    /// <summary>Blocks: a county office re-homing another county's unit through a units upload (shifting both
    /// counties' shares); nothing of the file is imported.</summary>
    [Fact]
    public async Task UnitsUpload_CountyOfficeRehomesAnotherCountysUnit_403AndListUnchanged()
    {
        var csv = $"name,uscc,county,annualEnergyUseTce\n{Yancheng.Name},{Yancheng.Uscc},源汇区,15200\n";

        var (status, _) = await host.UploadAsync(
            HttpMethod.Post,
            $"/api/retrofit-programmes/{Programme}/units?name=units.csv",
            Key(Role.CountyOffice, PolicyHost.County),
            Encoding.UTF8.GetBytes(csv),
            "text/csv"
        );
        var units = await host.Services.GetRequiredService<RetrofitStore>().ListUnitsAsync(Programme);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("郾城区", units.Single(u => u.Uscc == Yancheng.Uscc).County);
    }

    /// <summary>Blocks: the municipal DRC of Luohe filing a coal project in Zhengzhou (and intake opening a case its
    /// filer could not read back).</summary>
    [Fact]
    public async Task CoalProject_LuoheDrcFilesInZhengzhou_403AndNoCase()
    {
        var (status, body) = await host.PostAsync(
            "/api/coal-projects",
            Key(Role.MunicipalDrc),
            Sample("energy/coal-project-zhengzhou-steel.json")
        );

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("410100", body, StringComparison.Ordinal);
        Assert.Equal(0, await CaseCountAsync("coal-substitution"));
    }

    /// <summary>Blocks: any key dropping any file into any container (an enterprise activating a calendar year, an
    /// administrator filing coal reports). Generated from <see cref="CaseAccess.DropRoles"/>: for every container and
    /// role, a file whose content is inside the uploader's jurisdiction is stored exactly when the role may drop there.</summary>
    [Fact]
    public async Task LocalBlobPut_EveryContainerAndRole_StoredOnlyForTheContainersUploaders()
    {
        var coalCase = await host.SeedAsync(PolicyHost.Case("coal-substitution", PolicyHost.County, [PolicyHost.UsccOf(PolicyHost.City)]));
        var filing = JsonNode.Parse(Sample("energy/coal-project-luohe-raw-material.json"))!;
        filing["ownerUscc"] = PolicyHost.UsccOf(PolicyHost.City);
        var files = new Dictionary<string, (string Name, byte[] Data)>
        {
            [StorageNames.RegistrationsInbox] = ("application.json", Bytes(Sample("registration/application-complete.json"))),
            [StorageNames.CoalInbox] = ("filing.json", Encoding.UTF8.GetBytes(filing.ToJsonString())),
            [StorageNames.CoalReports] = ($"{coalCase.Id}/report.pdf", "%PDF-1.4 report"u8.ToArray()),
            [StorageNames.RetrofitInbox] = (
                $"{Programme}/units.csv",
                Bytes($"{CsvHeader}漯河市源汇区食品有限公司,{YuanhuiUnit},源汇区,12500.5\n")
            ),
            [StorageNames.Calendars] = ("2027.json", Encoding.UTF8.GetBytes(Sample("calendars/2027.json"))),
            [StorageNames.TwoHighInbox] = ("barometer.csv", Bytes(Sample("twohigh/barometer-2021-07-09.csv"))),
        };
        Assert.Equal(StorageNames.WatchedContainers.Order(), files.Keys.Order());
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        var failures = new List<string>();
        foreach (var (container, (name, data)) in files)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                var allowed = CaseAccess.CanDrop(PolicyHost.PrincipalOf(role), container);
                var blobName = $"{role}-{name}".Replace($"{role}-{coalCase.Id}/", $"{coalCase.Id}/{role}-", StringComparison.Ordinal);
                var (status, body) = await host.UploadAsync(
                    HttpMethod.Put,
                    $"/local/blobs/{container}/{blobName}",
                    Key(role),
                    data,
                    "application/octet-stream"
                );
                var stored = await blobs.GetAsync(container, blobName) is not null;
                if ((status == HttpStatusCode.Created) != allowed || stored != allowed || (!allowed && status != HttpStatusCode.Forbidden))
                {
                    failures.Add($"{role} → {container}: {(int)status} stored={stored}, policy says {(allowed ? "201" : "403")} {body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Blocks: an allowed uploader dropping content outside its own share: another county's units, another
    /// city's coal project or registration inbox, a report on someone else's coal case.</summary>
    [Fact]
    public async Task LocalBlobPut_ContentOutsideUploadersShare_RefusedAndNotStored()
    {
        var strangersCase = await host.SeedAsync(PolicyHost.Case("coal-substitution", PolicyHost.County, ["91411103MA46C7D8XH"]));
        var attempts = new (string Container, string Name, string Key, byte[] Data, HttpStatusCode Expected)[]
        {
            (
                StorageNames.RetrofitInbox,
                $"{Programme}/yancheng.csv",
                Key(Role.CountyOffice, PolicyHost.County),
                Bytes($"{CsvHeader}{Yancheng.Name},{Yancheng.Uscc},郾城区,15200\n"),
                HttpStatusCode.Forbidden
            ),
            (
                StorageNames.CoalInbox,
                "zhengzhou.json",
                Key(Role.MunicipalDrc),
                Bytes(Sample("energy/coal-project-zhengzhou-steel.json")),
                HttpStatusCode.Forbidden
            ),
            (
                StorageNames.CoalInbox,
                "not-mine.json",
                Key(Role.ProjectOwner),
                Bytes(Sample("energy/coal-project-luohe-raw-material.json")),
                HttpStatusCode.Forbidden
            ),
            (
                StorageNames.RegistrationsInbox,
                "other-city.json",
                Key(Role.RegistrationOfficer, PolicyHost.OtherCity),
                "{}"u8.ToArray(),
                HttpStatusCode.Forbidden
            ),
            (
                StorageNames.CoalReports,
                $"{strangersCase.Id}/report.pdf",
                Key(Role.ProjectOwner),
                "%PDF-1.4"u8.ToArray(),
                HttpStatusCode.NotFound
            ),
        };
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        foreach (var (container, name, key, data, expected) in attempts)
        {
            var (status, body) = await host.UploadAsync(
                HttpMethod.Put,
                $"/local/blobs/{container}/{name}",
                key,
                data,
                "application/octet-stream"
            );

            Assert.True(status == expected, $"{container}/{name}: {(int)status} {body}");
            Assert.Null(await blobs.GetAsync(container, name));
        }
    }

    /// <summary>Blocks: an office registering a substitution source in another jurisdiction (sources count towards
    /// that place's projects, Arts. 5-6).</summary>
    [Fact]
    public async Task CoalSource_CountyOfficeRegistersAnotherCountysSource_403()
    {
        static string Source(string id, string county) =>
            PolicyHost.Json(
                new
                {
                    id,
                    kind = "efficiencyRetrofit",
                    description = county + "某厂燃煤锅炉节能改造",
                    location = new { city = "漯河市", county },
                    reductionTonnes = 500,
                    coalBeforeTonnes = 1500,
                    coalAfterTonnes = 1000,
                }
            );

        var county = Key(Role.CountyOffice, PolicyHost.County);
        var (status, body) = await host.PostAsync("/api/coal-sources", county, Source("SRC-YC-1", "郾城区"));
        var (own, ownBody) = await host.PostAsync("/api/coal-sources", county, Source("SRC-YH-1", "源汇区"));

        Assert.True(status == HttpStatusCode.Forbidden, $"{(int)status} {body}");
        Assert.True(own == HttpStatusCode.Created, $"{(int)own} {ownBody}");
    }
}
