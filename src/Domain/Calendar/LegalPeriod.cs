namespace Workflows.Domain.Calendar;

/// <summary>What a statutory period is measured in.</summary>
public enum PeriodUnit
{
    Days,
    WorkingDays,
    Months,
    Years,
}

/// <summary>How the last day of a statutory period is found (docs/laws/legal-calendar.md).</summary>
public enum CountingRule
{
    /// <summary>行政许可法第八十二条: counted in working days of the legal calendar, the start day not counted.</summary>
    WorkingDays,

    /// <summary>民法典第二百零一条至第二百零三条: the start day is not counted; days, months and years end on the
    /// corresponding day; a last day that is a rest day moves to the next working day.</summary>
    CivilCode,

    /// <summary>市场主体登记管理条例第三十三条、第四十条 (公示期为20日 / 45日): a public notice on the national enterprise credit
    /// information system runs N calendar days after publication; rest days count and the window never moves.</summary>
    NoticeWindow,

    /// <summary>发改办价格〔2021〕809号 二(五)、二(六) (提前3日公布, 每季度最后15日前选择): a time limit that runs back from a
    /// fixed day: N whole calendar days lie between the last day and that day, neither counted (民法典第二百零一条); rest
    /// days count and the last day never moves.</summary>
    DaysBefore,
}

/// <summary>
/// One statutory period: how long (<see cref="Amount"/> <see cref="Unit"/>), how its end is counted
/// (<see cref="Counting"/>) and the article that sets it. Every rule table declares its periods in this shape and
/// <see cref="LegalCalendar.Compute"/> is the one place a period becomes a deadline.
/// </summary>
/// <param name="Id">Stable id orchestrations ask for, e.g. <c>revocation-public-notice</c>.</param>
/// <param name="LegalBasis">The article that sets the period, e.g. "Decree 746 Art. 40 para 2".</param>
public sealed record LegalPeriod(string Id, int Amount, PeriodUnit Unit, CountingRule Counting, string LegalBasis)
{
    /// <summary>The <see cref="LegalCalendar"/> rule id the period is computed with (recorded in every deadline).</summary>
    public string RuleId =>
        (Unit, Counting) switch
        {
            (PeriodUnit.WorkingDays, CountingRule.WorkingDays) => LegalCalendar.WorkingDaysRule,
            (PeriodUnit.Days, CountingRule.CivilCode) => LegalCalendar.CalendarDaysRule,
            (PeriodUnit.Months, CountingRule.CivilCode) => LegalCalendar.MonthsRule,
            (PeriodUnit.Years, CountingRule.CivilCode) => LegalCalendar.YearsRule,
            (PeriodUnit.Days, CountingRule.NoticeWindow) => LegalCalendar.NoticeWindowRule,
            (PeriodUnit.Days, CountingRule.DaysBefore) => LegalCalendar.DaysBeforeRule,
            _ => throw new InvalidOperationException($"Period '{Id}': {Unit} cannot be counted by the {Counting} rule."),
        };

    /// <summary>Why the period cannot be computed (empty when it can): a positive amount, a unit its rule counts in.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add("The period needs an id.");
        }

        if (Amount <= 0)
        {
            problems.Add($"Period '{Id}': the amount must be positive, not {Amount}.");
        }

        if (string.IsNullOrWhiteSpace(LegalBasis))
        {
            problems.Add($"Period '{Id}': the legal basis is missing.");
        }

        var counts =
            (Unit, Counting)
            is
                (PeriodUnit.WorkingDays, CountingRule.WorkingDays)
                or
                (PeriodUnit.Days, CountingRule.NoticeWindow)
                or
                (PeriodUnit.Days, CountingRule.DaysBefore)
                or
                (PeriodUnit.Days or PeriodUnit.Months or PeriodUnit.Years, CountingRule.CivilCode);
        if (!counts)
        {
            problems.Add($"Period '{Id}': {Unit} cannot be counted by the {Counting} rule.");
        }

        return problems;
    }

    /// <summary>A period recorded before issue 13 by its rule id and amount (deadline requests in waiting histories).</summary>
    public static LegalPeriod FromRuleId(string id, string ruleId, int amount)
    {
        var (unit, counting) = ruleId switch
        {
            LegalCalendar.WorkingDaysRule => (PeriodUnit.WorkingDays, CountingRule.WorkingDays),
            LegalCalendar.CalendarDaysRule => (PeriodUnit.Days, CountingRule.CivilCode),
            LegalCalendar.MonthsRule => (PeriodUnit.Months, CountingRule.CivilCode),
            LegalCalendar.YearsRule => (PeriodUnit.Years, CountingRule.CivilCode),
            LegalCalendar.NoticeWindowRule => (PeriodUnit.Days, CountingRule.NoticeWindow),
            LegalCalendar.DaysBeforeRule => (PeriodUnit.Days, CountingRule.DaysBefore),
            _ => throw new ArgumentException($"Unknown period rule '{ruleId}'.", nameof(ruleId)),
        };
        return new LegalPeriod(id, amount, unit, counting, "recorded rule " + ruleId);
    }
}
