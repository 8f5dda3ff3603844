using System.Text;
using System.Text.Json;

namespace Workflows.Integration.Tests.Energy;

/// <summary>The energy procedures on the real durable engine (in-memory backend), through HTTP and through drops.</summary>
public sealed class EnergyInMemoryTests : IAsyncLifetime
{
    private EnergyHost host = null!;

    public async Task InitializeAsync() => host = await EnergyHost.StartAsync(inMemory: true);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task CoalProject_SmallRouteReportOnTime_ClosesOnTime()
    {
        var today = Workflows
            .Domain.Calendar.ChinaTime.Today(TimeProvider.System)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var id = await CoalScenario.ToProductionAsync(host, 2_500m, today);
        var reporting = await host.WaitForCaseAsync(id, c => c.GetProperty("state").GetString() == "awaiting-implementation-report");
        Assert.Equal("months", reporting.GetProperty("deadline").GetProperty("rule").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/coal-projects/{id}/report?name=report.pdf")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("%PDF report")),
        };
        request.Headers.Add("X-Api-Key", CoalScenario.Owner);
        Assert.Equal(202, (int)(await host.Http.SendAsync(request)).StatusCode);

        var closed = await host.WaitForCaseAsync(id, CoalScenario.IsClosed);
        Assert.Equal(
            ("report-filed", false, true),
            (closed.GetProperty("outcome").GetString(), closed.GetProperty("late").GetBoolean(), closed.GetProperty("onTime").GetBoolean())
        );
    }

    [Fact]
    public async Task CoalProject_LargeRouteReportOverdue_EscalatesThenLateReportByDrop()
    {
        var id = await CoalScenario.ToProductionAsync(host, 6_000m, "2025-03-01");
        var overdue = await host.WaitForCaseAsync(id, c => c.GetProperty("state").GetString() == "report-overdue");
        Assert.Equal("red", overdue.GetProperty("light").GetString());
        Assert.Contains(
            overdue.GetProperty("history").EnumerateArray(),
            h =>
                h.GetProperty("action").GetString() == "escalated"
                && h.GetProperty("summary").GetString()!.Contains("ProvincialDrc 410000", StringComparison.Ordinal)
        );

        await host.Blobs.PutAsync(
            "coal-reports",
            $"{id}/implementation-report.pdf",
            Encoding.UTF8.GetBytes("%PDF late"),
            "application/pdf"
        );

        var closed = await host.WaitForCaseAsync(id, CoalScenario.IsClosed);
        Assert.Equal(("report-filed-late", true), (closed.GetProperty("outcome").GetString(), closed.GetProperty("late").GetBoolean()));
    }

