using System.Text.Json.Nodes;
using Workflows.Functions.App.Tests.Support;
using Workflows.Functions.Storage;
using Workflows.LocalHost;

namespace Workflows.Functions.App.Tests;

/// <summary>
/// Issue 21 item 2: every blob trigger, fired as the host fires it (blob client and <c>{name}</c>, the engine's
/// client), has the effect LocalHost's blob watcher has for the same blob, seen through the same API.
/// </summary>
public sealed class BlobTriggerParityTests
{
    private const string Officer = "dev-registration-officer";
    private const string County = "dev-county-office";
    private const string MunicipalDrc = "dev-municipal-drc";
    private const string Programme = "luohe-key-units-retrofit-2021-2023";

    private static readonly string Root = new LocalHostSettings().RepositoryRoot;

    private static readonly Dictionary<string, Func<TwoHosts, Task>> Drops = new()
    {
        ["CalendarDrop"] = CalendarYearAsync,
        ["RegistrationsInboxDrop"] = RegistrationPackageAsync,
        ["CoalInboxDrop"] = CoalFilingAsync,
        ["CoalReportsDrop"] = CoalReportAsync,
        ["RetrofitInboxDrop"] = RetrofitUnitsAsync,
        ["TwoHighInboxDrop"] = TwoHighBarometerAsync,
    };

