using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Cases;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;

namespace Workflows.Functions.Supervision;

/// <summary>Counts for one group of cases (an agency, a procedure, or all).</summary>
/// <param name="OnTimeRate">限时办结率 = closed on time / (closed with a legal limit + open cases already overdue); null
/// when there is neither. An open overdue case already missed its limit, so it counts against the agency now rather
/// than only once it is decided late (电子监察: 超期未办结 counts as 超期).</param>
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

/// <summary>One agency in one month (China time): cases that counted for the on-time rate (closed with a limit that
/// month, or fallen overdue that month and still open) and the overdue ones among them (closed late or open overdue).</summary>
public sealed record MonthStats(string Agency, string Month, int Rated, int OnTime, double? OnTimeRate, int Overdue);

/// <summary>A coal-substitution project's Q against what its ledger has booked (Henan measures Arts. 8, 15).</summary>
public sealed record CoalProgress(string CaseId, string Title, string Agency, decimal Q, decimal Achieved, decimal RequiredBeforeReview);

/// <summary>A county's cumulative share of key units retrofitting at a programme year end, against the programme's
/// 30/80/100 % (漯节减办〔2021〕7号 三).</summary>
public sealed record CountyShare(string ProgrammeCaseId, int Year, string County, decimal Share, decimal Required, bool Met);

/// <summary>The supervision statistics of a jurisdiction: totals, per agency (ranked) and per procedure; per agency and
/// month (on-time rate and overdue trend); the coal projects' progress and the retrofit counties' shares.</summary>
public sealed record SupervisionStats(
    string Agency,
    DateOnly Today,
    CaseStats Totals,
    IReadOnlyList<CaseStats> ByAgency,
    IReadOnlyList<CaseStats> ByProcedure,
    IReadOnlyList<MonthStats> ByAgencyMonth,
    IReadOnlyList<CoalProgress> Coal,
    IReadOnlyList<CountyShare> RetrofitCounties
);

public static class SupervisionStatistics
{
    public static SupervisionStats Compute(string agency, DateOnly today, IReadOnlyList<CaseRecord> cases) =>
        Compute(agency, today, [.. cases.Select(CaseListFacts.Of)], cases);

    /// <summary>The statistics from the list index's facts (issue 22: no case record is read to count); the coal
    /// projects' progress and the retrofit counties' shares from the records of those procedures' cases
    /// (<paramref name="detailed"/>: a handful per jurisdiction, read one by one).</summary>
    public static SupervisionStats Compute(
        string agency,
        DateOnly today,
        IReadOnlyList<CaseListFacts> cases,
        IReadOnlyList<CaseRecord> detailed
    ) =>
        new(
            agency,
            today,
            Of("all", cases, today),
            Rank(WithEveryAgency(agency, cases.GroupBy(c => c.Agency).Select(g => Of(g.Key, g.ToList(), today)).ToList(), today)),
            Rank(cases.GroupBy(c => c.Procedure).Select(g => Of(g.Key, g.ToList(), today))),
            Months(cases, today),
            CoalOf(detailed),
            CountiesOf(detailed)
        );

    /// <summary>The procedures whose charts need the case data, not only the index row.</summary>
    public static bool NeedsRecord(string procedure) =>
        procedure is CoalSubstitutionProcedure.ProcedureName or RetrofitProgrammeProcedure.ProcedureName;

    /// <summary>Per agency and month, oldest first: a closed case counts in the month it closed, an open overdue case in
    /// the month its deadline passed (the same reading as <see cref="Of"/>'s rate).</summary>
    public static IReadOnlyList<MonthStats> Months(IReadOnlyList<CaseRecord> cases, DateOnly today) =>
        Months([.. cases.Select(CaseListFacts.Of)], today);

