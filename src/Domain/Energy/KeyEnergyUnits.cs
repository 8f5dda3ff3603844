using System.Text;
using Workflows.Domain.Validation;

namespace Workflows.Domain.Energy;

/// <summary>A key energy-using unit (重点用能单位) on a county's list (programme section 五(二): list per
/// 豫发改环资〔2021〕1667号).</summary>
public sealed record KeyEnergyUnit(string Name, string Uscc, string County, decimal AnnualEnergyUseTce);

/// <summary>A row-level import problem (row 1 is the header; data starts at row 2).</summary>
public sealed record RowError(int Row, string Field, string Rule, string Message);

/// <summary>Result of parsing a units list; the caller decides whether a partial import is acceptable.</summary>
public sealed record ImportResult(IReadOnlyList<KeyEnergyUnit> Good, IReadOnlyList<RowError> Errors)
{
    /// <summary>True when no row (and not the file) had an error.</summary>
    public bool IsClean => Errors.Count == 0;
}

/// <summary>Validates one row given as header→cell; used by the CSV parser and by the XLSX reader elsewhere.</summary>
public static class KeyUnitsRowValidator
{
    /// <summary>Required columns in header order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["name", "uscc", "county", "annualEnergyUseTce"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["单位名称"] = "name",
        ["统一社会信用代码"] = "uscc",
        ["县区"] = "county",
        ["县（区）"] = "county",
        ["年综合能源消费量"] = "annualEnergyUseTce",
        ["年综合能源消费量（吨标准煤）"] = "annualEnergyUseTce",
    };

    /// <summary>Maps a header cell to its canonical column name: the English names of <see cref="Columns"/> in any case,
    /// or the Chinese headers of the provincial list form (单位名称, 统一社会信用代码, 县区, 年综合能源消费量). Unknown
    /// headers come back trimmed and unchanged. The XLSX reader should use this too.</summary>
    public static string CanonicalColumn(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var trimmed = header.Trim();
        return Columns.FirstOrDefault(c => string.Equals(c, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? (Aliases.TryGetValue(trimmed, out var canonical) ? canonical : trimmed);
    }

    /// <summary>Validates a row; returns the unit, or null and the errors.</summary>
    /// <param name="row">Row number in the file, for messages.</param>
    /// <param name="cells">Cells keyed by canonical column name (<see cref="Columns"/>; map headers with <see cref="CanonicalColumn"/>).</param>
    /// <param name="usccError">USCC check returning null when valid (GB 32100).</param>
    public static (KeyEnergyUnit? Unit, IReadOnlyList<RowError> Errors) Validate(
        int row,
        IReadOnlyDictionary<string, string?> cells,
        Func<string, string?> usccError
    )
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(usccError);
        var errors = new List<RowError>();
        string Cell(string key) => (cells.TryGetValue(key, out var v) ? v : null)?.Trim() ?? string.Empty;

        var name = Cell("name");
        var uscc = Cell("uscc").ToUpperInvariant();
        var county = Cell("county");
        var energyText = Cell("annualEnergyUseTce");

        if (name.Length == 0)
        {
            errors.Add(new(row, "name", "units.name.required", "Unit name is required (单位名称)."));
        }

        if (uscc.Length == 0)
        {
            errors.Add(new(row, "uscc", "units.uscc.required", "USCC is required (统一社会信用代码)."));
        }
        else if (usccError(uscc) is { } problem)
        {
            errors.Add(new(row, "uscc", "units.uscc.invalid", $"USCC '{uscc}' is invalid: {problem}"));
        }

        if (county.Length == 0)
        {
            errors.Add(new(row, "county", "units.county.required", "County is required (县区)."));
        }

        decimal energy = 0;
        if (energyText.Length == 0)
        {
            errors.Add(new(row, "annualEnergyUseTce", "units.energy.required", "Annual energy use in tce is required (年综合能源消费量)."));
        }
        else if (
            !decimal.TryParse(
                energyText,
                System.Globalization.NumberStyles.Number,
                System.Globalization.CultureInfo.InvariantCulture,
                out energy
            )
        )
        {
            errors.Add(new(row, "annualEnergyUseTce", "units.energy.not-number", $"'{energyText}' is not a number of tce."));
        }
        else if (energy <= 0)
        {
            errors.Add(
                new(row, "annualEnergyUseTce", "units.energy.not-positive", $"Annual energy use must be positive, got {energyText}.")
            );
        }

        return errors.Count == 0 ? (new KeyEnergyUnit(name, uscc, county, energy), errors) : (null, errors);
    }
}

