using Workflows.Domain.Calendar;

namespace Workflows.Domain.Tests.Calendar;

/// <summary>
/// Expected values are taken by hand from the State Council General Office notices (国办发明电〔2020〕27号,
/// 〔2021〕11号, 〔2022〕16号, 〔2023〕7号, 〔2024〕12号, 〔2025〕7号), not from this code's output.
/// </summary>
public sealed class HolidayPeriodTests
{
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();

    // (holiday, first rest day, last rest day, make-up working days) per notice.
    public static TheoryData<string, string, string, string> Periods =>
        new()
        {
            { "春节", "2021-02-11", "2021-02-17", "2021-02-07,2021-02-20" },
            { "劳动节", "2021-05-01", "2021-05-05", "2021-04-25,2021-05-08" },
            { "国庆节", "2021-10-01", "2021-10-07", "2021-09-26,2021-10-09" },
            { "春节", "2022-01-31", "2022-02-06", "2022-01-29,2022-01-30" },
            { "劳动节", "2022-04-30", "2022-05-04", "2022-04-24,2022-05-07" },
            { "国庆节", "2022-10-01", "2022-10-07", "2022-10-08,2022-10-09" },
            { "春节", "2023-01-21", "2023-01-27", "2023-01-28,2023-01-29" },
            { "劳动节", "2023-04-29", "2023-05-03", "2023-04-23,2023-05-06" },
            { "国庆节", "2023-09-29", "2023-10-06", "2023-10-07,2023-10-08" },
            { "春节", "2024-02-10", "2024-02-17", "2024-02-04,2024-02-18" },
            { "劳动节", "2024-05-01", "2024-05-05", "2024-04-28,2024-05-11" },
            { "国庆节", "2024-10-01", "2024-10-07", "2024-09-29,2024-10-12" },
            { "春节", "2025-01-28", "2025-02-04", "2025-01-26,2025-02-08" },
            { "劳动节", "2025-05-01", "2025-05-05", "2025-04-27" },
            { "国庆节", "2025-10-01", "2025-10-08", "2025-09-28,2025-10-11" },
            { "春节", "2026-02-15", "2026-02-23", "2026-02-14,2026-02-28" },
            { "劳动节", "2026-05-01", "2026-05-05", "2026-05-09" },
            { "国庆节", "2026-10-01", "2026-10-07", "2026-09-20,2026-10-10" },
        };

    [Theory]
    [MemberData(nameof(Periods))]
    public void Describe_OfficialHolidayPeriod_RestDaysAndMakeUpDaysAsInNotice(string holiday, string first, string last, string makeUpDays)
    {
        var from = DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        var to = DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var day = Calendar.Describe(date);
            Assert.False(day.IsWorkingDay, $"{date} should be a rest day");
            Assert.Contains(holiday, day.HolidayName, StringComparison.Ordinal);
            Assert.False(day.Provisional);
            Assert.Contains("国办发明电", day.Source, StringComparison.Ordinal);
        }

