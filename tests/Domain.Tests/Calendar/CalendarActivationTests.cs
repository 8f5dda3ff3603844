using System.Text;
using System.Text.Json;
using Workflows.Domain.Calendar;
using static Workflows.Domain.Tests.Calendar.HolidayPeriodTests;

namespace Workflows.Domain.Tests.Calendar;

public sealed class CalendarActivationTests
{
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();

    // A plausible 2027 notice (hypothetical: the real one is not published): every statutory day is covered.
    private static readonly (string Name, string Date, bool Off)[] Valid2027 =
    [
        ("元旦", "2027-01-01", true),
        ("元旦", "2027-01-02", true),
        ("元旦", "2027-01-03", true),
        ("春节", "2027-02-05", true),
        ("春节", "2027-02-06", true),
        ("春节", "2027-02-07", true),
        ("春节", "2027-02-08", true),
        ("春节", "2027-02-09", true),
        ("春节", "2027-02-10", true),
        ("春节", "2027-02-11", true),
        ("春节", "2027-02-20", false),
        ("清明节", "2027-04-03", true),
        ("清明节", "2027-04-04", true),
        ("清明节", "2027-04-05", true),
        ("劳动节", "2027-04-25", false),
        ("劳动节", "2027-05-01", true),
        ("劳动节", "2027-05-02", true),
        ("劳动节", "2027-05-03", true),
        ("劳动节", "2027-05-04", true),
        ("劳动节", "2027-05-05", true),
        ("端午节", "2027-06-09", true),
        ("中秋节", "2027-09-15", true),
        ("国庆节", "2027-09-26", false),
        ("国庆节", "2027-10-01", true),
        ("国庆节", "2027-10-02", true),
        ("国庆节", "2027-10-03", true),
        ("国庆节", "2027-10-04", true),
        ("国庆节", "2027-10-05", true),
        ("国庆节", "2027-10-06", true),
        ("国庆节", "2027-10-07", true),
        ("国庆节", "2027-10-09", false),
    ];

    [Fact]
    public void TryActivate_Valid2027File_Turns2027OfficialAndEmitsChange()
    {
        var before = Calendar.AddWorkingDays(D("2027-02-04"), 1);

        var result = Calendar.TryActivate(2027, File(2027, Valid2027));

        Assert.True(result.Success);
        Assert.Empty(result.Errors);
        Assert.Contains(2027, result.Calendar.OfficialYears);
        Assert.Equal(YearStatus.Official, result.Calendar.GetYear(2027).Status);
        Assert.Equal("国办发明电〔2026〕99号", result.Calendar.GetYear(2027).Notice);

        var change = result.Change;
        Assert.Equal(2027, change.Year);
        Assert.Equal(YearStatus.Provisional, change.PreviousStatus);
        Assert.Equal(YearStatus.Official, change.NewStatus);
        Assert.Contains(D("2027-02-09"), change.RestDaysAdded);
        Assert.Contains(D("2027-10-07"), change.RestDaysAdded);
        Assert.Empty(change.RestDaysRemoved);
        Assert.Equal([D("2027-02-20"), D("2027-04-25"), D("2027-09-26"), D("2027-10-09")], change.MakeUpDaysAdded);
        Assert.Empty(change.MakeUpDaysRemoved);
        Assert.Contains(D("2027-02-09"), change.WorkingStatusChanged); // Tuesday now a rest day
        Assert.Contains(D("2027-02-20"), change.WorkingStatusChanged); // Saturday now a working day
        Assert.DoesNotContain(D("2027-02-05"), change.WorkingStatusChanged); // 除夕 was already a provisional rest day
        Assert.Equal(D("2027-02-09"), change.EarliestAffectedDate);

        var after = result.Calendar.AddWorkingDays(D("2027-02-04"), 1);
        Assert.Equal(D("2027-02-09"), before.Deadline);
        Assert.True(before.Provisional);
        Assert.Equal(D("2027-02-12"), after.Deadline);
        Assert.False(after.Provisional);
        Assert.Contains(
            after.Explanation,
            l =>
                l.StartsWith(
                    "2027-02-09 Tue skipped: rest day 春节 (国办发明电〔2026〕99号 / https://www.gov.cn/",
                    StringComparison.Ordinal
                )
        );

        // The old calendar is immutable.
        Assert.Equal(YearStatus.Provisional, Calendar.GetYear(2027).Status);
        Assert.Equal(before, Calendar.AddWorkingDays(D("2027-02-04"), 1), new DeadlineComparer());
    }

    [Fact]
    public void TryActivate_ReplaceOfficialYear_ListsRemovedAndAddedDays()
    {
        var original = Calendar.GetYear(2024);
        var days = original
            .Days.Where(d => d.Date != D("2024-02-18"))
            .Select(d => (d.Name, d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.IsOffDay))
            .Append(("春节", "2024-02-19", true))
            .ToArray();

        var result = Calendar.TryActivate(2024, File(2024, days));

        Assert.True(result.Success);
        Assert.Equal(YearStatus.Official, result.Change.PreviousStatus);
        Assert.Equal([D("2024-02-18")], result.Change.MakeUpDaysRemoved);
        Assert.Equal([D("2024-02-19")], result.Change.RestDaysAdded);
        Assert.Equal([D("2024-02-18"), D("2024-02-19")], result.Change.WorkingStatusChanged);
    }