    public static TheoryData<string> BlobFunctions() => new(FunctionCatalog.OfKind(TriggerKind.Blob).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(BlobFunctions))]
    public async Task BlobTrigger_SameBlobAsLocalHostsWatcher_HasTheSameEffect(string function)
    {
        Assert.True(Drops.TryGetValue(function, out var drop), $"Blob trigger {function} has no parity scenario here.");
        var hosts = new TwoHosts();
        await hosts.InitializeAsync();
        try
        {
            await drop(hosts);

            Assert.True(hosts.Answers.Count > 0, $"{function}: the scenario compared nothing.");
            Assert.True(hosts.DifferencesText().Length == 0, hosts.DifferencesText());
        }
        finally
        {
            await hosts.DisposeAsync();
        }
    }

    [Fact]
    public async Task CalendarDrop_InvalidYearFile_QuarantinedAsOnLocalHost()
    {
        var hosts = new TwoHosts();
        await hosts.InitializeAsync();
        try
        {
            await hosts.DropAsync(
                "CalendarDrop",
                "2027.json",
                "2027.json",
                Sample("calendars/2027-missing-spring-festival.json"),
                "application/json"
            );
            var (local, functions) = await hosts.BlobNamesAsync(StorageNames.Quarantine);
            var year = await hosts.GetAsync("GetCalendarYear", null, "/api/calendar/2027");

            Assert.NotEmpty(local);
            Assert.Equal(local, functions);
            Assert.True(hosts.DifferencesText().Length == 0, hosts.DifferencesText());
            Assert.Equal("provisional", year.FunctionsJson?["status"]?.ToString());
        }
        finally
        {
            await hosts.DisposeAsync();
        }
    }

    /// <summary>Issue 14: a list of disqualifications (Decree 746 Art. 12, Art. 40 para 3) dropped into
    /// <c>registrations-inbox/disqualifications/</c> enters the ban registry on both hosts alike.</summary>
    [Fact]
    public async Task RegistrationsInboxDrop_DisqualificationList_EntersTheBanRegistryAsOnLocalHost()
    {
        var hosts = new TwoHosts();
        await hosts.InitializeAsync();
        try
        {
            const string name = "disqualifications/disqualifications-luohe.csv";
            await hosts.DropAsync("RegistrationsInboxDrop", name, name, Sample("register/disqualifications-luohe.csv"), "text/csv");
            var list = await hosts.GetAsync("ListDisqualifications", Officer, "/api/disqualifications");

            Assert.Equal(4, list.FunctionsJson?["count"]?.GetValue<int>());
            Assert.True(hosts.DifferencesText().Length == 0, hosts.DifferencesText());
        }
        finally
        {
            await hosts.DisposeAsync();
        }
    }

    private static async Task CalendarYearAsync(TwoHosts hosts)
    {
        await hosts.DropAsync("CalendarDrop", "2027.json", "2027.json", Sample("calendars/2027.json"), "application/json");
        var year = await hosts.GetAsync("GetCalendarYear", null, "/api/calendar/2027");
        var health = await hosts.GetAsync("Health", null, "/api/health");

        Assert.Equal("official", year.FunctionsJson?["status"]?.ToString());
        Assert.Contains(2027, health.FunctionsJson!["calendar"]!["officialYears"]!.AsArray().Select(y => y!.GetValue<int>()));
    }

    private static async Task RegistrationPackageAsync(TwoHosts hosts)
    {
        await hosts.DropAsync(
            "RegistrationsInboxDrop",
            "parity-application.json",
            "parity-application.json",
            Sample("registration/application-complete.json"),
            "application/json"
        );
        var list = await hosts.SettledGetAsync("ListCases", Officer, "/api/cases?procedure=registration", AwaitingCase);

        Assert.True(AwaitingCase(list.FunctionsJson), $"No registration case opened from the drop: {list.Functions.Text}");
    }

    private static async Task CoalFilingAsync(TwoHosts hosts)
    {
        await hosts.DropAsync(
            "CoalInboxDrop",
            "coal-project.json",
            "coal-project.json",
            Sample("energy/coal-project-luohe-raw-material.json"),
            "application/json"
        );
        var list = await hosts.SettledGetAsync("ListCases", MunicipalDrc, "/api/cases?procedure=coal-substitution", AwaitingCase);

        Assert.True(AwaitingCase(list.FunctionsJson), $"No coal case opened from the drop: {list.Functions.Text}");
    }

    private static async Task CoalReportAsync(TwoHosts hosts)
    {
        var project = await hosts.PostAsync(
            "CreateCoalProject",
            MunicipalDrc,
            "/api/coal-projects",
            System.Text.Encoding.UTF8.GetString(Sample("energy/coal-project-luohe-raw-material.json")),
            "parity-report-case"
        );
        var local = TwoHosts.Own(project, project.LocalJson, "caseId");
        var functions = TwoHosts.Own(project, project.FunctionsJson, "caseId");
        await hosts.SettledAsync("GetCase", MunicipalDrc, project, "caseId", "/api/cases/{0}", AwaitingOne);
        await hosts.DropAsync(
            "CoalReportsDrop",
            $"{local}/implementation-report.pdf",
            $"{functions}/implementation-report.pdf",
            "%PDF-1.7 implementation report"u8.ToArray(),
            "application/pdf"
        );
        await hosts.SettledAsync("GetCase", MunicipalDrc, project, "caseId", "/api/cases/{0}", AwaitingOne);
        var (localQuarantine, functionsQuarantine) = await hosts.BlobNamesAsync(StorageNames.Quarantine);

        // Before production starts the report is not due (Art. 16): both hosts move it to quarantine with a report.
        Assert.Equal(localQuarantine, functionsQuarantine);
        Assert.Contains(functionsQuarantine, n => n.Contains(functions + "/implementation-report.pdf", StringComparison.Ordinal));
    }

    private static async Task RetrofitUnitsAsync(TwoHosts hosts)
    {
        var programme = File.ReadAllText(Path.Combine(Root, "src", "Domain", "Data", "Energy", "retrofit-programme-2021-2023.json"));
        await hosts.PostAsync("CreateRetrofitProgramme", MunicipalDrc, "/api/retrofit-programmes", programme);
        await hosts.DropAsync(
            "RetrofitInboxDrop",
            $"{Programme}/key-units.csv",
            $"{Programme}/key-units.csv",
            Sample("energy/key-units.csv"),
            "text/csv"
        );
        // The 2021-2023 checkpoints are past, so the import starts no programme case (it starts with .../start); its
        // effect is the units list, which a project for a listed unit needs.
        var project = await hosts.PostAsync(
            "CreateRetrofitProject",
            County,
            "/api/retrofit-projects",
            HttpTriggerParityTests.Scenario.RetrofitProject(Programme)
        );

        Assert.True(project.Functions.Status == 201, $"The units list was not imported: {project.Functions.Text}");
    }

    /// <summary>豫政办〔2021〕65号 （十八）: a barometer file with bad rows (a duplicate, a month written 2021年10月, an unknown
    /// county) is published by neither host: both quarantine it with its row report (all or nothing).
    /// A good file opens the same region cases on both hosts.</summary>
    private static async Task TwoHighBarometerAsync(TwoHosts hosts)
    {
        await hosts.DropAsync(
            "TwoHighInboxDrop",
            "barometer-bad.csv",
            "barometer-bad.csv",
            Sample("twohigh/barometer-bad.csv"),
            "text/csv"
        );
        var (localQuarantine, functionsQuarantine) = await hosts.BlobNamesAsync(StorageNames.Quarantine);

        Assert.Equal(localQuarantine, functionsQuarantine);
        Assert.Contains(functionsQuarantine, n => n.Contains("barometer-bad.csv", StringComparison.Ordinal));

        await hosts.DropAsync(
            "TwoHighInboxDrop",
            "barometer-2021-07-09.csv",
            "barometer-2021-07-09.csv",
            Sample("twohigh/barometer-2021-07-09.csv"),
            "text/csv"
        );
        var list = await hosts.SettledGetAsync("ListCases", "dev-provincial-drc", "/api/cases?procedure=two-high-region", AwaitingCase);

        Assert.True(AwaitingCase(list.FunctionsJson), $"No region case opened from the drop: {list.Functions.Text}");
    }

    private static bool AwaitingOne(JsonNode? json) =>
        json?["awaitedEvents"]?.AsArray().Count > 0 || json?["closed"]?.GetValue<bool>() == true;

    private static bool AwaitingCase(JsonNode? list) => list?["items"]?.AsArray() is { Count: > 0 } items && items.All(AwaitingOne);

    private static byte[] Sample(string relative) => File.ReadAllBytes(Path.Combine(Root, "samples", relative));
}
