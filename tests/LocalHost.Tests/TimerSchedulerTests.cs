using System.Globalization;

namespace Workflows.LocalHost.Tests;

/// <summary>Schedules are NCRONTAB expressions in China Standard Time (UTC+8); the scheduler must turn them into the
/// right UTC instants whatever the machine's time zone.</summary>
public sealed class TimerSchedulerTests
{
    [Theory]
    // 08:00 China time = 00:00 UTC; 00:30Z is already 08:30 China time, so the next run is the next China day.
    [InlineData("0 0 8 * * *", "2024-02-08T00:30:00Z", "2024-02-09T00:00:00Z")]
    [InlineData("0 0 8 * * *", "2024-02-07T23:59:00Z", "2024-02-08T00:00:00Z")]
    // Strictly after: exactly at an occurrence gives the next one.
    [InlineData("0 0 8 * * *", "2024-02-08T00:00:00Z", "2024-02-09T00:00:00Z")]
    // China midnight is 16:00 UTC the day before.
    [InlineData("0 0 0 * * *", "2024-02-08T15:00:00Z", "2024-02-08T16:00:00Z")]
    [InlineData("0 0 0 * * *", "2024-02-08T16:00:01Z", "2024-02-09T16:00:00Z")]
    // Leap day and year end, in China time.
    [InlineData("0 30 9 29 2 *", "2023-03-01T00:00:00Z", "2024-02-29T01:30:00Z")]
    [InlineData("0 0 0 1 1 *", "2024-12-31T15:59:59Z", "2024-12-31T16:00:00Z")]
    // First of the month at 08:00 China time: 2024-03-01 08:00 +08:00.
    [InlineData("0 0 8 1 * *", "2024-02-29T23:00:00Z", "2024-03-01T00:00:00Z")]
    // Weekdays only (Monday-Friday in China time): Saturday 2024-02-10 China time is skipped to Monday 02-12.
    [InlineData("0 0 9 * * 1-5", "2024-02-09T02:00:00Z", "2024-02-12T01:00:00Z")]
    // Every 15 seconds.
    [InlineData("*/15 * * * * *", "2024-02-08T00:00:07Z", "2024-02-08T00:00:15Z")]
    public void NextOccurrenceUtc_ChinaTimeSchedule_ReturnsUtcInstant(string schedule, string afterUtc, string expectedUtc)
    {
        var after = DateTimeOffset.Parse(afterUtc, CultureInfo.InvariantCulture);

        var next = TimerScheduler.NextOccurrenceUtc(schedule, after);

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void NextOccurrenceUtc_AfterGivenInOtherOffset_SameAsUtc()
    {
        var utc = TimerScheduler.NextOccurrenceUtc(
            "0 0 8 * * *",
            DateTimeOffset.Parse("2024-02-08T00:30:00Z", CultureInfo.InvariantCulture)
        );
        var shifted = TimerScheduler.NextOccurrenceUtc(
            "0 0 8 * * *",
            DateTimeOffset.Parse("2024-02-07T19:30:00-05:00", CultureInfo.InvariantCulture)
        );

        Assert.Equal(utc, shifted);
    }
}
