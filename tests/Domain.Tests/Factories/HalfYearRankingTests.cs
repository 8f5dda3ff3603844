using Workflows.Domain.Factories;

namespace Workflows.Domain.Tests.Factories;

/// <summary>漯政〔2021〕17号 二(二): 50:30:20 on total area, subsidised area and land-saving rate; top three rewarded,
/// last two criticised.</summary>
public sealed class HalfYearRankingTests
{
    private static readonly StandardFactoryRules Rules = StandardFactoryRules.Luohe;
    private static readonly HalfYear H = new(2021, 2);

    private static CountyFigures F(string county, decimal area, decimal subsidised, decimal rate) =>
        new(county, area, subsidised, rate, true);

    [Fact]
    public void Rank_EightCounties_WeighsFiftyThirtyTwentyOnTheBestCountysScale()
    {
        IReadOnlyList<CountyFigures> figures =
        [
            F("yuanhui", 40_000, 12_000, 0.40m),
            F("yancheng", 80_000, 30_000, 0.50m),
            F("shaoling", 20_000, 6_000, 0.20m),
            F("wuyang", 60_000, 15_000, 0.25m),
            F("linying", 50_000, 30_000, 0.45m),
            F("etdz", 10_000, 0, 0.10m),
            F("urban-rural", 30_000, 9_000, 0.30m),
        ];

        var result = HalfYearRanking.Rank(Rules, H, figures);

        // yancheng: 50 + 30 + 20 = 100; linying: 31.25 + 30 + 18 = 79.25; wuyang: 37.5 + 15 + 10 = 62.5;
        // yuanhui: 25 + 12 + 16 = 53; urban-rural: 18.75 + 9 + 12 = 39.75; shaoling: 12.5 + 6 + 8 = 26.5;
        // etdz: 6.25 + 0 + 4 = 10.25; xicheng reported nothing: 0.
        Assert.Equal(
            ["yancheng", "linying", "wuyang", "yuanhui", "urban-rural", "shaoling", "etdz", "xicheng"],
            result.Counties.Select(c => c.CountyId).ToList()
        );
        Assert.Equal([100m, 79.25m, 62.5m, 53m, 39.75m, 26.5m, 10.25m, 0m], result.Counties.Select(c => c.Score).ToList());
        Assert.Equal(
            [
                RankingOutcome.Rewarded,
                RankingOutcome.Rewarded,
                RankingOutcome.Rewarded,
                RankingOutcome.Neutral,
                RankingOutcome.Neutral,
                RankingOutcome.Neutral,
                RankingOutcome.Criticised,
                RankingOutcome.Criticised,
            ],
            result.Counties.Select(c => c.Outcome).ToList()
        );
        Assert.False(result.Counties[^1].Figures.Verified);
        Assert.Equal("漯政〔2021〕17号 二(二)", result.Article);
        Assert.Contains(
            result.Explanation,
            l => l.StartsWith("8. 西城区: 0", StringComparison.Ordinal) && l.Contains("按零计", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Rank_TieAtTheRewardCut_OrdersByAreaAndSaysSo()
    {
        IReadOnlyList<CountyFigures> figures =
        [
            F("yuanhui", 100, 100, 1m),
            F("yancheng", 50, 50, 0.5m),
            F("shaoling", 50, 50, 0.5m),
            F("wuyang", 50, 50, 0.5m),
        ];

        var result = HalfYearRanking.Rank(Rules, H, figures);

        Assert.Equal(["yuanhui", "yancheng", "shaoling", "wuyang"], result.Counties.Take(4).Select(c => c.CountyId).ToList());
        Assert.Equal(RankingOutcome.Neutral, result.Counties[3].Outcome);
        Assert.Contains(result.Explanation, l => l.StartsWith("第3名与第4名综合得分相同", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_NobodyReported_ScoresEveryoneZeroWithoutDividingByZero()
    {
        var result = HalfYearRanking.Rank(Rules, H, []);

        Assert.All(result.Counties, c => Assert.Equal(0m, c.Score));
        Assert.Equal(Rules.Counties.Select(c => c.Id), result.Counties.Select(c => c.CountyId));
        Assert.Equal(2, result.Counties.Count(c => c.Outcome == RankingOutcome.Criticised));
        Assert.DoesNotContain(result.Counties, c => c.Outcome == RankingOutcome.Rewarded);
    }

    [Fact]
    public void Rank_OneCountyReported_RewardsOnlyItNotTheZeros()
    {
        var result = HalfYearRanking.Rank(Rules, H, [F("yuanhui", 36_000, 20_400, 0.42m)]);

        Assert.Equal([("yuanhui", RankingOutcome.Rewarded)], result.Counties.Where(c => c.Outcome == RankingOutcome.Rewarded)
            .Select(c => (c.CountyId, c.Outcome)));
        Assert.Equal(RankingOutcome.Neutral, result.Counties[1].Outcome);
    }
}
