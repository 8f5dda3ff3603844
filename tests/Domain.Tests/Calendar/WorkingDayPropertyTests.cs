using FsCheck;
using FsCheck.Xunit;
using Workflows.Domain.Calendar;

namespace Workflows.Domain.Tests.Calendar;

public sealed class WorkingDayPropertyTests
{
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();
    private static readonly DateOnly First = new(2021, 1, 1);

    [Property(MaxTest = 500)]
    public bool AddWorkingDays_SumOfPeriods_EqualsPeriodsInSequence(PositiveInt a, PositiveInt b, NonNegativeInt offset)
    {
        var start = First.AddDays(offset.Get % 3650);
        var x = (a.Get % 400) + 1;
        var y = (b.Get % 400) + 1;

        var whole = Calendar.AddWorkingDays(start, x + y).Deadline;
        var stepwise = Calendar.AddWorkingDays(Calendar.AddWorkingDays(start, x).Deadline, y).Deadline;
        return whole == stepwise;
    }

    [Property(MaxTest = 300)]
    public bool AddWorkingDays_AnyStart_MatchesDayByDayCount(PositiveInt n, NonNegativeInt offset)
    {
        var start = First.AddDays(offset.Get % 7000);
        var count = (n.Get % 60) + 1;

        var date = start;
        for (var found = 0; found < count;)
        {
            date = date.AddDays(1);
            if (Calendar.Describe(date).IsWorkingDay)
            {
                found++;
            }
        }

        return Calendar.AddWorkingDays(start, count).Deadline == date && Calendar.NthWorkingDayAfter(start, count) == date;
    }
}
