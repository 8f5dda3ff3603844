using System.Globalization;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Access;
using Workflows.Domain.Validation;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Http;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Supervision;

/// <summary>Supervision API: sweep on demand, statistics, digests, the outbox.</summary>
public sealed class SupervisionApi(
    RequestAuthorization authorization,
    ComplianceSweep sweep,
    CaseStore cases,
    NotificationOutbox outbox,
    IBlobStore blobs,
    TimeProvider clock)
{
    /// <summary>Roles of supervising officials (parties and enterprises do not see supervision data).</summary>
    public static readonly Role[] Officials =
    [
        Role.RegistrationOfficer, Role.AuthorityHead, Role.MunicipalDrc, Role.ProvincialDrc, Role.CountyOffice,
        Role.Administrator, Role.Supervisor,
    ];

    /// <summary><c>POST /api/supervision/sweep?date=YYYY-MM-DD</c> (Administrator): runs the daily sweep for a date now.</summary>
    public async Task<IResult> SweepAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Role.Administrator);
        if (principal is null)
        {
            return problem!;
        }

        if (!TryDate(request, out var date, out var dateProblem))
        {
            return dateProblem!;
        }

        // Only days the legal calendar covers, up to the end of next year: a sweep far in the future would write digests
        // and queue notices claiming cases are tens of thousands of days overdue.
        var lastDay = LegalDateRange.LastDay(ChinaTime.Today(clock), LegalCalendar.LoadEmbedded().OfficialYears);
        if (LegalDateRange.Check("date", date, LegalDateRange.FirstDay, lastDay) is { } outside)
        {
            return ApiProblems.Validation(outside.Field, outside.Rule, outside.Message);
        }

        var result = await sweep.RunAsync(date, cancellationToken).ConfigureAwait(false);
        return Results.Json(result, CaseJson.Response);
    }

    /// <summary><c>GET /api/supervision/stats?agency=</c>: 限时办结率 and overdue counts, per agency (ranked) and per procedure.</summary>
    public async Task<IResult> StatsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Officials);
        if (principal is null)
        {
            return problem!;
        }

        var (agency, agencyProblem) = Agency(request, principal);
        if (agencyProblem is not null)
        {
            return agencyProblem;
        }

        // Each department counts its own procedures only (the energy office does not see registration figures).
        var page = await cases.ListAsync(agency, c => CaseAccess.CanRead(principal, c), 1, int.MaxValue, cancellationToken)
            .ConfigureAwait(false);
        return Results.Json(SupervisionStatistics.Compute(agency, ChinaTime.Today(clock), page.Items), CaseJson.Response);
    }

    /// <summary>
    /// <c>GET /api/reports/digests?agency=&amp;date=&amp;format=</c>: the digests of the jurisdiction (optionally of one
    /// agency and date) as a list with links; with <c>format=csv|html</c> and both agency and date, the file itself.
    /// </summary>
    public async Task<IResult> DigestsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Officials);
        if (principal is null)
        {
            return problem!;
        }

        var (agency, agencyProblem) = Agency(request, principal);
        if (agencyProblem is not null)
        {
            return agencyProblem;
        }

        DateOnly? date = null;
        if (!string.IsNullOrEmpty(request.Query["date"]))
        {
            if (!TryDate(request, out var d, out var dateProblem))
            {
                return dateProblem!;
            }

            date = d;
        }

        var format = request.Query["format"].ToString();
        if (!string.IsNullOrEmpty(format))
        {
            if (format is not ("csv" or "html"))
            {
                return ApiProblems.Validation("format", "digest.format", $"'format' must be csv or html; got '{format}'.");
            }

            if (date is null || string.IsNullOrEmpty(request.Query["agency"]))
            {
                return ApiProblems.Validation("date", "digest.file-needs-agency-and-date", "A digest file is named by 'agency' and 'date'; give both with 'format'.");
            }

            var blob = await blobs.GetAsync(StorageNames.Reports, DigestWriter.BlobName(agency, date.Value, format), cancellationToken).ConfigureAwait(false);
            return blob is null
                ? ApiProblems.NotFound($"No digest for agency {agency} on {date.Value:yyyy-MM-dd}.")
                : DocumentDownload.GeneratedReport(blob.Data, blob.ContentType, $"digest-{agency}-{date.Value:yyyy-MM-dd}.{format}");
        }

        var listed = await blobs.ListAsync(StorageNames.Reports, DigestWriter.Prefix, cancellationToken).ConfigureAwait(false);
        var items = listed
            .Select(b => (Blob: b, Parts: b.Name[DigestWriter.Prefix.Length..].Split('/')))
            .Where(x => x.Parts.Length == 2 && Jurisdiction.Covers(agency, x.Parts[0]))
            .Select(x => (x.Blob, Agency: x.Parts[0], Date: Path.GetFileNameWithoutExtension(x.Parts[1]), Ext: Path.GetExtension(x.Parts[1]).TrimStart('.')))
            .Where(x => date is null || x.Date == date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .GroupBy(x => (x.Agency, x.Date))
            .OrderByDescending(g => g.Key.Date, StringComparer.Ordinal).ThenBy(g => g.Key.Agency, StringComparer.Ordinal)
            .Select(g => new
            {
                agency = g.Key.Agency,
                date = g.Key.Date,
                files = g.Select(x => new
                {
                    format = x.Ext,
                    name = x.Blob.Name,
                    length = x.Blob.Length,
                    url = $"/api/reports/digests?agency={g.Key.Agency}&date={g.Key.Date}&format={x.Ext}",
                }).OrderBy(f => f.format, StringComparer.Ordinal),
            });
        return Results.Json(new { agency, items }, CaseJson.Response);
    }

    /// <summary><c>GET /api/notifications?status=&amp;date=</c>: the outbox of one queued date (default today) in the jurisdiction.</summary>
    public const int MaxNotificationPageSize = 200;

    public async Task<IResult> NotificationsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Officials);
        if (principal is null)
        {
            return problem!;
        }

        var date = ChinaTime.Today(clock);
        if (!string.IsNullOrEmpty(request.Query["date"]) && !TryDate(request, out date, out var dateProblem))
        {
            return dateProblem!;
        }

        var status = request.Query["status"].ToString();
        if (!string.IsNullOrEmpty(status) && status is not (NotificationOutbox.Pending or NotificationOutbox.Sent or NotificationOutbox.Failed))
        {
            return ApiProblems.Validation("status", "notification.status", $"'status' must be pending, sent or failed; got '{status}'.");
        }

        var messages = await outbox.ReadAsync(date, cancellationToken).ConfigureAwait(false);
        var items = messages.Select(m => m.Message)
            .Where(m => (string.IsNullOrEmpty(status) || m.Status == status)
                && (Jurisdiction.IsDivisionCode(m.RecipientAgency) ? Jurisdiction.Covers(principal.Agency, m.RecipientAgency) : principal.Role == Role.Administrator))
            .OrderBy(m => m.QueuedUtc).ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        var (page, pageSize, pageProblem) = NotificationPage(request, items.Count);
        return pageProblem ?? Results.Json(new
        {
            date,
            status = string.IsNullOrEmpty(status) ? null : status,
            page,
            pageSize,
            total = items.Count,
            // Roles in the API's one casing (camelCase, as in the event catalogue); the outbox keeps what it stored.
            items = items.Skip((page - 1) * pageSize).Take(pageSize)
                .Select(m => m with { RecipientRole = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(m.RecipientRole) }),
        }, CaseJson.Response);
    }

    /// <summary><c>page</c> (from 1) and <c>pageSize</c> (1 to 200, default 50) of the notifications list, as on /api/cases.</summary>
    private static (int Page, int PageSize, IResult? Problem) NotificationPage(HttpRequest request, int total)
    {
        if (!WholeNumber(request.Query["page"], 1, int.MaxValue, out var page))
        {
            return (0, 0, ApiProblems.Validation("page", "page.range", "“page”须为从 1 起的整数 / 'page' must be a whole number from 1."));
        }

        if (!WholeNumber(request.Query["pageSize"], 50, MaxNotificationPageSize, out var pageSize))
        {
            return (0, 0, ApiProblems.Validation("pageSize", "page-size.range",
                $"“pageSize”须为 1 至 {MaxNotificationPageSize} 的整数 / 'pageSize' must be a whole number from 1 to {MaxNotificationPageSize}."));
        }

        var lastPage = Math.Max(1, (int)(((long)total + pageSize - 1) / pageSize));
        return page > lastPage
            ? (0, 0, ApiProblems.Validation("page", "page.range", $"“page”超出范围：共 {lastPage} 页 / 'page' {page} is beyond the last page, {lastPage}."))
            : (page, pageSize, null);
    }

    private static bool WholeNumber(Microsoft.Extensions.Primitives.StringValues value, int fallback, int max, out int result)
    {
        if (string.IsNullOrEmpty(value))
        {
            result = fallback;
            return true;
        }

        return int.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out result)
            && result >= 1 && result <= max;
    }

    private static (string Agency, IResult? Problem) Agency(HttpRequest request, Principal principal)
    {
        var agency = request.Query["agency"].ToString();
        if (string.IsNullOrEmpty(agency))
        {
            return (principal.Agency, null);
        }

        if (!Jurisdiction.IsDivisionCode(agency))
        {
            return (agency, ApiProblems.Validation("agency", "agency.division-code", $"'agency' must be a 6-digit administrative division code; got '{agency}'."));
        }

        return Jurisdiction.Covers(principal.Agency, agency)
            ? (agency, null)
            : (agency, ApiProblems.Forbidden($"Agency {agency} is outside your jurisdiction ({principal.Agency})."));
    }

    private static bool TryDate(HttpRequest request, out DateOnly date, out IResult? problem)
    {
        var text = request.Query["date"].ToString();
        problem = null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        problem = ApiProblems.Validation("date", string.IsNullOrEmpty(text) ? "required" : "date-format",
            string.IsNullOrEmpty(text) ? "Query parameter 'date' (YYYY-MM-DD) is required." : $"'date' must be a date in the form YYYY-MM-DD; got '{text}'.");
        return false;
    }
}
