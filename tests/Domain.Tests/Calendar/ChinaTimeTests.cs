using Microsoft.Extensions.Time.Testing;
using Workflows.Domain.Calendar;
using static Workflows.Domain.Tests.Calendar.HolidayPeriodTests;

namespace Workflows.Domain.Tests.Calendar;

public sealed class ChinaTimeTests
{
    [Theory]
    [InlineData("2024-02-18T15:59:59Z", "2024-02-18")]
    [InlineData("2024-02-18T16:00:00Z", "2024-02-19")]
    [InlineData("2024-12-31T16:00:00Z", "2025-01-01")]
    public void ToLegalDate_UtcInstant_IsDateInChina(string instant, string expected)
    {
        var value = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(D(expected), ChinaTime.ToLegalDate(value));
        Assert.Equal(D(expected), ChinaTime.Today(new FakeTimeProvider(value)));
    }

    [Fact]
    public void EndOfDayUtc_DeadlineDay_Is1600UtcAndNextMidnightInChina()
    {
        var end = ChinaTime.EndOfDayUtc(D("2024-02-19"));

        Assert.Equal(new DateTimeOffset(2024, 2, 19, 16, 0, 0, TimeSpan.Zero), end);
        Assert.Equal(new DateTimeOffset(2024, 2, 20, 0, 0, 0, TimeSpan.FromHours(8)), end);
        Assert.Equal(new DateTimeOffset(2024, 2, 18, 16, 0, 0, TimeSpan.Zero), ChinaTime.StartOfDayUtc(D("2024-02-19")));
        Assert.Equal(TimeSpan.FromHours(8), ChinaTime.Offset);
        Assert.Equal(TimeSpan.Zero, end.Offset);
    }

}
