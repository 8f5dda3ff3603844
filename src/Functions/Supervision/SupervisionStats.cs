using Workflows.Domain.Cases;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Supervision;

/// <summary>Counts for one group of cases (an agency, a procedure, or all).</summary>
/// <param name="OnTimeRate">限时办结率 = closed on time / closed with a legal limit (null when none closed with a limit).</param>
public sealed record CaseStats(
    string Key,
    int Total,
    int Open,
    int Closed,
    int ClosedWithLimit,
    int ClosedOnTime,
    int ClosedLate,
    double? OnTimeRate,
    int Overdue,
    int Green,
    int Yellow,
    int Red,
    int Grey
);

/// <summary>The supervision statistics of a jurisdiction: totals, per agency (ranked) and per procedure.</summary>
public sealed record SupervisionStats(
    string Agency,
    DateOnly Today,
    CaseStats Totals,
    IReadOnlyList<CaseStats> ByAgency,
    IReadOnlyList<CaseStats> ByProcedure
);

public static class SupervisionStatistics
{
    public static SupervisionStats Compute(string agency, DateOnly today, IReadOnlyList<CaseRecord> cases) =>
        Compute(agency, today, [.. cases.Select(CaseListFacts.Of)]);

    /// <summary>The statistics from the list index's facts (issue 22: no case record is read to count).</summary>
    public static SupervisionStats Compute(string agency, DateOnly today, IReadOnlyList<CaseListFacts> cases) =>
        new(
            agency,
            today,
            Of("all", cases, today),
            Rank(cases.GroupBy(c => c.Agency).Select(g => Of(g.Key, g.ToList(), today))),
            Rank(cases.GroupBy(c => c.Procedure).Select(g => Of(g.Key, g.ToList(), today)))
        );

    /// <summary>Ranking (排名): highest on-time rate first, then fewest overdue, then code.</summary>
    public static IReadOnlyList<CaseStats> Rank(IEnumerable<CaseStats> stats) =>
        stats.OrderByDescending(s => s.OnTimeRate ?? -1).ThenBy(s => s.Overdue).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();

    public static CaseStats Of(string key, IReadOnlyList<CaseRecord> cases, DateOnly today) =>
        Of(key, [.. cases.Select(CaseListFacts.Of)], today);

    public static CaseStats Of(string key, IReadOnlyList<CaseListFacts> cases, DateOnly today)
    {
        var lights = cases.Select(c => c.Light(today)).ToList();
        var closed = cases.Where(c => c.Closed).ToList();
        var withLimit = closed.Where(c => c.OnTime is not null).ToList();
        var onTime = withLimit.Count(c => c.OnTime == true);
        return new CaseStats(
            key,
            cases.Count,
            cases.Count - closed.Count,
            closed.Count,
            withLimit.Count,
            onTime,
            withLimit.Count - onTime,
            withLimit.Count == 0 ? null : Math.Round((double)onTime / withLimit.Count, 4),
            lights.Count(l => l == TrafficLight.Red),
            lights.Count(l => l == TrafficLight.Green),
            lights.Count(l => l == TrafficLight.Yellow),
            lights.Count(l => l == TrafficLight.Red),
            lights.Count(l => l == TrafficLight.Grey)
        );
    }
}
