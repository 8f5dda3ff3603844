using System.Globalization;
using Workflows.Domain.Calendar;
using static Workflows.Domain.Tests.Calendar.HolidayPeriodTests;

namespace Workflows.Domain.Tests.Calendar;

public sealed class ProvisionalCalendarTests
{
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();
    private static readonly ChineseLunisolarCalendar Lunar = new();

    // Published Qingming dates (清明, solar longitude 15°), China Standard Time.
    [Theory]
    [InlineData(2021, "2021-04-04")]
    [InlineData(2022, "2022-04-05")]
    [InlineData(2023, "2023-04-05")]
    [InlineData(2024, "2024-04-04")]
    [InlineData(2025, "2025-04-04")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-04-05")]
    [InlineData(2028, "2028-04-04")]
    [InlineData(2029, "2029-04-04")]
    [InlineData(2030, "2030-04-05")]
    public void StatutoryHolidays_Qingming_MatchesPublishedSolarTerm(int year, string expected)
    {
        var qingming = StatutoryHolidays.For(year).Single(h => h.Name == "清明节");

        Assert.Equal(D(expected), qingming.Date);
    }

    // Expected dates checked independently: lunar new year / 五月初五 / 八月十五 from ChineseLunisolarCalendar by
    // walking day by day (not via month indexes), and for 2023 (闰二月) and 2025 (闰六月) against the official notices.
    [Theory]
    [InlineData(2027, "2027-02-05", "2027-06-09", "2027-09-15")]
    [InlineData(2023, "2023-01-21", "2023-06-22", "2023-09-29")]
    [InlineData(2025, "2025-01-28", "2025-05-31", "2025-10-06")]
    [InlineData(2028, "2028-01-25", "2028-05-28", "2028-10-03")]
    public void StatutoryHolidays_LunarHolidays_SpringEveDragonBoatMidAutumn(
        int year,
        string springFestivalEve,
        string dragonBoat,
        string midAutumn
    )
    {
        var holidays = StatutoryHolidays.For(year);

        Assert.Equal(D(springFestivalEve), holidays.Where(h => h.Name == "春节").Min(h => h.Date).AddDays(year >= 2025 ? 0 : -1));
        Assert.Equal(D(dragonBoat), holidays.Single(h => h.Name == "端午节").Date);
        Assert.Equal(D(midAutumn), holidays.Single(h => h.Name == "中秋节").Date);
        Assert.Equal(D(springFestivalEve), FindByWalking(year, 1, 1).AddDays(-1));
        Assert.Equal(D(dragonBoat), FindByWalking(year, 5, 5));
        Assert.Equal(D(midAutumn), FindByWalking(year, 8, 15));
    }

    [Fact]
    public void StatutoryHolidays_2027_ElevenDaysOfTheAmendedRegulation()
    {
        var holidays = StatutoryHolidays.For(2027);

        Assert.Equal(13, holidays.Count); // 1 + 4 + 1 + 2 + 1 + 1 + 3
        Assert.Equal(
            ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"],
            holidays.Where(h => h.Name == "春节").Select(h => h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        );
        Assert.Equal([D("2027-05-01"), D("2027-05-02")], holidays.Where(h => h.Name == "劳动节").Select(h => h.Date));
        Assert.Equal([D("2027-10-01"), D("2027-10-02"), D("2027-10-03")], holidays.Where(h => h.Name == "国庆节").Select(h => h.Date));
    }

    [Fact]
    public void StatutoryHolidays_Before2025_ThreeDaySpringFestivalOneDayLabourDay()
    {
        var holidays = StatutoryHolidays.For(2024);

        Assert.Equal([D("2024-02-10"), D("2024-02-11"), D("2024-02-12")], holidays.Where(h => h.Name == "春节").Select(h => h.Date));
        Assert.Equal([D("2024-05-01")], holidays.Where(h => h.Name == "劳动节").Select(h => h.Date));
    }

    [Theory]
    [InlineData("2027-02-05", false, "春节")] // Friday, 除夕
    [InlineData("2027-02-08", false, "春节")] // Monday, 正月初三
    [InlineData("2027-02-09", true, null)] // Tuesday: no guessed extension
    [InlineData("2027-06-09", false, "端午节")]
    [InlineData("2027-09-15", false, "中秋节")]
    [InlineData("2027-02-20", false, null)] // Saturday: no guessed make-up day
    public void Describe_Provisional2027_StatutoryHolidaysOnlyAndFlagged(string date, bool working, string? holiday)
    {
        var day = Calendar.Describe(D(date));

        Assert.Equal(working, day.IsWorkingDay);
        Assert.Equal(holiday, day.HolidayName);
        Assert.True(day.Provisional);
        Assert.False(day.IsMakeUpWorkingDay);
        Assert.Equal(YearStatus.Provisional, Calendar.GetYear(2027).Status);
        Assert.Empty(Calendar.GetYear(2027).MakeUpWorkingDays);
    }

    [Fact]
    public void GetYear_EveryProvisionalYearTo2099_Computes()
    {
        for (var year = 2027; year <= 2099; year++)
        {
            var calendar = Calendar.GetYear(year);
            Assert.Equal(YearStatus.Provisional, calendar.Status);
            // 13 statutory days; 12 dates when 中秋节 falls within 10-01..10-03 (e.g. 2031-10-01), then named 中秋节、国庆节.
            Assert.InRange(calendar.RestDays.Count, 12, 13);
            Assert.Equal(calendar.RestDays.Count, calendar.RestDays.Select(d => d.Date).Distinct().Count());
            Assert.All(calendar.RestDays, d => Assert.Equal(year, d.Date.Year));
        }
    }

    [Fact]
    public void GetYear_MidAutumnOnNationalDay2031_OneRestDayWithBothNames()
    {
        var day = Calendar.Describe(D("2031-10-01"));

        Assert.Equal("中秋节、国庆节", day.HolidayName);
        Assert.Equal(12, Calendar.GetYear(2031).RestDays.Count);
    }

    [Theory]
    [InlineData(2020)]
    [InlineData(2100)]
    public void GetYear_OutsideRange_ThrowsCalendarRangeException(int year)
    {
        var ex = Assert.Throws<CalendarRangeException>(() => Calendar.GetYear(year));
        Assert.Equal("year", ex.ParamName);
    }

    private static DateOnly FindByWalking(int year, int lunarMonth, int lunarDay)
    {
        for (var date = new DateOnly(year, 1, 1); date.Year == year; date = date.AddDays(1))
        {
            var dt = date.ToDateTime(TimeOnly.MinValue);
            var leap = Lunar.GetLeapMonth(Lunar.GetYear(dt));
            var month = Lunar.GetMonth(dt);
            var isLeapMonth = leap != 0 && month == leap;
            var ordinal = leap != 0 && month >= leap ? month - 1 : month;
            if (Lunar.GetYear(dt) == year && !isLeapMonth && ordinal == lunarMonth && Lunar.GetDayOfMonth(dt) == lunarDay)
            {
                return date;
            }
        }

        throw new InvalidOperationException($"lunar {lunarMonth}/{lunarDay} not found in {year}");
    }
}
