using System.Globalization;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Domain.Identifiers;
using Workflows.Domain.Validation;

namespace Workflows.Domain.MarketEntities;

/// <summary>One entity of an agency's existing register, as read from its export (CSV or XLSX).</summary>
public sealed record ImportedEntity(
    int Row,
    string Uscc,
    string Name,
    EntityType EntityType,
    RegisterStatus Status,
    DateOnly EstablishedOn,
    DateOnly StatusDate,
    string Decision,
    bool OnAbnormalOperationsList,
    string Agency
);

/// <summary>The rows of a register export, or the row errors (the caller imports all or nothing).</summary>
public sealed record RegisterImportResult(IReadOnlyList<ImportedEntity> Good, IReadOnlyList<RowError> Errors)
{
    public bool IsClean => Errors.Count == 0;
}

/// <summary>
/// The columns of a register export and how a row is read: English names or the headers of the 登记簿 export
/// (统一社会信用代码, 名称, 主体类型, 登记状态, 成立日期, 状态日期, 状态决定, 经营异常, 登记机关). Status and type are read in
/// Chinese as the export writes them (存续, 歇业, 注销, 撤销, 吊销, 责令关闭; 有限责任公司, 个体工商户 …).
/// </summary>
public static class RegisterRowReader
{
    public static IReadOnlyList<string> Required { get; } = ["uscc", "name", "entityType", "status", "establishedOn"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["统一社会信用代码"] = "uscc",
        ["名称"] = "name",
        ["企业名称"] = "name",
        ["主体名称"] = "name",
        ["主体类型"] = "entityType",
        ["市场主体类型"] = "entityType",
        ["登记状态"] = "status",
        ["成立日期"] = "establishedOn",
        ["状态日期"] = "statusDate",
        ["状态决定"] = "decision",
        ["决定文号"] = "decision",
        ["经营异常"] = "abnormal",
        ["登记机关"] = "agency",
    };

    private static readonly Dictionary<string, RegisterStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["存续"] = RegisterStatus.Registered,
        ["在营"] = RegisterStatus.Registered,
        ["开业"] = RegisterStatus.Registered,
        ["歇业"] = RegisterStatus.Suspended,
        ["注销"] = RegisterStatus.Deregistered,
        ["撤销"] = RegisterStatus.Revoked,
        ["吊销"] = RegisterStatus.LicenceRevoked,
        ["吊销营业执照"] = RegisterStatus.LicenceRevoked,
        ["责令关闭"] = RegisterStatus.OrderedClosed,
    };

    private static readonly Dictionary<string, EntityType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["有限责任公司"] = EntityType.LimitedLiabilityCompany,
        ["股份有限公司"] = EntityType.JointStockCompany,
        ["非公司企业法人"] = EntityType.NonCompanyEnterpriseLegalPerson,
        ["合伙企业"] = EntityType.PartnershipEnterprise,
        ["个人独资企业"] = EntityType.SoleProprietorshipEnterprise,
        ["农民专业合作社"] = EntityType.FarmerCooperative,
        ["个体工商户"] = EntityType.IndividualBusiness,
        ["分支机构"] = EntityType.Branch,
        ["外国公司分支机构"] = EntityType.ForeignCompanyBranch,
    };

    public static string CanonicalColumn(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var trimmed = header.Trim().TrimStart('\uFEFF');
        return Aliases.TryGetValue(trimmed, out var canonical) ? canonical : trimmed;
    }

    /// <summary>The required columns a header lacks (canonical names).</summary>
    public static IReadOnlyList<string> MissingColumns(IEnumerable<string> header)
    {
        var present = header.Select(CanonicalColumn).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. Required.Where(c => !present.Contains(c))];
    }

    /// <summary>Reads one row; <paramref name="importer"/> is the agency importing (rows of other agencies must be in
    /// its jurisdiction), <paramref name="today"/> bounds the dates.</summary>
    public static (ImportedEntity? Entity, IReadOnlyList<RowError> Errors) Read(
        int row,
        IReadOnlyDictionary<string, string?> cells,
        string importer,
        DateOnly today
    )
    {
        ArgumentNullException.ThrowIfNull(cells);
        var errors = new List<RowError>();
        string Cell(string key) => (cells.TryGetValue(key, out var v) ? v : null)?.Trim() ?? string.Empty;
        var uscc = Cell("uscc").ToUpperInvariant();
        if (UnifiedSocialCreditCode.Validate(uscc).Error is { } usccError)
        {
            errors.Add(
                new RowError(row, "uscc", "register.import.uscc", $"统一社会信用代码无效 / Invalid USCC '{uscc}': {usccError.Message}")
            );
        }

        var name = Cell("name");
        if (name.Length == 0)
        {
            errors.Add(new RowError(row, "name", "register.import.required", "名称必填 / The name is required."));
        }

        var type =
            Types.TryGetValue(Cell("entityType"), out var t) ? t
            : Enum.TryParse<EntityType>(Cell("entityType"), true, out t) ? t
            : (EntityType?)null;
        if (type is null)
        {
            errors.Add(
                new RowError(
                    row,
                    "entityType",
                    "register.import.entity-type",
                    $"主体类型“{Cell("entityType")}”无法识别 / Unknown entity type."
                )
            );
        }

        var status =
            Statuses.TryGetValue(Cell("status"), out var s) ? s
            : Enum.TryParse<RegisterStatus>(Cell("status"), true, out s) ? s
            : (RegisterStatus?)null;
        if (status is null)
        {
            errors.Add(
                new RowError(
                    row,
                    "status",
                    "register.import.status",
                    $"登记状态“{Cell("status")}”无法识别 / Unknown status (存续, 歇业, 注销, 撤销, 吊销, 责令关闭)."
                )
            );
        }

        var established = Date(row, "establishedOn", Cell("establishedOn"), today, errors);
        var statusDate = Cell("statusDate").Length == 0 ? established : Date(row, "statusDate", Cell("statusDate"), today, errors);
        var agency = Cell("agency").Length == 0 ? importer : Cell("agency");
        if (!Jurisdiction.Covers(importer, agency))
        {
            errors.Add(
                new RowError(
                    row,
                    "agency",
                    "register.import.agency",
                    $"登记机关 {agency} 不在 {importer} 的辖区内 / Agency {agency} is outside {importer}'s jurisdiction."
                )
            );
        }

        var abnormal = Cell("abnormal") is "是" or "true" or "yes" or "1";
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var decision = Cell("decision") is { Length: > 0 } d
            ? d
            : $"自现有登记簿导入（第 {row} 行） / imported from the existing register (row {row})";
        return (
            new ImportedEntity(
                row,
                uscc,
                name,
                type!.Value,
                status!.Value,
                established!.Value,
                statusDate!.Value,
                decision,
                abnormal,
                agency
            ),
            []
        );
    }

    private static DateOnly? Date(int row, string field, string text, DateOnly today, List<RowError> errors)
    {
        if (
            !DateOnly.TryParseExact(
                text,
                ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var date
            )
        )
        {
            errors.Add(
                new RowError(
                    row,
                    field,
                    "register.import.date",
                    $"日期“{text}”须写作 yyyy-MM-dd / '{field}' must be a date written yyyy-MM-dd."
                )
            );
            return null;
        }

        if (date > today)
        {
            errors.Add(
                new RowError(
                    row,
                    field,
                    "register.import.date",
                    $"日期 {date:yyyy-MM-dd} 晚于今天 / '{field}' {date:yyyy-MM-dd} is after today."
                )
            );
            return null;
        }

        return date;
    }

    /// <summary>Reads every row; a code that appears twice is an error on the later row.</summary>
    public static RegisterImportResult ReadAll(
        IEnumerable<(int Row, IReadOnlyDictionary<string, string?> Cells)> rows,
        string importer,
        DateOnly today
    )
    {
        var good = new List<ImportedEntity>();
        var errors = new List<RowError>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, cells) in rows)
        {
            if (cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var (entity, rowErrors) = Read(row, cells, importer, today);
            errors.AddRange(rowErrors);
            if (entity is null)
            {
                continue;
            }

            if (!firstRow.TryAdd(entity.Uscc, row))
            {
                errors.Add(
                    new RowError(
                        row,
                        "uscc",
                        "register.import.duplicate",
                        $"统一社会信用代码 {entity.Uscc} 已在第 {firstRow[entity.Uscc]} 行出现 / USCC {entity.Uscc} already appears in row {firstRow[entity.Uscc]}."
                    )
                );
                continue;
            }

            good.Add(entity);
        }

        return new RegisterImportResult(good, errors);
    }
}

