using NCrontab;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.Tests.Hosting;

/// <summary>Each TimerTrigger schedule is written in UTC (Flex Consumption has no WEBSITE_TIME_ZONE) but means a
/// China Standard Time (UTC+8, no DST) schedule; the two must fire at the same instants.</summary>
public sealed class SchedulesTests
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    public static TheoryData<string, string> SchedulePairs => new()
    {
        { Schedules.ComplianceSweepUtc, Schedules.ComplianceSweepChinaTime },
        { Schedules.HistoryPurgeUtc, Schedules.HistoryPurgeChinaTime },
    };

    [Theory]
    [MemberData(nameof(SchedulePairs))]
    public void UtcTwin_EveryDayOfLeapAndCommonYear_FiresAtSameInstantsAsChinaTimeSchedule(string utcSchedule, string chinaSchedule)
    {
        foreach (var year in new[] { 2024, 2025 })
        {
            var from = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(-1);
            var to = from.AddYears(1);

            var utcInstants = CrontabSchedule.Parse(utcSchedule, WithSeconds).GetNextOccurrences(from, to).ToList();
            var chinaInstants = CrontabSchedule.Parse(chinaSchedule, WithSeconds)
                .GetNextOccurrences(from + ChinaOffset, to + ChinaOffset)
                .Select(local => local - ChinaOffset)
                .ToList();

            Assert.NotEmpty(utcInstants);
            Assert.Equal(chinaInstants, utcInstants);
        }
    }
}
