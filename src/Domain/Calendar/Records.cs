namespace Workflows.Domain.Calendar;

/// <summary>One day as the legal calendar sees it.</summary>
/// <param name="HolidayName">The listed holiday (rest day or make-up day) name in Chinese, e.g. 春节; null for ordinary days.</param>
/// <param name="Provisional">True when the day's year has no published official notice and the statutory rules were used.</param>
/// <param name="Source">Notice and URL (official) or the statutory regulation (provisional) for listed days; null for ordinary days.</param>
public sealed record CalendarDay(
    DateOnly Date,
    bool IsWorkingDay,
    string? HolidayName,
    bool IsMakeUpWorkingDay,
    bool IsWeekend,
    bool Provisional,
    string? Source
);

/// <summary>
/// The outcome of a period rule. <see cref="DeadlineUtc"/> is the end of the deadline day (24:00 CST = 16:00 UTC).
/// Rule ids: "working-days", "calendar-days", "months", "years", "notice-window".
/// </summary>
public sealed record DeadlineResult(
    string Rule,
    string LegalBasis,
    DateOnly Start,
    int Amount,
    DateOnly Deadline,
    DateTimeOffset DeadlineUtc,
    bool Provisional,
    IReadOnlyList<string> Explanation,
    DateOnly? WindowStart = null,
    DateOnly? WindowEnd = null
)
{
    /// <summary>The explanation as catalogue lines (code and arguments, line for line with <see cref="Explanation"/>),
    /// rendered in the reader's language by the server's text catalogue.</summary>
    public IReadOnlyList<Workflows.Domain.Texts.TextLine> ExplanationLines { get; init; } = [];
}

/// <summary>Whether a year's rest days come from a published State Council notice or from the statutory rules.</summary>
public enum YearStatus
{
    Official,
    Provisional,
}

/// <summary>A day listed for a year: a rest day (<see cref="IsOffDay"/>) or a make-up working day (调休上班).</summary>
/// <param name="Source">"notice / URL" for official days, the statutory regulation for provisional ones.</param>
public sealed record ListedDay(DateOnly Date, string Name, bool IsOffDay, bool Provisional, string Source);

/// <summary>A structured validation error of an uploaded calendar year file.</summary>
/// <param name="Field">JSON path, e.g. "year" or "days[3].date".</param>
/// <param name="Rule">Stable rule id, e.g. "year-matches", "date-in-year", "date-unique", "statutory-holiday-covered".</param>
public sealed record CalendarFileError(string Field, string Rule, string Message);

/// <summary>
/// Domain event: a year's calendar changed (provisional → official, or an official year replaced). Open cases whose
/// periods touch <see cref="WorkingStatusChanged"/> dates must be recomputed.
/// </summary>
/// <param name="RestDaysAdded">Dates listed as rest days now and not before (provisional years list the statutory holidays).</param>
/// <param name="RestDaysRemoved">Dates listed as rest days before and not now.</param>
/// <param name="MakeUpDaysAdded">Make-up working days listed now and not before.</param>
/// <param name="MakeUpDaysRemoved">Make-up working days listed before and not now.</param>
/// <param name="WorkingStatusChanged">Dates whose working/rest status flipped: what period computations depend on.</param>
public sealed record CalendarYearChanged(
    int Year,
    YearStatus PreviousStatus,
    YearStatus NewStatus,
    string? Notice,
    IReadOnlyList<string> Papers,
    IReadOnlyList<DateOnly> RestDaysAdded,
    IReadOnlyList<DateOnly> RestDaysRemoved,
    IReadOnlyList<DateOnly> MakeUpDaysAdded,
    IReadOnlyList<DateOnly> MakeUpDaysRemoved,
    IReadOnlyList<DateOnly> WorkingStatusChanged
)
{
    /// <summary>The earliest date whose working status changed, or null when only names/sources changed.</summary>
    public DateOnly? EarliestAffectedDate => WorkingStatusChanged.Count == 0 ? null : WorkingStatusChanged[0];
}

/// <summary>Outcome of <see cref="LegalCalendar.TryActivate"/>: a new calendar and its change event, or errors.</summary>
public sealed record CalendarActivationResult(
    [property: System.Diagnostics.CodeAnalysis.MemberNotNullWhen(
        true,
        nameof(CalendarActivationResult.Calendar),
        nameof(CalendarActivationResult.Change)
    )]
        bool Success,
    LegalCalendar? Calendar,
    CalendarYearChanged? Change,
    IReadOnlyList<CalendarFileError> Errors
);