    public static IReadOnlyList<MonthStats> Months(IReadOnlyList<CaseListFacts> cases, DateOnly today)
    {
        var rows = new List<(string Agency, string Month, bool OnTime, bool Overdue)>();
        foreach (var c in cases)
        {
            if (c.Closed && c.OnTime is { } onTime && c.ClosedUtc is { } closed)
            {
                rows.Add((c.Agency, Month(ChinaTime.ToLegalDate(closed)), onTime, !onTime));
            }
            else if (!c.Closed && c.Due is { } due && c.Light(today) == TrafficLight.Red)
            {
                rows.Add((c.Agency, Month(due), false, true));
            }
        }

        return rows.GroupBy(r => (r.Agency, r.Month))
            .OrderBy(g => g.Key.Month, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Agency, StringComparer.Ordinal)
            .Select(g =>
            {
                var onTime = g.Count(r => r.OnTime);
                return new MonthStats(g.Key.Agency, g.Key.Month, g.Count(), onTime, Math.Round((double)onTime / g.Count(), 4), g.Count(r => r.Overdue));
            })
            .ToList();
    }

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private static List<CoalProgress> CoalOf(IReadOnlyList<CaseRecord> cases) =>
        cases
            .Where(c => c.Procedure == CoalSubstitutionProcedure.ProcedureName && c.Data is not null)
            .Select(c => (Case: c, Data: CoalCaseData.From(c)))
            .Where(x => x.Data is not null)
            .Select(x => new CoalProgress(
                x.Case.Id,
                x.Case.Title,
                x.Case.Agency,
                x.Data!.Substitution.SubstitutionTonnes,
                x.Data.AchievedTonnes,
                x.Data.RequiredBeforeReview
            ))
            .OrderBy(p => p.CaseId, StringComparer.Ordinal)
            .ToList();

    // The latest evaluated year end of each programme, county by county.
    private static List<CountyShare> CountiesOf(IReadOnlyList<CaseRecord> cases) =>
        cases
            .Where(c => c.Procedure == RetrofitProgrammeProcedure.ProcedureName && c.Data is not null)
            .SelectMany(c =>
                c.Data!.Value.Deserialize<RetrofitProgrammeData>(CaseJson.Options)?.Results.OrderBy(r => r.Result.Year).LastOrDefault() is { } last
                    ? last.Result.Counties.Select(k => new CountyShare(c.Id, last.Result.Year, k.County, k.Share, k.RequiredCumulativeShare, k.Met))
                    : []
            )
            .ToList();

    /// <summary>Ranking (排名): highest on-time rate first, then fewest overdue, then code; groups without a rate (nothing
    /// closed with a limit and nothing overdue: "no data") after every rated group, 0 % included; groups without any
    /// case last of all.</summary>
    public static IReadOnlyList<CaseStats> Rank(IEnumerable<CaseStats> stats) =>
        stats
            .OrderBy(s => s.Total == 0)
            .ThenByDescending(s => s.OnTimeRate ?? -1)
            .ThenBy(s => s.Overdue)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();

    // Every agency of the jurisdiction is ranked: one without a case gets an empty row instead of no row.
    private static List<CaseStats> WithEveryAgency(string agency, List<CaseStats> byAgency, DateOnly today)
    {
        var present = byAgency.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return [.. byAgency, .. AdministrativeDivisions.Henan.Within(agency).Where(c => !present.Contains(c)).Select(c => Of(c, Array.Empty<CaseListFacts>(), today))];
    }

    public static CaseStats Of(string key, IReadOnlyList<CaseRecord> cases, DateOnly today) =>
        Of(key, [.. cases.Select(CaseListFacts.Of)], today);

    public static CaseStats Of(string key, IReadOnlyList<CaseListFacts> cases, DateOnly today)
    {
        var lights = cases.Select(c => c.Light(today)).ToList();
        var closed = cases.Where(c => c.Closed).ToList();
        var withLimit = closed.Where(c => c.OnTime is not null).ToList();
        var onTime = withLimit.Count(c => c.OnTime == true);
        var overdueOpen = lights.Count(l => l == TrafficLight.Red);
        var rated = withLimit.Count + overdueOpen;
        return new CaseStats(
            key,
            cases.Count,
            cases.Count - closed.Count,
            closed.Count,
            withLimit.Count,
            onTime,
            withLimit.Count - onTime,
            rated == 0 ? null : Math.Round((double)onTime / rated, 4),
            overdueOpen,
            lights.Count(l => l == TrafficLight.Green),
            lights.Count(l => l == TrafficLight.Yellow),
            lights.Count(l => l == TrafficLight.Red),
            lights.Count(l => l == TrafficLight.Grey)
        );
    }
}
