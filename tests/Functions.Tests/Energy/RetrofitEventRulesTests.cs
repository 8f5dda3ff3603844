using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Energy;

/// <summary>Issue 13: a retrofit-project event body is read at the API with the record its event declares
/// (<see cref="RetrofitEventPayloads"/>), the record the orchestration reads it with; a progress report is held to
/// 漯节减办〔2021〕7号 五(三) before it claims a stage.</summary>
public sealed class RetrofitEventRulesTests
{
    private static readonly Principal City = new("mdrc-1", "漯河市发展改革委", Role.MunicipalDrc, "411100");

    private static readonly CaseRecord Project = new()
    {
        Id = "RTU-411102-20210901-RULES001",
        Procedure = RetrofitProjectProcedure.ProcedureName,
        Agency = "411102",
        Title = "源汇区某厂燃煤锅炉节能改造",
        State = "remediation-UnderReview",
        CreatedUtc = new DateTimeOffset(2021, 9, 1, 1, 0, 0, TimeSpan.Zero),
        AwaitedEvents = [EnergyEvents.Progress, RetrofitEvents.AllowResumption, RetrofitEvents.RefuseResumption],
    };

    private static async Task<ExecutedResult?> CheckAsync(string type, string payload)
    {
        using var json = JsonDocument.Parse(payload);
        ICaseProcedure procedure = new RetrofitProjectProcedure();
        var refusal = await procedure.CheckEventAsync(Project, type, json.RootElement, City, CancellationToken.None);
        return refusal is null ? null : await ResultExecution.ExecuteAsync(refusal);
    }

    [Fact]
    public async Task CheckEventAsync_AllowResumptionFindingNotABoolean_400NamingTheField()
    {
        var result = await CheckAsync(RetrofitEvents.AllowResumption, """{"type":"allow-resumption","atIndustryAdvancedLevel":"是"}""");

        Assert.NotNull(result);
        Assert.Equal((400, "atIndustryAdvancedLevel", "event.payload-shape"), (result.Status, result.Text("field"), result.Text("rule")));
    }

    [Fact]
    public async Task CheckEventAsync_RemediationDayNotADate_400NamingTheField()
    {
        var result = await CheckAsync(RetrofitEvents.StartRetrofit, """{"type":"start-retrofit","on":"九月一日"}""");

        Assert.NotNull(result);
        Assert.Equal((400, "on", "event.payload-shape"), (result.Status, result.Text("field"), result.Text("rule")));
    }

    [Fact]
    public async Task CheckEventAsync_Section5Para3CompletedWithoutCompletionDay_400CompletedOnRequired()
    {
        var result = await CheckAsync(
            EnergyEvents.Progress,
            """{"type":"progress","reportDate":"2021-12-01","status":"Completed","startedOn":"2021-09-01"}"""
        );

        Assert.NotNull(result);
        Assert.Equal((400, "completedOn", "progress.completed-on.required"), (result.Status, result.Text("field"), result.Text("rule")));
    }

    [Fact]
    public async Task CheckEventAsync_FittingBodies_Accepted()
    {
        Assert.Null(await CheckAsync(RetrofitEvents.AllowResumption,
            """{"type":"allow-resumption","atIndustryAdvancedLevel":true,"regionalDualControlSecured":true,"on":"2021-10-20"}"""));
        Assert.Null(await CheckAsync(EnergyEvents.Progress,
            """{"type":"progress","reportDate":"2021-12-01","status":"InProgress","startedOn":"2021-09-01"}"""));
    }
}
