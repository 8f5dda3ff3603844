using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Calendar;
using Workflows.Domain.Texts;
using Workflows.Functions.Cases;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Tests.Texts;

/// <summary>
/// The server's text catalogue (issue 16 item 4): every code has a Chinese text and an English one with the same
/// placeholders; every line the legal calendar writes has a code in the catalogue, and its English rendering is the
/// record the Domain keeps; the reader's language comes from the switch or Accept-Language.
/// </summary>
public sealed partial class ServerTextsTests
{
    private static readonly ServerTexts Texts = ServerTexts.Default;
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();

    // Spring Festival 2024 (rest days and the 2024-02-04/02-18 make-up days), a last day on a weekend, 31 January + 1
    // month, 29 February + 1 year, a 45-day notice window, a provisional year: every kind of line the calendar writes.
    public static TheoryData<string, Func<LegalCalendar, DeadlineResult>> Computations =>
        new()
        {
            { "working days over Spring Festival", c => c.AddWorkingDays(new DateOnly(2024, 2, 2), 5) },
            { "working days over a weekend", c => c.AddWorkingDays(new DateOnly(2024, 3, 8), 3) },
            { "calendar days ending on a weekend", c => c.AddCalendarDays(new DateOnly(2024, 3, 1), 15) },
            { "calendar days into the National Day holiday", c => c.AddCalendarDays(new DateOnly(2024, 9, 20), 11) },
            { "calendar days ending on a working day", c => c.AddCalendarDays(new DateOnly(2024, 3, 1), 4) },
            { "months without a corresponding day", c => c.AddMonths(new DateOnly(2024, 1, 31), 1) },
            { "months with a corresponding day", c => c.AddMonths(new DateOnly(2024, 3, 12), 3) },
            { "years from 29 February", c => c.AddYears(new DateOnly(2024, 2, 29), 1) },
            { "years with a corresponding day", c => c.AddYears(new DateOnly(2024, 3, 12), 3) },
            { "notice window", c => c.NoticeWindow(new DateOnly(2024, 9, 20), 45) },
            { "provisional year", c => c.AddWorkingDays(new DateOnly(2027, 9, 28), 10) },
            { "provisional notice window", c => c.NoticeWindow(new DateOnly(2027, 9, 20), 20) },
        };

    [Fact]
    public void Catalogue_EveryCode_HasChineseTextAndEnglishWithTheSamePlaceholders()
    {
        var chinese = Texts.Codes(TextLanguage.Zh);
        var english = Texts.Codes(TextLanguage.En);

        Assert.True(chinese.Count >= 40, $"only {chinese.Count} codes in the catalogue");
        Assert.Equal(chinese, english);
        foreach (var code in chinese)
        {
            var zh = Texts.Template(code, TextLanguage.Zh)!;
            var en = Texts.Template(code, TextLanguage.En)!;
            Assert.True(Han().IsMatch(zh), $"'{code}' has no Chinese text: {zh}");
            Assert.NotEqual(zh, en);
            Assert.Equal(ServerTexts.PlaceholdersOf(zh), ServerTexts.PlaceholdersOf(en));
        }
    }

    [Theory]
    [MemberData(nameof(Computations))]
    public void Explanation_EveryCalendarLine_HasChineseTextAndEnglishIsTheDomainRecord(
        string what,
        Func<LegalCalendar, DeadlineResult> compute
    )
    {
        var result = compute(Calendar);

        Assert.Equal(result.Explanation.Count, result.ExplanationLines.Count);
        var known = Texts.Codes(TextLanguage.Zh);
        foreach (var line in result.ExplanationLines)
        {
            Assert.True(known.Contains(line.Code), $"{what}: '{line.Code}' has no text in the catalogue");
            foreach (var name in ServerTexts.PlaceholdersOf(Texts.Template(line.Code, TextLanguage.Zh)!))
            {
                Assert.True(line.Args.ContainsKey(name), $"{what}: '{line.Code}' needs argument '{name}'");
            }
        }

        Assert.Equal(result.Explanation, Texts.Render(result.ExplanationLines, TextLanguage.En));
        Assert.All(Texts.Render(result.ExplanationLines, TextLanguage.Zh), zh => Assert.Matches(Han(), zh));
    }

