using System.Globalization;
using System.Net;
using System.Text;
using Workflows.Domain.Access;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Supervision;

/// <summary>Writes the daily digest of one agency and department (its procedures only: the energy office never reads
/// the registration cases of its city, nor the reverse) as CSV (UTF-8 with BOM, opens in Excel) and HTML in the
/// reports container.</summary>
public sealed class DigestWriter(IBlobStore blobs)
{
    public const string Prefix = "digests/";

    public static string BlobName(string agency, string department, DateOnly date, string extension) =>
        $"{Prefix}{agency}/{department}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{extension}";

    /// <summary>Where digests were written before they were split by department (<c>digests/{agency}/{date}</c>):
    /// they mix every procedure, so they count as <see cref="AccessPolicy.AllDepartments"/>.</summary>
    public static string LegacyBlobName(string agency, DateOnly date, string extension) =>
        $"{Prefix}{agency}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{extension}";

    /// <summary>The department's name as a person reads it, Chinese first.</summary>
    public static string DepartmentName(string department) =>
        department switch
        {
            "market-regulation" => "市场监管（market regulation）",
            "energy" => "节能（energy saving）",
            _ => "全部事项（all procedures）",
        };

    public async Task<DigestFile> WriteAsync(
        string agency,
        string department,
        DateOnly date,
        IReadOnlyList<SweepItem> items,
        CancellationToken cancellationToken
    )
    {
        var csvName = BlobName(agency, department, date, "csv");
        var htmlName = BlobName(agency, department, date, "html");
        var csv = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(items))).ToArray();
        await blobs
            .PutAsync(StorageNames.Reports, csvName, csv, "text/csv; charset=utf-8", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var html = Encoding.UTF8.GetBytes(Html(agency, department, date, items));
        await blobs
            .PutAsync(StorageNames.Reports, htmlName, html, "text/html; charset=utf-8", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new DigestFile(agency, department, date, csvName, htmlName, items.Count);
    }

    public static string Csv(IReadOnlyList<SweepItem> items)
    {
        var sb = new StringBuilder();
        sb.Append(
            "类别(kind),案件编号(case),名称(title),事项(procedure),期限(deadline),到期日(due),逾期天数(days overdue),责任方(responsible),依据(legal basis)\r\n"
        );
        foreach (var i in items)
        {
            sb.AppendJoin(
                ',',
                new[]
                {
                    SweepMessages.KindName(i.Kind),
                    i.Case.Id,
                    i.Case.Title,
                    i.Case.Procedure,
                    i.Deadline.Label,
                    i.Deadline.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    i.DaysOverdue.ToString(CultureInfo.InvariantCulture),
                    i.Deadline.ResponsibleRole.ToString(),
                    i.Deadline.LegalBasis,
                }.Select(Field)
            );
            sb.Append("\r\n");
        }

        return sb.ToString();
    }

    public static string Html(string agency, DateOnly date, IReadOnlyList<SweepItem> items) =>
        Html(agency, AccessPolicy.AllDepartments, date, items);

    public static string Html(string agency, string department, DateOnly date, IReadOnlyList<SweepItem> items)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>限时办结日报 ")
            .Append(agency)
            .Append(' ')
            .Append(day)
            .Append(
                "</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}"
            )
            .Append(".overdue{background:#fdd}.due{background:#ffd}.warning{background:#ffe}</style></head><body>")
            .Append("<h1>限时办结日报（Daily deadline digest）</h1><p>机关 ")
            .Append(agency)
            .Append(" · ")
            .Append(E(DepartmentName(department)))
            .Append(" · ")
            .Append(day)
            .Append(" · 逾期 ")
            .Append(items.Count(i => i.Kind == SweepKind.Overdue))
            .Append(" · 今日到期 ")
            .Append(items.Count(i => i.Kind == SweepKind.DueToday))
            .Append(" · 预警 ")
            .Append(items.Count(i => i.Kind == SweepKind.Warning))
            .Append("</p>")
            .Append(
                "<table><thead><tr><th>类别</th><th>案件编号</th><th>名称</th><th>期限</th><th>到期日</th><th>逾期天数</th><th>责任方</th><th>依据</th></tr></thead><tbody>"
            );
        foreach (var i in items)
        {
            sb.Append("<tr class=\"")
                .Append(SweepMessages.KindId(i.Kind))
                .Append("\"><td>")
                .Append(E(SweepMessages.KindName(i.Kind)))
                .Append("</td><td>")
                .Append(E(i.Case.Id))
                .Append("</td><td>")
                .Append(E(i.Case.Title))
                .Append("</td><td>")
                .Append(E(i.Deadline.Label))
                .Append("</td><td>")
                .Append(i.Deadline.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append("</td><td>")
                .Append(i.DaysOverdue.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>")
                .Append(E(i.Deadline.ResponsibleRole.ToString()))
                .Append("</td><td>")
                .Append(E(i.Deadline.LegalBasis))
                .Append("</td></tr>");
        }

        return sb.Append("</tbody></table></body></html>").ToString();
    }

    /// <summary>Digests go to every official of the agency: never a full ID or mobile number (PIPL Art. 28).</summary>
    private static string E(string text) => WebUtility.HtmlEncode(PersonalData.MaskText(text));

    /// <summary>Characters a spreadsheet reads as the start of a formula (OWASP CSV injection: = + - @, TAB and CR),
    /// their full-width forms (a Chinese IME types them) and LF.</summary>
    public const string FormulaStarts = "=+-@\t\r\n＝＋－＠";

    /// <summary>One CSV field: a value whose first non-blank character starts a formula is prefixed with ' so the
    /// spreadsheet shows it as text; quotes, commas and line breaks are quoted (RFC 4180).</summary>
    public static string Field(string text)
    {
        var value = PersonalData.MaskText(text);
        var first = value.TrimStart(' ', '\u3000');
        var v = first.Length > 0 && FormulaStarts.Contains(first[0], StringComparison.Ordinal) ? "'" + value : value;
        return v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
