using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.TwoHigh;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.TwoHigh;

namespace Workflows.Functions.TwoHigh;

/// <summary>A region's barometer (豫政办〔2021〕65号 （十八）): the months published, reminders, 限批 and the missed year.</summary>
public sealed class TwoHighRegionProcedure(TimeProvider clock) : ICaseProcedure
{
    public const string ProcedureName = "two-high-region";

    private static readonly TwoHighRules Rules = TwoHighRules.Henan;

    public string Name => ProcedureName;

    public string CasePrefix => "THR";

    public string OrchestratorName => nameof(TwoHighRegionOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            TwoHighEvents.MonthlyReading,
            [Role.ProvincialDrc, Role.MunicipalDrc],
            Rules.Cite("（十八）"),
            ["month", .. BarometerRowValidator.Columns.Where(c => c is not ("city" or "county" or "month"))],
            "发布本地区当月能耗“双控”和煤炭消费总量控制目标完成情况“晴雨表” / Publish the region's monthly barometer figures."
        ),
        new(
            TwoHighEvents.AnnualAssessment,
            [Role.ProvincialDrc],
            Rules.Cite("（十八）"),
            ["year", "dualControlMet", "pollutantTotalsMet"],
            "记录上年度能耗“双控”和污染物排放总量控制目标完成情况 / Record whether last year's targets were met."
        ),
        new(
            TwoHighEvents.Restore,
            [Role.ProvincialDrc],
            Rules.Cite("（十八）"),
            ["reason"],
            "视情恢复该区域节能审查 / Restore the region's energy reviews."
        ),
    ];

    /// <summary>The body is checked on the table before the event claims a stage (400 naming each field); a month must
    /// follow the last one published (409); a city DRC publishes its counties, the province its cities.</summary>
    public Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    ) =>
        Task.FromResult(
            TwoHighRegionData.From(record) is not { } data
                ? null
                : type switch
                {
                    TwoHighEvents.MonthlyReading => CheckReading(data, payload, actor),
                    TwoHighEvents.AnnualAssessment => CheckAssessment(data, payload),
                    TwoHighEvents.Restore when data.AnnualSuspensionId is null => ApiProblems.Create(
                        StatusCodes.Status409Conflict,
                        "twohigh.restore.nothing-suspended",
                        $"该区域节能审查未被暂停，无需恢复 / The region's energy reviews are not suspended ({Rules.Cite("（十八）")}).",
                        new Dictionary<string, object?> { ["field"] = "type" }
                    ),
                    _ => null,
                }
        );

    private static IResult? CheckReading(TwoHighRegionData data, JsonElement payload, Principal actor)
    {
        if (actor.Role == Role.MunicipalDrc && data.County is null)
        {
            return ApiProblems.Forbidden(
                $"省辖市的“晴雨表”由省发展改革委发布，市级只发布所辖县区 / A city's barometer is the provincial DRC's; a city DRC "
                    + $"publishes its counties' ({Rules.Cite("（十八）")})."
            );
        }

        var (row, errors) = TwoHighReadingPayload.Read(data.Region, payload);
        if (row is null)
        {
            return ApiProblems.Validation([.. errors.Select(e => new ApiError(e.Field, e.Rule, e.Message))]);
        }

        return data.LastMonth is { } last && BarometerMonth.TryParse(last, out var lastMonth) && row.Month <= lastMonth
            ? ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "twohigh.month.not-next",
                $"{row.Month.Zh}不晚于已发布的{lastMonth.Zh} / {row.Month} is not after {lastMonth}, already published "
                    + $"({Rules.Cite("（十八）")} 连续…个月: months are published in order).",
                new Dictionary<string, object?> { ["field"] = "month" }
            )
            : null;
    }

    private IResult? CheckAssessment(TwoHighRegionData data, JsonElement payload)
    {
        var errors = new List<ApiError>();
        var year = EnergyPayload.Number(payload, "year");
        var thisYear = ChinaTime.Today(clock).Year;
        if (year is not { } y || y != decimal.Truncate(y) || y < Rules.EffectiveFrom.Year || y >= thisYear)
        {
            errors.Add(
                new(
                    "year",
                    "twohigh.year.range",
                    $"“year”应为 {Rules.EffectiveFrom.Year} 年至 {thisYear - 1} 年中已结束的年度 / 'year' is an ended year from "
                        + $"{Rules.EffectiveFrom.Year} to {thisYear - 1}."
                )
            );
        }
        else if (data.MissedYears?.Contains((int)y) == true)
        {
            errors.Add(new("year", "twohigh.year.recorded", $"{y}年度已记录 / {y} is recorded already."));
        }

        foreach (var field in new[] { "dualControlMet", "pollutantTotalsMet" })
        {
            if (!payload.TryGetProperty(field, out var v) || v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new(field, "twohigh.assessment.flag", $"“{field}”应为 true 或 false / '{field}' must be true or false."));
            }
        }

        return errors.Count > 0 ? ApiProblems.Validation(errors) : null;
    }

    /// <summary>The restoration is offered only while a missed year's suspension is in force.</summary>
    public bool Offers(CaseRecord record, string type) =>
        type != TwoHighEvents.Restore || TwoHighRegionData.From(record) is { AnnualSuspensionId: not null };
}

