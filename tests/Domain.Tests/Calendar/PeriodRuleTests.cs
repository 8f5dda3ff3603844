using Workflows.Domain.Calendar;
using static Workflows.Domain.Tests.Calendar.HolidayPeriodTests;

namespace Workflows.Domain.Tests.Calendar;

public sealed class PeriodRuleTests
{
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();

    // Civil Code Arts. 201, 203: start + N days, a rest day moves to the next working day.
    [Theory]
    [InlineData("2024-03-01", 10, "2024-03-11", "2024-03-11")] // Monday, no roll-forward
    [InlineData("2024-03-01", 8, "2024-03-09", "2024-03-11")] // Saturday -> Monday
    [InlineData("2024-01-31", 10, "2024-02-10", "2024-02-18")] // 春节 2024-02-10..17 -> Sunday make-up working day
    [InlineData("2024-09-21", 10, "2024-10-01", "2024-10-08")] // 国庆节 2024-10-01..07
    [InlineData("2025-05-21", 10, "2025-05-31", "2025-06-03")] // 端午节 2025-05-31..06-02
    public void AddCalendarDays_EndOnRestDay_MovesToNextWorkingDay(string start, int days, string lastByCount, string expected)
    {
        var result = Calendar.AddCalendarDays(D(start), days);

        Assert.Equal(D(expected), result.Deadline);
        Assert.Equal("calendar-days", result.Rule);
        Assert.Contains("Civil Code Art. 201", result.LegalBasis, StringComparison.Ordinal);
        Assert.Contains("Art. 203", result.LegalBasis, StringComparison.Ordinal);
        Assert.Contains(result.Explanation, l => l.Contains($"= {D(lastByCount):yyyy-MM-dd}", StringComparison.Ordinal));
        Assert.Equal(
            D(expected) != D(lastByCount),
            result.Explanation.Any(l => l.StartsWith("The deadline moves to the next working day", StringComparison.Ordinal))
        );
    }

