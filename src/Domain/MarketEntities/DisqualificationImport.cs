using Workflows.Domain.Energy;
using Workflows.Domain.Validation;

namespace Workflows.Domain.MarketEntities;

/// <summary>The rows of a disqualification list (CSV or XLSX) by canonical column, or the file's errors.</summary>
public sealed record DisqualificationRows(
    IReadOnlyList<(int Row, IReadOnlyDictionary<string, string?> Cells)> Rows,
    IReadOnlyList<RowError> Errors
);

/// <summary>
/// The columns of a list of disqualifications (Decree 746 Art. 12(2)-(4), Art. 40 para 3) an authority imports: the
/// field names of <c>POST /api/disqualifications</c> or the Chinese headers of a court or authority list (限制情形, 姓名,
/// 公民身份号码, 起算日期, 判决、裁定或者决定文号). The kind is the id (<c>art12-4-licence-revoked</c>) or the article as the
/// list writes it (第十二条第（四）项, 第四十条第三款). Each row is then checked by the very rules of the officer's entry.
/// </summary>
public static class DisqualificationColumns
{
    public const string RulePrefix = "disqualification.import";

    public static IReadOnlyList<string> Required { get; } = ["disqualification", "personName", "idNumber", "startDate", "source"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["限制情形"] = "disqualification",
        ["情形"] = "disqualification",
        ["依据条款"] = "disqualification",
        ["姓名"] = "personName",
        ["公民身份号码"] = "idNumber",
        ["身份证号码"] = "idNumber",
        ["身份证号"] = "idNumber",
        ["起算日期"] = "startDate",
        ["起算日"] = "startDate",
        ["判决、裁定或者决定文号"] = "source",
        ["决定文号"] = "source",
        ["文号"] = "source",
    };

    // Art. 12 items as a list cites them; parentheses are dropped before the look-up (（四）, (四) and 四 alike).
    private static readonly Dictionary<string, string> Articles = new(StringComparer.Ordinal)
    {
        ["第十二条第二项"] = "art12-2-economic-crime",
        ["第十二条第三项"] = "art12-3-bankruptcy",
        ["第十二条第四项"] = "art12-4-licence-revoked",
        ["第四十条第三款"] = DisqualificationPeriods.FalseRegistrationBan,
    };

    public static string Canonical(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var trimmed = header.Trim().TrimStart('\uFEFF');
        return Aliases.TryGetValue(trimmed, out var canonical) ? canonical : trimmed;
    }

    /// <summary>The disqualification id a cell names (an id, or the article as a list cites it), else the cell.</summary>
    public static string KindId(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var bare = new string([.. cell.Where(c => c is not ('（' or '）' or '(' or ')' or ' '))]);
        return Articles.TryGetValue(bare, out var id) ? id : cell.Trim();
    }

    public static RowError? MissingColumns(IEnumerable<string> header)
    {
        var present = header.Select(Canonical).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = Required.Where(c => !present.Contains(c)).ToList();
        return missing.Count == 0
            ? null
            : new RowError(
                1,
                "header",
                RulePrefix + ".columns",
                $"表头缺少列：{string.Join("、", missing)} / The header lacks column(s) {string.Join(", ", missing)}; "
                    + $"required: {string.Join(",", Required)}."
            );
    }
}

/// <summary>A disqualification list as CSV: UTF-8 or GB18030 (<see cref="ChineseTextEncodings"/>), RFC 4180 quoting, as
/// the register export is read (<see cref="RegisterCsv"/>).</summary>
public static class DisqualificationCsv
{
    public static DisqualificationRows Parse(byte[] data, TextEncodingChoice encoding = TextEncodingChoice.Detect)
    {
        ArgumentNullException.ThrowIfNull(data);
        var prefix = DisqualificationColumns.RulePrefix;
        var (text, _, offset) = ChineseTextEncodings.Decode(data, encoding);
        if (text is null)
        {
            return Fail(
                prefix + ".encoding",
                $"文件既不是有效的 UTF-8 也不是 GB18030（字节偏移 {offset}） / The file is not valid UTF-8 or GB18030 (byte offset {offset})."
            );
        }

        var records = KeyUnitsCsvParser.SplitRecords(text);
        if (records.Count == 0)
        {
            return Fail(prefix + ".empty", "文件为空 / The file is empty.");
        }

        var header = records[0].Fields.Select(DisqualificationColumns.Canonical).ToList();
        if (DisqualificationColumns.MissingColumns(header) is { } missing)
        {
            return new DisqualificationRows([], [missing]);
        }

        var lines = records.Skip(1).Where(r => !r.Fields.All(string.IsNullOrWhiteSpace)).ToList();
        var errors = lines
            .Where(r => r.Fields.Count != header.Count)
            .Select(r => new RowError(
                r.Row,
                "row",
                prefix + ".column-count",
                $"该行有 {r.Fields.Count} 列，表头有 {header.Count} 列 / The row has {r.Fields.Count} fields, the header {header.Count}."
            ))
            .ToList();
        var rows = lines
            .Where(r => r.Fields.Count == header.Count)
            .Select(r =>
                (
                    r.Row,
                    (IReadOnlyDictionary<string, string?>)
                        header.Zip(r.Fields).ToDictionary(p => p.First, p => (string?)p.Second, StringComparer.OrdinalIgnoreCase)
                )
            )
            .ToList();
        return new DisqualificationRows(rows, errors);
    }

    private static DisqualificationRows Fail(string rule, string message) => new([], [new RowError(0, "file", rule, message)]);
}
