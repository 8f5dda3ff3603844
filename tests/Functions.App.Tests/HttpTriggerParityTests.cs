using System.Text.Json.Nodes;
using Workflows.Functions.App.Tests.Support;
using Workflows.LocalHost;
using Xunit.Abstractions;

namespace Workflows.Functions.App.Tests;

/// <summary>
/// Issue 21 item 2: every HTTP trigger, called with a real HttpRequest and the in-memory engine's client, answers as
/// LocalHost answers the same request (status, headers, body). One scenario walks every procedure so that the
/// triggers that read or act on a case have a case to read or act on.
/// </summary>
public sealed class HttpTriggerParityTests : IClassFixture<HttpTriggerParityTests.Scenario>
{
    private readonly Scenario scenario;
    private readonly ITestOutputHelper output;

    public HttpTriggerParityTests(Scenario scenario, ITestOutputHelper output)
    {
        this.scenario = scenario;
        this.output = output;
    }

    [Fact]
    public void HttpTriggers_SameRequestsAsLocalHost_AnswerTheSame()
    {
        var differences = scenario.Hosts.Answers.SelectMany(AnswerComparison.Differences).ToList();
        foreach (var answer in scenario.Hosts.Answers)
        {
            output.WriteLine(
                $"{answer.Function, -38} {answer.Request, -90} LocalHost {answer.Local.Status}  Functions {answer.Functions.Status}"
            );
            if (answer.Local.Status >= 400)
            {
                output.WriteLine("    " + answer.Local.Text);
            }
        }

        Assert.True(scenario.Hosts.Answers.Count > 0, "The scenario sent nothing.");
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void HttpTriggers_Scenario_CallsEveryHttpFunction()
    {
        var called = scenario.Hosts.Answers.Select(a => a.Function).ToHashSet();
        var missing = FunctionCatalog.OfKind(TriggerKind.Http).Select(f => f.Name).Where(n => !called.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "HTTP functions the parity scenario never calls: " + string.Join(", ", missing));
    }

    [Fact]
    public void HttpTriggers_Scenario_ReachesSuccessAndRefusal()
    {
        // A parity test that only ever compared two 404s would prove nothing: the scenario must succeed, too.
        var answers = scenario.Hosts.Answers;
        Assert.True(answers.Any(a => a.Local.Status is >= 200 and < 300 && a.Function == "PostCaseEvent"), "No event was accepted.");
        Assert.True(answers.Any(a => a.Local.Status is 201 or 202 && a.Function == "PostRegistration"), "No registration was accepted.");
        Assert.True(answers.Any(a => a.Local.Status == 400), "No request was refused with 400.");
    }

    /// <summary>The requests, sent once for the class.</summary>
    public sealed class Scenario : IAsyncLifetime
    {
        private const string Officer = "dev-registration-officer";
        private const string Head = "dev-authority-head";
        private const string Enterprise = "dev-enterprise";
        private const string Dingsheng = "dev-enterprise-dingsheng";
        private const string IndividualBusiness = "dev-individual-business";
        private const string Tracked = "dev-enterprise-tracked";
        private const string Affected = "dev-affected-party";
        private const string Owner = "dev-project-owner";
        private const string MunicipalDrc = "dev-municipal-drc";
        private const string ProvincialDrc = "dev-provincial-drc";
        private const string County = "dev-county-office";
        private const string Admin = "dev-admin";
        private const string IpOffice = "dev-ip-office";
        private const string Shali = "dev-enterprise-shali";

        private static readonly Dictionary<string, string> NoHeaders = [];

        private readonly string root = new LocalHostSettings().RepositoryRoot;

        public TwoHosts Hosts { get; } = new();

        public async Task InitializeAsync()
        {
            await Hosts.InitializeAsync();
            await ReferenceAndProbesAsync();
            await MarketEntitiesAsync();
            await EnergyAsync();
            await SupervisionAsync();
        }

        public Task DisposeAsync() => Hosts.DisposeAsync();

        private async Task ReferenceAndProbesAsync()
        {
            await Get("Health", null, "/api/health");
            await Get("GetCalendarDeadline", null, "/api/calendar/deadline?from=2024-02-08&workingDays=3");
            await Get("GetCalendarDeadline", null, "/api/calendar/deadline?from=2024-02-30&workingDays=3");
            await Get("GetCalendarYear", null, "/api/calendar/2024");
            await Get("GetCalendarYear", null, "/api/calendar/twenty");
            await Get("CheckUscc", null, "/api/identifiers/uscc/91411100MA44X1Y23P");
            await Get("CheckUscc", null, "/api/identifiers/uscc/91411100MA44X1Y23Q");
            await Get("CheckResidentId", null, "/api/identifiers/resident-id/11010519491231002X");
            await Get("GetInstance", null, "/api/instances/no-such-instance");
            await Post("StartTimerProbe", null, "/api/probes/timer", """{"delaySeconds":1}""");
            var probe = await Post("StartTimerProbe", Admin, "/api/probes/timer", """{"delaySeconds":1,"note":"parity"}""");
            await Settled(
                "GetInstance",
                null,
                probe,
                "id",
                "/api/instances/{0}",
                json => json?["runtimeStatus"]?.ToString() == "Completed"
            );
            await Get("ListQuarantine", Admin, "/api/quarantine");
            await Get("ListQuarantine", Enterprise, "/api/quarantine");
            await Get("Dashboard", null, "/api/dashboard/index.html");
            await Get("Dashboard", null, "/api/dashboard/app.js");
            await Get("Dashboard", null, "/api/dashboard/rules/mayor-patent-award-22.json");
            await Get("Dashboard", null, "/api/dashboard/no-such-file.txt");
            await ContractAsync();
        }

        /// <summary>Issue 15: the contract routes and the problem+json of unknown routes and wrong methods.</summary>
        private async Task ContractAsync()
        {
            await Get("GetOpenApiDocument", null, "/api/openapi.json");
            await Get("ApiDocs", null, "/api/docs/");
            await Get("ApiDocs", null, "/api/docs/docs.js");
            await Get("ApiDocs", null, "/api/docs/no-such-file.js");
            await Get("ListProblemRules", null, "/api/problems");
            await Get("GetProblemRule", null, "/api/problems/page.range");
            await Get("GetProblemRule", null, "/api/problems/no.such-rule");
            await Get("ApiFallback", null, "/api/no-such-route");
            await Send("ApiFallback", Officer, new ApiRequest("DELETE", "/api/cases", NoHeaders));
        }

        private async Task MarketEntitiesAsync()
        {
            var registration = await Post(
                "PostRegistration",
                Enterprise,
                "/api/registrations",
                Sample("registration/application-complete.json"),
                "parity-registration"
            );
            await Post(
                "PostRegistration",
                Enterprise,
                "/api/registrations",
                Sample("registration/application-invalid-id.json"),
                "parity-invalid"
            );
            var id = CaseId(registration);
            await Settled("GetCase", Officer, registration, "caseId", "/api/cases/{0}", Awaiting);
            await Get("ListCases", Officer, "/api/cases");
            await Get("ListCases", Officer, "/api/cases?procedure=registration");
            await Get("ListWorklist", Officer, "/api/worklist");
            await Get("ListWorklist", Officer, "/api/worklist?mine=false&q=MA44X1Y23P&light=green");
            await Get("ListWorklist", Officer, "/api/worklist?light=purple");
            await Get("GetCaseActions", Officer, $"/api/cases/{id}/actions");
            await Get("GetCaseActions", Affected, $"/api/cases/{id}/actions");
            await Post("PostCaseEvent", Enterprise, $"/api/cases/{id}/events", """{"type":"register"}""");
            await Post("PostCaseEvent", Officer, $"/api/cases/{id}/events", """{"type":"register"}""");
            await Post("PostCaseEvent", Officer, $"/api/cases/{id}/events", """{"type":"register","uscc":"91411100MA44X1Y23P"}""");
            await Settled("GetCase", Officer, registration, "caseId", "/api/cases/{0}", json => json?["closed"]?.GetValue<bool>() == true);
            await Get("GetCase", Affected, $"/api/cases/{id}");
            await Get("GetCaseDocument", Officer, $"/api/cases/{id}/documents/no-such-document.pdf");
            // The case is closed, so its audit rows are final on both hosts: the chain check answers alike.
            await Get("VerifyCaseAudit", Head, $"/api/cases/{id}/audit/verify");
            await Get("VerifyCaseAudit", Enterprise, $"/api/cases/{id}/audit/verify");

            var simplified = await Post(
                "PostSimplifiedDeregistration",
                Dingsheng,
                "/api/deregistrations/simplified",
                Sample("deregistration/simplified.json"),
                "parity-simplified"
            );
            await Settled("GetCase", Dingsheng, simplified, "caseId", "/api/cases/{0}", Awaiting);
            var individual = await Post(
                "PostIndividualBusinessDeregistration",
                IndividualBusiness,
                "/api/deregistrations/individual-business",
                Sample("deregistration/individual-business.json"),
                "parity-individual"
            );
            await Settled("GetCase", IndividualBusiness, individual, "caseId", "/api/cases/{0}", Awaiting);
            var revocation = await Post(
                "PostRevocation",
                Affected,
                "/api/revocations",
                Sample("revocation/application.json"),
                "parity-revocation"
            );
            await Settled("GetCase", Officer, revocation, "caseId", "/api/cases/{0}", Awaiting);
            var tracker = await Post(
                "PostTracker",
                Tracked,
                "/api/trackers",
                Sample("trackers/change-registration.json"),
                "parity-tracker"
            );
            await Settled("GetCase", Tracked, tracker, "caseId", "/api/cases/{0}", Awaiting);
            await RegisterAsync();
        }

        /// <summary>Issue 14: the register of market entities and the disqualifications.</summary>
        private async Task RegisterAsync()
        {
            var register = Path.Combine(root, "samples", "register");
            await Send(
                "PostRegisterImport",
                Officer,
                new ApiRequest(
                    "POST",
                    "/api/register/import?name=register-bad-rows.csv",
                    NoHeaders,
                    File.ReadAllBytes(Path.Combine(register, "register-bad-rows.csv")),
                    "text/csv"
                )
            );
            await Send(
                "PostRegisterImport",
                Officer,
                new ApiRequest(
                    "POST",
                    "/api/register/import?name=register-luohe.csv",
                    NoHeaders,
                    File.ReadAllBytes(Path.Combine(register, "register-luohe.csv")),
                    "text/csv"
                )
            );
            await Get("ListRegister", Officer, "/api/register");
            await Get("ListRegister", Enterprise, "/api/register");
            await Get("GetRegisterEntry", Officer, "/api/register/91411100MA44X1Y23P");
            await Get("GetRegisterEntry", Dingsheng, "/api/register/91411100MA44X1Y23P");
            await Post(
                "PostRegisterChange",
                Officer,
                "/api/register/91411102MA40AB1C22/changes",
                """{"kind":"abnormal-listed","decidedOn":"2025-03-04","decision":"漯源市监异字〔2025〕3号"}"""
            );
            await Post("PostRegisterChange", Officer, "/api/register/91411102MA40AB1C22/changes", """{"kind":"closed"}""");
            await Post(
                "PostDisqualifications",
                Officer,
                "/api/disqualifications",
                File.ReadAllText(Path.Combine(register, "disqualifications.json"))
            );
            await Post("PostDisqualifications", Officer, "/api/disqualifications", """{"disqualification":"art12-1-capacity"}""");
            await Send(
                "PostDisqualificationsImport",
                Officer,
                new ApiRequest(
                    "POST",
                    "/api/disqualifications/import?name=disqualifications-bad-rows.csv",
                    NoHeaders,
                    File.ReadAllBytes(Path.Combine(register, "disqualifications-bad-rows.csv")),
                    "text/csv"
                )
            );
            await Send(
                "PostDisqualificationsImport",
                Officer,
                new ApiRequest(
                    "POST",
                    "/api/disqualifications/import?name=disqualifications-luohe.csv&encoding=gb18030",
                    NoHeaders,
                    File.ReadAllBytes(Path.Combine(register, "disqualifications-luohe-gb18030.csv")),
                    "text/csv"
                )
            );
            await Get("ListDisqualifications", Officer, "/api/disqualifications?status=in-force");
            await Get("ListDisqualifications", Officer, "/api/disqualifications?status=gone");
            await Post("PostDisqualificationLift", Officer, "/api/disqualifications/B-0000000000000000/lift", """{"reason":"录入错误"}""");
            await Post("PostDisqualificationLift", Officer, "/api/disqualifications/B-0000000000000000/lift", "{}");
        }

        private async Task EnergyAsync()
        {
            const string filing = """
                {"projectName":"漯河某化工有限公司煤制合成氨原料项目","ownerUscc":"91411102MA45B8C906","ownerName":"漯河市郾城区建材有限公司",
                 "kind":"new","industry":"chemicals","coalUse":"rawMaterial","newCoalConsumptionTonnes":3000,
                 "location":{"city":"漯河市","county":"源汇区"},"annualEnergyConsumptionTce":2500,"acceptedOn":"2025-01-06"}
                """;
            var project = await Post("CreateCoalProject", Owner, "/api/coal-projects", filing, "parity-coal");
            await Post("CreateCoalProject", Owner, "/api/coal-projects", """{"projectName":"x","kind":"new"}""", "parity-coal-bad");
            var id = CaseId(project);
            await Settled("GetCase", MunicipalDrc, project, "caseId", "/api/cases/{0}", Awaiting);
            await Post(
                "RegisterCoalSource",
                MunicipalDrc,
                "/api/coal-sources",
                """
                {"id":"SRC-LH-BOILER-01","kind":"capacityClosure","description":"源汇区某热电厂2台35蒸吨燃煤锅炉拆除",
                 "location":{"city":"漯河市","county":"源汇区"},"reductionTonnes":2000,"closureScope":"partialEquipment",
                 "baselineYear":2023,"baselineYearCoalTonnes":2600,"closureDate":"2024-03-01"}
                """
            );
            await Post(
                "AllocateCoalSource",
                Owner,
                $"/api/coal-projects/{id}/sources",
                """{"sourceId":"SRC-LH-BOILER-01","tonnes":2000}"""
            );
            await Post("AllocateCoalSource", Owner, $"/api/coal-projects/{id}/sources", """{"sourceId":"SRC-NONE","tonnes":2000}""");
            await Get("ListCoalProjectSources", MunicipalDrc, $"/api/coal-projects/{id}/sources");
            await Get("ListCoalProjectSources", MunicipalDrc, "/api/coal-projects/COAL-411102-20250106-NOSUCHPR/sources");
            await Send(
                "UploadCoalReport",
                Owner,
                new ApiRequest(
                    "POST",
                    $"/api/coal-projects/{id}/report?name=implementation-report.pdf",
                    NoHeaders,
                    "%PDF-1.7 report"u8.ToArray(),
                    "application/pdf"
                )
            );
            await Settled("GetCase", MunicipalDrc, project, "caseId", "/api/cases/{0}", Awaiting);

            var suspension = await Post(
                "CreateCoalSuspension",
                ProvincialDrc,
                "/api/coal-suspensions",
                """{"city":"漯河市","county":"舞阳县","targetYear":2024,"from":"2025-01-01","reason":"豫节能办〔2025〕3号 整改通知"}"""
            );
            await Get("ListCoalSuspensions", MunicipalDrc, "/api/coal-suspensions");
            await SendOwn("LiftCoalSuspension", ProvincialDrc, suspension, "id", "DELETE", "/api/coal-suspensions/{0}");
            await Send(
                "LiftCoalSuspension",
                ProvincialDrc,
                new ApiRequest("DELETE", "/api/coal-suspensions/no-such-suspension", NoHeaders)
            );

            var programme = File.ReadAllText(Path.Combine(root, "src", "Domain", "Data", "Energy", "retrofit-programme-2021-2023.json"));
            await Post("CreateRetrofitProgramme", MunicipalDrc, "/api/retrofit-programmes", programme);
            await Post("CreateRetrofitProgramme", MunicipalDrc, "/api/retrofit-programmes", """{"id":"a/b"}""");
            const string p = "luohe-key-units-retrofit-2021-2023";
            await Send(
                "ImportRetrofitUnits",
                MunicipalDrc,
                new ApiRequest(
                    "POST",
                    $"/api/retrofit-programmes/{p}/units?name=key-units-bad-rows.csv",
                    NoHeaders,
                    File.ReadAllBytes(Path.Combine(root, "samples", "energy", "key-units-bad-rows.csv")),
                    "text/csv"
                )
            );
            await Send(
                "ImportRetrofitUnits",
                MunicipalDrc,
                new ApiRequest(
                    "POST",
                    $"/api/retrofit-programmes/{p}/units?name=key-units.csv",
                    NoHeaders,
                    File.ReadAllBytes(Path.Combine(root, "samples", "energy", "key-units.csv")),
                    "text/csv"
                )
            );
            var retrofit = await Post("CreateRetrofitProject", County, "/api/retrofit-projects", RetrofitProject(p));
            await Settled("GetCase", County, retrofit, "caseId", "/api/cases/{0}", Awaiting);
            var started = await Post("StartRetrofitProgramme", MunicipalDrc, $"/api/retrofit-programmes/{p}/start", null);
            await Settled("GetCase", MunicipalDrc, started, "caseId", "/api/cases/{0}", json => json?["history"]?.AsArray().Count > 1);

            // 漯政〔2021〕17号 (issue 19): a half-year's round, and one refused for a half-year not ended.
            await Post("OpenStandardFactoryRound", MunicipalDrc, "/api/standard-factory-rounds", """{"halfYear":"2021-H2"}""");
            await Post("OpenStandardFactoryRound", MunicipalDrc, "/api/standard-factory-rounds", """{"halfYear":"2099-H1"}""");

            // 豫政办〔2021〕65号 (issue 19): a month's barometer and a malformed one; a two-high project and one out of scope.
            var twoHigh = Path.Combine(root, "samples", "twohigh");
            await Post(
                "PublishTwoHighBarometer",
                ProvincialDrc,
                "/api/two-high/barometer",
                File.ReadAllText(Path.Combine(twoHigh, "barometer-2021-10.json"))
            );
            await Post(
                "PublishTwoHighBarometer",
                ProvincialDrc,
                "/api/two-high/barometer",
                """{"rows":[{"city":"漯河市","month":"2021年10月"}]}"""
            );
            await Post(
                "ListTwoHighProject",
                MunicipalDrc,
                "/api/two-high/projects",
                File.ReadAllText(Path.Combine(twoHigh, "project-wuyang-steel.json"))
            );
            await Post(
                "ListTwoHighProject",
                MunicipalDrc,
                "/api/two-high/projects",
                File.ReadAllText(Path.Combine(twoHigh, "project-bad.json"))
            );
            // 发改办价格〔2021〕809号 (issue 19): a month's publication obligations, a quarter outside the validity, a user notified.
            await Post(
                "OpenProxyPowerObligations",
                MunicipalDrc,
                "/api/proxy-power-obligations",
                """{"kind":"price-publication","period":"2021-12"}"""
            );
            await Post(
                "OpenProxyPowerObligations",
                ProvincialDrc,
                "/api/proxy-power-obligations",
                """{"kind":"quarterly-report","period":"2023-Q1"}"""
            );
            await Post("OpenProxyPowerUser", "dev-grid-luohe", "/api/proxy-power-users", Sample("power/shuanghui-notified.json"));
            // 漯政〔2021〕22号 (issue 19): a round, one refused two years apart (第五条), an application in it, a bad one.
            await Post("OpenPatentAwardRound", IpOffice, "/api/patent-award-rounds", """{"year":2024}""");
            await Post("OpenPatentAwardRound", IpOffice, "/api/patent-award-rounds", """{"year":2025}""");
            var application = File.ReadAllText(Path.Combine(root, "samples", "patent-award", "shali-2024-application.json"));
            await Post("ApplyForPatentAward", Shali, "/api/patent-award-applications", application);
            var bad = File.ReadAllText(Path.Combine(root, "samples", "patent-award", "application-bad.json"));
            await Post("ApplyForPatentAward", Shali, "/api/patent-award-applications", bad);
        }

        private async Task SupervisionAsync()
        {
            // Statistics count every case: wait until both hosts' orchestrations have brought all cases to the same state.
            await Hosts.SettledGetAsync("ListCases", Admin, "/api/cases", _ => true);
            await Post("RunComplianceSweep", Admin, "/api/supervision/sweep", """{}""");
            await Post("RunComplianceSweep", Admin, $"/api/supervision/sweep?date={Today}", """{}""");
            await Post("RunComplianceSweep", Enterprise, "/api/supervision/sweep", """{}""");
            await Get("GetSupervisionStats", MunicipalDrc, "/api/supervision/stats");
            await Get("GetDigests", Admin, "/api/reports/digests");
            await Get("ListNotifications", Officer, "/api/notifications");
            await Get("ListNotifications", null, "/api/notifications");
        }

        private Task<AnswerPair> Get(string function, string? key, string path) => Hosts.GetAsync(function, key, path);

        private Task<AnswerPair> Post(string function, string? key, string path, string? json, string? idempotencyKey = null) =>
            Hosts.PostAsync(function, key, path, json, idempotencyKey);

        private Task<AnswerPair> Send(string function, string? key, ApiRequest request) => Hosts.SendAsync(function, key, request);

        private Task<AnswerPair> SendOwn(
            string function,
            string? key,
            AnswerPair created,
            string property,
            string method,
            string pathFormat
        ) => Hosts.SendOwnAsync(function, key, created, property, method, pathFormat);

        private Task Settled(
            string function,
            string? key,
            AnswerPair created,
            string property,
            string pathFormat,
            Func<JsonNode?, bool> settled
        ) => Hosts.SettledAsync(function, key, created, property, pathFormat, settled);

        /// <summary>A project of a unit listed in samples/energy/key-units.csv (源汇区).</summary>
        public static string RetrofitProject(string programme) =>
            $$$"""
                {"programmeId":"{{{programme}}}","project":{"id":"YH-2021-01","unitUscc":"9141110252601815X9",
                 "category":"energySaving","content":"余热回收及空压机系统改造","deadline":"2021-12-31",
                 "investmentTenThousandYuan":850,"expectedSavingsTcePerYear":1200}}
                """;

        private static string Today =>
            DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        private static bool Awaiting(JsonNode? json) =>
            json?["awaitedEvents"]?.AsArray().Count > 0 || json?["closed"]?.GetValue<bool>() == true;

        private string Sample(string relative) => File.ReadAllText(Path.Combine(root, "samples", relative));

        private static string CaseId(AnswerPair created) => TwoHosts.Own(created, created.LocalJson, "caseId");
    }
}