    // Civil Code Art. 202: corresponding day or the month's last day; then Art. 203.
    [Theory]
    [InlineData("2024-01-31", 1, "2024-02-29")] // leap year: 29 February, a Thursday
    [InlineData("2023-01-31", 1, "2023-02-28")] // no 31st: last day of February, a Tuesday
    [InlineData("2024-03-15", 1, "2024-04-15")] // corresponding day, Monday
    [InlineData("2023-03-31", 6, "2023-10-07")] // 2023-09-30 中秋节、国庆节 rest until 10-06; 10-07 is a Saturday make-up working day
    [InlineData("2025-03-31", 2, "2025-06-03")] // 2025-05-31 Sat 端午节 rest through 06-02 -> Tuesday
    public void AddMonths_MonthEndAndRestDays_FollowArticles202And203(string start, int months, string expected)
    {
        var result = Calendar.AddMonths(D(start), months);

        Assert.Equal(D(expected), result.Deadline);
        Assert.Equal("months", result.Rule);
        Assert.Contains("Civil Code Art. 202", result.LegalBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMonths_NoCorrespondingDay_ExplainsMonthsLastDay()
    {
        var result = Calendar.AddMonths(D("2023-01-31"), 1);

        Assert.Contains(
            result.Explanation,
            l => l.StartsWith("No day 31 in 2023-02: the month's last day 2023-02-28 Tue", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void AddYears_LeapDayIntoProvisional2027_Feb28IsSundaySoMarch1Provisional()
    {
        // 2027-02-28 is the month's last day (no 29 February in 2027, Art. 202) and a Sunday, so Art. 203 moves
        // the deadline to Monday 2027-03-01; 2027 has no notice yet.
        var result = Calendar.AddYears(D("2024-02-29"), 3);

        Assert.Equal(DayOfWeek.Sunday, D("2027-02-28").DayOfWeek);
        Assert.Equal(D("2027-03-01"), result.Deadline);
        Assert.Contains(result.Explanation, l => l.Contains("2027-02-28 Sun", StringComparison.Ordinal));
        Assert.True(result.Provisional);
        Assert.Contains(result.Explanation, l => l.StartsWith("Provisional: 2027", StringComparison.Ordinal));
        Assert.Equal("years", result.Rule);
    }

    [Theory]
    [InlineData("2024-09-25", 20, "2024-09-26", "2024-10-15")] // Decree 746 Art. 33, National Day counted, no roll-forward
    [InlineData("2024-01-31", 45, "2024-02-01", "2024-03-16")] // Decree 746 Art. 40; ends on a Saturday
    public void NoticeWindow_Publication_WindowStartsNextDayWithoutRollForward(string publication, int days, string first, string last)
    {
        var result = Calendar.NoticeWindow(D(publication), days);

        Assert.Equal(D(first), result.WindowStart);
        Assert.Equal(D(last), result.WindowEnd);
        Assert.Equal(D(last), result.Deadline);
        Assert.Equal("notice-window", result.Rule);
        Assert.Contains("Decree 746 Art. 33", result.LegalBasis, StringComparison.Ordinal);
        Assert.False(result.Provisional);
    }

    [Theory]
    [InlineData("2026-12-30", 3, "2027-01-05", true)] // 2026-12-31 Thu; 2027-01-01 元旦 (provisional); 01-04; 01-05
    [InlineData("2026-12-01", 5, "2026-12-08", false)]
    [InlineData("2026-12-31", 1, "2027-01-04", true)]
    public void AddWorkingDays_Across2026To2027_ProvisionalOnlyWhenTouching2027(
        string start,
        int workingDays,
        string expected,
        bool provisional
    )
    {
        var result = Calendar.AddWorkingDays(D(start), workingDays);

        Assert.Equal(D(expected), result.Deadline);
        Assert.Equal(provisional, result.Provisional);
        Assert.Equal(provisional, result.Explanation.Any(l => l.StartsWith("Provisional: 2027", StringComparison.Ordinal)));
    }

    [Fact]
    public void AddWorkingDays_Across2027NewYear_SkipsProvisionalHolidayWithRegulation()
    {
        var result = Calendar.AddWorkingDays(D("2026-12-30"), 3);

        Assert.Contains(
            result.Explanation,
            l => l.StartsWith("2027-01-01 Fri skipped: provisional rest day 元旦 (全国年节及纪念日放假办法", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void AddWorkingDays_NonPositiveAmount_Throws(int amount)
    {
        Assert.Throws<ArgumentOutOfRangeException>("workingDays", () => Calendar.AddWorkingDays(D("2024-03-01"), amount));
        Assert.Throws<ArgumentOutOfRangeException>("days", () => Calendar.AddCalendarDays(D("2024-03-01"), amount));
        Assert.Throws<ArgumentOutOfRangeException>("months", () => Calendar.AddMonths(D("2024-03-01"), amount));
        Assert.Throws<ArgumentOutOfRangeException>("years", () => Calendar.AddYears(D("2024-03-01"), amount));
        Assert.Throws<ArgumentOutOfRangeException>("days", () => Calendar.NoticeWindow(D("2024-03-01"), amount));
    }

    [Fact]
    public void AddWorkingDays_TenYears_MatchesCountOfWorkingDays()
    {
        var result = Calendar.AddWorkingDays(D("2024-01-01"), 3650);

        Assert.True(Calendar.IsWorkingDay(result.Deadline));
        Assert.Equal(3650, Calendar.CountWorkingDaysBetween(D("2024-01-01"), result.Deadline));
        Assert.Equal(3649, Calendar.CountWorkingDaysBetween(D("2024-01-01"), result.Deadline.AddDays(-1)));
    }

    [Theory]
    [InlineData("2020-12-31")]
    [InlineData("2100-01-01")]
    public void Describe_OutsideCalendarRange_ThrowsCalendarRangeException(string date)
    {
        var ex = Assert.Throws<CalendarRangeException>(() => Calendar.Describe(D(date)));

        Assert.Equal("date", ex.ParamName);
        Assert.Contains("2021-01-01..2099-12-31", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void AddWorkingDays_DeadlineAfter2099_ThrowsCalendarRangeException()
    {
        var ex = Assert.Throws<CalendarRangeException>(() => Calendar.AddWorkingDays(D("2099-12-28"), 10));

        Assert.Equal("workingDays", ex.ParamName);
        Assert.Throws<CalendarRangeException>(() => Calendar.AddCalendarDays(D("2099-12-28"), 10));
        Assert.Throws<CalendarRangeException>(() => Calendar.AddYears(D("2099-01-28"), 1));
        Assert.Throws<CalendarRangeException>(() => Calendar.AddWorkingDays(D("2020-06-01"), 1));
    }

    [Fact]
    public void CountWorkingDaysBetween_Reversed_IsNegative()
    {
        Assert.Equal(-3, Calendar.CountWorkingDaysBetween(D("2024-02-19"), D("2024-02-08")));
        Assert.Equal(0, Calendar.CountWorkingDaysBetween(D("2024-02-09"), D("2024-02-17")));
    }
}
