using NCrontab;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Tests.Supervision;

public sealed class SupervisionStatisticsTests
{
    private static readonly DateOnly Today = new(2024, 3, 12);

    private static CaseRecord Case(string id, bool closed, bool? onTime, DateOnly? due) =>
        new()
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

        // The open red case already missed its limit and counts against the rate (issue 16: the law's reading): 3 on
        // time of 4 closed with a limit + 1 open overdue = 0.6, not 3/4.
        Assert.Equal(
            (4, 3, 0.6, 1),
            (stats.Totals.ClosedWithLimit, stats.Totals.ClosedOnTime, stats.Totals.OnTimeRate, stats.Totals.Overdue)
        );
        Assert.Equal((1, 1, 5), (stats.Totals.Red, stats.Totals.Yellow, stats.Totals.Grey));
        Assert.Equal(["411102", "411100"], stats.ByAgency.Where(a => a.Total > 0).Select(a => a.Key));
        var city = stats.ByAgency.Single(a => a.Key == "411100");
        Assert.Equal((3, 2, 1, 0.5), (city.ClosedWithLimit, city.ClosedOnTime, city.ClosedLate, city.OnTimeRate));
        Assert.Equal(1.0, stats.ByProcedure.Single(p => p.Key == "coal-review").OnTimeRate);
    }

    [Fact]
    public void Rank_AgencyWithoutRateAndAgencyAtZero_ZeroRankedAboveNoData()
    {
        var cases = new[]
        {
            Case("REG-411102-20240301-AAAAAAAA", false, null, new DateOnly(2024, 3, 8)), // open overdue: 0 %
            Case("REG-411103-20240301-BBBBBBBB", false, null, new DateOnly(2024, 3, 20)), // green: no data yet
            Case("REG-411104-20240301-CCCCCCCC", true, true, null),
        };

        var ranked = SupervisionStatistics.Compute("411100", Today, cases).ByAgency;

        Assert.Equal(["411104", "411102", "411103"], ranked.Where(a => a.Total > 0).Select(a => a.Key));
        Assert.Equal([1.0, 0.0, null], ranked.Where(a => a.Total > 0).Select(a => a.OnTimeRate));
    }

    [Fact]
    public void Rank_AgenciesWithoutCases_ListedLastWithEmptyRows()
    {
        var cases = new[]
        {
            Case("REG-411103-20240301-BBBBBBBB", false, null, new DateOnly(2024, 3, 20)), // green: no data yet
            Case("REG-411102-20240301-AAAAAAAA", true, true, null),
        };

        var ranked = SupervisionStatistics.Compute("411100", Today, cases).ByAgency;

        // Luohe and its five districts and counties (GB/T 2260): the two with cases first, the four without after them.
        Assert.Equal(["411102", "411103", "411100", "411104", "411121", "411122"], ranked.Select(a => a.Key));
        Assert.All(ranked.Skip(2), a => Assert.Equal((0, 0, (double?)null), (a.Total, a.Overdue, a.OnTimeRate)));
    }

    [Fact]
    public void Compute_CountyJurisdiction_RanksOnlyItsOwnAgency()
    {
        var ranked = SupervisionStatistics.Compute("411121", Today, [Case("REG-411121-20240301-AAAAAAAA", true, true, null)]).ByAgency;

        Assert.Equal(["411121"], ranked.Select(a => a.Key));
    }

    [Fact]
    public void Months_ClosedAndOpenOverdue_CountInTheMonthTheyClosedOrFellOverdue()
    {
        var cases = new[]
        {
            Case("REG-411100-20240301-AAAAAAAA", true, true, null) with
            {
                ClosedUtc = new DateTimeOffset(2024, 1, 31, 17, 0, 0, TimeSpan.Zero),
            },
            Case("REG-411100-20240301-BBBBBBBB", true, false, null) with
            {
                ClosedUtc = new DateTimeOffset(2024, 2, 5, 2, 0, 0, TimeSpan.Zero),
            },
            Case("REG-411100-20240301-CCCCCCCC", false, null, new DateOnly(2024, 2, 20)), // red since February
            Case("REG-411100-20240301-DDDDDDDD", false, null, new DateOnly(2024, 3, 20)), // green: not counted
        };

        var months = SupervisionStatistics.Months(cases, Today);

        // 17:00 UTC on 31 January is 1 February in China: the month is China's.
        Assert.Equal([new MonthStats("411100", "2024-02", 3, 1, 0.3333, 2)], months);
    }

    [Fact]
    public void Compute_NothingClosedWithLimit_RateIsNull() =>
        Assert.Null(
            SupervisionStatistics.Compute("411100", Today, [Case("REG-411100-20240301-AAAAAAAA", false, null, Today)]).Totals.OnTimeRate
        );

    [Fact]
    public void NotificationDispatchUtc_ComparedWithChinaTimeSchedule_FiresAtSameInstants()
    {
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = true };
        var from = new DateTime(2024, 2, 9, 0, 0, 0, DateTimeKind.Utc).AddSeconds(-1);
        var to = from.AddDays(2);
        var offset = TimeSpan.FromHours(8);

        var utc = CrontabSchedule.Parse(Schedules.NotificationDispatchUtc, options).GetNextOccurrences(from, to).ToList();
        var china = CrontabSchedule
            .Parse(Schedules.NotificationDispatchChinaTime, options)
            .GetNextOccurrences(from + offset, to + offset)
            .Select(t => t - offset)
            .ToList();

        Assert.Equal(2 * 24 * 60, utc.Count);
        Assert.Equal(china, utc);
    }
}
