using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Energy;

/// <summary>The checkpoint (漯节减办〔2021〕7号 三: each county's share of units started by the year end) counts the
/// programme's projects from the list index of the listed units' counties, never from a scan of every case (issue 22).</summary>
public sealed class RetrofitCheckpointActivityTests
{
    private static readonly DateTimeOffset Now = new(2021, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static readonly RetrofitProgramme Programme = RetrofitProgramme.LoadLuohe2021To2023();

    [Fact]
    public async Task RunAsync_ProjectsAmongManyOtherCases_CountsTheProgrammesProjectsWithoutScanningCases()
    {
        var tables = new InMemoryTableStore();
        var store = new RetrofitStore(tables);
        await store.SaveUnitsAsync(
            Programme.Id,
            [
                new KeyEnergyUnit("漯河市源汇区示例食品有限公司", "91411102MA44X1Y23A", "源汇区", 12_000m),
                new KeyEnergyUnit("漯河市源汇区示例纸业有限公司", "91411102MA44X1Y23B", "源汇区", 9_000m),
                new KeyEnergyUnit("漯河市郾城区示例化工有限公司", "91411103MA44X1Y23C", "郾城区", 15_000m),
            ],
            "units.csv"
        );
        var cases = new CaseStore(tables);
        await CreateProjectAsync(
            cases,
            "RTP-411102-20210601-PROJ0001",
            "411102",
            Programme.Id,
            "91411102MA44X1Y23A",
            new DateOnly(2021, 6, 1)
        );
        await CreateProjectAsync(cases, "RTP-411103-20210601-PROJ0002", "411103", Programme.Id, "91411103MA44X1Y23C", null);
        await CreateProjectAsync(
            cases,
            "RTP-411102-20210601-OTHER001",
            "411102",
            "another-programme",
            "91411102MA44X1Y23B",
            new DateOnly(2021, 6, 1)
        );
        for (var i = 0; i < 200; i++)
        {
            await cases.TryCreateAsync(Case($"REG-411102-20210601-REG{i:D5}", "registration", "411102", null));
        }

        await cases.EnsureIndexedAsync(); // the one-time migration of cases written before the index
        var counting = new CountingTableStore(tables);
        var activity = new EvaluateRetrofitCheckpointActivity(
            store,
            new CaseStore(counting),
            new InMemoryBlobStore(new FakeTimeProvider(Now))
        );

        var outcome = await activity.RunAsync(
            new CheckpointRequest("RTP-411100-20210101-PROGRAMM", Programme.Id, 2021, false, "k"),
            CancellationToken.None
        );

        var yuanhui = Assert.Single(outcome.Result.Counties, c => c.County == "源汇区");
        Assert.Equal((2, 1), (yuanhui.Units, yuanhui.StartedByYearEnd));
        Assert.Equal(1, outcome.Result.StartedByYearEnd);
        Assert.Equal(0L, counting.ScansOf(StorageNames.CasesTable));
        Assert.True(counting.CallsOf(StorageNames.CasesTable) <= 3, $"{counting.CallsOf(StorageNames.CasesTable)} case reads");
    }

    private static Task<bool> CreateProjectAsync(
        CaseStore cases,
        string id,
        string agency,
        string programmeId,
        string uscc,
        DateOnly? started
    )
    {
        var project = new RetrofitProject(
            id[^8..],
            uscc,
            RetrofitCategory.EnergySaving,
            "余热回收改造",
            new DateOnly(2022, 12, 31),
            500m,
            800m,
            started
        );
        var data = new RetrofitProjectData(programmeId, agency == "411102" ? "源汇区" : "郾城区", project, [], null);
        return cases.TryCreateAsync(Case(id, RetrofitProjectProcedure.ProcedureName, agency, data));
    }

    private static CaseRecord Case(string id, string procedure, string agency, RetrofitProjectData? data) =>
        new()
        {
            Id = id,
            Procedure = procedure,
            Agency = agency,
            Title = "节能降碳改造项目 " + id[^8..],
            State = "in-progress",
            CreatedUtc = Now.AddMonths(-6),
            Usccs = data is null ? [] : [data.Project.UnitUscc],
            Data = data is null ? null : JsonSerializer.SerializeToElement(data, CaseJson.Options),
        };
}