    [Fact]
    public async Task CoalSource_SecondProject_RefusedNamingHolder()
    {
        var source = $"SRC-{Guid.NewGuid():N}";
        Assert.Equal(
            201,
            (await host.SendAsync(HttpMethod.Post, "/api/coal-sources", CoalScenario.Municipal, CoalScenario.Source(source, 500m))).Status
        );
        var first = (
            await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Municipal, CoalScenario.Filing(2_000m, "2025-01-06"))
        )
            .Body.GetProperty("caseId")
            .GetString()!;
        var secondFiling = CoalScenario.Filing(2_100m, "2025-01-06");
        var second = (await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Municipal, secondFiling))
            .Body.GetProperty("caseId")
            .GetString()!;
        // Idempotent intake: the same filing again is the same case (200, created false).
        var (again, replay) = await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Municipal, secondFiling);
        Assert.Equal((200, second, false), (again, replay.GetProperty("caseId").GetString(), replay.GetProperty("created").GetBoolean()));
        await host.WaitForAwaitedAsync(second, "allocate-source");

        Assert.Equal(
            201,
            (
                await host.SendAsync(
                    HttpMethod.Post,
                    $"/api/coal-projects/{first}/sources",
                    CoalScenario.Municipal,
                    new { sourceId = source, tonnes = 500 }
                )
            ).Status
        );
        var (status, problem) = await host.EventAsync(
            second,
            CoalScenario.Municipal,
            new
            {
                type = "allocate-source",
                sourceId = source,
                tonnes = 500,
            }
        );

        Assert.Equal(409, status);
        Assert.Equal("ledger.source.already-used", problem.GetProperty("rule").GetString());
        Assert.Contains(first, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoalSuspension_CoveredCounty_RefusesReviewUntilLifted()
    {
        var (created, suspension) = await host.SendAsync(
            HttpMethod.Post,
            "/api/coal-suspensions",
            CoalScenario.Provincial,
            new
            {
                city = "漯河市",
                county = "源汇区",
                targetYear = 2024,
                from = "2025-01-01",
                reason = $"豫节能办〔2025〕{Guid.NewGuid().ToString("N")[..4]}号 整改通知",
            }
        );
        Assert.Equal(201, created);
        var suspensionId = suspension.GetProperty("id").GetString()!;
        try
        {
            var id = (
                await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Owner, CoalScenario.Filing(2_000m, "2025-01-06"))
            )
                .Body.GetProperty("caseId")
                .GetString()!;
            await host.WaitForAwaitedAsync(id, "submit-for-review");
            var (status, problem) = await host.EventAsync(id, CoalScenario.Owner, new { type = "submit-for-review" });

            Assert.Equal(409, status);
            Assert.Equal("coal.review.region-suspended", problem.GetProperty("rule").GetString());
            Assert.Contains(suspensionId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("Art. 19", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Assert.Equal(
                200,
                (await host.SendAsync(HttpMethod.Delete, $"/api/coal-suspensions/{suspensionId}", CoalScenario.Provincial)).Status
            );
        }
    }

    [Fact]
    public async Task StartProduction_Art17DeclaredDateBeforeApproval_Refused409ThenLaterDateAccepted()
    {
        var id = await ApprovedAndConfirmedAsync("2025-02-03", "2025-02-20");

        var (before, problem) = await host.EventAsync(id, CoalScenario.Owner, new { type = "start-production", date = "2025-01-20" });
        var (beforeConfirmation, second) = await host.EventAsync(
            id,
            CoalScenario.Owner,
            new { type = "start-production", date = "2025-02-10" }
        );

        Assert.Equal((409, "coal.production.before-approval"), (before, problem.GetProperty("rule").GetString()));
        Assert.Contains("Arts. 15, 17", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("投产日期早于审查意见批复", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal((409, "coal.production.before-confirmation"), (beforeConfirmation, second.GetProperty("rule").GetString()));
        Assert.Equal(202, (await host.EventAsync(id, CoalScenario.Owner, new { type = "start-production", date = "2025-03-01" })).Status);
        // Produced in the past: the Art. 16 report deadline (2025-06-03) has passed too, so the case is at once overdue.
        var reporting = await host.WaitForCaseAsync(id, c => c.GetProperty("state").GetString() == "report-overdue");
        Assert.Equal("2025-03-01", reporting.GetProperty("data").GetProperty("productionStart").GetString());
    }

    [Fact]
    public async Task Approve_Art19CityDrcOrdersCountyRectificationDuringReview_ReviewSuspendedUntilLifted()
    {
        var id = (
            await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Owner, CoalScenario.Filing(2_000m, "2025-01-06"))
        )
            .Body.GetProperty("caseId")
            .GetString()!;
        await AllocateAsync(id, 2_000m);
        Assert.Equal(202, (await host.EventAsync(id, CoalScenario.Owner, new { type = "submit-for-review" })).Status);
        await host.WaitForAwaitedAsync(id, "approve");
        // The city DRC is the county's 上一级节能主管部门; it may not suspend its own city (the province does that).
        var order = new
        {
            city = "漯河市",
            county = (string?)"源汇区",
            targetYear = 2024,
            from = "2025-01-01",
            reason = $"漯发改环资〔2025〕{Guid.NewGuid().ToString("N")[..4]}号 整改通知",
        };
        var (ownCity, refusal) = await host.SendAsync(
            HttpMethod.Post,
            "/api/coal-suspensions",
            CoalScenario.Municipal,
            order with
            {
                county = null,
            }
        );
        Assert.Equal((403, "coal.suspension.not-higher-authority"), (ownCity, refusal.GetProperty("rule").GetString()));
        var (created, suspension) = await host.SendAsync(HttpMethod.Post, "/api/coal-suspensions", CoalScenario.Municipal, order);
        Assert.Equal(201, created);
        var suspensionId = suspension.GetProperty("id").GetString()!;
        try
        {
            var (status, problem) = await host.EventAsync(id, CoalScenario.Municipal, new { type = "approve" });

            Assert.Equal((409, "coal.review.region-suspended"), (status, problem.GetProperty("rule").GetString()));
            Assert.Contains("Art. 19", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("municipal-review", (await host.WaitForAwaitedAsync(id, "approve")).GetProperty("state").GetString());
        }
        finally
        {
            Assert.Equal(
                200,
                (await host.SendAsync(HttpMethod.Delete, $"/api/coal-suspensions/{suspensionId}", CoalScenario.Municipal)).Status
            );
        }

        Assert.Equal(202, (await host.EventAsync(id, CoalScenario.Municipal, new { type = "approve" })).Status);
        await host.WaitForAwaitedAsync(id, "record-publication");
    }

    private async Task AllocateAsync(string id, decimal tonnes)
    {
        await host.WaitForAwaitedAsync(id, "submit-for-review");
        var source = $"SRC-{Guid.NewGuid():N}";
        Assert.Equal(
            201,
            (await host.SendAsync(HttpMethod.Post, "/api/coal-sources", CoalScenario.Municipal, CoalScenario.Source(source, tonnes))).Status
        );
        Assert.Equal(
            201,
            (
                await host.SendAsync(
                    HttpMethod.Post,
                    $"/api/coal-projects/{id}/sources",
                    CoalScenario.Owner,
                    new { sourceId = source, tonnes }
                )
            ).Status
        );
        await host.WaitForCaseAsync(id, x => x.GetProperty("data").GetProperty("achievedTonnes").GetDecimal() == tonnes);
    }

    /// <summary>A small project with all of Q booked, approved and confirmed on the stated days (recorded after the fact).</summary>
    private async Task<string> ApprovedAndConfirmedAsync(string approvedOn, string confirmedOn)
    {
        var id = (
            await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Owner, CoalScenario.Filing(2_000m, "2025-01-06"))
        )
            .Body.GetProperty("caseId")
            .GetString()!;
        await AllocateAsync(id, 3_000m);
        Assert.Equal(202, (await host.EventAsync(id, CoalScenario.Owner, new { type = "submit-for-review" })).Status);
        await host.WaitForAwaitedAsync(id, "approve");
        Assert.Equal(202, (await host.EventAsync(id, CoalScenario.Municipal, new { type = "approve", approvedOn })).Status);
        await host.WaitForAwaitedAsync(id, "confirm-substitution");
        Assert.Equal(202, (await host.EventAsync(id, CoalScenario.County, new { type = "confirm-substitution", confirmedOn })).Status);
        await host.WaitForCaseAsync(
            id,
            x =>
                x.GetProperty("data").GetProperty("confirmedByLocalGovernment").GetBoolean()
                && x.GetProperty("awaitedEvents").GetArrayLength() > 0
        );
        return id;
    }

    [Fact]
    public async Task CoalInbox_BadAndGoodDrops_QuarantinedOrOpened()
    {
        await host.Blobs.PutAsync(
            "coal-inbox",
            "bad.json",
            Encoding.UTF8.GetBytes("{\"projectName\":\"x\",\"industry\":\"gold\"}"),
            "application/json"
        );
        var sample = await File.ReadAllBytesAsync(EnergyHost.SamplesPath("coal-project-zhengzhou-steel.json"));
        await host.Blobs.PutAsync("coal-inbox", "zhengzhou.json", sample, "application/json");

        var report = await PollBlobAsync("quarantine", "coal-inbox/bad.json.error.json");
        Assert.Contains("coal.industry.unknown", report, StringComparison.Ordinal);
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30);
        JsonElement list = default;
        while (TimeProvider.System.GetUtcNow().UtcDateTime < deadline)
        {
            list = (
                await host.SendAsync(HttpMethod.Get, "/api/cases?procedure=coal-substitution&agency=410100", CoalScenario.Provincial)
            ).Body;
            if (list.GetProperty("total").GetInt32() > 0)
            {
                break;
            }

            await Task.Delay(300);
        }

        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        // Zhengzhou steel fuel coal: Q = 10,000 t × 1.5 (two-high) × 1.1 (key region) = 16,500 t.
        Assert.Equal(16_500m, item.GetProperty("data").GetProperty("substitution").GetProperty("substitutionTonnes").GetDecimal());
    }

    [Fact]
    public async Task RetrofitProgramme_ImportProjectsCheckpoints_RecordsCountyResults()
    {
        const string programme = "luohe-key-units-retrofit-2021-2023";
        await host.Blobs.PutAsync(
            "retrofit-inbox",
            $"{programme}/bad.csv",
            await File.ReadAllBytesAsync(EnergyHost.SamplesPath("key-units-bad-rows.csv")),
            "text/csv"
        );
        var report = await PollBlobAsync("quarantine", $"retrofit-inbox/{programme}/bad.csv.error.json");
        Assert.Contains("row 5: uscc", report, StringComparison.Ordinal);
        Assert.Contains("units.row.column-count", report, StringComparison.Ordinal);

        await host.Blobs.PutAsync(
            "retrofit-inbox",
            $"{programme}/key-units.csv",
            await File.ReadAllBytesAsync(EnergyHost.SamplesPath("key-units.csv")),
            "text/csv"
        );
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30);
        var status = 0;
        JsonElement created = default;
        while (TimeProvider.System.GetUtcNow().UtcDateTime < deadline && status != 201)
        {
            (status, created) = await host.SendAsync(
                HttpMethod.Post,
                "/api/retrofit-projects",
                "dev-county-office",
                new
                {
                    programmeId = programme,
                    project = new
                    {
                        id = "YH-1",
                        unitUscc = "9141110252601815X9",
                        category = "energySaving",
                        content = "余热回收改造",
                        deadline = "2021-12-31",
                        investmentTenThousandYuan = 850,
                        expectedSavingsTcePerYear = 1200,
                    },
                }
            );
            if (status != 201)
            {
                await Task.Delay(300); // the programme's units are still being imported: ask again
            }
        }

        Assert.Equal(201, status);
        var project = created.GetProperty("caseId").GetString()!;
        await host.WaitForAwaitedAsync(project, "progress");
        Assert.Equal(
            202,
            (
                await host.EventAsync(
                    project,
                    "dev-county-office",
                    new
                    {
                        type = "progress",
                        reportDate = "2021-09-30",
                        status = "inProgress",
                        startedOn = "2021-08-01",
                        investmentToDateTenThousandYuan = 400,
                        achievedSavingsTcePerYear = 0,
                    }
                )
            ).Status
        );
        await host.WaitForCaseAsync(project, c => c.GetProperty("state").GetString() == "in-progress");

        var (started, start) = await host.SendAsync(HttpMethod.Post, $"/api/retrofit-programmes/{programme}/start", CoalScenario.Municipal);
        Assert.Equal(201, started);
        var done = await host.WaitForCaseAsync(start.GetProperty("caseId").GetString()!, CoalScenario.IsClosed);
        var results = done.GetProperty("data").GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        var first = results[0].GetProperty("result");
        Assert.Equal((11, 1), (first.GetProperty("units").GetInt32(), first.GetProperty("startedByYearEnd").GetInt32()));
        var yuanhui = first.GetProperty("counties").EnumerateArray().Single(c => c.GetProperty("county").GetString() == "源汇区");
        Assert.True(yuanhui.GetProperty("met").GetBoolean());
        Assert.NotNull(await host.Blobs.GetAsync("reports", $"retrofit/{programme}/2021.json"));
    }

    private async Task<string> PollBlobAsync(string container, string name)
    {
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30);
        while (TimeProvider.System.GetUtcNow().UtcDateTime < deadline)
        {
            if (await host.Blobs.GetAsync(container, name) is { } blob)
            {
                return Encoding.UTF8.GetString(blob.Data);
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"{container}/{name} did not appear.");
    }
}
