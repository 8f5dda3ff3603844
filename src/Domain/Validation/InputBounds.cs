using System.Globalization;
using Workflows.Domain.Calendar;

namespace Workflows.Domain.Validation;

/// <summary>One refused input value: the field (JSON path or parameter), the rule id and a message, Chinese first.</summary>
public sealed record InputProblem(string Field, string Rule, string Message);

/// <summary>
/// A declared range for one kind of number (tonnes, percentages, years, money, counts), checked before any arithmetic:
/// every bound is far below decimal's 7.9 × 10^28, so a product or sum of bounded values cannot overflow.
/// </summary>
public sealed record NumberRange(decimal Min, decimal Max, string UnitZh, string UnitEn)
{
    public const string Rule = "number.range";

    /// <summary>Physical tonnes of coal or tce for one project or source: Henan's whole annual coal use is about
    /// 2 × 10^8 t, so 10^8 t for one project is already absurd but still representable.</summary>
    public static readonly NumberRange Tonnes = new(0m, 100_000_000m, "吨", "tonnes");

    public static readonly NumberRange Percent = new(0m, 100m, "%", "percent");

    /// <summary>A calendar year a target or a programme can name (the State Council notices start in 2021).</summary>
    public static readonly NumberRange Year = new(2000m, 2100m, "年", "year");

    /// <summary>Registered capital or a contribution in yuan (10^13 = ten trillion yuan).</summary>
    public static readonly NumberRange Yuan = new(0m, 10_000_000_000_000m, "元", "yuan");

    public static readonly NumberRange Count = new(0m, 1_000_000m, "个", "count");

    /// <summary>Null when <paramref name="value"/> is inside the range, else the problem naming <paramref name="field"/>.</summary>
    public InputProblem? Check(string field, decimal value) =>
        value >= Min && value <= Max
            ? null
            : new InputProblem(
                field,
                Rule,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"“{field}”须在 {Min:0.##} 至 {Max:0.##} {UnitZh} 之间 / '{field}' must be from {Min:0.##} to {Max:0.##} {UnitEn}; got {value:0.####}."
                )
            );
}

/// <summary>
/// Dates an input may carry: within the years the legal calendar covers (its official years and the provisional years
/// after them, up to next year) and within the procedure's plausible window. Outside, no deadline can be computed, so
/// the input is refused with <see cref="Rule"/> instead of opening a case that can never take its next step.
/// </summary>
public static class LegalDateRange
{
    public const string Rule = "calendar.range";

    /// <summary>The first day the calendar covers (the first State Council notice in the embedded data).</summary>
    public static DateOnly FirstDay => LegalCalendar.MinDate;

    /// <summary>The last day the calendar covers as of <paramref name="today"/>: 31 December of the later of next year
    /// (provisional) and the last official year.</summary>
    public static DateOnly LastDay(DateOnly today, IEnumerable<int> officialYears)
    {
        var year = Math.Max(today.Year + 1, officialYears.DefaultIfEmpty(today.Year).Max());
        var last = new DateOnly(Math.Min(year, LegalCalendar.MaxDate.Year), 12, 31);
        return last > LegalCalendar.MaxDate ? LegalCalendar.MaxDate : last;
    }

    /// <summary>Null when <paramref name="date"/> is in [<paramref name="earliest"/>, <paramref name="latest"/>], else the problem.</summary>
    public static InputProblem? Check(string field, DateOnly date, DateOnly earliest, DateOnly latest) =>
        date >= earliest && date <= latest
            ? null
            : new InputProblem(
                field,
                Rule,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"“{field}” {date:yyyy-MM-dd} 超出法定日历覆盖的范围 {earliest:yyyy-MM-dd} 至 {latest:yyyy-MM-dd} / '{field}' {date:yyyy-MM-dd} is outside "
                        + $"the range the legal calendar covers here, {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}: no deadline can be computed from it."
                )
            );
}
