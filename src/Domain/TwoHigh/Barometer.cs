using System.Globalization;

namespace Workflows.Domain.TwoHigh;

/// <summary>A calendar month of the barometer, written <c>2021-09</c>.</summary>
public readonly record struct BarometerMonth(int Year, int Month) : IComparable<BarometerMonth>
{
    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public BarometerMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public BarometerMonth Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    /// <summary>2021年9月.</summary>
    public string Zh => $"{Year}年{Month}月";

    public static bool TryParse(string? text, out BarometerMonth value)
    {
        value = default;
        if (
            text is not { Length: 7 }
            || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || month is < 1 or > 12
            || year is < 2000 or > 2100
        )
        {
            return false;
        }

        value = new BarometerMonth(year, month);
        return true;
    }

    public int CompareTo(BarometerMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public static bool operator <(BarometerMonth a, BarometerMonth b) => a.CompareTo(b) < 0;

    public static bool operator >(BarometerMonth a, BarometerMonth b) => a.CompareTo(b) > 0;

    public static bool operator <=(BarometerMonth a, BarometerMonth b) => a.CompareTo(b) <= 0;

    public static bool operator >=(BarometerMonth a, BarometerMonth b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

/// <summary>The barometer's warning levels (一级预警 red, 二级 yellow, 三级 green).</summary>
public enum BarometerLight
{
    Green,
    Yellow,
    Red,
}

/// <summary>One region's figures for a month, each year to date: energy intensity (能耗强度) reduction against its
/// target progress, energy total (能耗总量) and coal total (煤炭消费总量) against their caps to date.</summary>
public sealed record BarometerFigures(
    decimal IntensityReductionPercent,
    decimal IntensityTargetPercent,
    decimal EnergyTotalTce,
    decimal EnergyCapTce,
    decimal CoalTotalTonnes,
    decimal CoalCapTonnes
);

/// <summary>An indicator's light and why, Chinese first.</summary>
public sealed record IndicatorLight(string Indicator, BarometerLight Light, string Explanation);

/// <summary>A region's light for the month: the worst of its three indicators, each explained.</summary>
public sealed record BarometerGrade(BarometerLight Light, IReadOnlyList<IndicatorLight> Indicators);

/// <summary>（十八） 晴雨表: grades a month's figures as the table reads the national barometer's levels.</summary>
public static class BarometerGrading
{
    public static BarometerGrade Grade(TwoHighRules rules, BarometerFigures f)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(f);
        IndicatorLight[] indicators =
        [
            Intensity(f),
            Total("energyTotal", "能耗总量", "energy total", f.EnergyTotalTce, f.EnergyCapTce, "tce", rules.Barometer.TotalWarningShare),
            Total("coalTotal", "煤炭消费总量", "coal total", f.CoalTotalTonnes, f.CoalCapTonnes, "t", rules.Barometer.TotalWarningShare),
        ];
        return new BarometerGrade(indicators.Max(i => i.Light), indicators);
    }

    private static IndicatorLight Intensity(BarometerFigures f)
    {
        var (actual, target) = (Num(f.IntensityReductionPercent), Num(f.IntensityTargetPercent));
        return f.IntensityReductionPercent < 0
            ? new("intensity", BarometerLight.Red, $"能耗强度不降反升（{actual}%） / Energy intensity rose ({actual} %)")
            : f.IntensityReductionPercent < f.IntensityTargetPercent
                ? new(
                    "intensity",
                    BarometerLight.Yellow,
                    $"能耗强度降低 {actual}%，未达进度目标 {target}% / Intensity fell {actual} %, short of the {target} % progress"
                )
                : new("intensity", BarometerLight.Green, $"能耗强度降低 {actual}%，达到进度目标 {target}% / Intensity met its progress");
    }

    private static IndicatorLight Total(string id, string zh, string en, decimal actual, decimal cap, string unit, decimal warning)
    {
        var text = $"{Num(actual)} / {Num(cap)} {unit}";
        return actual > cap ? new(id, BarometerLight.Red, $"{zh}超出控制目标（{text}） / The {en} is over its cap ({text})")
            : actual >= cap * warning ? new(id, BarometerLight.Yellow, $"{zh}接近控制目标（{text}） / The {en} nears its cap ({text})")
            : new(id, BarometerLight.Green, $"{zh}在控制目标内（{text}） / The {en} is within its cap ({text})");
    }

    internal static string Num(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);
}

/// <summary>What the month's light calls for under （十八）.</summary>
public enum BarometerAction
{
    None,

    /// <summary>连续2个月预警为红色: remind the region to step up its work.</summary>
    Reminder,

    /// <summary>连续3个月预警为红色: regional energy-review restriction (限批) begins.</summary>
    Restriction,

    /// <summary>The run of red months has ended: the restriction ends with it.</summary>
    LiftRestriction,
}

/// <summary>A month's light as the region's case records it.</summary>
public sealed record MonthLight(string Month, BarometerLight Light);

/// <summary>The run of red months ending with the month, and what it calls for.</summary>
public sealed record StreakAssessment(int ConsecutiveRed, BarometerAction Action, string Explanation);

/// <summary>（十八） 连续2个月 / 连续3个月: counts the run of red months and decides the action.</summary>
public static class RedStreak
{
    /// <param name="rules">The table in force.</param>
    /// <param name="history">The months recorded before, in any order (a gap breaks a run).</param>
    /// <param name="month">The month now published.</param>
    /// <param name="light">Its light.</param>
    /// <param name="restricted">Whether a restriction from an earlier run is in force.</param>
    public static StreakAssessment Assess(
        TwoHighRules rules,
        IEnumerable<MonthLight> history,
        BarometerMonth month,
        BarometerLight light,
        bool restricted
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(history);
        var lights = new Dictionary<BarometerMonth, BarometerLight>();
        foreach (var h in history)
        {
            if (BarometerMonth.TryParse(h.Month, out var m))
            {
                lights[m] = h.Light;
            }
        }

        lights[month] = light;
        var run = 0;
        for (var m = month; lights.TryGetValue(m, out var l) && l == BarometerLight.Red; m = m.Previous)
        {
            run++;
        }

        var b = rules.Barometer;
        var cite = rules.Cite(b.Article);
        if (run == 0)
        {
            return restricted
                ? new(0, BarometerAction.LiftRestriction, $"{month.Zh}预警不再为红色，区域节能评估限批结束 / {month} is not red: the restriction ends ({cite}).")
                : new(0, BarometerAction.None, $"{month.Zh}预警非红色 / {month} is not red ({cite}).");
        }

        if (run >= b.RestrictionAfterConsecutiveRed)
        {
            return new(
                run,
                restricted ? BarometerAction.None : BarometerAction.Restriction,
                $"连续{run}个月预警为红色，实施区域节能评估限批 / Red for {run} consecutive months: regional energy-review "
                    + $"restriction ({cite})."
            );
        }

        return run == b.ReminderAfterConsecutiveRed
            ? new(
                run,
                BarometerAction.Reminder,
                $"连续{run}个月预警为红色，提醒加大工作力度 / Red for {run} consecutive months: reminded to step up its work ({cite})."
            )
            : new(run, BarometerAction.None, $"连续{run}个月预警为红色 / Red for {run} consecutive month(s) ({cite}).");
    }
}
