using System.Globalization;
using System.Reflection;
using Workflows.Domain.Texts;

namespace Workflows.Domain.Calendar;

/// <summary>
/// The official Chinese working-day calendar (2021-01-01..2099-12-31) and the legal period rules. Immutable: activating
/// an uploaded year returns a new instance. Years with a published State Council General Office notice are official;
/// others are provisional (statutory holidays only) and every result touching them says so.
/// </summary>
public sealed class LegalCalendar
{
    public static readonly DateOnly MinDate = new(2021, 1, 1);
    public static readonly DateOnly MaxDate = new(2099, 12, 31);

    public const string WorkingDaysRule = "working-days";
    public const string CalendarDaysRule = "calendar-days";
    public const string MonthsRule = "months";
    public const string YearsRule = "years";
    public const string NoticeWindowRule = "notice-window";
    public const string DaysBeforeRule = "days-before";

    // Administrative Licensing Law Art. 82: licensing time limits are counted in working days, excluding statutory
    // holidays; Decree 746 Art. 19: registration within 3 working days (extendable by 3).
    public const string WorkingDaysBasis =
        "Administrative Licensing Law Art. 82 (行政许可法第八十二条: 期限以工作日计算，不含法定节假日); Decree 746 Art. 19 (市场主体登记管理条例第十九条: 3个工作日内予以登记)";

    // Civil Code Art. 201: the start day is not counted; Art. 203: a last day falling on a statutory rest day moves to
    // the day after the rest days end.
    public const string CalendarDaysBasis =
        "Civil Code Art. 201 (民法典第二百零一条: 开始的当日不计入) and Art. 203 (第二百零三条: 最后一日是法定休假日的，以法定休假日结束的次日为最后一日)";

    // Civil Code Art. 202: for year/month periods the corresponding day of the end month is the last day, or the
    // month's last day when there is none; then Art. 203.
    public const string MonthsYearsBasis =
        "Civil Code Art. 202 (民法典第二百零二条: 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日) and Art. 203 (最后一日是法定休假日的顺延)";

    // Decree 746 Art. 33: 20-day public notice of simplified deregistration; Art. 40: 45-day public notice before
    // revoking a registration obtained by fraud. Civil Code Art. 201: the publication day is not counted.
    public const string NoticeWindowBasis =
        "Decree 746 Art. 33 (市场主体登记管理条例第三十三条: 公示期为20日) and Art. 40 (第四十条: 公示期为45日); Civil Code Art. 201 (开始的当日不计入)";

    // 发改办价格〔2021〕809号 二(五): prices published 提前3日 before the month; 二(六): the choice 每季度最后15日前. Civil
    // Code Art. 201: the day of the act is not counted, so N whole days lie between it and the fixed day.
    public const string DaysBeforeBasis =
        "发改办价格〔2021〕809号 二(五) (提前3日公布) and 二(六) (每季度最后15日前选择); Civil Code Art. 201 (民法典第二百零一条: 开始的当日不计入)";

    private const string ResourcePrefix = "Workflows.Domain.Data.Calendar";
    private const int MaxAmount = 36500;
    private static readonly Lazy<LegalCalendar> Embedded = new(BuildEmbedded);

    private readonly YearCalendar[] years;
    private readonly Dictionary<DateOnly, ListedDay> listed;
    private readonly DateOnly[] listedDates;
    private readonly bool[] working;
    private readonly int[] workingPrefix;
    private readonly int[] workingDayIndexes;

    private LegalCalendar(YearCalendar[] years)
    {
        this.years = years;
        listed = [];

        // Spill-over days (a notice listing the neighbouring year's New Year days) first; a year's own days win.
        foreach (var day in years.SelectMany(y => y.Days.Where(d => d.Date.Year != y.Year)))
        {
            if (day.Date >= MinDate && day.Date <= MaxDate)
            {
                listed[day.Date] = day;
            }
        }

        foreach (var day in years.SelectMany(y => y.Days.Where(d => d.Date.Year == y.Year)))
        {
            listed[day.Date] = day;
        }

        listedDates = [.. listed.Keys.Order()];

        // Prefix counts over the whole range: workingPrefix[i] = working days in [MinDate, MinDate + i]; the k-th
        // working day (0-based) is workingDayIndexes[k]. Both make working-day arithmetic O(1).
        var totalDays = MaxDate.DayNumber - MinDate.DayNumber + 1;
        working = new bool[totalDays];
        workingPrefix = new int[totalDays];
        var indexes = new List<int>(totalDays * 3 / 4);
        var count = 0;
        for (var i = 0; i < totalDays; i++)
        {
            var date = MinDate.AddDays(i);
            working[i] = listed.TryGetValue(date, out var day) ? !day.IsOffDay : !CalendarYearFile.IsWeekend(date);
            if (working[i])
            {
                count++;
                indexes.Add(i);
            }

            workingPrefix[i] = count;
        }

        workingDayIndexes = [.. indexes];
    }

