using System.Globalization;
using System.Text.Json;

namespace Workflows.Domain.Calendar;

/// <summary>One entry of a year file: a rest day (isOffDay = true) or a make-up working day (isOffDay = false).</summary>
public sealed record CalendarFileDay(string Name, DateOnly Date, bool IsOffDay);

/// <summary>
/// An official year file in the holiday-cn shape: { "year", "papers": [notice URLs], "days": [{ "name", "date",
/// "isOffDay" }] }. The embedded files add "notice" (国办发明电 number), "source" and "license"; unknown fields are ignored.
/// </summary>
public sealed record CalendarYearFile(
    int Year,
    string? Notice,
    IReadOnlyList<string> Papers,
    IReadOnlyList<CalendarFileDay> Days,
    string? Source,
    string? License
)
{
    // The notice for year Y may list the last days of Y-1 or the first days of Y+1 when New Year's Day spans the turn
    // of the year (the 2023 notice, 国办发明电〔2022〕16号, lists 2022-12-31 as 元旦 rest day).
    private const int YearTurnToleranceDays = 7;

    // How far a rest day of the same holiday may lie from a statutory holiday date that is not itself listed
    // (e.g. 除夕 2024-02-09 before the 2025 amendment, or a weekend holiday compensated on an adjacent weekday).
    private const int SameHolidayToleranceDays = 7;

    /// <summary>Parses and validates; returns the file or the complete list of errors (never throws for bad input).</summary>
    public static (CalendarYearFile? File, IReadOnlyList<CalendarFileError> Errors) Parse(int expectedYear, ReadOnlySpan<byte> utf8Json)
    {
        var errors = new List<CalendarFileError>();
        if (expectedYear < LegalCalendar.MinDate.Year || expectedYear > LegalCalendar.MaxDate.Year)
        {
            errors.Add(
                new(
                    "year",
                    "year-range",
                    $"Expected year {expectedYear} is outside the supported range {LegalCalendar.MinDate.Year}..{LegalCalendar.MaxDate.Year} (年份超出范围)."
                )
            );
            return (null, errors);
        }

        if (utf8Json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Json = utf8Json[3..];
        }

        // JsonDocument defers UTF-8 checks of string contents until a string is read; refuse bad bytes up front.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            errors.Add(new("$", "utf8", "The file is not valid UTF-8 (文件编码必须为UTF-8)."));
            return (null, errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException ex)
        {
            errors.Add(new("$", "json-syntax", $"The file is not valid JSON: {ex.Message} (JSON格式错误)."));
            return (null, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("$", "json-shape", "The file must be a JSON object with year, papers and days."));
                return (null, errors);
            }

            var year = ReadYear(root, expectedYear, errors);
            var papers = ReadPapers(root, errors);
            var days = ReadDays(root, expectedYear, errors);
            var notice = ReadOptionalString(root, "notice");
            if (errors.Count == 0)
            {
                CheckStatutoryHolidaysCovered(expectedYear, days, errors);
            }

            if (errors.Count > 0 || year is null)
            {
                return (null, errors);
            }

            days.Sort((a, b) => a.Date.CompareTo(b.Date));
            return (
                new CalendarYearFile(
                    year.Value,
                    notice,
                    papers,
                    days,
                    ReadOptionalString(root, "source"),
                    ReadOptionalString(root, "license")
                ),
                errors
            );
        }
    }

    private static int? ReadYear(JsonElement root, int expectedYear, List<CalendarFileError> errors)
    {
        if (
            !root.TryGetProperty("year", out var element)
            || element.ValueKind != JsonValueKind.Number
            || !element.TryGetInt32(out var year)
        )
        {
            errors.Add(new("year", "year-required", "\"year\" is required and must be an integer (年份必填)."));
            return null;
        }

        if (year != expectedYear)
        {
            errors.Add(new("year", "year-matches", $"The file is for year {year} but year {expectedYear} was expected (年份不符)."));
            return null;
        }

        return year;
    }

    private static List<string> ReadPapers(JsonElement root, List<CalendarFileError> errors)
    {
        var papers = new List<string>();
        if (!root.TryGetProperty("papers", out var element) || element.ValueKind != JsonValueKind.Array)
        {
            errors.Add(
                new(
                    "papers",
                    "papers-required",
                    "\"papers\" must be an array with the URL of the State Council General Office notice (通知网址必填)."
                )
            );
            return papers;
        }

        var index = 0;
        foreach (var paper in element.EnumerateArray())
        {
            if (paper.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(paper.GetString()))
            {
                errors.Add(new($"papers[{index}]", "paper-url", "Each paper must be a non-empty string (the notice URL)."));
            }
            else
            {
                papers.Add(paper.GetString()!);
            }

            index++;
        }

        if (index == 0)
        {
            errors.Add(
                new(
                    "papers",
                    "papers-required",
                    "An official year must name its State Council General Office notice: \"papers\" is empty (通知网址必填)."
                )
            );
        }

        return papers;
    }

    private static List<CalendarFileDay> ReadDays(JsonElement root, int year, List<CalendarFileError> errors)
    {
        var days = new List<CalendarFileDay>();
        if (!root.TryGetProperty("days", out var element) || element.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("days", "days-required", "\"days\" must be an array of { name, date, isOffDay } (日期列表必填)."));
            return days;
        }

        var firstIndexOfDate = new Dictionary<DateOnly, int>();
        var index = 0;
        foreach (var day in element.EnumerateArray())
        {
            var field = $"days[{index}]";
            index++;
            if (day.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(field, "day-shape", "Each day must be an object { name, date, isOffDay }."));
                continue;
            }

            var name = ReadOptionalString(day, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new($"{field}.name", "name-required", "The holiday name is required, e.g. 春节 (节日名称必填)."));
            }

            if (
                !day.TryGetProperty("isOffDay", out var offElement)
                || (offElement.ValueKind != JsonValueKind.True && offElement.ValueKind != JsonValueKind.False)
            )
            {
                errors.Add(
                    new($"{field}.isOffDay", "is-off-day-required", "\"isOffDay\" must be true (rest day) or false (make-up working day).")
                );
            }

            var dateText = ReadOptionalString(day, "date");
            if (
                dateText is null
                || !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            )
            {
                errors.Add(
                    new($"{field}.date", "date-format", $"\"date\" must be an ISO date yyyy-MM-dd, got '{dateText}' (日期格式错误).")
                );
                continue;
            }

            if (!IsInsideYear(date, year))
            {
                errors.Add(new($"{field}.date", "date-in-year", $"{dateText} is not in year {year} (日期不在该年度内)."));
            }

            if (firstIndexOfDate.TryGetValue(date, out var first))
            {
                errors.Add(new($"{field}.date", "date-unique", $"{dateText} is listed twice (days[{first}] and {field}) (日期重复)."));
                continue;
            }

            firstIndexOfDate[date] = index - 1;
            var isOffDay = offElement.ValueKind == JsonValueKind.True;
            if (!isOffDay && offElement.ValueKind == JsonValueKind.False && !IsWeekend(date))
            {
                errors.Add(
                    new(
                        $"{field}.isOffDay",
                        "make-up-on-weekend",
                        $"{dateText} is a {date.DayOfWeek}: a make-up working day (调休上班) can only be a Saturday or Sunday."
                    )
                );
            }

            days.Add(new CalendarFileDay(name ?? string.Empty, date, isOffDay));
        }

        return days;
    }

    private static bool IsInsideYear(DateOnly date, int year)
    {
        if (date.Year == year)
        {
            return true;
        }

        // Only the year turn of New Year's Day may spill over (see YearTurnToleranceDays).
        return date.Year == year - 1
            ? date.DayNumber >= new DateOnly(year, 1, 1).DayNumber - YearTurnToleranceDays
            : date.Year == year + 1 && date.DayNumber <= new DateOnly(year, 12, 31).DayNumber + YearTurnToleranceDays;
    }

    // 全国年节及纪念日放假办法 Art. 2: every statutory holiday date must be a rest day. Pragmatic check: the date is
    // listed as a rest day, or a rest day of the same holiday (the name may be combined, e.g. 中秋节、国庆节) is listed
    // within SameHolidayToleranceDays (weekend holidays compensated on an adjacent day, 除夕 before the 2024 amendment).
    private static void CheckStatutoryHolidaysCovered(int year, List<CalendarFileDay> days, List<CalendarFileError> errors)
    {
        var restDays = days.Where(d => d.IsOffDay).ToList();
        foreach (var holiday in StatutoryHolidays.For(year))
        {
            var listed = restDays.Any(d => d.Date == holiday.Date);
            var nearby = restDays.Any(d =>
                d.Name.Contains(holiday.Name, StringComparison.Ordinal)
                && Math.Abs(d.Date.DayNumber - holiday.Date.DayNumber) <= SameHolidayToleranceDays
            );
            if (!listed && !nearby)
            {
                errors.Add(
                    new(
                        "days",
                        "statutory-holiday-covered",
                        $"Statutory holiday {holiday.Name} ({holiday.Label}) on {holiday.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is not listed as a rest day and no rest day named {holiday.Name} is listed within {SameHolidayToleranceDays} days ({StatutoryHolidays.RegulationFor(year)})."
                    )
                );
            }
        }
    }

    private static string? ReadOptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
