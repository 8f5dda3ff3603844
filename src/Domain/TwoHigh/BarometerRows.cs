using System.Globalization;
using Workflows.Domain.Energy;
using Workflows.Domain.Validation;

namespace Workflows.Domain.TwoHigh;

/// <summary>One region's published month: where (a city, optionally a county of it), which month, the figures.</summary>
public sealed record BarometerRow(int Row, ProjectLocation Region, BarometerMonth Month, BarometerFigures Figures);

/// <summary>The rows of a file or request, or every row's errors (then nothing is taken: all or nothing).</summary>
public sealed record BarometerRowsResult(IReadOnlyList<BarometerRow> Rows, IReadOnlyList<RowError> Errors);

/// <summary>
/// The columns of a month's barometer data (English ids or the Chinese headings offices use) and the check of one row:
/// a month written 2021-09, figures that are numbers, caps above zero, one row per region and month.
/// </summary>
public static class BarometerRowValidator
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "city",
        "county",
        "month",
        "intensityReductionPercent",
        "intensityTargetPercent",
        "energyTotalTce",
        "energyCapTce",
        "coalTotalTonnes",
        "coalCapTonnes",
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["省辖市"] = "city",
        ["县区"] = "county",
        ["月份"] = "month",
        ["能耗强度降低率(%)"] = "intensityReductionPercent",
        ["能耗强度降低进度目标(%)"] = "intensityTargetPercent",
        ["能耗总量(吨标准煤)"] = "energyTotalTce",
        ["能耗总量控制目标(吨标准煤)"] = "energyCapTce",
        ["煤炭消费量(吨)"] = "coalTotalTonnes",
        ["煤炭消费总量控制目标(吨)"] = "coalCapTonnes",
    };

    private const decimal MaxFigure = 1_000_000_000m;

    public static string CanonicalColumn(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var trimmed = header.Trim().Replace('（', '(').Replace('）', ')');
        return Columns.FirstOrDefault(c => string.Equals(c, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? (Aliases.TryGetValue(trimmed, out var canonical) ? canonical : trimmed);
    }

    /// <summary>Validates a row; returns it, or null and the errors (each naming its column and rule).</summary>
    public static (BarometerRow? Row, IReadOnlyList<RowError> Errors) Validate(int row, IReadOnlyDictionary<string, string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var errors = new List<RowError>();
        string Cell(string key) => (cells.TryGetValue(key, out var v) ? v : null)?.Trim() ?? string.Empty;

        var city = Cell("city");
        if (city.Length == 0)
        {
            errors.Add(new(row, "city", "twohigh.region.required", "省辖市必填 / The city is required."));
        }

        if (!BarometerMonth.TryParse(Cell("month"), out var month))
        {
            errors.Add(new(row, "month", "twohigh.month.format", $"月份应写作 2021-09 / The month reads like 2021-09; got '{Cell("month")}'."));
        }

        decimal Number(string column, bool positive)
        {
            var text = Cell(column);
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || Math.Abs(value) > MaxFigure)
            {
                errors.Add(new(row, column, "twohigh.figure.number", $"“{column}”应为数字 / '{column}' must be a number; got '{text}'."));
                return 0;
            }

            if (positive && value <= 0)
            {
                errors.Add(new(row, column, "twohigh.figure.cap", $"“{column}”控制目标应大于0 / The cap '{column}' must be above 0."));
            }
            else if (!positive && column != "intensityReductionPercent" && value < 0)
            {
                errors.Add(new(row, column, "twohigh.figure.negative", $"“{column}”不能为负数 / '{column}' cannot be negative."));
            }

            return value;
        }

        var figures = new BarometerFigures(
            Number("intensityReductionPercent", false),
            Number("intensityTargetPercent", false),
            Number("energyTotalTce", false),
            Number("energyCapTce", true),
            Number("coalTotalTonnes", false),
            Number("coalCapTonnes", true)
        );
        var county = Cell("county");
        return errors.Count > 0
            ? (null, errors)
            : (new BarometerRow(row, new ProjectLocation(city, county.Length == 0 ? null : county), month, figures), []);
    }

    /// <summary>Validates every row and refuses a second row of the same region and month (naming the first).</summary>
    public static BarometerRowsResult ValidateAll(IEnumerable<(int Row, IReadOnlyDictionary<string, string?> Cells)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var good = new List<BarometerRow>();
        var errors = new List<RowError>();
        var first = new Dictionary<(string, string?, BarometerMonth), int>();
        foreach (var (number, cells) in rows)
        {
            if (cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var (row, rowErrors) = Validate(number, cells);
            errors.AddRange(rowErrors);
            if (row is null)
            {
                continue;
            }

            var key = (row.Region.City, row.Region.County, row.Month);
            if (first.TryGetValue(key, out var earlier))
            {
                errors.Add(
                    new(number, "month", "twohigh.row.duplicate", $"{row.Region}{row.Month.Zh}已在第{earlier}行 / {row.Region} {row.Month} is row {earlier} already.")
                );
                continue;
            }

            first.Add(key, number);
            good.Add(row);
        }

        if (good.Count == 0 && errors.Count == 0)
        {
            errors.Add(new(0, "file", "twohigh.file.empty", "没有数据行 / There are no data rows."));
        }

        return errors.Count > 0 ? new([], errors) : new(good, []);
    }
}

/// <summary>A barometer CSV (UTF-8 or GB18030, as <see cref="ChineseTextEncodings"/> reads it).</summary>
public static class BarometerCsv
{
    public static BarometerRowsResult Parse(ReadOnlySpan<byte> bytes, TextEncodingChoice encoding = TextEncodingChoice.Detect)
    {
        var (text, _, offset) = ChineseTextEncodings.Decode(bytes, encoding);
        if (text is null)
        {
            return new(
                [],
                [
                    new RowError(
                        0,
                        "file",
                        "twohigh.file.encoding",
                        $"文件不是有效的 UTF-8 或 GB18030 编码（字节偏移 {offset}） / The file is not valid UTF-8 or GB18030 (byte offset {offset})."
                    ),
                ]
            );
        }

        var records = KeyUnitsCsvParser.SplitRecords(text);
        if (records.Count == 0)
        {
            return new([], [new RowError(0, "file", "twohigh.file.empty", "文件为空 / The file is empty.")]);
        }

        var header = records[0].Fields.Select(BarometerRowValidator.CanonicalColumn).ToList();
        if (Missing(header) is { } missing)
        {
            return new([], [missing]);
        }

        var rows = new List<(int, IReadOnlyDictionary<string, string?>)>();
        var errors = new List<RowError>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (record.Fields.Count != header.Count)
            {
                errors.Add(new(record.Row, "row", "twohigh.row.column-count", $"该行有 {record.Fields.Count} 列，表头有 {header.Count} 列 / "
                    + $"The row has {record.Fields.Count} fields, the header {header.Count}."));
                continue;
            }

            var cells = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Count; i++)
            {
                cells[header[i]] = record.Fields[i];
            }

            rows.Add((record.Row, cells));
        }

        var result = BarometerRowValidator.ValidateAll(rows);
        return errors.Count > 0 ? new([], [.. errors, .. result.Errors]) : result;
    }

    /// <summary>The header's missing columns as one error, or null (the county column may be left out).</summary>
    public static RowError? Missing(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var missing = BarometerRowValidator.Columns.Where(c => c != "county" && !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        return missing.Count == 0
            ? null
            : new RowError(
                1,
                "header",
                "twohigh.header.missing-columns",
                $"表头缺少列 {string.Join("、", missing)} / The header lacks {string.Join(", ", missing)}; expected "
                    + $"{string.Join(",", BarometerRowValidator.Columns)}."
            );
    }
}