    /// <summary>Official 2021–2026 from the embedded notices (src/Domain/Data/Calendar); provisional otherwise. Cached.</summary>
    public static LegalCalendar LoadEmbedded() => Embedded.Value;

    /// <summary>Years whose rest days come from a published notice.</summary>
    public IReadOnlyList<int> OfficialYears => years.Where(y => y.Status == YearStatus.Official).Select(y => y.Year).ToArray();

    public YearCalendar GetYear(int year)
    {
        if (year < MinDate.Year || year > MaxDate.Year)
        {
            throw new CalendarRangeException(
                $"year {year} is outside the supported calendar range {MinDate.Year}..{MaxDate.Year} (年份超出日历范围).",
                nameof(year),
                new DateOnly(Math.Clamp(year, 1, 9999), 1, 1)
            );
        }

        return years[year - MinDate.Year];
    }

    public CalendarDay Describe(DateOnly date)
    {
        var index = Index(date, nameof(date));
        var provisional = years[date.Year - MinDate.Year].IsProvisional;
        var weekend = CalendarYearFile.IsWeekend(date);
        return listed.TryGetValue(date, out var day)
            ? new CalendarDay(date, working[index], day.Name, !day.IsOffDay, weekend, provisional, day.Source)
            : new CalendarDay(date, working[index], null, false, weekend, provisional, null);
    }

    /// <summary>A listed make-up working day, or a Monday–Friday that is not a listed rest day.</summary>
    public bool IsWorkingDay(DateOnly date) => working[Index(date, nameof(date))];

    /// <summary>
    /// Working days in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>]; negative (minus the working
    /// days in (to, from]) when <paramref name="toInclusive"/> is earlier, e.g. for an overdue deadline.
    /// </summary>
    public int CountWorkingDaysBetween(DateOnly fromExclusive, DateOnly toInclusive) =>
        workingPrefix[Index(toInclusive, nameof(toInclusive))] - workingPrefix[Index(fromExclusive, nameof(fromExclusive))];

    /// <summary>
    /// The N-th working day after <paramref name="start"/> without the explanation (hot paths such as warning
    /// horizons); same rule as <see cref="AddWorkingDays"/>. O(1): prefix count of the start, then direct lookup.
    /// </summary>
    public DateOnly NthWorkingDayAfter(DateOnly start, int workingDays)
    {
        var startIndex = Index(start, nameof(start));
        RequireAmount(workingDays, nameof(workingDays));
        var target = workingPrefix[startIndex] + workingDays - 1;
        if (target >= workingDayIndexes.Length)
        {
            throw CalendarRangeException.ForResult(start, nameof(workingDays), $"The deadline of {workingDays} working days");
        }

        return MinDate.AddDays(workingDayIndexes[target]);
    }

