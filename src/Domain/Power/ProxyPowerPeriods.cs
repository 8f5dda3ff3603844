using System.Globalization;

namespace Workflows.Domain.Power;

/// <summary>A calendar month, written <c>2021-12</c>: proxy prices are measured and published per month (二(五) 按月测算).</summary>
public readonly record struct PowerMonth(int Year, int Month) : IComparable<PowerMonth>
{
    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public PowerMonth Previous => Of(FirstDay.AddDays(-1));

    public PowerMonth Next => Of(FirstDay.AddMonths(1));

    public PowerQuarter Quarter => PowerQuarter.Of(FirstDay);

    public static PowerMonth Of(DateOnly date) => new(date.Year, date.Month);

    public static bool TryParse(string? text, out PowerMonth value)
    {
        value = default;
        if (
            text is not { Length: 7 }
            || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 2000
            || month is < 1 or > 12
        )
        {
            return false;
        }

        value = new PowerMonth(year, month);
        return true;
    }

    public int CompareTo(PowerMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public static bool operator <(PowerMonth a, PowerMonth b) => a.CompareTo(b) < 0;

    public static bool operator >(PowerMonth a, PowerMonth b) => a.CompareTo(b) > 0;

    public static bool operator <=(PowerMonth a, PowerMonth b) => a.CompareTo(b) <= 0;

    public static bool operator >=(PowerMonth a, PowerMonth b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-{Month:D2}";

    /// <summary>2021年12月.</summary>
    public string Zh => $"{Year}年{Month}月";
}

/// <summary>A calendar quarter, written <c>2021-Q4</c>: the choice to trade directly is made per quarter (二(六)).</summary>
public readonly record struct PowerQuarter(int Year, int Number) : IComparable<PowerQuarter>
{
    private static readonly string[] Numerals = ["一", "二", "三", "四"];

    public DateOnly FirstDay => new(Year, (Number * 3) - 2, 1);

    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);

    public PowerQuarter Next => Of(FirstDay.AddMonths(3));

    public static PowerQuarter Of(DateOnly date) => new(date.Year, ((date.Month - 1) / 3) + 1);

    public bool Contains(DateOnly date) => date >= FirstDay && date <= LastDay;

    public static bool TryParse(string? text, out PowerQuarter value)
    {
        value = default;
        if (
            text is not { Length: 7 }
            || text[4] != '-'
            || text[5] != 'Q'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year < 2000
            || text[6] is not (>= '1' and <= '4')
        )
        {
            return false;
        }

        value = new PowerQuarter(year, text[6] - '0');
        return true;
    }

    public int CompareTo(PowerQuarter other) => (Year, Number).CompareTo((other.Year, other.Number));

    public static bool operator <(PowerQuarter a, PowerQuarter b) => a.CompareTo(b) < 0;

    public static bool operator >(PowerQuarter a, PowerQuarter b) => a.CompareTo(b) > 0;

    public static bool operator <=(PowerQuarter a, PowerQuarter b) => a.CompareTo(b) <= 0;

    public static bool operator >=(PowerQuarter a, PowerQuarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-Q{Number}";

    /// <summary>2021年第四季度.</summary>
    public string Zh => $"{Year}年第{Numerals[Number - 1]}季度";
}