/// <summary>A project on the two-high list (（六）) and its periodic energy diagnosis (（十）).</summary>
public sealed class TwoHighProjectProcedure(TimeProvider clock) : ICaseProcedure
{
    public const string ProcedureName = "two-high-project";

    private static readonly TwoHighRules Rules = TwoHighRules.Henan;

    public string Name => ProcedureName;

    public string CasePrefix => "THP";

    public string OrchestratorName => nameof(TwoHighProjectOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            TwoHighEvents.RecordDiagnosis,
            [Role.CountyOffice, Role.MunicipalDrc, Role.ProvincialDrc],
            Rules.Cite("（十）"),
            ["date"],
            "记录节能诊断和清洁生产评价认证，下一个五年自此起算 / Record the energy diagnosis; the next five years start."
        ),
        new(
            TwoHighEvents.StartOperation,
            [Role.CountyOffice, Role.MunicipalDrc, Role.ProvincialDrc],
            Rules.Cite("（十）"),
            ["date"],
            "项目投运，节能诊断期限自此起算 / The project went into operation; its diagnosis period starts."
        ),
        new(
            TwoHighEvents.Delist,
            [Role.MunicipalDrc, Role.ProvincialDrc],
            Rules.Cite("（六）"),
            ["reason"],
            "清单动态调整，移出“两高”项目清单 / Remove the project from the two-high list."
        ),
    ];

    /// <summary>A date is a day of the legal calendar, not in the future, not before the last one recorded.</summary>
    public Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        if (type is not (TwoHighEvents.RecordDiagnosis or TwoHighEvents.StartOperation) || TwoHighProjectData.From(record) is not { } data)
        {
            return Task.FromResult<IResult?>(null);
        }

        var date = EnergyPayload.Date(payload, "date");
        var today = ChinaTime.Today(clock);
        var last = data.Diagnoses is { Count: > 0 } d ? d[^1] : data.Listing.OperatingSince;
        IResult? problem = date switch
        {
            null => ApiProblems.Validation("date", "twohigh.date.format", "“date”应写作 2026-03-18 / 'date' reads like 2026-03-18."),
            { } x when x < Rules.EffectiveFrom => ApiProblems.Validation(
                "date",
                "twohigh.date.before-plan",
                $"{x:yyyy-MM-dd} 早于行动方案施行 {Rules.EffectiveFrom:yyyy-MM-dd} / {x:yyyy-MM-dd} precedes the plan ({Rules.Cite("（十）")})."
            ),
            { } x when x > today => ApiProblems.Validation(
                "date",
                "twohigh.date.future",
                $"{x:yyyy-MM-dd} 晚于今天 {today:yyyy-MM-dd} / {x:yyyy-MM-dd} is after today."
            ),
            { } x when last is { } l && x < l => ApiProblems.Validation(
                "date",
                "twohigh.date.before-last",
                $"{x:yyyy-MM-dd} 早于已记录的 {l:yyyy-MM-dd} / {x:yyyy-MM-dd} precedes {l:yyyy-MM-dd}, recorded already."
            ),
            _ => null,
        };
        return Task.FromResult(problem);
    }
}