/// <summary>A register export as CSV: UTF-8 or GB18030 (<see cref="ChineseTextEncodings"/>), RFC 4180 quoting.</summary>
public static class RegisterCsv
{
    public static RegisterImportResult Parse(
        byte[] data,
        string importer,
        DateOnly today,
        TextEncodingChoice encoding = TextEncodingChoice.Detect
    )
    {
        ArgumentNullException.ThrowIfNull(data);
        var (text, _, offset) = ChineseTextEncodings.Decode(data, encoding);
        if (text is null)
        {
            return new RegisterImportResult(
                [],
                [
                    new RowError(
                        0,
                        "file",
                        "register.import.encoding",
                        $"文件既不是有效的 UTF-8 也不是 GB18030（字节偏移 {offset}） / The file is not valid UTF-8 or GB18030 (byte offset {offset})."
                    ),
                ]
            );
        }

        var records = KeyUnitsCsvParser.SplitRecords(text);
        if (records.Count == 0)
        {
            return new RegisterImportResult([], [new RowError(0, "file", "register.import.empty", "文件为空 / The file is empty.")]);
        }

        var header = records[0].Fields.Select(RegisterRowReader.CanonicalColumn).ToList();
        if (RegisterRowReader.MissingColumns(header) is { Count: > 0 } missing)
        {
            return new RegisterImportResult([], [MissingColumns(missing)]);
        }

        var columnErrors = records
            .Skip(1)
            .Where(r => !r.Fields.All(string.IsNullOrWhiteSpace) && r.Fields.Count != header.Count)
            .Select(r => new RowError(
                r.Row,
                "row",
                "register.import.column-count",
                $"该行有 {r.Fields.Count} 列，表头有 {header.Count} 列 / The row has {r.Fields.Count} fields, the header {header.Count}."
            ))
            .ToList();
        var rows = records
            .Skip(1)
            .Where(r => r.Fields.Count == header.Count)
            .Select(r =>
                (
                    r.Row,
                    (IReadOnlyDictionary<string, string?>)
                        header.Zip(r.Fields).ToDictionary(p => p.First, p => (string?)p.Second, StringComparer.OrdinalIgnoreCase)
                )
            );
        var result = RegisterRowReader.ReadAll(rows, importer, today);
        return result with { Errors = [.. columnErrors, .. result.Errors] };
    }

    public static RowError MissingColumns(IReadOnlyList<string> missing) =>
        new(
            1,
            "header",
            "register.import.columns",
            $"表头缺少列：{string.Join("、", missing)} / The header lacks column(s) {string.Join(", ", missing)}; required: {string.Join(",", RegisterRowReader.Required)}."
        );
}
