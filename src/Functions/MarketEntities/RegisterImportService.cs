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

/// <summary>Outcome of a disqualification import: the bans written, those already recorded, or the row errors (nothing
/// written).</summary>
public sealed record DisqualificationImportOutcome(IReadOnlyList<Ban> Imported, int AlreadyRecorded, IReadOnlyList<ApiError> Errors);

/// <summary>
/// Imports an agency's existing register (CSV or XLSX, the spreadsheet limits of <see cref="LimitsOptions"/>) all or
/// nothing: every row is read and every code checked against the register before the first entry is written; a row
/// error, or a code already held, refuses the whole file with the row report. The change id is the file's hash and
/// the code, so the same file sent again imports nothing twice.
/// </summary>
public sealed class RegisterImportService(
    EntityRegisterStore register,
    IOptions<LimitsOptions> limits,
    TimeProvider clock,
    BanRegistry bans,
    Calendar.CalendarService calendars
)
{
    public const string DropPrefix = "register/";

    /// <summary>Disqualification lists dropped into <c>registrations-inbox/disqualifications/</c> (Art. 12, Art. 40 para 3).</summary>
    public const string DisqualificationDropPrefix = "disqualifications/";

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

    /// <summary>
    /// Imports a list of disqualifications (Decree 746 Art. 12(2)-(4), Art. 40 para 3; CSV or XLSX, UTF-8 or GB18030)
    /// all or nothing: every row is checked by the rules of the officer's entry (<see cref="DisqualificationReader"/>) and
    /// its end date computed by the period rules before the first ban is written; any row error refuses the file with
    /// the row report. An entry already in the registry (the same kind, person, start and decision) is left as it is, so
    /// the same list sent again imports nothing twice and never revives an entry an officer lifted.
    /// </summary>
    public async Task<DisqualificationImportOutcome> ImportDisqualificationsAsync(
        string fileName,
        byte[] data,
        CancellationToken cancellationToken,
        TextEncodingChoice encoding = TextEncodingChoice.Detect
    )
    {
        ArgumentNullException.ThrowIfNull(data);
        var read = ReadDisqualificationRows(fileName, data, encoding);
        if (read.Errors.Count > 0 || read.Rows.Count == 0)
        {
            return new(
                [],
                0,
                Errors(
                    read.Errors.Count > 0
                        ? read.Errors
                        : [new RowError(0, "file", DisqualificationColumns.RulePrefix + ".empty", "文件没有数据行 / The file lists no one.")]
                )
            );
        }

        var today = ChinaTime.Today(clock);
        var calendar = await calendars.GetAsync(cancellationToken).ConfigureAwait(false);
        var errors = new List<ApiError>();
        var good = new List<Ban>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, cells) in read.Rows)
        {
            var (ban, rowErrors) = DisqualificationReader.Read(AsEntry(cells), $"row {row}: ", today, calendar);
            errors.AddRange(rowErrors);
            if (ban is null)
            {
                continue;
            }

            if (!firstRow.TryAdd(ban.SourceCaseId, row))
            {
                errors.Add(
                    new ApiError(
                        $"row {row}: idNumber",
                        DisqualificationColumns.RulePrefix + ".duplicate",
                        $"与第 {firstRow[ban.SourceCaseId]} 行是同一条限制 / The same disqualification as row {firstRow[ban.SourceCaseId]}."
                    )
                );
                continue;
            }

            good.Add(ban);
        }

        if (errors.Count > 0)
        {
            return new([], 0, errors);
        }

        var added = new List<Ban>();
        foreach (var ban in good)
        {
            var recorded = await bans.ListAsync(ban.PersonIdNumber, cancellationToken).ConfigureAwait(false);
            if (recorded.All(r => r.Ban.SourceCaseId != ban.SourceCaseId))
            {
                added.Add(ban);
            }
        }

        foreach (var ban in added)
        {
            await bans.AddAsync(ban, cancellationToken).ConfigureAwait(false);
        }

        return new(added, good.Count - added.Count, []);
    }

    /// <summary>A row as the officer's JSON entry: empty cells absent (so "required" names them), the kind read from the
    /// article as lists cite it, a date written 2023/11/20 read as 2023-11-20.</summary>
    private static System.Text.Json.JsonElement AsEntry(IReadOnlyDictionary<string, string?> cells)
    {
        var entry = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in DisqualificationColumns.Required)
        {
            if (cells.TryGetValue(column, out var value) && value?.Trim() is { Length: > 0 } text)
            {
                entry[column] = column switch
                {
                    "disqualification" => DisqualificationColumns.KindId(text),
                    "startDate" when DateOnly.TryParseExact(
                        text,
                        ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"],
                        CultureInfo.InvariantCulture,
                        DateTimeStyles.None,
                        out var date
                    ) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => text,
                };
            }
        }

        return System.Text.Json.JsonSerializer.SerializeToElement(entry);
    }

    private DisqualificationRows ReadDisqualificationRows(string fileName, byte[] data, TextEncodingChoice encoding)
    {
        var options = limits.Value;
        const string prefix = DisqualificationColumns.RulePrefix;
        if (data.Length > options.MaxSpreadsheetBytes)
        {
            return new(
                [],
                [
                    new RowError(
                        0,
                        "file",
                        prefix + ".too-large",
                        $"文件有 {data.Length} 字节，上限 {options.MaxSpreadsheetBytes} / "
                            + $"The file has {data.Length} bytes; the limit is {options.MaxSpreadsheetBytes}."
                    ),
                ]
            );
        }

        DisqualificationRows result;
        switch (Path.GetExtension(fileName).ToLowerInvariant())
        {
            case ".csv":
                result = DisqualificationCsv.Parse(data, encoding);
                break;
            case ".xlsx":
                var (rows, error) = XlsxRows(data, options, prefix);
                result =
                    error is not null ? new([], [error])
                    : DisqualificationColumns.MissingColumns(rows[0].Keys) is { } missing ? new([], [missing])
                    : new([.. Canonical(rows, DisqualificationColumns.Canonical).Where(r => !r.Cells.Values.All(IsBlank))], []);
                break;
            default:
                var type = $"“{fileName}”既不是 .csv 也不是 .xlsx / '{fileName}' is neither .csv nor .xlsx.";
                return new([], [new RowError(0, "file", prefix + ".type", type)]);
        }

        return result.Rows.Count + result.Errors.Count > options.MaxSpreadsheetRows
            ? new(
                [],
                [
                    new RowError(
                        0,
                        "file",
                        prefix + ".too-many-rows",
                        $"数据行超过 {options.MaxSpreadsheetRows} 行 / More than {options.MaxSpreadsheetRows} data rows."
                    ),
                ]
            )
            : result;
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
        var (rows, error) = XlsxRows(data, options, "register.import");
        if (error is not null)
        {
            return new RegisterImportResult([], [error]);
        }

        if (RegisterRowReader.MissingColumns(rows[0].Keys) is { Count: > 0 } missing)
        {
            return new RegisterImportResult([], [RegisterCsv.MissingColumns(missing)]);
        }

        return RegisterRowReader.ReadAll(Canonical(rows, RegisterRowReader.CanonicalColumn), importer, today);
    }

    /// <summary>The data rows of the first sheet, the header row naming the columns; a file error (by
    /// <paramref name="rulePrefix"/>) when the workbook is too large, unreadable or empty.</summary>
    private static (List<IDictionary<string, object?>> Rows, RowError? Error) XlsxRows(
        byte[] data,
        LimitsOptions options,
        string rulePrefix
    )
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            // The zip-bomb rule of the units lists: refuse by the declared sizes before any XML is parsed.
            if (KeyUnitsImporter.ExpandedSize(data) is var expanded && expanded > options.MaxSpreadsheetExpandedBytes)
            {
                return (
                    [],
                    new RowError(
                        0,
                        "file",
                        rulePrefix + ".too-large",
                        $"工作簿解压后 {expanded} 字节，上限 {options.MaxSpreadsheetExpandedBytes} / The workbook expands to {expanded} bytes."
                    )
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
            return (
                [],
                new RowError(0, "file", rulePrefix + ".not-xlsx", $"文件无法作为 XLSX 读取 / The file could not be read as XLSX: {e.Message}")
            );
        }

        return rows.Count == 0
            ? ([], new RowError(0, "file", rulePrefix + ".empty", "工作表没有数据行 / The sheet has no data rows."))
            : (rows, null);
    }

    private static IEnumerable<(int Row, IReadOnlyDictionary<string, string?> Cells)> Canonical(
        List<IDictionary<string, object?>> rows,
        Func<string, string> canonical
    ) =>
        rows.Select(
            (r, i) =>
                (
                    i + 2,
                    (IReadOnlyDictionary<string, string?>)
                        r.ToDictionary(kv => canonical(kv.Key), kv => Cell(kv.Value), StringComparer.OrdinalIgnoreCase)
                )
        );

    private static bool IsBlank(string? cell) => string.IsNullOrWhiteSpace(cell);

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
