using Workflows.Domain.Calendar;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>The system clock moved forward by whole days, for both hosts of a test whose effect needs a working day of
/// the legal calendar (the compliance sweep skips rest days): run on a Saturday in China, it sweeps the next working day.
/// </summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset => offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    /// <summary>Today in China if it is a working day, else the next one (the embedded 2021–2026 calendar).</summary>
    public static ShiftedClock OnAWorkingDay()
    {
        var calendar = LegalCalendar.LoadEmbedded();
        var today = ChinaTime.Today(System);
        var days = 0;
        while (!calendar.IsWorkingDay(today.AddDays(days)))
        {
            days++;
        }

        return new ShiftedClock(TimeSpan.FromDays(days));
    }
}
