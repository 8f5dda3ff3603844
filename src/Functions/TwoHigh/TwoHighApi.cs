using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.TwoHigh;
using Workflows.Domain.Validation;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.TwoHigh;

namespace Workflows.Functions.TwoHigh;

/// <summary>A published barometer: the region cases that took a month, or the errors (nothing taken).</summary>
public sealed record BarometerPublication(IReadOnlyDictionary<string, string> Cases, IReadOnlyList<ApiError> Errors, bool Forbidden = false);

/// <summary>
/// Publishes a month's barometer (（十八） 定期发布…“晴雨表”) all or nothing: every row's region is a Henan city (or a
/// Luohe county) in the publisher's share, every month follows the last one its region published; then each region's
/// case (opened on its first month) receives its rows in month order as <c>monthly-reading</c> events. The event id is
/// the case and the month, so a file dropped twice is one reading.
/// </summary>
public sealed class TwoHighBarometer(CaseIntake intake, CaseStore cases, TwoHighRegionProcedure procedure, TimeProvider clock)
{
    private static readonly TwoHighRules Rules = TwoHighRules.Henan;

    public async Task<BarometerPublication> PublishAsync(
        IReadOnlyList<BarometerRow> rows,
        Principal actor,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new List<ApiError>();
        var forbidden = false;
        foreach (var row in rows)
        {
            if (RegionError(row, actor) is { } error)
            {
                forbidden |= error.Rule == "twohigh.region.outside-share";
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            return new(new Dictionary<string, string>(), errors, forbidden && errors.All(e => e.Rule == "twohigh.region.outside-share"));
        }

        var opened = new Dictionary<string, (string CaseId, CaseRecord? Record)>(StringComparer.Ordinal);
        foreach (var region in rows.Select(r => r.Region).Distinct())
        {
            var caseId = await OpenAsync(region, actor, client, cancellationToken).ConfigureAwait(false);
            opened[region.ToString()] = (caseId, await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false));
        }

        foreach (var row in rows)
        {
            var last = opened[row.Region.ToString()].Record is { } r ? TwoHighRegionData.From(r)?.LastMonth : null;
            if (last is not null && BarometerMonth.TryParse(last, out var lastMonth) && row.Month <= lastMonth)
            {
                errors.Add(
                    new(
                        Field(row, "month"),
                        "twohigh.month.not-next",
                        $"{row.Region}{row.Month.Zh}不晚于已发布的{lastMonth.Zh} / {row.Region} {row.Month} is not after {lastMonth}."
                    )
                );
            }
        }

        if (errors.Count > 0)
        {
            return new(new Dictionary<string, string>(), errors);
        }

        var now = clock.GetUtcNow();
        foreach (var row in rows.OrderBy(r => r.Month))
        {
            var caseId = opened[row.Region.ToString()].CaseId;
            var envelope = new CaseEventEnvelope(
                $"{caseId}-reading-{row.Month}",
                TwoHighEvents.MonthlyReading,
                actor.Id,
                actor.Name,
                actor.Role.ToString(),
                now,
                TwoHighReadingPayload.Json(row)
            );
            await client.RaiseEventAsync(caseId, CaseEventEnvelope.EventName, envelope, cancellationToken).ConfigureAwait(false);
        }

        return new(opened.ToDictionary(o => o.Key, o => o.Value.CaseId, StringComparer.Ordinal), []);
    }

    /// <summary>The region's case, opened once (idempotent on the region).</summary>
    private async Task<string> OpenAsync(ProjectLocation region, Principal actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var agency = HenanDivisions.AgencyOf(region);
        var data = new TwoHighRegionData(region.City, region.County);
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = procedure,
                    Agency = agency,
                    Title = $"{region}能耗“双控”“晴雨表” / {region} energy dual-control barometer",
                    Data = data,
                    OrchestrationInput = id => new TwoHighRegionInput(id, agency, data),
                    IdempotencyScope = "two-high-region",
                    IdempotencyKey = region.ToString(),
                    RequestHash = region.ToString(),
                    Actor = actor,
                    AcceptedUtc = clock.GetUtcNow(),
                    Article = Rules.Cite("（十八）"),
                    Summary = $"{region}的“晴雨表”按月发布 / {region}'s barometer is published monthly.",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return result.CaseId;
    }

    /// <summary>A region the table knows and the publisher may publish: the province any, a city DRC its own counties.</summary>
    private static ApiError? RegionError(BarometerRow row, Principal actor)
    {
        var region = row.Region;
        if (!HenanDivisions.IsHenanCity(region.City) || (region.County is not null && HenanDivisions.AgencyOf(region) == HenanDivisions.CityCode(region.City)))
        {
            return new(
                Field(row, region.County is null ? "city" : "county"),
                "twohigh.region.unknown",
                $"“{region}”不是河南省的省辖市或已知县区 / '{region}' is not a Henan city or a county this table knows."
            );
        }

        var own = actor.Role == Role.ProvincialDrc
            || (actor.Role == Role.MunicipalDrc && region.County is not null && HenanDivisions.CityCode(region.City) == actor.Agency);
        return own
            ? null
            : new(
                Field(row, "city"),
                "twohigh.region.outside-share",
                $"{actor.Agency}不发布{region}的“晴雨表”：省辖市由省发展改革委发布，县区由所在市发布 / You do not publish {region}'s barometer "
                    + $"(the province publishes cities, a city its counties; {Rules.Cite("（十八）")})."
            );
    }

