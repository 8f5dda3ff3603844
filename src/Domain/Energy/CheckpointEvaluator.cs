namespace Workflows.Domain.Energy;

/// <summary>One county at a year-end checkpoint.</summary>
/// <param name="County">County (县区).</param>
/// <param name="Units">Key energy-using units on its list.</param>
/// <param name="StartedByYearEnd">Units with at least one retrofit started by the checkpoint date.</param>
/// <param name="Share">Started / units.</param>
/// <param name="RequiredCumulativeShare">Programme share due by this year end.</param>
/// <param name="RequiredUnits">Units that must have started (rounded up).</param>
/// <param name="Met">Whether the checkpoint is met.</param>
/// <param name="Shortfall">Units still to start to meet it.</param>
public sealed record CountyCheckpointResult(
    string County,
    int Units,
    int StartedByYearEnd,
    decimal Share,
    decimal RequiredCumulativeShare,
    int RequiredUnits,
    bool Met,
    int Shortfall
);

/// <summary>The city at a checkpoint: counties, totals and savings against the programme target.</summary>
public sealed record CheckpointResult(
    int Year,
    DateOnly YearEnd,
    decimal RequiredCumulativeShare,
    IReadOnlyList<CountyCheckpointResult> Counties,
    int Units,
    int StartedByYearEnd,
    decimal Share,
    bool AllCountiesMet,
    decimal SavingCapacityTcePerYear,
    decimal SavingCapacityTargetTcePerYear,
    decimal SavingCapacityShareOfTarget,
    string Article
);

/// <summary>Evaluates the year-end shares of section 三 (每县区按年度比例组织实施).</summary>
public static class CheckpointEvaluator
{
    /// <summary>Per county: units, units with a retrofit started by the year end, share vs required cumulative share and
    /// shortfall; city totals; saving capacity of started projects against the section 二 target (22万吨标准煤/年).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside the programme.</exception>
    public static CheckpointResult Evaluate(
        RetrofitProgramme programme,
        int year,
        IEnumerable<KeyEnergyUnit> units,
        IEnumerable<RetrofitProject> projects
    )
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(projects);
        var checkpoint =
            programme.CheckpointFor(year)
            ?? throw new ArgumentOutOfRangeException(
                nameof(year),
                year,
                $"Programme {programme.Id} runs {programme.FirstYear}-{programme.LastYear}."
            );

        var unitList = units.ToList();
        var listed = unitList.Select(u => u.Uscc).ToHashSet(StringComparer.Ordinal);
        var started = projects.Where(p => p.StartedBy(checkpoint.YearEnd) && listed.Contains(p.UnitUscc)).ToList();
        var startedUnits = started.Select(p => p.UnitUscc).ToHashSet(StringComparer.Ordinal);

        var counties = unitList
            .GroupBy(u => u.County, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var count = g.Count();
                var done = g.Count(u => startedUnits.Contains(u.Uscc));
                var required = (int)Math.Ceiling(checkpoint.CumulativeShare * count);
                return new CountyCheckpointResult(
                    g.Key,
                    count,
                    done,
                    (decimal)done / count,
                    checkpoint.CumulativeShare,
                    required,
                    done >= required,
                    Math.Max(0, required - done)
                );
            })
            .ToList();

        var total = unitList.Count;
        var totalStarted = counties.Sum(c => c.StartedByYearEnd);
        var savings = started.Sum(p => p.ExpectedSavingsTcePerYear);
        var target = programme.Targets.EnergySavingCapacityTcePerYear;
        return new CheckpointResult(
            year,
            checkpoint.YearEnd,
            checkpoint.CumulativeShare,
            counties,
            total,
            totalStarted,
            total == 0 ? 0m : (decimal)totalStarted / total,
            counties.All(c => c.Met),
            savings,
            target,
            target == 0 ? 0m : savings / target,
            checkpoint.Article
        );
    }
}