    [Fact]
    public void Render_ChineseExplanation_ShowsDatesWithChineseWeekdays()
    {
        var result = Calendar.AddWorkingDays(new DateOnly(2024, 2, 8), 3);

        var zh = Texts.Render(result.ExplanationLines, TextLanguage.Zh);

        Assert.Contains("起算日：2024-02-08（周四）（不计入）。", zh);
        Assert.Contains(zh, l => l.StartsWith("2024-02-10（周六） 不计：休息日 春节", StringComparison.Ordinal));
        Assert.Contains(zh, l => l.StartsWith("2024-02-18（周日） 计入：调休上班日", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_CodeMissingFromCatalogue_ShowsCodeAndArgumentsInsteadOfThrowing() =>
        Assert.Equal("no.such-code n=3", Texts.Render(TextLine.Of("no.such-code", ("n", 3)), TextLanguage.En));

    [Fact]
    public void Pair_AuditSummary_IsChineseThenEnglishLikeProblemTitles() =>
        Assert.Equal(
            "2024-03-01 受理申请，材料齐全。 / Application accepted on 2024-03-01; materials complete.",
            Texts.Pair(TextLine.Of("audit.registration.accepted", ("date", new DateOnly(2024, 3, 1))))
        );

    [Theory]
    [InlineData(null, TextLanguage.Zh)]
    [InlineData("en-GB,en;q=0.9", TextLanguage.En)]
    [InlineData("en, zh-CN;q=0.5", TextLanguage.En)]
    [InlineData("zh-CN, en;q=0.5", TextLanguage.Zh)]
    [InlineData("en;q=0.4, zh-CN;q=0.8", TextLanguage.Zh)]
    [InlineData("fr-FR, en;q=0.5", TextLanguage.En)]
    [InlineData("fr-FR", TextLanguage.Zh)]
    public void RequestLanguage_AcceptLanguage_ChoosesTheReadersLanguage(string? acceptLanguage, TextLanguage expected)
    {
        var context = new DefaultHttpContext();
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        Assert.Equal(expected, RequestLanguage.Of(context.Request));
    }

    [Theory]
    [InlineData(TextLanguage.Zh, "起算日：2024-03-08（周五）（不计入）。", "2024-03-01 受理申请，材料齐全。")]
    [InlineData(TextLanguage.En, "Start: 2024-03-08 Fri (not counted).", "Application accepted on 2024-03-01; materials complete.")]
    public void CaseView_ReadersLanguage_RendersDeadlineExplanationAndHistorySummary(
        TextLanguage language,
        string startLine,
        string summary
    )
    {
        var result = Calendar.AddWorkingDays(new DateOnly(2024, 3, 8), 3);
        var deadline = new CaseDeadline(
            "decision",
            "登记决定",
            result.Deadline,
            result.DeadlineUtc,
            null,
            result.Rule,
            result.LegalBasis,
            false,
            result.Explanation,
            Workflows.Domain.Access.Role.RegistrationOfficer,
            result.Start,
            3
        )
        {
            ExplanationLines = result.ExplanationLines,
        };
        var record = new CaseRecord
        {
            Id = "REG-411100-20240308-TEXTS001",
            Procedure = "registration",
            Agency = "411100",
            Title = "texts",
            State = "under-review",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            Deadline = deadline,
        };
        var line = TextLine.Of("audit.registration.accepted", ("date", new DateOnly(2024, 3, 1)));
        var entry = new AuditEntry(
            record.Id,
            "intake",
            DateTimeOffset.UnixEpoch,
            "e",
            "e",
            "Enterprise",
            "accepted",
            "Art. 19",
            Texts.Pair(line)
        )
        {
            SummaryLine = line,
        };

        var view = JsonSerializer.SerializeToElement(
            Workflows.Functions.Api.CasesApi.View(record, new DateOnly(2024, 3, 8), [entry], language),
            CaseJson.Response
        );

        Assert.Contains(startLine, view.GetProperty("deadlineExplanation").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(summary, view.GetProperty("history")[0].GetProperty("summaryText").GetString());
        Assert.Equal(Texts.Pair(line), view.GetProperty("history")[0].GetProperty("summary").GetString());
    }

    [Fact]
    public void SweepNotification_Overdue_SentInChineseAndReadableInEnglishFromTheSameLine()
    {
        var record = new CaseRecord
        {
            Id = "REG-411100-20240301-NOTIFY01",
            Procedure = "registration",
            Agency = "411100",
            Title = "漯河市示例商贸有限公司设立登记",
            State = "under-review",
            CreatedUtc = DateTimeOffset.UnixEpoch,
        };
        var due = new DateOnly(2024, 3, 8);
        var deadline = new CaseDeadline(
            "decision",
            "登记决定",
            due,
            Workflows.Domain.Calendar.ChinaTime.EndOfDayUtc(due),
            null,
            "working-days",
            "Decree 746 Art. 19",
            false,
            [],
            Workflows.Domain.Access.Role.RegistrationOfficer,
            due.AddDays(-3),
            3
        );

        var sent = Workflows.Functions.Supervision.ComplianceSweep.Notifications(
            new Workflows.Functions.Supervision.SweepItem(record, deadline, Workflows.Functions.Supervision.SweepKind.Overdue, 2),
            new DateOnly(2024, 3, 12)
        );

        Assert.Equal(2, sent.Count);
        Assert.All(sent, n => Assert.Equal(n.Message, Texts.Render(n.MessageLine!, TextLanguage.Zh)));
        Assert.StartsWith(
            "【逾期督办】案件 REG-411100-20240301-NOTIFY01《漯河市示例商贸有限公司设立登记》登记决定已于 2024-03-08 24:00 到期",
            sent[0].Message
        );
        Assert.Contains("fell due on 2024-03-08 at 24:00 and is 2 day(s) overdue", Texts.Render(sent[0].MessageLine!, TextLanguage.En));
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