        Assert.True(Calendar.IsWorkingDay(from.AddDays(-1)) || Calendar.Describe(from.AddDays(-1)).IsWeekend);
        foreach (var makeUp in makeUpDays.Split(',').Select(s => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture)))
        {
            var day = Calendar.Describe(makeUp);
            Assert.True(day.IsWorkingDay, $"{makeUp} is a make-up working day");
            Assert.True(day.IsMakeUpWorkingDay);
            Assert.True(day.IsWeekend);
            Assert.Contains(holiday, day.HolidayName, StringComparison.Ordinal);
        }
    }

    // (start, working days, expected deadline): the last working day before each holiday + 1 lands on the first
    // working day after it; days before/after make-up weekends + 1 land on the make-up day.
    [Theory]
    [InlineData("2021-02-05", 1, "2021-02-07")]
    [InlineData("2021-02-10", 1, "2021-02-18")]
    [InlineData("2021-02-19", 1, "2021-02-20")]
    [InlineData("2021-04-23", 1, "2021-04-25")]
    [InlineData("2021-04-30", 1, "2021-05-06")]
    [InlineData("2021-05-07", 1, "2021-05-08")]
    [InlineData("2021-09-24", 1, "2021-09-26")]
    [InlineData("2021-09-30", 1, "2021-10-08")]
    [InlineData("2021-10-08", 1, "2021-10-09")]
    [InlineData("2022-01-28", 1, "2022-01-29")]
    [InlineData("2022-01-28", 2, "2022-01-30")]
    [InlineData("2022-01-30", 1, "2022-02-07")]
    [InlineData("2022-04-22", 1, "2022-04-24")]
    [InlineData("2022-04-29", 1, "2022-05-05")]
    [InlineData("2022-05-06", 1, "2022-05-07")]
    [InlineData("2022-09-30", 1, "2022-10-08")]
    [InlineData("2022-10-08", 1, "2022-10-09")]
    [InlineData("2022-10-09", 1, "2022-10-10")]
    [InlineData("2023-01-20", 1, "2023-01-28")]
    [InlineData("2023-01-28", 1, "2023-01-29")]
    [InlineData("2023-04-21", 1, "2023-04-23")]
    [InlineData("2023-04-28", 1, "2023-05-04")]
    [InlineData("2023-05-05", 1, "2023-05-06")]
    [InlineData("2023-09-28", 1, "2023-10-07")]
    [InlineData("2023-10-08", 1, "2023-10-09")]
    [InlineData("2024-02-02", 1, "2024-02-04")]
    [InlineData("2024-02-09", 1, "2024-02-18")]
    [InlineData("2024-02-08", 3, "2024-02-19")]
    [InlineData("2024-02-08", 6, "2024-02-22")]
    [InlineData("2024-04-26", 1, "2024-04-28")]
    [InlineData("2024-04-30", 1, "2024-05-06")]
    [InlineData("2024-05-10", 1, "2024-05-11")]
    [InlineData("2024-09-27", 1, "2024-09-29")]
    [InlineData("2024-09-30", 1, "2024-10-08")]
    [InlineData("2024-10-11", 1, "2024-10-12")]
    [InlineData("2025-01-24", 1, "2025-01-26")]
    [InlineData("2025-01-27", 1, "2025-02-05")]
    [InlineData("2025-02-07", 1, "2025-02-08")]
    [InlineData("2025-04-25", 1, "2025-04-27")]
    [InlineData("2025-04-30", 1, "2025-05-06")]
    [InlineData("2025-09-26", 1, "2025-09-28")]
    [InlineData("2025-09-30", 1, "2025-10-09")]
    [InlineData("2025-10-10", 1, "2025-10-11")]
    [InlineData("2026-02-13", 1, "2026-02-14")]
    [InlineData("2026-02-14", 1, "2026-02-24")]
    [InlineData("2026-02-27", 1, "2026-02-28")]
    [InlineData("2026-04-30", 1, "2026-05-06")]
    [InlineData("2026-05-08", 1, "2026-05-09")]
    [InlineData("2026-09-18", 1, "2026-09-20")]
    [InlineData("2026-09-30", 1, "2026-10-08")]
    [InlineData("2026-10-09", 1, "2026-10-10")]
    public void AddWorkingDays_AroundOfficialHolidays_DeadlineAsInNotice(string start, int workingDays, string expected)
    {
        var result = Calendar.AddWorkingDays(D(start), workingDays);

        Assert.Equal(D(expected), result.Deadline);
        Assert.Equal("working-days", result.Rule);
        Assert.False(result.Provisional);
        Assert.Equal(workingDays, Calendar.CountWorkingDaysBetween(D(start), D(expected)));
    }

    [Fact]
    public void AddWorkingDays_SpringFestival2024_ExplainsSkippedAndMakeUpDays()
    {
        var result = Calendar.AddWorkingDays(D("2024-02-08"), 3);

        Assert.Contains(
            result.Explanation,
            l =>
                l
                == "2024-02-10 Sat skipped: rest day 春节 (国办发明电〔2023〕7号 / https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm)"
        );
        Assert.Contains(
            result.Explanation,
            l => l.StartsWith("2024-02-18 Sun counted: make-up working day 春节 (国办发明电〔2023〕7号", StringComparison.Ordinal)
        );
        Assert.Contains(result.Explanation, l => l.StartsWith("Start: 2024-02-08 Thu", StringComparison.Ordinal));
        Assert.Contains("Administrative Licensing Law Art. 82", result.LegalBasis, StringComparison.Ordinal);
        Assert.Contains("Decree 746 Art. 19", result.LegalBasis, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2024, 2, 19, 16, 0, 0, TimeSpan.Zero), result.DeadlineUtc);
        Assert.Contains(result.Explanation, l => l.Contains("2024-02-19T16:00:00Z", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_NewYear2023SpilledIntoPreviousYear_IsRestDayFromThe2023Notice()
    {
        var day = Calendar.Describe(D("2022-12-31"));

        Assert.False(day.IsWorkingDay);
        Assert.Equal("元旦", day.HolidayName);
        Assert.Contains("国办发明电〔2022〕16号", day.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2021, "国办发明电〔2020〕27号")]
    [InlineData(2022, "国办发明电〔2021〕11号")]
    [InlineData(2023, "国办发明电〔2022〕16号")]
    [InlineData(2024, "国办发明电〔2023〕7号")]
    [InlineData(2025, "国办发明电〔2024〕12号")]
    [InlineData(2026, "国办发明电〔2025〕7号")]
    public void GetYear_EmbeddedYear_IsOfficialAndNamesItsNotice(int year, string notice)
    {
        var calendar = Calendar.GetYear(year);

        Assert.Equal(YearStatus.Official, calendar.Status);
        Assert.Equal(notice, calendar.Notice);
        Assert.Contains(calendar.Papers, p => p.Contains("gov.cn", StringComparison.Ordinal));
        Assert.Contains("MIT", calendar.License, StringComparison.Ordinal);
        Assert.Contains("holiday-cn", calendar.Source, StringComparison.Ordinal);
        Assert.Contains(year, Calendar.OfficialYears);
    }

    [Fact]
    public void OfficialYears_Embedded_Are2021To2026()
    {
        Assert.Equal([2021, 2022, 2023, 2024, 2025, 2026], Calendar.OfficialYears);
    }

    internal static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
