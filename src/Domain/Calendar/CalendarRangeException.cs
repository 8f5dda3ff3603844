namespace Workflows.Domain.Calendar;

/// <summary>
/// A date (or a computed deadline) lies outside every calendar this system knows: before 2021-01-01 (no data, the
/// compendium dates from 2021) or after 2099-12-31 (beyond the supported lunar and solar-term computations).
/// APIs map it to HTTP 400.
/// </summary>
public sealed class CalendarRangeException : ArgumentException
{
    public CalendarRangeException(string message, string? paramName, DateOnly date)
        : base(message, paramName) => Date = date;

    public CalendarRangeException() { }

    public CalendarRangeException(string message)
        : base(message) { }

    public CalendarRangeException(string message, Exception innerException)
        : base(message, innerException) { }

    /// <summary>The offending date (the input, or the computed date that would fall outside the range).</summary>
    public DateOnly? Date { get; }

    internal static CalendarRangeException ForInput(DateOnly date, string paramName) =>
        new(
            $"{paramName} {Iso(date)} is outside the supported calendar range {Iso(LegalCalendar.MinDate)}..{Iso(LegalCalendar.MaxDate)} (日期超出日历范围).",
            paramName,
            date
        );

    internal static CalendarRangeException ForResult(DateOnly start, string paramName, string what) =>
        new(
            $"{what} computed from {Iso(start)} would fall after {Iso(LegalCalendar.MaxDate)}, outside the supported calendar range (期限超出日历范围).",
            paramName,
            start
        );

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
