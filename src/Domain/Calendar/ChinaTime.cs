namespace Workflows.Domain.Calendar;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving). Legal dates of Chinese procedures are dates in this zone; a deadline
/// day ends at 24:00 CST, i.e. at 16:00 UTC of the same date, which is the instant orchestration timers use.
/// </summary>
public static class ChinaTime
{
    /// <summary>+08:00; China has observed no daylight saving time since 1991.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The calendar date in China at <paramref name="instant"/>.</summary>
    public static DateOnly ToLegalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>Today's legal date in China according to the injected clock (never the wall clock).</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return ToLegalDate(clock.GetUtcNow());
    }

    /// <summary>The end of <paramref name="legalDate"/> (24:00 CST) as a UTC instant: the date at 16:00 UTC.</summary>
    public static DateTimeOffset EndOfDayUtc(DateOnly legalDate) => StartOfDayUtc(legalDate).AddDays(1);

    /// <summary>The start of <paramref name="legalDate"/> (00:00 CST) as a UTC instant: the previous date at 16:00 UTC.</summary>
    public static DateTimeOffset StartOfDayUtc(DateOnly legalDate) =>
        new DateTimeOffset(legalDate.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();
}
