using System.Globalization;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Validation;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Http;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Supervision;

/// <summary>Supervision API: sweep on demand, statistics, digests, the outbox.</summary>
public sealed class SupervisionApi(
    RequestAuthorization authorization,
    ComplianceSweep sweep,
    CaseStore cases,
    NotificationOutbox outbox,
    IBlobStore blobs,
    TimeProvider clock
)
{
    /// <summary>Roles of supervising officials (parties and enterprises do not see supervision data).</summary>
    public static IReadOnlyList<Role> Officials { get; } =
    [
        Role.RegistrationOfficer,
        Role.AuthorityHead,
        Role.MunicipalDrc,
        Role.ProvincialDrc,
        Role.CountyOffice,
        Role.Administrator,
        Role.Supervisor,
        Role.IntellectualPropertyOffice,
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
        var (principal, problem) = authorization.Require(request, [.. Officials]);
        if (principal is null)
        {
            return problem!;
        }

        var (agency, agencyProblem) = Agency(request, principal);
        if (agencyProblem is not null)
        {
            return agencyProblem;
        }

        // Each department counts its own procedures only (the energy office does not see registration figures); the
        // counts come from the list index's rows of the jurisdiction, never from its case records (issue 22).
        var facts = await cases.JurisdictionFactsAsync(principal, agency, cancellationToken).ConfigureAwait(false);
        var detailed = new List<CaseRecord>();
        foreach (var fact in facts.Where(f => SupervisionStatistics.NeedsRecord(f.Procedure)))
        {
            if (await cases.GetAsync(fact.Id, cancellationToken).ConfigureAwait(false) is { } record)
            {
                detailed.Add(record);
            }
        }

        return Results.Json(SupervisionStatistics.Compute(agency, ChinaTime.Today(clock), facts, detailed), CaseJson.Response);
    }

    /// <summary>
    /// <c>GET /api/reports/digests?agency=&amp;date=&amp;format=</c>: the digests of the jurisdiction (optionally of one
    /// agency and date) as a list with links; with <c>format=csv|html</c> and both agency and date, the file itself.
    /// </summary>
    public async Task<IResult> DigestsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, [.. Officials]);
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

        var department = request.Query["department"].ToString();
        if (
            !string.IsNullOrEmpty(department)
            && department != AccessPolicy.AllDepartments
            && !AccessPolicy.Departments.ContainsKey(department)
        )
        {
            var known = string.Join(", ", AccessPolicy.Departments.Keys);
            return ApiProblems.Validation(
                "department",
                "digest.department",
                $"'department' must be one of {known} or {AccessPolicy.AllDepartments}; got '{department}'."
            );
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
                return ApiProblems.Validation(
                    "date",
                    "digest.file-needs-agency-and-date",
                    "A digest file is named by 'agency' and 'date'; give both with 'format'."
                );
            }

            return await DigestFileAsync(principal, new DigestKey(agency, department, date.Value), format, cancellationToken)
                .ConfigureAwait(false);
        }

        var listed = await blobs.ListAsync(StorageNames.Reports, DigestWriter.Prefix, cancellationToken).ConfigureAwait(false);
        var items = listed
            .Select(b => (Blob: b, Key: DigestKey.Parse(b.Name)))
            .Where(x => x.Key is not null && Jurisdiction.Covers(agency, x.Key.Agency) && x.Key.ReadableBy(principal))
            .Where(x => date is null || x.Key!.Date == date.Value)
            .Where(x => string.IsNullOrEmpty(department) || x.Key!.Department == department)
            .GroupBy(x => x.Key! with { Extension = string.Empty })
            .OrderByDescending(g => g.Key.Date)
            .ThenBy(g => g.Key.Agency, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Department, StringComparer.Ordinal)
            .Select(g => new
            {
                agency = g.Key.Agency,
                department = g.Key.Department,
                departmentName = DigestWriter.DepartmentName(g.Key.Department),
                date = g.Key.Day,
                files = g.Select(x => new
                    {
                        format = x.Key!.Extension,
                        name = x.Blob.Name,
                        length = x.Blob.Length,
                        url = $"/api/reports/digests?agency={g.Key.Agency}&department={g.Key.Department}"
                            + $"&date={g.Key.Day}&format={x.Key.Extension}",
                    })
                    .OrderBy(f => f.format, StringComparer.Ordinal),
            });
        return Results.Json(new { agency, items }, CaseJson.Response);
    }

    /// <summary>One digest file; a department outside the caller's role is answered as if it did not exist. Without a
    /// department it is the caller's own (or, for supervision, the file of every procedure, which digests written
    /// before the split by department are).</summary>
    private async Task<IResult> DigestFileAsync(Principal principal, DigestKey key, string format, CancellationToken cancellationToken)
    {
        var department = string.IsNullOrEmpty(key.Department) ? AccessPolicy.DepartmentOf(principal.Role) : key.Department;
        var asked = key with { Department = department };
        var current = DigestWriter.BlobName(asked.Agency, asked.Department, asked.Date, format);
        var names =
            asked.Department == AccessPolicy.AllDepartments
                ? new[] { current, DigestWriter.LegacyBlobName(asked.Agency, asked.Date, format) }
                : [current];
        BlobContent? blob = null;
        foreach (var name in asked.ReadableBy(principal) ? names : [])
        {
            blob ??= await blobs.GetAsync(StorageNames.Reports, name, cancellationToken).ConfigureAwait(false);
        }

        var file = $"digest-{asked.Agency}-{asked.Department}-{asked.Day}.{format}";
        return blob is null
            ? ApiProblems.NotFound($"No digest for agency {asked.Agency} ({asked.Department}) on {asked.Day}.")
            : DocumentDownload.GeneratedReport(blob.Data, blob.ContentType, file);
    }

    /// <summary>The largest page of <c>/api/notifications</c>.</summary>
    public const int MaxNotificationPageSize = 200;

    /// <summary><c>GET /api/notifications?status=&amp;date=</c>: the outbox of one queued date (default today), as far as
    /// the access policy lets the caller see it: an agency its department's cases in its jurisdiction, a party the
    /// messages sent to it on its own cases.</summary>
    public async Task<IResult> NotificationsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Enum.GetValues<Role>());
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
        if (
            !string.IsNullOrEmpty(status)
            && status is not (NotificationOutbox.Pending or NotificationOutbox.Sent or NotificationOutbox.Failed)
        )
        {
            return ApiProblems.Validation("status", "notification.status", $"'status' must be pending, sent or failed; got '{status}'.");
        }

        var messages = await outbox.ReadAsync(date, cancellationToken).ConfigureAwait(false);
        var facts = await CaseFactsAsync(messages.Select(m => m.Message.CaseId), cancellationToken).ConfigureAwait(false);
        var items = messages
            .Select(m => m.Message)
            .Where(m => (string.IsNullOrEmpty(status) || m.Status == status) && CanReadNotification(principal, m, facts))
            .OrderBy(m => m.QueuedUtc)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        var (page, pageSize, pageProblem) = NotificationPage(request, items.Count);
        return pageProblem
            ?? Results.Json(
                new
                {
                    date,
                    status = string.IsNullOrEmpty(status) ? null : status,
                    page,
                    pageSize,
                    total = items.Count,
                    // Roles in the API's one casing (camelCase, as in the event catalogue); the outbox keeps what it stored.
                    items = items
                        .Skip((page - 1) * pageSize)
                        .Take(pageSize)
                        .Select(m => NotificationItem(m, RequestLanguage.Of(request))),
                },
                CaseJson.Response
            );
    }

    // The message in the reader's language (messageText, Accept-Language) where the outbox keeps its catalogue line.
    private static System.Text.Json.Nodes.JsonNode NotificationItem(OutboxMessage m, TextLanguage language)
    {
        var shown = m with { RecipientRole = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(m.RecipientRole) };
        var node = System.Text.Json.JsonSerializer.SerializeToNode(shown, CaseJson.Options)!;
        node["messageText"] = m.MessageLine is { } line ? ServerTexts.Default.Render(line, language) : m.Message;
        return node;
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
            return (
                0,
                0,
                ApiProblems.Validation(
                    "pageSize",
                    "page-size.range",
                    $"“pageSize”须为 1 至 {MaxNotificationPageSize} 的整数 / 'pageSize' must be a whole number from 1 to {MaxNotificationPageSize}."
                )
            );
        }

        var lastPage = Math.Max(1, (int)(((long)total + pageSize - 1) / pageSize));
        return page > lastPage
            ? (
                0,
                0,
                ApiProblems.Validation(
                    "page",
                    "page.range",
                    $"“page”超出范围：共 {lastPage} 页 / 'page' {page} is beyond the last page, {lastPage}."
                )
            )
            : (page, pageSize, null);
    }

    private static bool WholeNumber(Microsoft.Extensions.Primitives.StringValues value, int fallback, int max, out int result)
    {
        if (string.IsNullOrEmpty(value))
        {
            result = fallback;
            return true;
        }

        return int.TryParse(
                value.ToString(),
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out result
            )
            && result >= 1
            && result <= max;
    }

    /// <summary>The one access policy decides (department, jurisdiction, party relation); a message about a case that
    /// is gone, or to a role this version does not know, is shown to nobody but the administrators.</summary>
    private static bool CanReadNotification(Principal principal, OutboxMessage message, IReadOnlyDictionary<string, CaseFacts?> facts)
    {
        if (!Enum.GetNames<Role>().Contains(message.RecipientRole, StringComparer.Ordinal))
        {
            return principal.Role == Role.Administrator;
        }

        var recipient = Enum.Parse<Role>(message.RecipientRole);

        if (string.IsNullOrEmpty(message.CaseId))
        {
            return AccessPolicy.CanReadNotification(principal, null, recipient, message.RecipientAgency);
        }

        return facts.GetValueOrDefault(message.CaseId) is { } known
            ? AccessPolicy.CanReadNotification(principal, known, recipient, message.RecipientAgency)
            : principal.Role == Role.Administrator && Jurisdiction.Covers(principal.Agency, message.RecipientAgency);
    }

    /// <summary>The access facts of each case the day's messages are about (one point read per case).</summary>
    private async Task<IReadOnlyDictionary<string, CaseFacts?>> CaseFactsAsync(
        IEnumerable<string> caseIds,
        CancellationToken cancellationToken
    )
    {
        var facts = new Dictionary<string, CaseFacts?>(StringComparer.Ordinal);
        foreach (var id in caseIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal))
        {
            var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
            facts[id] = record is null ? null : CaseAccess.Facts(record);
        }

        return facts;
    }

    /// <summary>A digest's name parts: <c>digests/{agency}/{department}/{date}.{ext}</c>, or the older
    /// <c>digests/{agency}/{date}.{ext}</c> (every procedure).</summary>
    private sealed record DigestKey(string Agency, string Department, DateOnly Date, string Extension = "")
    {
        public string Day => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public bool ReadableBy(Principal principal) => AccessPolicy.CanReadReport(principal, Agency, AccessPolicy.ProceduresOf(Department));

        public static DigestKey? Parse(string blobName)
        {
            var parts = blobName[DigestWriter.Prefix.Length..].Split('/');
            var (agency, department, file) = parts.Length switch
            {
                2 => (parts[0], AccessPolicy.AllDepartments, parts[1]),
                3 => (parts[0], parts[1], parts[2]),
                _ => (string.Empty, string.Empty, string.Empty),
            };
            return
                DateOnly.TryParseExact(
                    Path.GetFileNameWithoutExtension(file),
                    "yyyy-MM-dd",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var date
                ) && Jurisdiction.IsDivisionCode(agency)
                ? new DigestKey(agency, department, date, Path.GetExtension(file).TrimStart('.'))
                : null;
        }
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
            return (
                agency,
                ApiProblems.Validation(
                    "agency",
                    "agency.division-code",
                    $"'agency' must be a 6-digit administrative division code; got '{agency}'."
                )
            );
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

        problem = ApiProblems.Validation(
            "date",
            string.IsNullOrEmpty(text) ? "required" : "date-format",
            string.IsNullOrEmpty(text)
                ? "Query parameter 'date' (YYYY-MM-DD) is required."
                : $"'date' must be a date in the form YYYY-MM-DD; got '{text}'."
        );
        return false;
    }
}
