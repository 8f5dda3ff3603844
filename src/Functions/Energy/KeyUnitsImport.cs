using System.Globalization;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Workflows.Domain.Energy;
using Workflows.Domain.Identifiers;
using Workflows.Domain.Validation;

namespace Workflows.Functions.Energy;

/// <summary>
/// Reads a key energy-using units list (programme section 五(二)) from CSV or XLSX. Every row is validated by
/// <see cref="KeyUnitsRowValidator"/>; the caller imports all or nothing. XLSX cells are read as their cached values
/// (MiniExcel reads the stored value of a formula cell and never evaluates formulas). Its limits are the documented
/// <c>Limits</c> section (<c>Limits:MaxSpreadsheetBytes</c>, <c>MaxSpreadsheetRows</c>, <c>MaxSpreadsheetExpandedBytes</c>),
/// bound and checked on start as every options class (<see cref="Hosting.OptionsRegistration"/>).
/// </summary>
public sealed class KeyUnitsImporter(IOptions<Hosting.LimitsOptions> limits)
{
    private Hosting.LimitsOptions Limits => limits.Value;

    public ImportResult Read(string fileName, byte[] data, TextEncodingChoice encoding = TextEncodingChoice.Detect)
    {
        if (data.Length > Limits.MaxSpreadsheetBytes)
        {
            return new ImportResult(
                [],
                [
                    new RowError(
                        0,
                        "file",
                        "units.file.too-large",
                        $"The file has {data.Length} bytes; the limit is {Limits.MaxSpreadsheetBytes}."
                    ),
                ]
            );
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        ImportResult result;
        switch (extension)
        {
            case ".csv":
                using (var stream = new MemoryStream(data))
                {
                    result = KeyUnitsCsvParser.Parse(stream, CoalIntakeService.UsccError, encoding);
                }

                break;
            case ".xlsx":
                result = ReadXlsx(data);
                break;
            default:
                return new ImportResult([], [new RowError(0, "file", "units.file.type", $"'{fileName}' is neither .csv nor .xlsx.")]);
        }

        var rows = result.Good.Count + result.Errors.Select(e => e.Row).Where(r => r > 1).Distinct().Count();
        return rows > Limits.MaxSpreadsheetRows
            ? new ImportResult(
                [],
                [
                    new RowError(
                        0,
                        "file",
                        "units.file.too-many-rows",
                        $"The file has {rows} data rows; the limit is {Limits.MaxSpreadsheetRows}."
                    ),
                ]
            )
            : result;
    }

    private ImportResult ReadXlsx(byte[] data)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            // An XLSX is a zip: a few MB of deflated XML can expand to gigabytes (a sheet of millions of rows, or a
            // shared-strings bomb). Refuse by the declared sizes before any XML is parsed.
            if (ExpandedSize(data) is var expanded && expanded > Limits.MaxSpreadsheetExpandedBytes)
            {
                return new ImportResult(
                    [],
                    [
                        new RowError(
                            0,
                            "file",
                            "units.file.too-large",
                            $"The workbook expands to {expanded} bytes; the limit is {Limits.MaxSpreadsheetExpandedBytes}."
                        ),
                    ]
                );
            }

            using var stream = new MemoryStream(data);
            rows =
            [
                .. MiniExcel
                    .Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX)
                    .Take(Limits.MaxSpreadsheetRows + 1)
                    .Cast<IDictionary<string, object?>>(),
            ];
        }
        catch (Exception e)
            when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException or NotSupportedException)
        {
            return new ImportResult(
                [],
                [new RowError(0, "file", "units.file.not-xlsx", $"The file could not be read as XLSX: {e.Message}")]
            );
        }

        if (rows.Count > Limits.MaxSpreadsheetRows)
        {
            return new ImportResult(
                [],
                [new RowError(0, "file", "units.file.too-many-rows", $"The file has more than {Limits.MaxSpreadsheetRows} data rows.")]
            );
        }

        var headers = rows.Count > 0 ? rows[0].Keys.Select(KeyUnitsRowValidator.CanonicalColumn).ToList() : [];
        var missing = KeyUnitsRowValidator.Columns.Where(c => !headers.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (rows.Count == 0 || missing.Count > 0)
        {
            return new ImportResult(
                [],
                [
                    new RowError(
                        1,
                        "header",
                        "units.header.missing-columns",
                        rows.Count == 0
                            ? "The sheet has no data rows."
                            : $"Header lacks column(s) {string.Join(", ", missing)}; expected {string.Join(",", KeyUnitsRowValidator.Columns)}."
                    ),
                ]
            );
        }

        var good = new List<KeyEnergyUnit>();
        var errors = new List<RowError>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var rowNumber = i + 2; // row 1 is the header
            var cells = rows[i]
                .ToDictionary(kv => KeyUnitsRowValidator.CanonicalColumn(kv.Key), kv => Cell(kv.Value), StringComparer.OrdinalIgnoreCase);
            if (cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var (unit, rowErrors) = KeyUnitsRowValidator.Validate(rowNumber, cells, CoalIntakeService.UsccError);
            errors.AddRange(rowErrors);
            if (unit is null)
            {
                continue;
            }

            if (firstRow.TryGetValue(unit.Uscc, out var first))
            {
                errors.Add(new RowError(rowNumber, "uscc", "units.uscc.duplicate", $"USCC {unit.Uscc} already appears in row {first}."));
                continue;
            }

            firstRow.Add(unit.Uscc, rowNumber);
            good.Add(unit);
        }

        return new ImportResult(good, errors);
    }

    /// <summary>The sum of the entries' declared uncompressed sizes (the zip reader refuses an entry that inflates past its declared size).</summary>
    internal static long ExpandedSize(byte[] data)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(data), System.IO.Compression.ZipArchiveMode.Read);
        return zip.Entries.Sum(e => e.Length);
    }

    private static string? Cell(object? value) =>
        value switch
        {
            null => null,
            double d => d.ToString("0.############", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
}