/// <summary>CSV import of a key-units list: header <c>name,uscc,county,annualEnergyUseTce</c>, in UTF-8 (with or
/// without BOM) or GB18030 (what Excel and WPS save as "CSV" on Chinese Windows), detected or stated by the sender.
/// Quoted fields (RFC 4180) are supported. Bytes valid in neither encoding are one file-level error (row 0), never
/// garbled names.</summary>
public static class KeyUnitsCsvParser
{
    /// <summary>Parses the stream; duplicate USCCs are errors on the later rows.</summary>
    public static ImportResult Parse(Stream csv, Func<string, string?> usccError, TextEncodingChoice encoding = TextEncodingChoice.Detect)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(usccError);
        using var buffer = new MemoryStream();
        csv.CopyTo(buffer);
        var (text, used, offset) = ChineseTextEncodings.Decode(buffer.ToArray(), encoding);
        if (text is null)
        {
            return new ImportResult([], [EncodingError(encoding, used, offset)]);
        }

        var records = SplitRecords(text);
        if (records.Count == 0)
        {
            return new ImportResult([], [new RowError(0, "file", "units.file.empty", "The file is empty.")]);
        }

        var header = records[0].Fields.Select(KeyUnitsRowValidator.CanonicalColumn).ToList();
        var missing = KeyUnitsRowValidator.Columns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            return new ImportResult(
                [],
                [
                    new RowError(
                        1,
                        "header",
                        "units.header.missing-columns",
                        $"Header lacks column(s) {string.Join(", ", missing)}; expected {string.Join(",", KeyUnitsRowValidator.Columns)}."
                    ),
                ]
            );
        }

        var good = new List<KeyEnergyUnit>();
        var errors = new List<RowError>();
        var firstRowByUscc = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (record.Fields.Count != header.Count)
            {
                errors.Add(
                    new RowError(
                        record.Row,
                        "row",
                        "units.row.column-count",
                        $"Row has {record.Fields.Count} fields, the header has {header.Count}."
                    )
                );
                continue;
            }

            var cells = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Count; i++)
            {
                cells[header[i]] = record.Fields[i];
            }

            var (unit, rowErrors) = KeyUnitsRowValidator.Validate(record.Row, cells, usccError);
            errors.AddRange(rowErrors);
            if (unit is null)
            {
                continue;
            }

            if (firstRowByUscc.TryGetValue(unit.Uscc, out var first))
            {
                errors.Add(new RowError(record.Row, "uscc", "units.uscc.duplicate", $"USCC {unit.Uscc} already appears in row {first}."));
                continue;
            }

            firstRowByUscc.Add(unit.Uscc, record.Row);
            good.Add(unit);
        }

        return new ImportResult(good, errors);
    }

    private static RowError EncodingError(TextEncodingChoice stated, TextEncodingChoice tried, int offset)
    {
        if (stated == TextEncodingChoice.Detect)
        {
            return new RowError(
                0,
                "file",
                "units.file.encoding",
                $"文件既不是 UTF-8 也不是 GB18030 编码（字节偏移 {offset}），请另存为“CSV UTF-8”或“CSV（逗号分隔）”后重新上传 / "
                    + $"The file is neither UTF-8 nor GB18030 (byte offset {offset}); save it as CSV UTF-8 or CSV and upload again."
            );
        }

        var (rule, name) = tried == TextEncodingChoice.Utf8 ? ("units.file.not-utf8", "UTF-8") : ("units.file.not-gb18030", "GB18030");
        return new RowError(
            0,
            "file",
            rule,
            $"文件声明为 {name}，但不是有效的 {name}（字节偏移 {offset}） / The file is stated as {name} but is not valid {name} (byte offset {offset})."
        );
    }

    internal sealed record CsvRecord(int Row, IReadOnlyList<string> Fields);

    internal static List<CsvRecord> SplitRecords(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordStart = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add(new CsvRecord(recordStart, [.. fields]));
                    fields.Clear();
                    line++;
                    recordStart = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordStart, [.. fields]));
        }

        // Drop trailing blank lines; keep row numbers of the rest.
        while (records.Count > 0 && records[^1].Fields.All(string.IsNullOrWhiteSpace))
        {
            records.RemoveAt(records.Count - 1);
        }

        return records;
    }
}
