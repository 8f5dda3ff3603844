namespace Workflows.Domain.Calendar;

/// <summary>
/// One year of the legal calendar: official (from a State Council General Office notice, with its number and URLs)
/// or provisional (the statutory holidays of 全国年节及纪念日放假办法; no make-up working days are guessed).
/// </summary>
public sealed class YearCalendar
{
    private YearCalendar(
        int year,
        YearStatus status,
        string? notice,
        IReadOnlyList<string> papers,
        string? source,
        string? license,
        IReadOnlyList<ListedDay> days
    )
    {
        Year = year;
        Status = status;
        Notice = notice;
        Papers = papers;
        Source = source;
        License = license;
        Days = days;
        RestDays = days.Where(d => d.IsOffDay).ToArray();
        MakeUpWorkingDays = days.Where(d => !d.IsOffDay).ToArray();
    }

    public int Year { get; }

    public YearStatus Status { get; }

    public bool IsProvisional => Status == YearStatus.Provisional;

    /// <summary>The notice number, e.g. 国办发明电〔2023〕7号; null when provisional or not given in an uploaded file.</summary>
    public string? Notice { get; }

    /// <summary>URLs of the notice (gov.cn).</summary>
    public IReadOnlyList<string> Papers { get; }

    /// <summary>Where the data came from (and for provisional years the regulation used).</summary>
    public string? Source { get; }

    public string? License { get; }

    /// <summary>All listed days, sorted by date.</summary>
    public IReadOnlyList<ListedDay> Days { get; }

    /// <summary>Listed rest days (放假), including holiday days that fall on weekends.</summary>
    public IReadOnlyList<ListedDay> RestDays { get; }

    /// <summary>Listed make-up working days (调休上班); always empty for provisional years.</summary>
    public IReadOnlyList<ListedDay> MakeUpWorkingDays { get; }

    /// <summary>"notice / URL" as cited in explanations.</summary>
    public string Citation =>
        Status == YearStatus.Provisional
            ? $"{StatutoryHolidays.RegulationFor(Year)}; provisional: the State Council notice for {Year} is not yet published"
            : string.Join(" / ", new[] { Notice }.Concat(Papers).Where(s => !string.IsNullOrWhiteSpace(s)));

    internal static YearCalendar Official(CalendarYearFile file)
    {
        var citation = string.Join(" / ", new[] { file.Notice }.Concat(file.Papers).Where(s => !string.IsNullOrWhiteSpace(s)));
        var days = file
            .Days.Select(d => new ListedDay(d.Date, d.Name, d.IsOffDay, Provisional: false, citation))
            .OrderBy(d => d.Date)
            .ToArray();
        return new YearCalendar(file.Year, YearStatus.Official, file.Notice, file.Papers, file.Source, file.License, days);
    }

    internal static YearCalendar Provisional(int year)
    {
        var regulation = StatutoryHolidays.RegulationFor(year);
        var source = $"{regulation}; provisional: the State Council notice for {year} is not yet published";
        // Two holidays can share a date (中秋节 on 10-01, e.g. 2031): one rest day named after both, as the notices do.
        var days = StatutoryHolidays
            .For(year)
            .GroupBy(h => h.Date)
            .Select(g => new ListedDay(
                g.Key,
                string.Join("、", g.Select(h => h.Name).Distinct()),
                IsOffDay: true,
                Provisional: true,
                source
            ))
            .OrderBy(d => d.Date)
            .ToArray();
        return new YearCalendar(year, YearStatus.Provisional, null, [], regulation, null, days);
    }
}
