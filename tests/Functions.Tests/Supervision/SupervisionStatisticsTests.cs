using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Supervision;
using NCrontab;

namespace Workflows.Functions.Tests.Supervision;

public sealed class SupervisionStatisticsTests
{
    private static readonly DateOnly Today = new(2024, 3, 12);

    private static CaseRecord Case(string id, bool closed, bool? onTime, DateOnly? due) => new()
    {
        Id = id,
        Procedure = id.StartsWith("REG", StringComparison.Ordinal) ? "market-registration" : "coal-review",
        Agency = id.Split('-')[1],
        Title = id,
        State = closed ? "closed" : "open",
        CreatedUtc = DateTimeOffset.UnixEpoch,
        Closed = closed,
        OnTime = onTime,
        Late = onTime == false,
        Deadline = due is null ? null : SupervisionTestKit.Deadline(due.Value, due.Value.AddDays(-1)),
    };

    [Fact]
    public void Compute_ClosedOnTimeLateAndWithoutLimit_RateCountsOnlyClosedWithLimit()
    {
        var cases = new[]
        {
            Case("REG-411100-20240301-AAAAAAAA", true, true, null),
            Case("REG-411100-20240301-BBBBBBBB", true, true, null),
            Case("REG-411100-20240301-CCCCCCCC", true, false, null),
            Case("REG-411100-20240301-DDDDDDDD", true, null, null), // no legal limit: not in the rate
            Case("REG-411100-20240301-EEEEEEEE", false, null, new DateOnly(2024, 3, 8)), // red
            Case("COAL-411102-20240301-FFFFFFFF", true, true, null),
            Case("COAL-411102-20240301-GGGGGGGG", false, null, new DateOnly(2024, 3, 13)), // yellow
        };

        var stats = SupervisionStatistics.Compute("411100", Today, cases);

        Assert.Equal((4, 3, 0.75, 1), (stats.Totals.ClosedWithLimit, stats.Totals.ClosedOnTime, stats.Totals.OnTimeRate, stats.Totals.Overdue));
        Assert.Equal((1, 1, 5), (stats.Totals.Red, stats.Totals.Yellow, stats.Totals.Grey));
        Assert.Equal(["411102", "411100"], stats.ByAgency.Select(a => a.Key));
        var city = stats.ByAgency.Single(a => a.Key == "411100");
        Assert.Equal((3, 2, 1, 0.6667), (city.ClosedWithLimit, city.ClosedOnTime, city.ClosedLate, city.OnTimeRate));
        Assert.Equal(1.0, stats.ByProcedure.Single(p => p.Key == "coal-review").OnTimeRate);
    }

    [Fact]
    public void Compute_NothingClosedWithLimit_RateIsNull() =>
        Assert.Null(SupervisionStatistics.Compute("411100", Today, [Case("REG-411100-20240301-AAAAAAAA", false, null, Today)]).Totals.OnTimeRate);

    [Fact]
    public void NotificationDispatchUtc_ComparedWithChinaTimeSchedule_FiresAtSameInstants()
    {
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = true };
        var from = new DateTime(2024, 2, 9, 0, 0, 0, DateTimeKind.Utc).AddSeconds(-1);
        var to = from.AddDays(2);
        var offset = TimeSpan.FromHours(8);

        var utc = CrontabSchedule.Parse(Schedules.NotificationDispatchUtc, options).GetNextOccurrences(from, to).ToList();
        var china = CrontabSchedule.Parse(Schedules.NotificationDispatchChinaTime, options).GetNextOccurrences(from + offset, to + offset).Select(t => t - offset).ToList();

        Assert.Equal(2 * 24 * 60, utc.Count);
        Assert.Equal(china, utc);
    }
}
