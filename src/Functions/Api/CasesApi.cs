using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Cases;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Api;

/// <summary>The case API shared by every procedure: read one case, list cases, send typed events.</summary>
public sealed class CasesApi(
    RequestAuthorization authorization,
    CaseStore cases,
    AuditLog audit,
    CaseEventAcceptance acceptance,
    CaseProcedureCatalog procedures,
    IBlobStore blobs,
    TimeProvider clock
)
{
    public const int MaxPageSize = CaseListParameters.MaxPageSize;

    /// <summary><c>GET /api/cases/{id}</c>: the case, its light, its deadline with explanation, and its history.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var (wait, waitProblem) = EventWait.Parse(request.Query, id);
        if (waitProblem is not null)
        {
            return waitProblem;
        }

        var until = clock.GetUtcNow() + (wait?.Timeout ?? TimeSpan.Zero);
        while (true)
        {
            // The case and its history from one query of its partition (issue 22).
            var read = await cases.GetWithAuditAsync(id, cancellationToken).ConfigureAwait(false);
            if (read?.Record is not { } record || !CaseAccess.CanRead(principal, record))
            {
                return ApiProblems.NotFound($"No case '{id}' in your jurisdiction.");
            }

            var history = await audit.EntriesAsync(read.Audit, cancellationToken).ConfigureAwait(false);
            var view = CaseAccess.ForCasePage(principal, record, View(record, ChinaTime.Today(clock), history, RequestLanguage.Of(request)));
            request.HttpContext.Response.Headers.ETag = CaseETag.Of(record);
            if (wait is null)
            {
                return Results.Json(view, CaseJson.Response);
            }

            var recorded = EventWait.IsRecorded(record, history, wait.EventId);
            if (recorded || clock.GetUtcNow() >= until)
            {
                return Results.Json(EventWait.WithOutcome(view, wait.EventId, recorded), CaseJson.Response);
            }

            // Bounded polling of the store: the event's effect is written by an activity, possibly on another
            // instance, so the store is the one place every host can watch.
            await Task.Delay(EventWait.PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>GET /api/cases</c> with the filters of <see cref="CaseListParameters"/>: one page from the list index, newest
    /// first or most urgent first, and the token of the next page. <c>total</c> is given only when the answer is complete
    /// (no further page): counting a bureau's years of cases would read them all. <c>page=N</c> (older clients) walks the
    /// tokens from the first page.
    /// </summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var today = ChinaTime.Today(clock);
        var (parsed, invalid) = CaseListParameters.Parse(request.Query, principal, procedures, today);
        if (parsed is null)
        {
            return invalid!;
        }

        var (query, size) = (parsed.Query, parsed.PageSize);
        var page = await cases.PageAsync(principal, query, parsed.Position, size, cancellationToken).ConfigureAwait(false);
        var seen = 0;
        for (var number = 1; number < parsed.Page; number++)
        {
            if (page.ContinuationToken is null)
            {
                // Out of range is an error, not silently another page (a huge page number used to overflow back to page 1).
                return ApiProblems.Validation(
                    "page",
                    "page.range",
                    $"“page”超出范围：共 {number} 页 / 'page' {parsed.Page} is beyond the last page, {number}."
                );
            }

            seen += page.Items.Count;
            var (position, _) = CaseListIndex.ReadToken(page.ContinuationToken, parsed.Query.Sort);
            page = await cases.PageAsync(principal, parsed.Query, position, parsed.PageSize, cancellationToken).ConfigureAwait(false);
        }

        return Results.Json(
            new
            {
                page = parsed.Page,
                pageSize = parsed.PageSize,
                total = parsed.Position is null && page.ContinuationToken is null ? seen + page.Items.Count : (int?)null,
                continuationToken = page.ContinuationToken,
                next = page.ContinuationToken is null ? null : NextUrl(request, page.ContinuationToken),
                // A list never carries personal data in full, not even for the responsible officer (PIPL Art. 28).
                items = page.Items.Select(c => CaseAccess.Masked(View(c, today, null))),
            },
            CaseJson.Response
        );
    }

    /// <summary>The same query with the next page's token (and without a page number).</summary>
    private static string NextUrl(HttpRequest request, string token)
    {
        var query = request
            .Query.Where(p => p.Key is not ("continuationToken" or "page"))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"continuationToken={Uri.EscapeDataString(token)}");
        return "/api/cases?" + string.Join('&', query);
    }

    /// <summary>
    /// <c>POST /api/cases/{id}/events</c> with <c>{"type": "...", ...}</c>. The role must be allowed for the event, the
    /// case must be awaiting it, and the event claims the case's next stage with an optimistic write: of two racing
    /// decisions exactly one wins and the other gets 409.
    /// </summary>
    public async Task<IResult> PostEventAsync(HttpRequest request, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (call, files) = await ReadEventAsync(request, cancellationToken).ConfigureAwait(false);
        return call.Ok
            ? await acceptance.AcceptAsync(request, id, call.Principal, call.Json, files, client, cancellationToken).ConfigureAwait(false)
            : call.Problem;
    }

    /// <summary>The event as JSON, or as <c>multipart/form-data</c> with its documents (events that take them).</summary>
    private async Task<(AuthorizedJson Call, IReadOnlyList<IntakeDocument> Files)> ReadEventAsync(
        HttpRequest request,
        CancellationToken cancellationToken
    )
    {
        if (!EventAttachments.IsMultipart(request))
        {
            return (await authorization.RequireJsonAsync(request, cancellationToken).ConfigureAwait(false), []);
        }

        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return (new AuthorizedJson(null, default, problem), []);
        }

        var (upload, refused) = await EventAttachments.ReadAsync(request, authorization.Limits, cancellationToken).ConfigureAwait(false);
        return upload is null ? (new AuthorizedJson(null, default, refused), []) : (new AuthorizedJson(principal, upload.Json, null), upload.Files);
    }

    /// <summary><c>GET /api/cases/{id}/documents/{name}</c>: a document stored under the case.</summary>
    public async Task<IResult> GetDocumentAsync(HttpRequest request, string id, string name, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var doc = record?.Documents.FirstOrDefault(d => d.Name == name);
        if (record is null || doc is null || !CaseAccess.CanDownload(principal, record, doc))
        {
            return ApiProblems.NotFound($"No document '{name}' on case '{id}' in your jurisdiction.");
        }

        var content = await blobs.GetAsync(StorageNames.Documents, doc.BlobName, cancellationToken).ConfigureAwait(false);
        return content is null
            ? ApiProblems.NotFound($"Document '{name}' is missing from storage.")
            : DocumentDownload.Attachment(content.Data, doc.ContentType, doc.Name);
    }

    public static TrafficLight LightOf(CaseRecord c, DateOnly today) =>
        TrafficLights.Of(c.Closed, c.Deadline?.Due, c.Deadline?.WarningFrom, today);

    public static object View(
        CaseRecord c,
        DateOnly today,
        IReadOnlyList<AuditEntry>? history,
        TextLanguage language = TextLanguage.Zh
    ) =>
        new
        {
            c.Id,
            c.Procedure,
            c.Agency,
            c.Title,
            c.State,
            light = LightOf(c, today),
            c.Closed,
            c.Outcome,
            c.Late,
            c.OnTime,
            c.CreatedUtc,
            c.UpdatedUtc,
            c.ClosedUtc,
            c.Parties,
            c.Usccs,
            c.Deadline,
            // The deadline's explanation in the reader's language (Accept-Language or ?lang=), from the catalogue lines
            // the deadline was computed with; the English record where a deadline predates them.
            deadlineExplanation = c.Deadline is { } d
                ? d.ExplanationLines is { Count: > 0 } lines ? ServerTexts.Default.Render(lines, language) : d.Explanation
                : null,
            c.AwaitedEvents,
            c.Stage,
            documents = c.Documents.Select(d => new
            {
                d.Name,
                d.ContentType,
                d.Length,
                d.Sha256,
                d.AddedUtc,
                d.AddedBy,
                url = $"/api/cases/{c.Id}/documents/{Uri.EscapeDataString(d.Name)}",
            }),
            c.Data,
            // Audit rows keep the role as recorded (replayed orchestrations read it); the API writes every role in one
            // casing, the camelCase of the event catalogue and of the enums ("registrationOfficer", "system").
            history = history?.Select(h => HistoryItem(h, language)),
        };

    // The summary shown in the reader's language where the row keeps its catalogue line (summaryText), else as written.
    private static System.Text.Json.Nodes.JsonNode HistoryItem(AuditEntry h, TextLanguage language)
    {
        var node = JsonSerializer.SerializeToNode(h with { ActorRole = JsonNamingPolicy.CamelCase.ConvertName(h.ActorRole) }, CaseJson.Options)!;
        node["summaryText"] = h.SummaryLine is { } line ? ServerTexts.Default.Render(line, language) : h.Summary;
        return node;
    }
}