    public static TheoryData<string, int, string, string> InvalidFiles =>
        new()
        {
            { "wrong-year", 2027, "year", "year-matches" },
            { "date-outside-year", 2027, "days[31].date", "date-in-year" },
            { "duplicate", 2027, "days[31].date", "date-unique" },
            { "missing-spring-festival", 2027, "days", "statutory-holiday-covered" },
            { "weekday-make-up", 2027, "days[31].isOffDay", "make-up-on-weekend" },
            { "bad-date", 2027, "days[31].date", "date-format" },
            { "no-papers", 2027, "papers", "papers-required" },
            { "not-json", 2027, "$", "json-syntax" },
            { "year-out-of-range", 2100, "year", "year-range" },
        };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void TryActivate_InvalidFile_RefusedWithErrorsAndCalendarUnchanged(string defect, int expectedYear, string field, string rule)
    {
        var before = Calendar.AddWorkingDays(D("2027-02-04"), 1);
        var json = defect switch
        {
            "wrong-year" => File(2028, Valid2027),
            "date-outside-year" => File(2027, [.. Valid2027, ("国庆节", "2026-11-02", true)]),
            "duplicate" => File(2027, [.. Valid2027, ("春节", "2027-02-06", true)]),
            "missing-spring-festival" => File(2027, Valid2027.Where(d => d.Name != "春节").ToArray()),
            "weekday-make-up" => File(2027, [.. Valid2027, ("国庆节", "2027-10-12", false)]),
            "bad-date" => File(2027, [.. Valid2027, ("国庆节", "2027-13-01", true)]),
            "no-papers" => File(2027, Valid2027, papers: []),
            "not-json" => Encoding.UTF8.GetBytes("{ \"year\": 2027, "),
            _ => File(2100, Valid2027),
        };

        var result = Calendar.TryActivate(expectedYear, json);

        Assert.False(result.Success);
        Assert.Null(result.Calendar);
        Assert.Null(result.Change);
        Assert.Contains(result.Errors, e => e.Field == field && e.Rule == rule && e.Message.Length > 20);
        Assert.Equal(YearStatus.Provisional, Calendar.GetYear(2027).Status);
        Assert.Equal(before, Calendar.AddWorkingDays(D("2027-02-04"), 1), new DeadlineComparer());
    }

    [Fact]
    public void TryActivate_MissingSpringFestival_MessageNamesTheHolidayAndDate()
    {
        var result = Calendar.TryActivate(2027, File(2027, Valid2027.Where(d => d.Name != "春节").ToArray()));

        Assert.Contains(result.Errors, e => e.Message.Contains("春节 (除夕) on 2027-02-05", StringComparison.Ordinal));
        Assert.Equal(4, result.Errors.Count); // 除夕, 初一, 初二, 初三
    }

    [Theory]
    [InlineData(2021)]
    [InlineData(2022)]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    public void TryActivate_EmbeddedOfficialFiles_AreValidAndChangeNothing(int year)
    {
        var name = typeof(LegalCalendar)
            .Assembly.GetManifestResourceNames()
            .Single(n =>
                n.StartsWith("Workflows.Domain.Data.Calendar", StringComparison.Ordinal)
                && n.EndsWith($"{year}.json", StringComparison.Ordinal)
            );
        using var stream = typeof(LegalCalendar).Assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);

        var result = Calendar.TryActivate(year, buffer.ToArray());

        Assert.True(result.Success, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Empty(result.Change.WorkingStatusChanged);
        Assert.Empty(result.Change.RestDaysAdded);
        Assert.Empty(result.Change.MakeUpDaysRemoved);
    }

    [Fact]
    public void TryActivate_UpstreamShapeWithoutExtraFields_IsAccepted()
    {
        var json = """
            {"year": 2027, "papers": ["https://www.gov.cn/zhengce/example.htm"], "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
            {"name": "春节", "date": "2027-02-05", "isOffDay": true}, {"name": "春节", "date": "2027-02-06", "isOffDay": true},
            {"name": "春节", "date": "2027-02-07", "isOffDay": true}, {"name": "春节", "date": "2027-02-08", "isOffDay": true},
            {"name": "清明节", "date": "2027-04-05", "isOffDay": true},
            {"name": "劳动节", "date": "2027-05-01", "isOffDay": true}, {"name": "劳动节", "date": "2027-05-02", "isOffDay": true},
            {"name": "端午节", "date": "2027-06-09", "isOffDay": true}, {"name": "中秋节", "date": "2027-09-15", "isOffDay": true},
            {"name": "国庆节", "date": "2027-10-01", "isOffDay": true}, {"name": "国庆节", "date": "2027-10-02", "isOffDay": true},
            {"name": "国庆节", "date": "2027-10-03", "isOffDay": true}]}
            """;

        var result = Calendar.TryActivate(2027, Encoding.UTF8.GetBytes(json));

        Assert.True(result.Success);
        Assert.Null(result.Calendar.GetYear(2027).Notice);
        Assert.Empty(result.Change.WorkingStatusChanged);
    }

    private static byte[] File(int year, (string Name, string Date, bool Off)[] days, string[]? papers = null) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, object>
            {
                ["year"] = year,
                ["notice"] = "国办发明电〔2026〕99号",
                ["papers"] = papers ?? ["https://www.gov.cn/zhengce/example-2027.htm"],
                ["days"] = days.Select(d => new Dictionary<string, object>
                    {
                        ["name"] = d.Name,
                        ["date"] = d.Date,
                        ["isOffDay"] = d.Off,
                    })
                    .ToArray(),
            }
        );

    private sealed class DeadlineComparer : IEqualityComparer<DeadlineResult>
    {
        public bool Equals(DeadlineResult? x, DeadlineResult? y) =>
            x is not null
            && y is not null
            && x.Deadline == y.Deadline
            && x.Provisional == y.Provisional
            && x.Explanation.SequenceEqual(y.Explanation);

        public int GetHashCode(DeadlineResult obj) => obj.Deadline.GetHashCode();
    }
}
