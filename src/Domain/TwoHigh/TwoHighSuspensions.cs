using Workflows.Domain.Energy;

namespace Workflows.Domain.TwoHigh;

/// <summary>
/// （十八） on the coal procedure's own suspension mechanism (<see cref="RegionalSuspension"/>, read by its review gate):
/// a run of red months restricts the region's energy reviews (限批); a missed year suspends them, livelihood and
/// infrastructure projects excepted. Both cite the action plan, so a refused plan names the document.
/// </summary>
public static class TwoHighSuspensions
{
    /// <summary>限批 from the day the third red month is published, open while the run lasts.</summary>
    public static RegionalSuspension Restriction(TwoHighRules rules, ProjectLocation region, BarometerMonth month, int run, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(region);
        var first = Enumerable.Range(1, run - 1).Aggregate(month, (m, _) => m.Previous);
        return new RegionalSuspension(
            region.City,
            region.County,
            month.Year,
            from,
            null,
            $"“晴雨表”{first.Zh}至{month.Zh}连续{run}个月预警为红色，实施区域节能评估限批 / red on the barometer for {run} "
                + $"consecutive months ({first}–{month}): regional energy-review restriction",
            rules.Cite(rules.Barometer.Article)
        );
    }

    /// <summary>The missed year's suspension of this year's energy reviews, from the day it is recorded until restored.</summary>
    public static RegionalSuspension AnnualTargetsMissed(TwoHighRules rules, ProjectLocation region, int missedYear, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(region);
        var exempt = rules.AnnualTargets.ExemptPurposes;
        return new RegionalSuspension(
            region.City,
            region.County,
            missedYear,
            from,
            null,
            $"{missedYear}年度未完成能耗“双控”和污染物排放总量控制目标任务，暂停该区域{missedYear + 1}年度节能审查"
                + $"（{string.Join("和", exempt.Select(e => e.NameZh))}除外） / the {missedYear} dual-control and pollutant targets "
                + $"were missed: the region's {missedYear + 1} energy reviews are suspended "
                + $"({string.Join(" and ", exempt.Select(e => e.Code))} projects excepted)",
            rules.Cite(rules.AnnualTargets.Article)
        )
        {
            ExemptPurposes = [.. exempt.Select(e => e.Code)],
        };
    }
}

/// <summary>（三）: whether a project belongs on the two-high list.</summary>
public static class TwoHighScope
{
    /// <summary>Null when the project is two-high; otherwise why not, naming the field and the clause.</summary>
    public static ValidationError? Check(TwoHighRules rules, string? industry, decimal annualEnergyTce)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var scope = rules.ProjectScope;
        var cite = rules.Cite(scope.Article);
        if (rules.Industry(industry) is null)
        {
            return new ValidationError(
                "industry",
                "twohigh.project.industry",
                $"“{industry}”不属于“两高”行业（{string.Join("、", scope.Industries.Select(i => i.NameZh))}） / '{industry}' is not "
                    + $"a two-high industry ({string.Join(", ", scope.Industries.Select(i => i.Code))})",
                cite
            );
        }

        return annualEnergyTce < scope.MinimumAnnualEnergyTce
            ? new ValidationError(
                "annualEnergyTce",
                "twohigh.project.below-threshold",
                $"年综合能源消费量 {BarometerGrading.Num(annualEnergyTce)} 吨标准煤，低于1万吨标准煤 / {BarometerGrading.Num(annualEnergyTce)} "
                    + $"tce a year is below {BarometerGrading.Num(scope.MinimumAnnualEnergyTce)} tce",
                cite
            )
            : null;
    }
}

/// <summary>（十） 原则上五年内至少开展一次: where an operating project's five years start.</summary>
public static class TwoHighDiagnosis
{
    /// <summary>The last diagnosis (or the day of going into operation), not earlier than the plan's effective date
    /// (the table's reading: the plan starts no duty before it exists).</summary>
    public static DateOnly PeriodStart(TwoHighRules rules, DateOnly lastDiagnosisOrOperation)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return lastDiagnosisOrOperation < rules.EffectiveFrom ? rules.EffectiveFrom : lastDiagnosisOrOperation;
    }
}
