using System.Globalization;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Cases;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;

namespace Workflows.Functions.Api;

/// <summary>One query parameter of <c>GET /api/cases</c>: its name, the rule code a bad value gets, and what it means
/// (Chinese first, English second). The API contract documents the parameters from this list.</summary>
public sealed record QueryParameterDeclaration(string Name, string Rule, string Format, string Description);

/// <summary>A parsed list request: the filters, the page size and where to continue.</summary>
public sealed record CaseListRequest(CaseListQuery Query, int PageSize, string? Position, int Page);

/// <summary>The query parameters of <c>GET /api/cases</c>, declared once and parsed here; an unknown parameter or a
/// malformed value is a 400 problem naming the parameter and the rule, never silently ignored.</summary>
public static class CaseListParameters
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;

    /// <summary>Longest text search and state accepted (a state is a code such as <c>under-review</c>).</summary>
    public const int MaxTextChars = 100;

    public static readonly IReadOnlyList<QueryParameterDeclaration> Declared =
    [
        new("procedure", "procedure.unknown", "procedure id", "程序，如 registration / the procedure, e.g. registration"),
        new(
            "agency",
            "agency.division-code",
            "6-digit division code",
            "辖区行政区划代码（默认本机关）/ the jurisdiction's division code (default: yours)"
        ),
        new("uscc", "uscc.format", "18-character USCC (GB 32100)", "统一社会信用代码 / the unified social credit code of the unit"),
        new("q", "q.length", $"1–{MaxTextChars} characters", "名称或标题包含的文字 / text in the title or a party's name"),
        new("state", "state.format", "lower-case code", "案件状态，如 under-review / the case state, e.g. under-review"),
        new("light", "light.value", "green | yellow | red | grey", "红黄绿灯 / the traffic light"),
        new("dueFrom", "due.date", "yyyy-MM-dd", "期限不早于（未办结案件）/ open cases due on or after this legal date"),
        new("dueTo", "due.date", "yyyy-MM-dd", "期限不晚于（未办结案件）/ open cases due on or before this legal date"),
        new("sort", "sort.value", "created | due", "排序：created 最新在前，due 最紧急在前 / order: newest first, or most urgent first"),
        new("pageSize", "page-size.range", $"1–{MaxPageSize}", "每页件数（默认 50）/ cases per page (default 50)"),
        new("continuationToken", "continuation-token.malformed", "opaque", "上一页返回的续页标记 / the token the previous page returned"),
        new(
            "page",
            "page.range",
            "whole number from 1",
            "页码（兼容旧客户端，建议改用续页标记）/ page number (older clients; prefer the token)"
        ),
    ];

    public static (CaseListRequest? Request, IResult? Problem) Parse(
        IQueryCollection q,
        Principal principal,
        CaseProcedureCatalog procedures,
        DateOnly today
    )
    {
        if (q.Keys.FirstOrDefault(k => Declared.All(d => d.Name != k)) is { } unknown)
        {
            return Fail(
                unknown,
                "query.unknown",
                $"未知的查询参数“{unknown}” / unknown query parameter '{unknown}'; known: {string.Join(", ", Declared.Select(d => d.Name))}."
            );
        }

        var (agency, agencyProblem) = Agency(Text(q, "agency"), principal);
        if (agencyProblem is not null)
        {
            return (null, agencyProblem);
        }

        var procedure = Text(q, "procedure");
        if (procedure is not null && procedures.Find(procedure) is null)
        {
            return Fail(
                "procedure",
                "procedure.unknown",
                $"未知的程序 / unknown procedure '{procedure}'; known: {string.Join(", ", procedures.All.Select(p => p.Name))}."
            );
        }

        var filters = Filters(q);
        if (filters.Problem is not null)
        {
            return (null, filters.Problem);
        }

        var pages = Paging(q, filters.Sort);
        return pages.Problem is not null
            ? (null, pages.Problem)
            : (
                new CaseListRequest(
                    new CaseListQuery
                    {
                        Sort = filters.Sort,
                        Agency = agency,
                        Procedure = procedure,
                        Uscc = filters.Uscc,
                        Text = filters.Text,
                        State = filters.State,
                        Light = filters.Light,
                        DueFrom = filters.DueFrom,
                        DueTo = filters.DueTo,
                        Today = today,
                    },
                    pages.PageSize,
                    pages.Position,
                    pages.Page
                ),
                null
            );
    }

    private sealed record ParsedFilters(
        CaseSort Sort,
        string? Uscc,
        string? Text,
        string? State,
        TrafficLight? Light,
        DateOnly? DueFrom,
        DateOnly? DueTo,
        IResult? Problem = null
    );

    private sealed record ParsedPaging(int PageSize, string? Position, int Page, IResult? Problem = null);

    private static (string? Agency, IResult? Problem) Agency(string? agency, Principal principal)
    {
        if (agency is null)
        {
            return (null, null);
        }

        if (!Jurisdiction.IsDivisionCode(agency))
        {
            return (
                null,
                Validation(
                    "agency",
                    "agency.division-code",
                    $"“agency”须为6位行政区划代码 / 'agency' must be a 6-digit administrative division code; got '{agency}'."
                )
            );
        }

        return AccessPolicy.Of(principal.Role).Scope == CaseScope.Jurisdiction && !Jurisdiction.Covers(principal.Agency, agency)
            ? (null, ApiProblems.Forbidden($"Agency {agency} is outside your jurisdiction ({principal.Agency})."))
            : (agency, null);
    }

    private static ParsedFilters Filters(IQueryCollection q)
    {
        var uscc = Text(q, "uscc")?.ToUpperInvariant();
        if (uscc is not null && !Domain.Identifiers.UnifiedSocialCreditCode.TryParse(uscc, out _))
        {
            return Bad(
                "uscc",
                "uscc.format",
                $"“uscc”不是有效的统一社会信用代码 / 'uscc' is not a valid unified social credit code (GB 32100); got '{uscc}'."
            );
        }

        var text = Text(q, "q");
        if (text is { Length: > MaxTextChars })
        {
            return Bad("q", "q.length", $"“q”至多 {MaxTextChars} 个字符 / 'q' may have at most {MaxTextChars} characters.");
        }

        var state = Text(q, "state");
        if (state is not null && (state.Length > MaxTextChars || !state.All(IsStateCharacter)))
        {
            return Bad(
                "state",
                "state.format",
                $"“state”须为小写状态代码 / 'state' must be a lower-case state code such as under-review; got '{state}'."
            );
        }

        TrafficLight? light = null;
        if (Text(q, "light") is { } lightText)
        {
            var parsed = Enum.GetValues<TrafficLight>()
                .Where(l => string.Equals(l.ToString(), lightText, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (parsed.Count == 0)
            {
                return Bad(
                    "light",
                    "light.value",
                    $"“light”须为 green、yellow、red、grey 之一 / 'light' must be one of green, yellow, red, grey; got '{lightText}'."
                );
            }

            light = parsed[0];
        }

        var (dueFrom, fromOk) = Date(q, "dueFrom");
        var (dueTo, toOk) = Date(q, "dueTo");
        if (!fromOk || !toOk)
        {
            var name = fromOk ? "dueTo" : "dueFrom";
            return Bad(name, "due.date", $"“{name}”须为日期 yyyy-MM-dd / '{name}' must be a date written yyyy-MM-dd.");
        }

        if (dueFrom > dueTo)
        {
            return Bad("dueTo", "due.range", "“dueTo”早于“dueFrom” / 'dueTo' is before 'dueFrom'.");
        }

        var sortText = Text(q, "sort") ?? "created";
        if (sortText is not ("created" or "due"))
        {
            return Bad("sort", "sort.value", $"“sort”须为 created 或 due / 'sort' must be created or due; got '{sortText}'.");
        }

        return new ParsedFilters(sortText == "due" ? CaseSort.Due : CaseSort.Created, uscc, text, state, light, dueFrom, dueTo);
    }

    private static ParsedPaging Paging(IQueryCollection q, CaseSort sort)
    {
        if (!TryPositive(Text(q, "pageSize"), DefaultPageSize, MaxPageSize, out var pageSize))
        {
            return BadPage(
                "pageSize",
                "page-size.range",
                $"“pageSize”须为 1 至 {MaxPageSize} 的整数 / 'pageSize' must be a whole number from 1 to {MaxPageSize}."
            );
        }

        if (!TryPositive(Text(q, "page"), 1, int.MaxValue, out var page))
        {
            return BadPage("page", "page.range", "“page”须为从 1 起的整数 / 'page' must be a whole number from 1.");
        }

        var token = Text(q, "continuationToken");
        if (token is not null && page != 1)
        {
            return BadPage(
                "page",
                "page.with-token",
                "“page”与“continuationToken”不可同时使用 / 'page' and 'continuationToken' cannot be combined."
            );
        }

        var (position, rule) = CaseListIndex.ReadToken(token, sort);
        return rule is null
            ? new ParsedPaging(pageSize, position, page)
            : BadPage(
                "continuationToken",
                rule,
                rule == "continuation-token.sort"
                    ? "续页标记属于另一种排序 / the token was issued for another 'sort'."
                    : "续页标记无效，请使用上一页返回的值 / 'continuationToken' is not one this API issued; send the value the previous page returned."
            );
    }

    private static bool IsStateCharacter(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';

    private static (DateOnly? Date, bool Ok) Date(IQueryCollection q, string name) =>
        Text(q, name) is not { } text ? (null, true)
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? (date, true)
        : (null, false);

    /// <summary>A parameter's single value; an empty value counts as absent (the dashboard's empty filter fields).</summary>
    private static string? Text(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;

    private static bool TryPositive(string? value, int fallback, int max, out int result)
    {
        if (value is null)
        {
            result = fallback;
            return true;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= 1 && result <= max;
    }

    private static IResult Validation(string name, string rule, string detail) => ApiProblems.Validation(name, rule, detail);

    private static (CaseListRequest?, IResult?) Fail(string name, string rule, string detail) => (null, Validation(name, rule, detail));

    private static ParsedFilters Bad(string name, string rule, string detail) =>
        new(CaseSort.Created, null, null, null, null, null, null, Validation(name, rule, detail));

    private static ParsedPaging BadPage(string name, string rule, string detail) => new(0, null, 0, Validation(name, rule, detail));
}
