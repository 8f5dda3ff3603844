using System.Globalization;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Http;

namespace Workflows.Functions.Api;

/// <summary>The calendar API: deadlines by period rule, and a year's rest and make-up days.</summary>
public sealed class CalendarApi(CalendarService calendars)
{
    private static readonly string[] PeriodParameters = ["workingDays", "calendarDays", "months", "years", "noticeDays"];

    /// <summary><c>GET /api/calendar/deadline?from=YYYY-MM-DD&amp;workingDays=N</c> (or calendarDays, months, years, noticeDays).</summary>
    public async Task<IResult> GetDeadlineAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fromText = request.Query["from"].ToString();
        if (string.IsNullOrEmpty(fromText))
        {
            return ApiProblems.Validation("from", "required", "Query parameter 'from' (YYYY-MM-DD) is required.");
        }

        if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return ApiProblems.Validation("from", "date-format", $"'from' must be a date in the form YYYY-MM-DD; got '{fromText}'.");
        }

        var given = PeriodParameters.Where(p => request.Query.ContainsKey(p)).ToList();
        if (given.Count != 1)
        {
            return ApiProblems.Validation(
                given.Count == 0 ? "workingDays" : given[1],
                "period.exactly-one",
                $"Give exactly one of {string.Join(", ", PeriodParameters)}; got {(given.Count == 0 ? "none" : string.Join(", ", given))}."
            );
        }

        var parameter = given[0];
        var amountText = request.Query[parameter].ToString();
        if (
            !int.TryParse(amountText, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount < 1
            || amount > MaxAmount(parameter)
        )
        {
            return ApiProblems.Validation(
                parameter,
                "period.amount",
                $"'{parameter}' must be a whole number from 1 to {MaxAmount(parameter)}; got '{amountText}'."
            );
        }

        var calendar = await calendars.GetAsync(cancellationToken).ConfigureAwait(false);
        DeadlineResult result;
        try
        {
            result = parameter switch
            {
                "workingDays" => calendar.AddWorkingDays(from, amount),
                "calendarDays" => calendar.AddCalendarDays(from, amount),
                "months" => calendar.AddMonths(from, amount),
                "years" => calendar.AddYears(from, amount),
                _ => calendar.NoticeWindow(from, amount),
            };
        }
        catch (CalendarRangeException e)
        {
            return ApiProblems.Validation(
                e.ParamName == "date" || e.ParamName == "start" || e.ParamName == "publication" ? "from" : parameter,
                "calendar.range",
                e.Message
            );
        }

        return Results.Json(ToJson(result, Workflows.Functions.Texts.RequestLanguage.Of(request)));
    }

    /// <summary><c>GET /api/calendar/{year}</c>: rest days and make-up days with source and status.</summary>
    public async Task<IResult> GetYearAsync(string year, CancellationToken cancellationToken)
    {
        if (
            !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || y < LegalCalendar.MinDate.Year
            || y > LegalCalendar.MaxDate.Year
        )
        {
            return ApiProblems.Validation(
                "year",
                "calendar.range",
                $"The year must be from {LegalCalendar.MinDate.Year} to {LegalCalendar.MaxDate.Year}; got '{year}'."
            );
        }

        var calendar = await calendars.GetAsync(cancellationToken).ConfigureAwait(false);
        var yc = calendar.GetYear(y);
        return Results.Json(
            new
            {
                year = yc.Year,
                status = yc.Status == YearStatus.Official ? "official" : "provisional",
                provisional = yc.IsProvisional,
                notice = yc.Notice,
                papers = yc.Papers,
                source = yc.Source,
                citation = yc.Citation,
                license = yc.License,
                restDays = yc.RestDays.Select(Day),
                makeUpWorkingDays = yc.MakeUpWorkingDays.Select(Day),
            }
        );
    }

    public static object ToJson(DeadlineResult r, Workflows.Functions.Texts.TextLanguage language = default) =>
        new
        {
            deadline = r.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            deadlineUtc = r.DeadlineUtc,
            provisional = r.Provisional,
            rule = r.Rule,
            legalBasis = r.LegalBasis,
            start = r.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            amount = r.Amount,
            explanation = r.Explanation,
            // The same lines in the reader's language (Accept-Language or ?lang=; Chinese first), from the text catalogue.
            explanationText = Workflows.Functions.Texts.ServerTexts.Default.Render(r.ExplanationLines, language),
            windowStart = r.WindowStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            windowEnd = r.WindowEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

    private static object Day(ListedDay d) =>
        new
        {
            date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            name = d.Name,
            provisional = d.Provisional,
            source = d.Source,
        };

    private static int MaxAmount(string parameter) =>
        parameter switch
        {
            "workingDays" => 2500,
            "calendarDays" or "noticeDays" => 3650,
            "months" => 120,
            _ => 10,
        };
}
