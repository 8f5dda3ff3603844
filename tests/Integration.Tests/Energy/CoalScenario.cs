using System.Text.Json;

namespace Workflows.Integration.Tests.Energy;

/// <summary>The coal-substitution path shared by both backends: intake → Q → gates → review → production → report.</summary>
internal static class CoalScenario
{
    public const string Owner = "dev-project-owner";
    public const string Municipal = "dev-municipal-drc";
    public const string Provincial = "dev-provincial-drc";
    public const string County = "dev-county-office";

    public static object Filing(decimal tce, string acceptedOn, decimal d = 3_000m) =>
        new
        {
            projectName = $"漯河某化工有限公司原料项目 {Guid.NewGuid():N}",
            ownerUscc = "91411102MA45B8C906",
            ownerName = "漯河市郾城区建材有限公司",
            kind = "new",
            industry = "chemicals",
            coalUse = "rawMaterial",
            newCoalConsumptionTonnes = d,
            location = new { city = "漯河市", county = "源汇区" },
            annualEnergyConsumptionTce = tce,
            acceptedOn,
        };

    public static object Source(string id, decimal tonnes) =>
        new
        {
            id,
            kind = "efficiencyRetrofit",
            description = "源汇区某厂燃煤锅炉节能改造",
            location = new { city = "漯河市", county = "源汇区" },
            reductionTonnes = tonnes,
            coalBeforeTonnes = tonnes + 1_000m,
            coalAfterTonnes = 1_000m,
        };

    /// <summary>Runs a project to production; returns the case id. Asserts the gates refuse with numbers on the way.</summary>
    public static async Task<string> ToProductionAsync(EnergyHost host, decimal tce, string productionDate)
    {
        var (status, created) = await host.SendAsync(HttpMethod.Post, "/api/coal-projects", Owner, Filing(tce, "2025-01-06"));
        Assert.Equal(201, status);
        var id = created.GetProperty("caseId").GetString()!;
        var c = await host.WaitForAwaitedAsync(id, "submit-for-review");
        Assert.Equal(3_000m, c.GetProperty("data").GetProperty("substitution").GetProperty("substitutionTonnes").GetDecimal());
        Assert.Contains(
            "Q = 3,000 t × 1.0",
            c.GetProperty("data").GetProperty("substitution").GetProperty("formula").GetString(),
            StringComparison.Ordinal
        );

        // Art. 15: below 40% the plan may not enter review (409 with numbers).
        var (refused, problem) = await host.EventAsync(id, Owner, new { type = "submit-for-review" });
        Assert.Equal(409, refused);
        Assert.Contains("1,200 t short", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var s1 = $"SRC-{Guid.NewGuid():N}";
        var s2 = $"SRC-{Guid.NewGuid():N}";
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/api/coal-sources", Municipal, Source(s1, 2_000m))).Status);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/api/coal-sources", Municipal, Source(s2, 1_000m))).Status);
        Assert.Equal(
            201,
            (await host.SendAsync(HttpMethod.Post, $"/api/coal-projects/{id}/sources", Owner, new { sourceId = s1, tonnes = 2_000 })).Status
        );
        await host.WaitForCaseAsync(id, x => x.GetProperty("data").GetProperty("achievedTonnes").GetDecimal() == 2_000m);

        Assert.Equal(202, (await host.EventAsync(id, Owner, new { type = "submit-for-review" })).Status);
        var large = tce >= 5_000m;
        if (large)
        {
            await host.WaitForAwaitedAsync(id, "preliminary-opinion");
            Assert.Equal(202, (await host.EventAsync(id, Municipal, new { type = "preliminary-opinion", opinion = "同意" })).Status);
        }

        await host.WaitForAwaitedAsync(id, "approve");
        var (wrongReviewer, _) = await host.EventAsync(id, large ? Municipal : Provincial, new { type = "approve" });
        Assert.Equal(403, wrongReviewer);
        // Decisions recorded after the fact carry their day, so that a production date in the past is after them (Art. 17).
        Assert.Equal(
            202,
            (await host.EventAsync(id, large ? Provincial : Municipal, new { type = "approve", approvedOn = "2025-02-01" })).Status
        );
        await host.WaitForAwaitedAsync(id, "record-publication");
        Assert.Equal(
            202,
            (
                await host.EventAsync(
                    id,
                    Municipal,
                    new
                    {
                        type = "record-publication",
                        portalUrl = "https://fgw.luohe.gov.cn/coal/1",
                        publishedOn = "2025-02-10",
                    }
                )
            ).Status
        );
        await host.WaitForAwaitedAsync(id, "start-production");

        // Arts. 15, 17: production needs 100% achieved and confirmed.
        var (early, earlyProblem) = await host.EventAsync(id, Owner, new { type = "start-production", date = productionDate });
        Assert.Equal(409, early);
        Assert.Contains("1,000 t short", earlyProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            202,
            (
                await host.EventAsync(
                    id,
                    Owner,
                    new
                    {
                        type = "allocate-source",
                        sourceId = s2,
                        tonnes = 1_000,
                    }
                )
            ).Status
        );
        await host.WaitForAwaitedAsync(id, "confirm-substitution");
        Assert.Equal(202, (await host.EventAsync(id, County, new { type = "confirm-substitution", confirmedOn = "2025-02-20" })).Status);
        await host.WaitForCaseAsync(
            id,
            x =>
                x.GetProperty("data").GetProperty("confirmedByLocalGovernment").GetBoolean()
                && x.GetProperty("awaitedEvents").GetArrayLength() > 0
        );
        Assert.Equal(202, (await host.EventAsync(id, Owner, new { type = "start-production", date = productionDate })).Status);
        return id;
    }

    public static bool IsClosed(JsonElement c) => c.GetProperty("closed").GetBoolean();
}
