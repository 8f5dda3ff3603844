using System.Text.Json;
using Workflows.Domain.Energy;
using Workflows.Domain.TwoHigh;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;

namespace Workflows.Functions.TwoHigh;

/// <summary>Event types of the two-high procedures (豫政办〔2021〕65号).</summary>
public static class TwoHighEvents
{
    /// <summary>The month's barometer figures of the region (（十八） 定期发布…“晴雨表”).</summary>
    public const string MonthlyReading = "monthly-reading";

    /// <summary>Whether the region met last year's dual-control and pollutant targets (（十八） 上年度未完成…).</summary>
    public const string AnnualAssessment = "annual-assessment";

    /// <summary>The provincial DRC restores the region's energy reviews (（十八） 下一年度视情恢复).</summary>
    public const string Restore = "restore";

    /// <summary>An energy diagnosis of an operating project was carried out (（十） 节能诊断).</summary>
    public const string RecordDiagnosis = "record-diagnosis";

    /// <summary>A listed project under construction or planned goes into operation (投运): its five years start.</summary>
    public const string StartOperation = "start-operation";

    /// <summary>The project leaves the list (（六） 动态调整).</summary>
    public const string Delist = "delist";
}

/// <summary>A region's barometer case: the months published, the run of red months and the suspensions in force.</summary>
/// <param name="RestrictionId">The 限批 suspension in force (a <see cref="SuspensionStore"/> id), or null.</param>
/// <param name="AnnualSuspensionId">The missed-year suspension in force, or null.</param>
public sealed record TwoHighRegionData(
    string City,
    string? County,
    IReadOnlyList<MonthLight>? Months = null,
    int ConsecutiveRed = 0,
    string? RestrictionId = null,
    string? AnnualSuspensionId = null,
    IReadOnlyList<int>? MissedYears = null
)
{
    public ProjectLocation Region => new(City, County);

    public string? LastMonth => Months is { Count: > 0 } m ? m[^1].Month : null;

    public static TwoHighRegionData? From(CaseRecord record) => record.Data?.Deserialize<TwoHighRegionData>(CaseJson.Options);
}

/// <summary>Where a listed project stands (（六） 在建和拟建项目清单; （十） 投运的存量项目).</summary>
public enum TwoHighProjectStatus
{
    Planned,
    UnderConstruction,
    Operating,
}

/// <summary>A project on the two-high list (（六）), as listed by its region.</summary>
public sealed record TwoHighProjectListing(
    string ProjectName,
    string OwnerUscc,
    string OwnerName,
    string Industry,
    decimal AnnualEnergyTce,
    ProjectLocation Location,
    TwoHighProjectStatus Status,
    DateOnly? OperatingSince = null,
    DateOnly? LastDiagnosisOn = null
);

/// <summary>The project case: the listing, the diagnoses recorded and the five-year deadline in force.</summary>
public sealed record TwoHighProjectData(
    TwoHighProjectListing Listing,
    IReadOnlyList<DateOnly>? Diagnoses = null,
    DateOnly? DiagnosisDueOn = null,
    string? DelistReason = null
)
{
    public static TwoHighProjectData? From(CaseRecord record) => record.Data?.Deserialize<TwoHighProjectData>(CaseJson.Options);
}

/// <summary>A month's figures for one region as the case event carries them.</summary>
public static class TwoHighReadingPayload
{
    /// <summary>The row a <c>monthly-reading</c> body describes (the case's own region), or its errors.</summary>
    public static (BarometerRow? Row, IReadOnlyList<RowError> Errors) Read(ProjectLocation region, JsonElement payload)
    {
        var cells = BarometerRowValidator.Columns.ToDictionary(
            c => c,
            c => c switch
            {
                "city" => region.City,
                "county" => region.County,
                _ => Cell(payload, c),
            },
            StringComparer.OrdinalIgnoreCase
        );
        return BarometerRowValidator.Validate(0, cells);
    }

    /// <summary>The body of the event a row raises on its region's case.</summary>
    public static string Json(BarometerRow row) =>
        JsonSerializer.Serialize(
            new
            {
                month = row.Month.ToString(),
                row.Figures.IntensityReductionPercent,
                row.Figures.IntensityTargetPercent,
                row.Figures.EnergyTotalTce,
                row.Figures.EnergyCapTce,
                row.Figures.CoalTotalTonnes,
                row.Figures.CoalCapTonnes,
            },
            CaseJson.Options
        );

    private static string? Cell(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.String => v.GetString(),
                _ => "",
            }
            : EnergyPayload.Text(payload, name);
}
