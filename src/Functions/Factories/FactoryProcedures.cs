using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Factories;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.Factories;

namespace Workflows.Functions.Factories;

/// <summary>A county's (functional zone's) half-yearly submission of completed standard factories (漯政〔2021〕17号 三(一)).</summary>
public sealed class FactorySubmissionProcedure : ICaseProcedure
{
    public const string ProcedureName = "standard-factory-submission";

    private static readonly StandardFactoryRules Rules = StandardFactoryRules.Luohe;

    public string Name => ProcedureName;

    public string CasePrefix => "SFS";

    public string OrchestratorName => nameof(FactorySubmissionOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            FactoryEvents.Submit,
            [Role.CountyOffice, Role.MunicipalDrc],
            Rules.Cite("三(一)"),
            ["buildings", "landSavingRate", "materials"],
            "报送上一半年竣工的多层标准化厂房建筑面积核准材料 / Report the last half-year's completed standard factories with their materials."
        ),
        new(
            FactoryEvents.Return,
            [Role.MunicipalDrc],
            Rules.Cite("三(一)"),
            ["reason"],
            "核实未通过，退回县区补正 / Not verified: returned to the county to be corrected."
        ),
        new(
            FactoryEvents.Verify,
            [Role.MunicipalDrc],
            Rules.Cite("三(一)"),
            [],
            "市级部门核实通过，认定面积和奖补 / Verified by the city's departments: areas and subsidies recognised."
        ),
    ];

    /// <summary>A county's submission is its own office's; the functional zones have no division code of their own, so
    /// the city's office enters theirs (三(一) 各县区（功能区）提供). The body is checked on the table before the event
    /// claims a stage, so the county learns every problem (400) at once.</summary>
    public Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        if (type != FactoryEvents.Submit || FactorySubmissionData.From(record) is not { } data)
        {
            return Task.FromResult<IResult?>(null);
        }

        if (actor.Role == Role.MunicipalDrc && record.Agency != FactoryRounds.CityAgency)
        {
            return Task.FromResult<IResult?>(
                ApiProblems.Forbidden(
                    $"{data.CountyName}的材料由本县区报送，市级部门只核实 / {data.CountyName} reports through its own office; "
                        + $"the city's departments verify ({Rules.Cite("三(一)")})."
                )
            );
        }

        _ = HalfYear.TryParse(data.HalfYear, out var reported);
        var (_, errors) = FactorySubmissionReader.Read(Rules, reported, payload);
        return Task.FromResult(errors.Count > 0 ? EnergyApiProblems.Validation(errors) : null);
    }
}

/// <summary>The city's half-yearly round: every county's submission, then the 50:30:20 ranking (漯政〔2021〕17号 二(二)).</summary>
public sealed class FactoryRoundProcedure(CaseStore cases, TimeProvider clock) : ICaseProcedure
{
    public const string ProcedureName = "standard-factory-round";

    private static readonly StandardFactoryRules Rules = StandardFactoryRules.Luohe;

    public string Name => ProcedureName;

    public string CasePrefix => "SFR";

    public string OrchestratorName => nameof(FactoryRoundOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            FactoryEvents.Rank,
            [Role.MunicipalDrc],
            Rules.Cite("二(二)"),
            [],
            "半年综合排序：前三名奖励，后两位通报批评并扣减用地指标 / Rank the half-year: top three rewarded, last two criticised."
        ),
    ];

    /// <summary>The ranking waits for every county: verified, or its deadline passed without a submission the city
    /// still has to verify (a county that did not report by then is ranked with zeros).</summary>
    public async Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        if (type != FactoryEvents.Rank || FactoryRoundData.From(record) is not { } round)
        {
            return null;
        }

        var today = ChinaTime.Today(clock);
        var waiting = new List<string>();
        foreach (var (county, caseId) in round.Submissions)
        {
            var submission = await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
            var data = submission is null ? null : FactorySubmissionData.From(submission);
            var settled =
                data is { Verified: true }
                || (data is { DueOn: { } due } && today > due && submission!.State != FactorySubmissionOrchestration.Submitted);
            if (!settled)
            {
                waiting.Add($"{Rules.County(county)?.Name ?? county} ({caseId}: {submission?.State ?? "missing"})");
            }
        }

        return waiting.Count == 0
            ? null
            : ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "factory.round.not-settled",
                $"尚有县区未核实或报送期限未届满，暂不能排序 / The ranking waits for every county to be verified or past its "
                    + $"deadline: {string.Join("; ", waiting)} ({Rules.Cite("二(二)")}).",
                new Dictionary<string, object?> { ["waiting"] = waiting }
            );
    }
}