    private static string Field(BarometerRow row, string column) => row.Row > 0 ? $"rows[{row.Row}].{column}" : column;
}

/// <summary>Reads a barometer file: CSV (UTF-8 or GB18030) or XLSX (cached values, never formulas), within the
/// spreadsheet limits of the units lists.</summary>
public sealed class TwoHighBarometerReader(IOptions<Hosting.LimitsOptions> limits)
{
    private Hosting.LimitsOptions Limits => limits.Value;

    public BarometerRowsResult Read(string fileName, byte[] data, TextEncodingChoice encoding = TextEncodingChoice.Detect)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > Limits.MaxSpreadsheetBytes)
        {
            return Fail("twohigh.file.too-large", $"文件有 {data.Length} 字节，上限 {Limits.MaxSpreadsheetBytes} / The file has {data.Length} bytes; the limit is {Limits.MaxSpreadsheetBytes}.");
        }

        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => BarometerCsv.Parse(data, encoding),
            ".xlsx" => ReadXlsx(data),
            _ => Fail("twohigh.file.type", $"“{fileName}”不是 .csv 或 .xlsx 文件 / '{fileName}' is neither .csv nor .xlsx."),
        };
    }

    private BarometerRowsResult ReadXlsx(byte[] data)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            if (KeyUnitsImporter.ExpandedSize(data) is var expanded && expanded > Limits.MaxSpreadsheetExpandedBytes)
            {
                return Fail("twohigh.file.too-large", $"工作簿解压后 {expanded} 字节，超过上限 / The workbook expands to {expanded} bytes.");
            }

            using var stream = new MemoryStream(data);
            rows = [.. MiniExcel.Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX).Take(Limits.MaxSpreadsheetRows + 1).Cast<IDictionary<string, object?>>()];
        }
        catch (Exception e)
            when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException or NotSupportedException)
        {
            return Fail("twohigh.file.not-xlsx", $"无法按 XLSX 读取 / The file could not be read as XLSX: {e.Message}");
        }

        if (rows.Count > Limits.MaxSpreadsheetRows)
        {
            return Fail("twohigh.file.too-many-rows", $"数据行超过 {Limits.MaxSpreadsheetRows} 行 / More than {Limits.MaxSpreadsheetRows} data rows.");
        }

        var header = rows.Count > 0 ? rows[0].Keys.Select(BarometerRowValidator.CanonicalColumn).ToList() : [];
        if (rows.Count == 0)
        {
            return Fail("twohigh.file.empty", "工作表没有数据行 / The sheet has no data rows.");
        }

        if (BarometerCsv.Missing(header) is { } missing)
        {
            return new([], [missing]);
        }

        return BarometerRowValidator.ValidateAll(
            rows.Select((r, i) => (
                i + 2,
                (IReadOnlyDictionary<string, string?>)r.ToDictionary(
                    kv => BarometerRowValidator.CanonicalColumn(kv.Key),
                    kv => Cell(kv.Value),
                    StringComparer.OrdinalIgnoreCase
                )
            ))
        );
    }

    private static BarometerRowsResult Fail(string rule, string message) => new([], [new RowError(0, "file", rule, message)]);

    private static string? Cell(object? value) =>
        value switch
        {
            null => null,
            double d => d.ToString("0.############", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
}

/// <summary>HTTP handlers of the two-high family: the barometer over HTTP and the project list.</summary>
public sealed class TwoHighApi(
    RequestAuthorization authorization,
    TwoHighBarometer barometer,
    CaseIntake intake,
    TwoHighProjectProcedure projects,
    TimeProvider clock
)
{
    private static readonly TwoHighRules Rules = TwoHighRules.Henan;

    /// <summary><c>POST /api/two-high/barometer</c> <c>{"rows": [{city, county, month, …figures}]}</c>: the month's
    /// barometer, all or nothing (400 naming each row's field and rule; 403 for regions outside the publisher's share).</summary>
    public async Task<IResult> PublishBarometerAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.ProvincialDrc, Role.MunicipalDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        if (!call.Json.TryGetProperty("rows", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return ApiProblems.Validation("rows", "twohigh.rows.required", "“rows”应为数组 / 'rows' must be an array of regions' months.");
        }

        if (list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
        {
            return ApiProblems.Validation("rows", "twohigh.rows.required", "“rows”的每一项应为对象 / Each of 'rows' must be an object.");
        }

        var read = BarometerRowValidator.ValidateAll(
            list.EnumerateArray().Select((e, i) => (i + 1, (IReadOnlyDictionary<string, string?>)Cells(e)))
        );
        if (read.Errors.Count > 0)
        {
            return ApiProblems.Validation([.. read.Errors.Select(e => new ApiError(e.Row > 0 ? $"rows[{e.Row}].{e.Field}" : e.Field, e.Rule, e.Message))]);
        }

        var published = await barometer.PublishAsync(read.Rows, call.Principal, client, cancellationToken).ConfigureAwait(false);
        return published.Errors.Count == 0
            ? Results.Json(new { published = read.Rows.Count, cases = published.Cases }, CaseJson.Response, statusCode: StatusCodes.Status202Accepted)
            : published.Forbidden ? ApiProblems.Forbidden(string.Join(" ", published.Errors.Select(e => e.Message)))
            : published.Errors.All(e => e.Rule == "twohigh.month.not-next") ? ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "twohigh.month.not-next",
                string.Join(" ", published.Errors.Select(e => e.Message)),
                new Dictionary<string, object?> { ["field"] = published.Errors[0].Field, ["errors"] = published.Errors }
            )
            : ApiProblems.Validation(published.Errors);
    }

    /// <summary><c>POST /api/two-high/projects</c>: lists a two-high project (（六）) after checking it is one (（三）).</summary>
    public async Task<IResult> ListProjectAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.CountyOffice, Role.MunicipalDrc, Role.ProvincialDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        TwoHighProjectListing? listing;
        try
        {
            listing = call.Json.Deserialize<TwoHighProjectListing>(EnergyJson.InputOptions);
        }
        catch (JsonException e)
        {
            return ApiProblems.Validation(
                e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body",
                "twohigh.project.shape",
                $"项目信息不符合格式 / The listing does not match the form: {e.Message}"
            );
        }

        var errors = listing is null ? [new ApiError("body", "twohigh.project.shape", "项目信息为空 / The listing is empty.")] : Validate(listing);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var agency = HenanDivisions.AgencyOf(listing!.Location);
        var data = new TwoHighProjectData(listing);
        var key = $"{listing.OwnerUscc}|{listing.ProjectName.Trim()}";
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = projects,
                    Agency = agency,
                    Title = $"{listing.ProjectName}（“两高”项目） / Two-high project",
                    Usccs = [listing.OwnerUscc],
                    Data = data,
                    OrchestrationInput = id => new TwoHighProjectInput(id, agency, data, Rules.EffectiveFrom),
                    IdempotencyScope = "two-high-project",
                    IdempotencyKey = key,
                    RequestHash = key,
                    Actor = call.Principal,
                    AcceptedUtc = clock.GetUtcNow(),
                    Article = Rules.Cite("（六）"),
                    Summary = $"{listing.OwnerName}{listing.ProjectName}列入“两高”项目清单 / Listed as a two-high project.",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return result.Refusal is { } refusal
            ? ApiProblems.Forbidden(refusal)
            : IntakeAnswer.Of(result.CaseId, TwoHighProjectProcedure.ProcedureName, result.Created, asynchronous: false);
    }

    private List<ApiError> Validate(TwoHighProjectListing l)
    {
        var errors = new List<ApiError>();
        if (string.IsNullOrWhiteSpace(l.ProjectName) || string.IsNullOrWhiteSpace(l.OwnerName))
        {
            errors.Add(new("projectName", "twohigh.project.name-required", "项目名称和建设单位必填 / The project and owner names are required."));
        }

        if (CoalIntakeService.UsccError(l.OwnerUscc ?? "") is { } uscc)
        {
            errors.Add(new("ownerUscc", "twohigh.project.uscc", $"建设单位统一社会信用代码无效 / The owner's USCC is not valid: {uscc}"));
        }

        if (TwoHighScope.Check(Rules, l.Industry, l.AnnualEnergyTce) is { } scope)
        {
            errors.Add(new(scope.Field, scope.Rule, $"{scope.Message} ({scope.Article})."));
        }

        if (l.Location is null || !HenanDivisions.IsHenanCity(l.Location.City))
        {
            errors.Add(new("location.city", "twohigh.region.unknown", "项目所在地应为河南省的省辖市 / The project lies in a Henan city."));
        }

        var today = ChinaTime.Today(clock);
        if (l.Status == TwoHighProjectStatus.Operating && l.OperatingSince is null)
        {
            errors.Add(new("operatingSince", "twohigh.project.operating-since", "存量投运项目应填写投运日期 / An operating project states when it began."));
        }

        foreach (var (field, date) in new[] { ("operatingSince", l.OperatingSince), ("lastDiagnosisOn", l.LastDiagnosisOn) })
        {
            if (date > today)
            {
                errors.Add(new(field, "twohigh.date.future", $"{date:yyyy-MM-dd} 晚于今天 / {date:yyyy-MM-dd} is after today."));
            }
        }

        return errors;
    }

    private static Dictionary<string, string?> Cells(JsonElement row)
    {
        // A later spelling of the same column (city and 省辖市) wins; it never throws on the duplicate.
        var cells = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in row.EnumerateObject())
        {
            cells[BarometerRowValidator.CanonicalColumn(p.Name)] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => "",
            };
        }

        return cells;
    }
}
