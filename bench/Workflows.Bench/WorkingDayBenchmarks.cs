using BenchmarkDotNet.Attributes;
using Workflows.Domain.Calendar;

namespace Workflows.Bench;

/// <summary>
/// LegalCalendar.NthWorkingDayAfter (prefix counts over 2021–2099, O(1) lookup) and AddWorkingDays (the same plus the
/// explanation lines) against a naive day-by-day loop over IsWorkingDay (no explanation) for N = 3, 20, 250.
/// </summary>
[MemoryDiagnoser]
public class WorkingDayBenchmarks
{
    private static readonly DateOnly Start = new(2024, 2, 8);
    private LegalCalendar calendar = null!;

    [Params(3, 20, 250)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => calendar = LegalCalendar.LoadEmbedded();

    [Benchmark(Baseline = true)]
    public DateOnly NaiveDayByDay()
    {
        var date = Start;
        for (var found = 0; found < N;)
        {
            date = date.AddDays(1);
            if (calendar.IsWorkingDay(date))
            {
                found++;
            }
        }

        return date;
    }

    [Benchmark]
    public DateOnly NthWorkingDayAfter() => calendar.NthWorkingDayAfter(Start, N);

    [Benchmark]
    public DateOnly AddWorkingDays() => calendar.AddWorkingDays(Start, N).Deadline;

    [Benchmark]
    public int CountWorkingDaysBetween() => calendar.CountWorkingDaysBetween(Start, Start.AddDays(N * 7 / 5));
}