    /// <summary>
    /// The deadline of <paramref name="period"/> starting on <paramref name="start"/> (the start day is never counted):
    /// the one entry every rule table's period goes through; the rule methods below are its counting rules.
    /// </summary>
    public DeadlineResult Compute(LegalPeriod period, DateOnly start)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.RuleId switch
        {
            WorkingDaysRule => AddWorkingDays(start, period.Amount),
            CalendarDaysRule => AddCalendarDays(start, period.Amount),
            MonthsRule => AddMonths(start, period.Amount),
            YearsRule => AddYears(start, period.Amount),
            DaysBeforeRule => DaysBefore(start, period.Amount),
            _ => NoticeWindow(start, period.Amount),
        };
    }

    /// <summary>Working-day period: the start day is not counted; the deadline is the N-th working day after it.</summary>
    public DeadlineResult AddWorkingDays(DateOnly start, int workingDays)
    {
        var deadline = NthWorkingDayAfter(start, workingDays);
        var lines = new ExplanationLines();
        lines.Add(
            $"Rule {WorkingDaysRule} (工作日期间): the start day is not counted; the deadline is working day no. {workingDays} after it. Rest days are skipped, make-up working days (调休上班) are counted.",
            "calendar.rule.working-days",
            ("days", workingDays)
        );
        AddBasis(lines, WorkingDaysBasis);
        AddStart(lines, start);
        var listedRestDays = AddListedDayLines(start, deadline, lines);
        var nonWorking = deadline.DayNumber - start.DayNumber - workingDays;
        var ordinaryWeekends = nonWorking - listedRestDays;
        if (ordinaryWeekends > 0)
        {
            lines.Add($"{ordinaryWeekends} ordinary weekend day(s) skipped.", "calendar.weekends-skipped", ("count", ordinaryWeekends));
        }

        return Result(WorkingDaysRule, WorkingDaysBasis, start, workingDays, deadline, lines, ResultKind.WorkingDay);
    }

    /// <summary>Day period for a party's act (Civil Code Arts. 201, 203).</summary>
    public DeadlineResult AddCalendarDays(DateOnly start, int days)
    {
        Index(start, nameof(start));
        RequireAmount(days, nameof(days));
        var end = AddDaysChecked(start, days, nameof(days), $"The end of {days} days");
        var lines = new ExplanationLines();
        lines.Add(
            $"Rule {CalendarDaysRule} (按日计算的期间): the start day is not counted; the last day is start + {days} days; if it is a rest day the deadline moves to the next working day.",
            "calendar.rule.calendar-days",
            ("days", days)
        );
        AddBasis(lines, CalendarDaysBasis);
        lines.Add(
            $"Start: {Day(start)} (not counted; counting begins {Day(start.AddDays(1))}).",
            "calendar.start-counting",
            ("start", start),
            ("first", start.AddDays(1))
        );
        lines.Add(
            $"Last day by count: {Day(start)} + {days} days = {Day(end)}.",
            "calendar.last-day-by-count",
            ("start", start),
            ("days", days),
            ("end", end)
        );
        return RollForward(CalendarDaysRule, CalendarDaysBasis, start, days, end, lines);
    }

    /// <summary>Month period (Civil Code Arts. 202, 203).</summary>
    public DeadlineResult AddMonths(DateOnly start, int months)
    {
        Index(start, nameof(start));
        RequireAmount(months, nameof(months));
        if (months > (MaxDate.Year - start.Year + 1) * 12)
        {
            throw CalendarRangeException.ForResult(start, nameof(months), $"The end of {months} months");
        }

        var end = start.AddMonths(months);
        var lines = new ExplanationLines();
        lines.Add(
            $"Rule {MonthsRule} (按月计算的期间): the start day is not counted; the last day is the same day-number in the end month, or that month's last day when there is none; then the rest-day rule.",
            "calendar.rule.months"
        );
        AddBasis(lines, MonthsYearsBasis);
        AddStart(lines, start);
        AddCorrespondingDay(lines, start, end, months, "month(s)");
        EnsureInRange(start, end, nameof(months), $"The end of {months} months");
        return RollForward(MonthsRule, MonthsYearsBasis, start, months, end, lines);
    }

    /// <summary>Year period (Civil Code Arts. 202, 203).</summary>
    public DeadlineResult AddYears(DateOnly start, int years)
    {
        Index(start, nameof(start));
        RequireAmount(years, nameof(years));
        if (years > MaxDate.Year - start.Year)
        {
            throw CalendarRangeException.ForResult(start, nameof(years), $"The end of {years} years");
        }

        var end = start.AddYears(years);
        var lines = new ExplanationLines();
        lines.Add(
            $"Rule {YearsRule} (按年计算的期间): the start day is not counted; the last day is the same month and day in the end year, or that month's last day when there is none (29 February); then the rest-day rule.",
            "calendar.rule.years"
        );
        AddBasis(lines, MonthsYearsBasis);
        AddStart(lines, start);
        AddCorrespondingDay(lines, start, end, years, "year(s)");
        EnsureInRange(start, end, nameof(years), $"The end of {years} years");
        return RollForward(YearsRule, MonthsYearsBasis, start, years, end, lines);
    }

    /// <summary>
    /// Public-notice window (公示期, the 20-day and 45-day notices): N calendar days beginning the day after
    /// publication; rest days count and the window is never extended.
    /// </summary>
    public DeadlineResult NoticeWindow(DateOnly publication, int days)
    {
        Index(publication, nameof(publication));
        RequireAmount(days, nameof(days));
        var windowEnd = AddDaysChecked(publication, days, nameof(days), $"The end of a {days}-day notice window");
        var windowStart = publication.AddDays(1);
        var restDays = (days - CountWorkingDaysBetween(publication, windowEnd)).ToString(CultureInfo.InvariantCulture);
        var lines = new ExplanationLines();
        lines.Add(
            $"Rule {NoticeWindowRule} (公示期): {days} calendar days beginning the day after publication; weekends and holidays inside the window are counted and the window is not extended (no roll-forward).",
            "calendar.rule.notice-window",
            ("days", days)
        );
        AddBasis(lines, NoticeWindowBasis);
        lines.Add($"Published: {Day(publication)} (not counted).", "calendar.published", ("date", publication));
        lines.Add(
            $"Window: first day {Day(windowStart)}, last day {Day(windowEnd)} ({days} days, of which {restDays} rest days, all counted).",
            "calendar.window",
            ("first", windowStart),
            ("last", windowEnd),
            ("days", days),
            ("restDays", restDays)
        );
        var result = Result(NoticeWindowRule, NoticeWindowBasis, publication, days, windowEnd, lines, ResultKind.NoticeWindow);
        return result with { WindowStart = windowStart, WindowEnd = windowEnd };
    }

    /// <summary>
    /// A time limit before a fixed day (提前N日): <paramref name="days"/> whole calendar days lie between the last day and
    /// <paramref name="fixedDay"/> (the day prices apply, the next quarter's first day), neither counted; rest days count
    /// and the last day is never moved, because moving it later would shorten the days the limit protects.
    /// </summary>
    public DeadlineResult DaysBefore(DateOnly fixedDay, int days)
    {
        Index(fixedDay, nameof(fixedDay));
        RequireAmount(days, nameof(days));
        var lastDay = fixedDay.AddDays(-days - 1);
        Index(lastDay, nameof(days));
        var lines = new ExplanationLines();
        lines.Add(
            $"Rule {DaysBeforeRule} (提前N日): {days} whole calendar days lie between the last day and the fixed day, neither counted; rest days count and the last day is not moved.",
            "calendar.rule.days-before",
            ("days", days)
        );
        AddBasis(lines, DaysBeforeBasis);
        lines.Add(
            $"Fixed day: {Day(fixedDay)}; the {days} days before it run {Day(fixedDay.AddDays(-days))} to {Day(fixedDay.AddDays(-1))}.",
            "calendar.fixed-day",
            ("date", fixedDay),
            ("first", fixedDay.AddDays(-days)),
            ("last", fixedDay.AddDays(-1)),
            ("days", days)
        );
        if (!IsWorkingDay(lastDay))
        {
            AddRestReason(lines, lastDay);
            lines.Add(
                $"The last day {Day(lastDay)} is not moved: the limit runs back from a fixed day in calendar days.",
                "calendar.not-moved",
                ("date", lastDay)
            );
        }

        return Result(DaysBeforeRule, DaysBeforeBasis, fixedDay, days, lastDay, lines, ResultKind.Deadline);
    }

    /// <summary>
    /// Validates an official year file (holiday-cn shape) and, when valid, returns a new calendar with the year
    /// official and the change event. When invalid, returns the errors; this calendar is never modified.
    /// </summary>
    public CalendarActivationResult TryActivate(int expectedYear, ReadOnlySpan<byte> utf8Json)
    {
        var (file, errors) = CalendarYearFile.Parse(expectedYear, utf8Json);
        if (file is null)
        {
            return new CalendarActivationResult(false, null, null, errors);
        }

        var previous = years[expectedYear - MinDate.Year];
        var replacement = YearCalendar.Official(file);
        var newYears = (YearCalendar[])years.Clone();
        newYears[expectedYear - MinDate.Year] = replacement;
        var calendar = new LegalCalendar(newYears);
        return new CalendarActivationResult(true, calendar, Compare(previous, replacement, calendar), []);
    }

    private CalendarYearChanged Compare(YearCalendar previous, YearCalendar replacement, LegalCalendar calendar)
    {
        static IReadOnlyList<DateOnly> Except(IEnumerable<ListedDay> a, IEnumerable<ListedDay> b) =>
            a.Select(d => d.Date).Except(b.Select(d => d.Date)).Order().ToArray();

        // A year file may touch the neighbouring year's New Year days, so compare a margin around the year.
        var from = Max(new DateOnly(replacement.Year, 1, 1).AddDays(-7), MinDate);
        var to = Min(new DateOnly(replacement.Year, 12, 31).AddDays(7), MaxDate);
        var flipped = new List<DateOnly>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date) != calendar.IsWorkingDay(date))
            {
                flipped.Add(date);
            }
        }

        return new CalendarYearChanged(
            replacement.Year,
            previous.Status,
            replacement.Status,
            replacement.Notice,
            replacement.Papers,
            Except(replacement.RestDays, previous.RestDays),
            Except(previous.RestDays, replacement.RestDays),
            Except(replacement.MakeUpWorkingDays, previous.MakeUpWorkingDays),
            Except(previous.MakeUpWorkingDays, replacement.MakeUpWorkingDays),
            flipped
        );
    }

    private DeadlineResult RollForward(string rule, string basis, DateOnly start, int amount, DateOnly end, ExplanationLines lines)
    {
        var deadline = end;
        while (!working[Index(deadline, nameof(start))])
        {
            AddRestReason(lines, deadline);
            deadline = AddDaysChecked(deadline, 1, nameof(amount), "The next working day");
        }

        if (deadline == end)
        {
            lines.Add($"{Day(end)} is a working day: no roll-forward.", "calendar.no-roll-forward", ("date", end));
        }
        else
        {
            lines.Add(
                $"The deadline moves to the next working day {Day(deadline)} (Civil Code Art. 203).",
                "calendar.rolled-forward",
                ("date", deadline)
            );
        }

        return Result(rule, basis, start, amount, deadline, lines, ResultKind.Deadline);
    }

    private enum ResultKind
    {
        WorkingDay,
        Deadline,
        NoticeWindow,
    }

    private DeadlineResult Result(
        string rule,
        string basis,
        DateOnly start,
        int amount,
        DateOnly deadline,
        ExplanationLines lines,
        ResultKind what
    )
    {
        // A limit before a fixed day ends before its start (DaysBefore): the years between, either way round.
        var (firstYear, lastYear) = start <= deadline ? (start.Year, deadline.Year) : (deadline.Year, start.Year);
        var provisionalYears = Enumerable
            .Range(firstYear, lastYear - firstYear + 1)
            .Where(y => years[y - MinDate.Year].IsProvisional)
            .ToArray();
        foreach (var year in provisionalYears)
        {
            var regulation = StatutoryHolidays.RegulationFor(year);
            if (rule == NoticeWindowRule)
            {
                lines.Add(
                    $"Provisional: {year} has no published State Council notice yet (its rest days follow {regulation}); a notice window counts every calendar day, so the window itself will not change.",
                    "calendar.provisional.notice-window",
                    ("year", year),
                    ("regulation", regulation)
                );
            }
            else
            {
                lines.Add(
                    $"Provisional: {year} has no published State Council notice yet; its rest days follow {regulation} and no make-up working days are assumed. Recompute when the notice is published.",
                    "calendar.provisional",
                    ("year", year),
                    ("regulation", regulation)
                );
            }
        }

        var deadlineUtc = ChinaTime.EndOfDayUtc(deadline);
        var utc = deadlineUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (whatText, code) = what switch
        {
            ResultKind.WorkingDay => ($"working day no. {amount}", "calendar.result.working-day"),
            ResultKind.NoticeWindow => ("last day of the notice window", "calendar.result.notice-window"),
            _ => ("deadline", "calendar.result.deadline"),
        };
        lines.Add(
            $"Result: {whatText} {Day(deadline)}; it ends at 24:00 China Standard Time (UTC+8) = {utc}.",
            code,
            ("amount", amount),
            ("date", deadline),
            ("utc", utc)
        );
        return new DeadlineResult(rule, basis, start, amount, deadline, deadlineUtc, provisionalYears.Length > 0, lines.English)
        {
            ExplanationLines = lines.Lines,
        };
    }

    private static void AddBasis(ExplanationLines lines, string basis) =>
        lines.Add($"Legal basis: {basis}.", "calendar.legal-basis", ("basis", basis));

    private static void AddStart(ExplanationLines lines, DateOnly start) =>
        lines.Add($"Start: {Day(start)} (not counted).", "calendar.start", ("date", start));

    // Lines for each listed day in (from, to]: rest days skipped and make-up days counted, with holiday name and notice.
    private int AddListedDayLines(DateOnly fromExclusive, DateOnly toInclusive, ExplanationLines lines)
    {
        var restDays = 0;
        var first = Array.BinarySearch(listedDates, fromExclusive.AddDays(1));
        for (var i = first < 0 ? ~first : first; i < listedDates.Length && listedDates[i] <= toInclusive; i++)
        {
            var day = listed[listedDates[i]];
            var kind = day.Provisional ? "provisional " : string.Empty;
            var args = new (string, object)[] { ("date", day.Date), ("name", day.Name), ("source", day.Source) };
            if (day.IsOffDay)
            {
                restDays++;
                lines.Add(
                    $"{Day(day.Date)} skipped: {kind}rest day {day.Name} ({day.Source})",
                    day.Provisional ? "calendar.skipped-provisional-rest-day" : "calendar.skipped-rest-day",
                    args
                );
            }
            else
            {
                lines.Add($"{Day(day.Date)} counted: make-up working day {day.Name} ({day.Source})", "calendar.counted-make-up-day", args);
            }
        }

        return restDays;
    }

    private void AddRestReason(ExplanationLines lines, DateOnly date)
    {
        if (!listed.TryGetValue(date, out var day))
        {
            lines.Add($"{Day(date)} is a rest day: weekend.", "calendar.rest-day.weekend", ("date", date));
            return;
        }

        lines.Add(
            $"{Day(date)} is a rest day: {(day.Provisional ? "provisional " : string.Empty)}rest day {day.Name} ({day.Source}).",
            day.Provisional ? "calendar.rest-day.provisional" : "calendar.rest-day.listed",
            ("date", date),
            ("name", day.Name),
            ("source", day.Source)
        );
    }

    // Civil Code Art. 202: the corresponding day of the end month, or the month's last day when there is none.
    private static void AddCorrespondingDay(ExplanationLines lines, DateOnly start, DateOnly end, int amount, string unit)
    {
        var code = unit == "year(s)" ? "calendar.corresponding-day.years" : "calendar.corresponding-day.months";
        if (end.Day == start.Day)
        {
            lines.Add($"Corresponding day: {Day(start)} + {amount} {unit} = {Day(end)}.", code, ("start", start), ("amount", amount), ("end", end));
            return;
        }

        lines.Add(
            $"No day {start.Day} in {end.ToString("yyyy-MM", CultureInfo.InvariantCulture)}: the month's last day {Day(end)} is the last day (Civil Code Art. 202).",
            "calendar.no-corresponding-day",
            ("day", start.Day),
            ("month", end.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
            ("end", end)
        );
    }

    private static int Index(DateOnly date, string paramName)
    {
        if (date < MinDate || date > MaxDate)
        {
            throw CalendarRangeException.ForInput(date, paramName);
        }

        return date.DayNumber - MinDate.DayNumber;
    }

    private static void RequireAmount(int amount, string paramName)
    {
        if (amount < 1 || amount > MaxAmount)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                amount,
                $"{paramName} must be between 1 and {MaxAmount} (a period of at least one unit; the start day is never counted)."
            );
        }
    }

    private static DateOnly AddDaysChecked(DateOnly date, int days, string paramName, string what)
    {
        if ((long)date.DayNumber + days > MaxDate.DayNumber)
        {
            throw CalendarRangeException.ForResult(date, paramName, what);
        }

        return date.AddDays(days);
    }

    private static void EnsureInRange(DateOnly start, DateOnly end, string paramName, string what)
    {
        if (end > MaxDate)
        {
            throw CalendarRangeException.ForResult(start, paramName, what);
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd ddd", CultureInfo.InvariantCulture);

    private static LegalCalendar BuildEmbedded()
    {
        var assembly = typeof(LegalCalendar).Assembly;
        var yearCalendars = Enumerable.Range(MinDate.Year, MaxDate.Year - MinDate.Year + 1).Select(YearCalendar.Provisional).ToArray();
        foreach (
            var name in assembly
                .GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        )
        {
            var year = int.Parse(name[^9..^5], CultureInfo.InvariantCulture); // "...Calendar/2024.json"
            var (file, errors) = CalendarYearFile.Parse(year, ReadResource(assembly, name));
            if (file is null)
            {
                throw new InvalidOperationException(
                    $"Embedded calendar {name} is invalid: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Rule}: {e.Message}"))}"
                );
            }

            yearCalendars[year - MinDate.Year] = YearCalendar.Official(file);
        }

        // Never fall back silently to an all-provisional calendar because the data files were not embedded.
        if (!yearCalendars.Any(y => y.Status == YearStatus.Official))
        {
            throw new InvalidOperationException(
                $"No embedded calendar year files found under {ResourcePrefix}; check the Data/**/*.json EmbeddedResource item."
            );
        }

        return new LegalCalendar(yearCalendars);
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream =
            assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
