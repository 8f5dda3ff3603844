using System.Globalization;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Validation;
using Workflows.Functions.Energy;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;

namespace Workflows.Functions.MarketEntities;

/// <summary>Outcome of a register import: how many entries were created, or the row errors (nothing imported).</summary>
public sealed record RegisterImportOutcome(int Imported, IReadOnlyList<ApiError> Errors);

/// <summary>
/// Imports an agency's existing register (CSV or XLSX, the spreadsheet limits of <see cref="LimitsOptions"/>) all or
/// nothing: every row is read and every code checked against the register before the first entry is written; a row
/// error, or a code already held, refuses the whole file with the row report. The change id is the file's hash and
/// the code, so the same file sent again imports nothing twice.
/// </summary>
public sealed class RegisterImportService(EntityRegisterStore register, IOptions<LimitsOptions> limits, TimeProvider clock)
{
    public const string DropPrefix = "register/";

    public async Task<RegisterImportOutcome> ImportAsync(
        string fileName,
        byte[] data,
        Principal actor,
        CancellationToken cancellationToken,
        TextEncodingChoice encoding = TextEncodingChoice.Detect
    )
    {
        ArgumentNullException.ThrowIfNull(actor);
        var today = ChinaTime.Today(clock);
        var read = Read(fileName, data, actor.Agency, today, encoding);
        if (!read.IsClean || read.Good.Count == 0)
        {
            return new(
                0,
                Errors(
                    read.Errors.Count > 0
                        ? read.Errors
                        : [new RowError(0, "file", "register.import.empty", "文件没有数据行 / The file lists no entities.")]
                )
            );
        }

        var hash = Cases.IdempotencyStore.Hash(data);
        var now = clock.GetUtcNow();
        var entries = read.Good.Select(e => Entry(e, actor, hash, now)).ToList();
        var refusals = await register.CreateAllAsync(entries, cancellationToken).ConfigureAwait(false);
        if (refusals.Count > 0)
        {
            var rows = read.Good.ToDictionary(e => e.Uscc, e => e.Row, StringComparer.Ordinal);
            return new(
                0,
                [
                    .. refusals.Select(r => new ApiError(
                        $"row {rows[r.Uscc]}: uscc",
                        r.Refusal.Rule,
                        $"{r.Refusal.Message} ({r.Refusal.Article})"
                    )),
                ]
            );
        }

        return new(entries.Count, []);
    }

    private static RegisterEntry Entry(ImportedEntity e, Principal actor, string hash, DateTimeOffset now)
    {
        var change = new RegisterChange(
            $"import|{hash}|{e.Uscc}",
            RegisterChangeKind.Imported,
            e.StatusDate,
            e.Decision,
            RegisterRules.ArticleOf(RegisterChangeKind.Imported),
            actor.Id,
            actor.Name,
            now
        );
        return new RegisterEntry(
            e.Uscc,
            e.Name,
            e.EntityType,
            e.Agency,
            e.Status,
            e.EstablishedOn,
            change,
            1,
            OnAbnormalOperationsList: e.OnAbnormalOperationsList,
            StatusBeforeRevocation: e.Status == RegisterStatus.Revoked ? RegisterStatus.Registered : null
        );
    }

    private static IReadOnlyList<ApiError> Errors(IEnumerable<RowError> errors) =>
        [.. errors.Select(e => new ApiError(e.Row == 0 ? e.Field : $"row {e.Row}: {e.Field}", e.Rule, e.Message))];

    private RegisterImportResult Read(string fileName, byte[] data, string importer, DateOnly today, TextEncodingChoice encoding)
    {
        var options = limits.Value;
        if (data.Length > options.MaxSpreadsheetBytes)
        {
            return Fail(
                "register.import.too-large",
                $"文件有 {data.Length} 字节，上限 {options.MaxSpreadsheetBytes} / The file has {data.Length} bytes; the limit is {options.MaxSpreadsheetBytes}."
            );
        }

        var result = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => RegisterCsv.Parse(data, importer, today, encoding),
            ".xlsx" => ReadXlsx(data, importer, today, options),
            _ => Fail("register.import.type", $"“{fileName}”既不是 .csv 也不是 .xlsx / '{fileName}' is neither .csv nor .xlsx."),
        };
        return result.Good.Count + result.Errors.Count > options.MaxSpreadsheetRows
            ? Fail(
                "register.import.too-many-rows",
                $"数据行超过 {options.MaxSpreadsheetRows} 行 / More than {options.MaxSpreadsheetRows} data rows."
            )
            : result;
    }

    private static RegisterImportResult ReadXlsx(byte[] data, string importer, DateOnly today, LimitsOptions options)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            // The zip-bomb rule of the units lists: refuse by the declared sizes before any XML is parsed.
            if (KeyUnitsImporter.ExpandedSize(data) is var expanded && expanded > options.MaxSpreadsheetExpandedBytes)
            {
                return Fail(
                    "register.import.too-large",
                    $"工作簿解压后 {expanded} 字节，上限 {options.MaxSpreadsheetExpandedBytes} / The workbook expands to {expanded} bytes."
                );
            }

            using var stream = new MemoryStream(data);
            rows =
            [
                .. MiniExcel
                    .Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX)
                    .Take(options.MaxSpreadsheetRows + 1)
                    .Cast<IDictionary<string, object?>>(),
            ];
        }
        catch (Exception e)
            when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException or NotSupportedException)
        {
            return Fail("register.import.not-xlsx", $"文件无法作为 XLSX 读取 / The file could not be read as XLSX: {e.Message}");
        }

        if (rows.Count == 0)
        {
            return Fail("register.import.empty", "工作表没有数据行 / The sheet has no data rows.");
        }

        if (RegisterRowReader.MissingColumns(rows[0].Keys) is { Count: > 0 } missing)
        {
            return new RegisterImportResult([], [RegisterCsv.MissingColumns(missing)]);
        }

        return RegisterRowReader.ReadAll(
            rows.Select(
                (r, i) =>
                    (
                        i + 2,
                        (IReadOnlyDictionary<string, string?>)
                            r.ToDictionary(
                                kv => RegisterRowReader.CanonicalColumn(kv.Key),
                                kv => Cell(kv.Value),
                                StringComparer.OrdinalIgnoreCase
                            )
                    )
            ),
            importer,
            today
        );
    }

    private static string? Cell(object? value) =>
        value switch
        {
            null => null,
            DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            double d => d.ToString("0.############", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

    private static RegisterImportResult Fail(string rule, string message) => new([], [new RowError(0, "file", rule, message)]);
}
