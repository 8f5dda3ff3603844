using System.Globalization;

namespace Workflows.Domain.Calendar;

/// <summary>A statutory holiday date of a year (全体公民放假的节日), with the Chinese name used in the notices.</summary>
/// <param name="Label">The specific day, e.g. 除夕 or 正月初一, for explanations.</param>
public sealed record StatutoryHoliday(DateOnly Date, string Name, string Label);

/// <summary>
/// The statutory holidays of 全国年节及纪念日放假办法 Art. 2 (national holidays regulation). From 2025 the version as
/// amended by State Council Decree 798 (2024-11-10): New Year's Day 1 day; Spring Festival 4 days (除夕 to 正月初三);
/// Qingming 1 (the solar term day); Labour Day 2 (May 1–2); Dragon Boat 1 (五月初五); Mid-Autumn 1 (八月十五);
/// National Day 3 (Oct 1–3). Before 2025 the 2013 version (Decree 644): Spring Festival 3 days (正月初一 to 初三) and
/// Labour Day 1 day (May 1). Used for provisional years and to validate uploaded official year files.
/// </summary>
public static class StatutoryHolidays
{
    public const string NewYear = "元旦";
    public const string SpringFestival = "春节";
    public const string Qingming = "清明节";
    public const string LabourDay = "劳动节";
    public const string DragonBoat = "端午节";
    public const string MidAutumn = "中秋节";
    public const string NationalDay = "国庆节";

    /// <summary>Citation used in explanations of provisional days.</summary>
    public static string RegulationFor(int year) =>
        year >= 2025
            ? "全国年节及纪念日放假办法 Art. 2 (as amended by State Council Decree 798, 2024)"
            : "全国年节及纪念日放假办法 Art. 2 (as amended by State Council Decree 644, 2013)";

    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>All statutory holiday dates of <paramref name="year"/>, sorted.</summary>
    public static IReadOnlyList<StatutoryHoliday> For(int year)
    {
        if (year < LegalCalendar.MinDate.Year || year > LegalCalendar.MaxDate.Year)
        {
            throw new CalendarRangeException(
                $"year {year} is outside the supported calendar range {LegalCalendar.MinDate.Year}..{LegalCalendar.MaxDate.Year}.",
                nameof(year),
                new DateOnly(Math.Clamp(year, 1, 9999), 1, 1)
            );
        }

        var amended2024 = year >= 2025;
        var list = new List<StatutoryHoliday> { new(new DateOnly(year, 1, 1), NewYear, "元旦") };

        var lunarNewYear = LunarDate(year, 1, 1);
        if (amended2024)
        {
            list.Add(new(lunarNewYear.AddDays(-1), SpringFestival, "除夕"));
        }

        list.Add(new(lunarNewYear, SpringFestival, "正月初一"));
        list.Add(new(lunarNewYear.AddDays(1), SpringFestival, "正月初二"));
        list.Add(new(lunarNewYear.AddDays(2), SpringFestival, "正月初三"));
        list.Add(new(SolarTerms.Qingming(year), Qingming, "清明"));
        list.Add(new(new DateOnly(year, 5, 1), LabourDay, "5月1日"));
        if (amended2024)
        {
            list.Add(new(new DateOnly(year, 5, 2), LabourDay, "5月2日"));
        }

        list.Add(new(LunarDate(year, 5, 5), DragonBoat, "五月初五"));
        list.Add(new(LunarDate(year, 8, 15), MidAutumn, "八月十五"));
        list.Add(new(new DateOnly(year, 10, 1), NationalDay, "10月1日"));
        list.Add(new(new DateOnly(year, 10, 2), NationalDay, "10月2日"));
        list.Add(new(new DateOnly(year, 10, 3), NationalDay, "10月3日"));
        list.Sort((a, b) => a.Date.CompareTo(b.Date));
        return list;
    }

    /// <summary>
    /// Gregorian date of lunar month/day in the lunar year that starts in Gregorian <paramref name="year"/>. The
    /// calendar numbers months in sequence including a leap month: GetLeapMonth returns the index of the leap month
    /// (e.g. 7 for 闰六月), so a regular month at or after it has index month + 1.
    /// </summary>
    internal static DateOnly LunarDate(int year, int month, int day)
    {
        var leapMonth = Lunar.GetLeapMonth(year);
        var index = leapMonth != 0 && leapMonth <= month ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
