using System.Globalization;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Cases;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;

namespace Workflows.Functions.Api;

/// <summary>
/// The officer's workbench: <c>GET /api/worklist</c> (待办: what waits for the caller, most urgent first, with the
/// count of each light) and <c>GET /api/cases/{id}/actions</c> (the forms of the awaited events the caller may send).
/// Both read through <see cref="CaseAccess"/>: a case outside the caller's share is not counted and answers 404.
/// </summary>
public sealed class WorklistApi(RequestAuthorization authorization, CaseStore cases, CaseProcedureCatalog procedures, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    private const int MaxQueryLength = 100;

    private static readonly TrafficLight[] Urgency = [TrafficLight.Red, TrafficLight.Yellow, TrafficLight.Green, TrafficLight.Grey];

    /// <summary><c>GET /api/worklist?mine=&amp;q=&amp;procedure=&amp;state=&amp;light=&amp;agency=&amp;page=&amp;pageSize=</c>:
    /// <c>mine=true</c> (default) keeps the open cases awaiting an event the caller's role may send (heads: extensions
    /// and decisions; enterprises: what is required of them next); <c>q</c> matches case id, title or USCC. Sorted
    /// red → yellow → green by due date (earliest first), then id; then grey (closed), newest first.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var (query, invalid) = Parse(request.Query, principal);
        if (query is null)
        {
            return invalid!;
        }

        var today = ChinaTime.Today(clock);
        var (lit, closedComplete) = await CandidatesAsync(principal, query, today, cancellationToken).ConfigureAwait(false);
        var counts = Urgency.ToDictionary(l => l.ToString().ToLowerInvariant(), l => lit.Count(c => c.Light == l));
        // Closed cases keep the index's order, newest first (a stable sort), so that their pages follow one another.
        var shown = lit.Where(c => query.Light is null || c.Light == query.Light)
            .OrderBy(c => Array.IndexOf(Urgency, c.Light))
            .ThenBy(c => c.Light == TrafficLight.Grey ? DateOnly.MaxValue : c.Facts.Due ?? DateOnly.MaxValue)
            .ThenBy(c => c.Light == TrafficLight.Grey ? string.Empty : c.Facts.Id, StringComparer.Ordinal)
            .ToList();
        var lastPage = Math.Max(1, (shown.Count + query.PageSize - 1) / query.PageSize);
        if (query.Page > lastPage)
        {
            return ApiProblems.Validation(
                "page",
                "page.range",
                $"“page”超出范围：共 {lastPage} 页 / 'page' {query.Page} is beyond the last page, {lastPage}."
            );
        }

        var items = await PageItemsAsync(principal, query, shown.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize), today, cancellationToken)
            .ConfigureAwait(false);
        return Results.Json(
            new
            {
                page = query.Page,
                pageSize = query.PageSize,
                total = shown.Count,
                // Closed cases are read only as far as the page needs: beyond it, total and the grey count are at least these.
                totalExact = closedComplete,
                lights = counts,
                procedures = procedures.All.Select(p => p.Name).Order(StringComparer.Ordinal),
                // A list never carries personal data in full (PIPL Art. 28), as /api/cases.
                items = items.Select(c =>
                    CaseAccess.Masked(
                        new
                        {
                            c.Case.Id,
                            c.Case.Procedure,
                            c.Case.Agency,
                            c.Case.Title,
                            c.Case.State,
                            light = c.Light,
                            c.Case.Closed,
                            c.Case.Late,
                            c.Case.Usccs,
                            c.Case.Deadline,
                            c.Case.AwaitedEvents,
                            awaitsMe = EventForms.AwaitsMe(principal, c.Case, procedures.Find(c.Case.Procedure)),
                        }
                    )
                ),
            },
            CaseJson.Response
        );
    }

    /// <summary><c>GET /api/cases/{id}/actions</c>: the forms of the awaited events this caller may send now.</summary>
    public async Task<IResult> ActionsAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !CaseAccess.CanRead(principal, record))
        {
            return ApiProblems.NotFound($"No case '{id}' in your jurisdiction.");
        }

        var forms = EventForms.For(principal, record, procedures.Find(record.Procedure));
        return Results.Json(
            new
            {
                caseId = record.Id,
                stage = record.Stage,
                state = record.State,
                items = forms,
            },
            CaseJson.Response
        );
    }

    /// <summary>
    /// The cases of the list with their lights, from the list index (issue 22: never the agency's case records): every
    /// open case of the caller's share (the live workload, counted by light), and, for <c>mine=false</c>, the closed
    /// ones newest first only as far as the page asked for needs them (plus one, to know a further page exists).
    /// </summary>
    private async Task<(List<(CaseListFacts Facts, TrafficLight Light)> Cases, bool ClosedComplete)> CandidatesAsync(
        Principal principal,
        WorklistQuery query,
        DateOnly today,
        CancellationToken cancellationToken
    )
    {
        var scope = new CaseListQuery
        {
            Sort = CaseSort.Due,
            Agency = query.Agency,
            Procedure = query.Procedure,
            Today = today,
        };
        var open = await cases.OpenFactsAsync(principal, scope, cancellationToken).ConfigureAwait(false);
        var lit = open.Where(f => Matches(principal, f, query)).Select(f => (Facts: f, Light: f.Light(today))).ToList();
        if (query.Mine || query.Light is { } light && light != TrafficLight.Grey)
        {
            return (lit, true); // what awaits the caller is open, and so is every light but grey
        }

        var wanted = (long)query.Page * query.PageSize - lit.Count(c => query.Light is null || c.Light == query.Light) + 1;
        var closed = scope with { Light = TrafficLight.Grey };
        string? position = null;
        var found = 0L;
        do
        {
            var (facts, next) = await cases
                .FactsPageAsync(principal, closed, position, (int)Math.Clamp(wanted - found, 1, 200), f => Matches(principal, f, query), cancellationToken)
                .ConfigureAwait(false);
            lit.AddRange(facts.Select(f => (f, TrafficLight.Grey)));
            found += facts.Count;
            position = next;
        } while (position is not null && found < wanted);

        return (lit, position is null);
    }

    /// <summary>The page's cases read by key and checked again on the record, so an index row that lags its case is
    /// never served.</summary>
    private async Task<List<(CaseRecord Case, TrafficLight Light)>> PageItemsAsync(
        Principal principal,
        WorklistQuery query,
        IEnumerable<(CaseListFacts Facts, TrafficLight Light)> page,
        DateOnly today,
        CancellationToken cancellationToken
    )
    {
        var records = await Task.WhenAll(page.Select(c => cases.GetAsync(c.Facts.Id, cancellationToken))).ConfigureAwait(false);
        return
        [
            .. records
                .OfType<CaseRecord>()
                .Where(c => Matches(principal, CaseListFacts.Of(c), query))
                .Select(c => (c, CasesApi.LightOf(c, today))),
        ];
    }

    private bool Matches(Principal principal, CaseListFacts c, WorklistQuery query) =>
        AccessPolicy.CanRead(principal, c.Access())
        && (query.Agency is null || Jurisdiction.Covers(query.Agency, c.Agency))
        && (!query.Mine || EventForms.AwaitsMe(principal, c, procedures.Find(c.Procedure)))
        && (query.Procedure is null || c.Procedure == query.Procedure)
        && (query.State is null || c.State == query.State)
        && (query.Text is null || Contains(c.Id, query.Text) || Contains(c.Title, query.Text) || c.Usccs.Any(u => Contains(u, query.Text)));

    private static bool Contains(string? value, string text) => value?.Contains(text, StringComparison.OrdinalIgnoreCase) == true;

    private sealed record WorklistQuery(
        bool Mine,
        string? Text,
        string? Procedure,
        string? State,
        TrafficLight? Light,
        string? Agency,
        int Page,
        int PageSize
    );

    private (WorklistQuery? Query, IResult? Problem) Parse(IQueryCollection q, Principal principal)
    {
        var mineText = q["mine"].ToString();
        if (mineText is not ("" or "true" or "false"))
        {
            return (
                null,
                ApiProblems.Validation(
                    "mine",
                    "mine.value",
                    $"“mine”只能是 true 或 false / 'mine' must be true or false; got '{mineText}'."
                )
            );
        }

        var text = q["q"].ToString().Trim();
        if (text.Length > MaxQueryLength)
        {
            return (
                null,
                ApiProblems.Validation(
                    "q",
                    "text.too-long",
                    $"检索词至多 {MaxQueryLength} 个字符 / 'q' is at most {MaxQueryLength} characters."
                )
            );
        }

        var agency = q["agency"].ToString();
        if (agency.Length > 0 && !Jurisdiction.IsDivisionCode(agency))
        {
            return (
                null,
                ApiProblems.Validation(
                    "agency",
                    "agency.division-code",
                    $"'agency' must be a 6-digit administrative division code; got '{agency}'."
                )
            );
        }

        if (
            agency.Length > 0
            && AccessPolicy.Of(principal.Role).Scope == CaseScope.Jurisdiction
            && !Jurisdiction.Covers(principal.Agency, agency)
        )
        {
            return (null, ApiProblems.Forbidden($"Agency {agency} is outside your jurisdiction ({principal.Agency})."));
        }

        var lightText = q["light"].ToString();
        TrafficLight? light = null;
        if (lightText.Length > 0)
        {
            if (
                !Enum.TryParse<TrafficLight>(lightText, ignoreCase: true, out var parsed)
                || !Enum.IsDefined(parsed)
                || int.TryParse(lightText, out _)
            )
            {
                return (
                    null,
                    ApiProblems.Validation("light", "light.value", $"'light' must be one of green, yellow, red, grey; got '{lightText}'.")
                );
            }

            light = parsed;
        }

        var procedure = q["procedure"].ToString();
        if (procedure.Length > 0 && procedures.Find(procedure) is null)
        {
            return (
                null,
                ApiProblems.Validation(
                    "procedure",
                    "procedure.unknown",
                    $"Unknown procedure '{procedure}'; known: {string.Join(", ", procedures.All.Select(p => p.Name))}."
                )
            );
        }

        if (!TryWhole(q["page"], 1, int.MaxValue / MaxPageSize, out var page))
        {
            return (null, ApiProblems.Validation("page", "page.range", "'page' must be a whole number from 1."));
        }

        if (!TryWhole(q["pageSize"], 20, MaxPageSize, out var pageSize))
        {
            return (
                null,
                ApiProblems.Validation("pageSize", "page-size.range", $"'pageSize' must be a whole number from 1 to {MaxPageSize}.")
            );
        }

        var state = q["state"].ToString();
        return (
            new WorklistQuery(
                mineText != "false",
                text.Length == 0 ? null : text,
                procedure.Length == 0 ? null : procedure,
                state.Length == 0 ? null : state,
                light,
                agency.Length == 0 ? null : agency,
                page,
                pageSize
            ),
            null
        );
    }

    private static bool TryWhole(Microsoft.Extensions.Primitives.StringValues value, int fallback, int max, out int result)
    {
        if (string.IsNullOrEmpty(value))
        {
            result = fallback;
            return true;
        }

        return int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= 1 && result <= max;
    }
}
