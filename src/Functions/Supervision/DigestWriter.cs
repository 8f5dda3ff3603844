using System.Globalization;
using System.Net;
using System.Text;
using Workflows.Domain.Access;
using Workflows.Domain.Texts;
using Workflows.Functions.Storage;
using Workflows.Functions.Texts;

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
        Both(department is "market-regulation" or "energy" ? "digest.department." + department : "digest.department.all", "（{0}）");

    // The digest is written once for every official who opens it: each label Chinese first, its English beside it,
    // both from the text catalogue (issue 16).
    private static readonly string[] Columns =
        ["kind", "case", "title", "procedure", "deadline", "due", "days-overdue", "responsible", "legal-basis"];

    private static string Text(string code, TextLanguage language) => ServerTexts.Default.Render(TextLine.Of(code), language);

    private static string Both(string code, string englishShape) =>
        Text(code, TextLanguage.Zh) + string.Format(CultureInfo.InvariantCulture, englishShape, Text(code, TextLanguage.En));

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
        sb.AppendJoin(',', Columns.Select(c => Both("digest.column." + c, "({0})"))).Append("\r\n");
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
        sb.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(Text("digest.title", TextLanguage.Zh)))
            .Append(' ')
            .Append(agency)
            .Append(' ')
            .Append(day)
            .Append(
                "</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}"
            )
            .Append(".overdue{background:#fdd}.due{background:#ffd}.warning{background:#ffe}</style></head><body>")
            .Append("<h1>")
            .Append(E(Both("digest.title", "（{0}）")))
            .Append("</h1><p>")
            .Append(E(Text("digest.agency", TextLanguage.Zh)))
            .Append(' ')
            .Append(agency)
            .Append(" · ")
            .Append(E(DepartmentName(department)))
            .Append(" · ")
            .Append(day)
            .Append(" · ")
            .Append(E(SweepMessages.KindName(SweepKind.Overdue)))
            .Append(' ')
            .Append(items.Count(i => i.Kind == SweepKind.Overdue))
            .Append(" · ")
            .Append(E(SweepMessages.KindName(SweepKind.DueToday)))
            .Append(' ')
            .Append(items.Count(i => i.Kind == SweepKind.DueToday))
            .Append(" · ")
            .Append(E(SweepMessages.KindName(SweepKind.Warning)))
            .Append(' ')
            .Append(items.Count(i => i.Kind == SweepKind.Warning))
            .Append("</p><table><thead><tr>");
        foreach (var column in Columns.Where(c => c != "procedure"))
        {
            sb.Append("<th>").Append(E(Text("digest.column." + column, TextLanguage.Zh))).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
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
