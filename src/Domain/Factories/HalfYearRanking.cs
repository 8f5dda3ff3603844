using System.Globalization;

namespace Workflows.Domain.Factories;

/// <summary>A county's figures for the half-year as verified by the city (zeros when it reported nothing).</summary>
/// <param name="Verified">False when the county's submission was not verified by the ranking (missing, late or returned).</param>
public sealed record CountyFigures(
    string CountyId,
    decimal TotalAreaSquareMetres,
    decimal SubsidisedAreaSquareMetres,
    decimal LandSavingRate,
    bool Verified
);

public enum RankingOutcome
{
    Rewarded,
    Neutral,
    Criticised,
}

/// <summary>One county's place: its three weighted part scores (each out of its weight), its score out of 100 and its outcome.</summary>
public sealed record RankedCounty(
    int Rank,
    string CountyId,
    string CountyName,
    decimal AreaScore,
    decimal SubsidisedScore,
    decimal LandSavingScore,
    decimal Score,
    RankingOutcome Outcome,
    CountyFigures Figures
);

/// <summary>The half-year's ranking with its explanation lines (Chinese first).</summary>
public sealed record HalfYearRankingResult(
    string HalfYear,
    IReadOnlyList<RankedCounty> Counties,
    IReadOnlyList<string> Explanation,
    string Article
);

/// <summary>
/// 漯政〔2021〕17号 二(二): 每半年对各县区（功能区）认定的多层标准化厂房建筑总面积、补贴面积、节地率按照50：30：20的权重进行
/// 综合排序; the first three are rewarded, the last two criticised and their land quota deducted. Each measure is put on
/// the scale of the best county (the table's <c>scaleReading</c>); every county of the table is ranked, those without
/// verified figures with zeros. A county that scores nothing is never rewarded: the reward is for the 先进县区（功能区）of
/// standard-factory construction (二(二) 用于奖励多层标准化厂房建设先进县区), so its place among the first three stays empty.
/// </summary>
public static class HalfYearRanking
{
    public static HalfYearRankingResult Rank(StandardFactoryRules rules, HalfYear halfYear, IReadOnlyList<CountyFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(figures);
        var r = rules.Ranking;
        var byCounty = figures.ToDictionary(f => f.CountyId, StringComparer.Ordinal);
        var all = rules
            .Counties.Select(
                (c, i) => (County: c, Order: i, Figures: byCounty.GetValueOrDefault(c.Id) ?? new CountyFigures(c.Id, 0, 0, 0, false))
            )
            .ToList();
        var maxArea = all.Max(c => c.Figures.TotalAreaSquareMetres);
        var maxSubsidised = all.Max(c => c.Figures.SubsidisedAreaSquareMetres);
        var maxRate = all.Max(c => c.Figures.LandSavingRate);
        var scored = all.Select(c =>
            {
                var area = Part(c.Figures.TotalAreaSquareMetres, maxArea, r.TotalAreaWeight);
                var subsidised = Part(c.Figures.SubsidisedAreaSquareMetres, maxSubsidised, r.SubsidisedAreaWeight);
                var rate = Part(c.Figures.LandSavingRate, maxRate, r.LandSavingRateWeight);
                return (c.County, c.Order, c.Figures, Area: area, Subsidised: subsidised, Rate: rate, Score: area + subsidised + rate);
            })
            .OrderByDescending(c => c.Score)
            .ThenByDescending(c => c.Figures.TotalAreaSquareMetres)
            .ThenByDescending(c => c.Figures.SubsidisedAreaSquareMetres)
            .ThenBy(c => c.Order)
            .ToList();
        var ranked = scored
            .Select(
                (c, i) =>
                    new RankedCounty(
                        i + 1,
                        c.County.Id,
                        c.County.Name,
                        c.Area,
                        c.Subsidised,
                        c.Rate,
                        c.Score,
                        i < r.Rewarded && c.Score > 0 ? RankingOutcome.Rewarded
                            : i >= scored.Count - r.Criticised ? RankingOutcome.Criticised
                            : RankingOutcome.Neutral,
                        c.Figures
                    )
            )
            .ToList();
        return new HalfYearRankingResult(
            halfYear.ToString(),
            ranked,
            Explain(rules, halfYear, ranked, maxArea, maxSubsidised, maxRate),
            rules.Cite("二(二)")
        );
    }

    /// <summary>A measure on the best county's scale, rounded to 0.01 point (the best scores the full weight).</summary>
    private static decimal Part(decimal value, decimal best, int weight) =>
        best <= 0 ? 0m : Math.Round(value / best * weight, 2, MidpointRounding.AwayFromZero);

    private static List<string> Explain(
        StandardFactoryRules rules,
        HalfYear halfYear,
        List<RankedCounty> ranked,
        decimal maxArea,
        decimal maxSubsidised,
        decimal maxRate
    )
    {
        var r = rules.Ranking;
        var lines = new List<string>
        {
            $"{halfYear.Zh}综合排序：建筑总面积、补贴面积、节地率权重 {r.TotalAreaWeight}:{r.SubsidisedAreaWeight}:{r.LandSavingRateWeight}"
                + $"，各项以最高县区为满分 / {halfYear} ranking: total area, subsidised area and land-saving rate weighted "
                + $"{r.TotalAreaWeight}:{r.SubsidisedAreaWeight}:{r.LandSavingRateWeight}, each on the best county's scale "
                + $"(best: {Num(maxArea)} m², {Num(maxSubsidised)} m², {Num(maxRate)}).",
        };
        lines.AddRange(
            ranked.Select(c =>
                $"{c.Rank}. {c.CountyName}: {Num(c.Score)} = {Num(c.AreaScore)} + {Num(c.SubsidisedScore)} + {Num(c.LandSavingScore)}"
                + $" ({Num(c.Figures.TotalAreaSquareMetres)} m², {Num(c.Figures.SubsidisedAreaSquareMetres)} m², "
                + $"{Num(c.Figures.LandSavingRate)})"
                + (c.Figures.Verified ? "" : " 未经核实或未报送，按零计 / not verified or not reported: counted as zero")
                + c.Outcome switch
                {
                    RankingOutcome.Rewarded => " → 给予奖励 / rewarded",
                    RankingOutcome.Criticised => " → 通报批评并扣减用地指标 / criticised, land quota deducted",
                    _ => "",
                }
            )
        );
        foreach (var cut in new[] { r.Rewarded, ranked.Count - r.Criticised })
        {
            if (cut > 0 && cut < ranked.Count && ranked[cut - 1].Score == ranked[cut].Score)
            {
                lines.Add(
                    $"第{cut}名与第{cut + 1}名综合得分相同（{Num(ranked[cut].Score)}），按建筑总面积、补贴面积、名单顺序排定 / "
                        + $"places {cut} and {cut + 1} tie on {Num(ranked[cut].Score)}: ordered by total area, subsidised area, list order."
                );
            }
        }

        return lines;
    }

    private static string Num(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);
}
