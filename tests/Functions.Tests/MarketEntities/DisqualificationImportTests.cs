using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Workflows.Domain.Calendar;
using Workflows.Domain.Validation;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Calendar;
using Workflows.Functions.Hosting;
using Workflows.Functions.MarketEntities;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>Issue 14 item 2: disqualifications (Decree 746 Art. 12(2)-(4), Art. 40 para 3) imported from a list, CSV or
/// XLSX, UTF-8 or GB18030, all or nothing, end dates by the period rules, and lifted by expiry without anyone acting.</summary>
public sealed class DisqualificationImportTests : IDisposable
{
    private const string Sun = "411104197804120033";
    private const string Liu = "411102197108250050";
    private const string Chen = "411103198301170010";
    private const string Wang = "411121199003060021";

    // 2026-03-02 10:00 China time, a Monday.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTableStore tables = new();
    private readonly CalendarService calendars;
    private readonly BanRegistry bans;
    private readonly RegisterImportService imports;

    public DisqualificationImportTests()
    {
        calendars = new CalendarService(tables, [], clock, NullLogger<CalendarService>.Instance);
        bans = new BanRegistry(tables);
        imports = new RegisterImportService(new EntityRegisterStore(tables), Options.Create(new LimitsOptions()), clock, bans, calendars);
    }

    public void Dispose() => calendars.Dispose();

    private static byte[] Sample(string name) => RepoFiles.Read("samples", "register", name);

    [Fact]
    public async Task ImportDisqualifications_Art12AndArt40Para3Csv_EveryRowEnteredWithTheEndOfItsPeriod()
    {
        var outcome = await ImportSampleAsync();

        Assert.Empty(outcome.Errors);
        Assert.Equal((4, 0), (outcome.Imported.Count, outcome.AlreadyRecorded));
        var byPerson = (await bans.ListAsync(null)).ToDictionary(b => b.Ban.PersonIdNumber, b => b.Ban);
        // Art. 12(4): 3 years from the licence revocation; Art. 12(2): 5 years from the end of the sentence; Art. 12(3):
        // 3 years from the end of the liquidation (a 2023/12/29 cell read as the date); Art. 40 para 3: the revocation
        // procedure's own 3-year period. Civil Code years: the corresponding day, none of them a rest day.
        Assert.Equal(("Decree 746 Art. 12(4)", new DateOnly(2024, 6, 3), new DateOnly(2027, 6, 3)), Of(byPerson[Sun]));
        Assert.Equal(("Decree 746 Art. 12(2)", new DateOnly(2022, 9, 30), new DateOnly(2027, 9, 30)), Of(byPerson[Liu]));
        Assert.Equal(("Decree 746 Art. 12(3)", new DateOnly(2023, 12, 29), new DateOnly(2026, 12, 29)), Of(byPerson[Chen]));
        Assert.Equal(("Decree 746 Art. 40 para 3", new DateOnly(2025, 8, 15), new DateOnly(2028, 8, 15)), Of(byPerson[Wang]));
        Assert.Contains("漯召市监罚字〔2024〕17号", byPerson[Sun].Reason, StringComparison.Ordinal);
        Assert.Equal("孙建军", byPerson[Sun].PersonName);
    }

    [Fact]
    public async Task ImportDisqualifications_Gb18030List_SameEntriesAsTheUtf8List()
    {
        var gb = await imports.ImportDisqualificationsAsync(
            "disqualifications-luohe-gb18030.csv",
            Sample("disqualifications-luohe-gb18030.csv"),
            default,
            TextEncodingChoice.Gb18030
        );
        var utf8Again = await ImportSampleAsync();

        Assert.Empty(gb.Errors);
        Assert.Equal(4, gb.Imported.Count);
        Assert.Contains(gb.Imported, b => b.PersonName == "陈晓峰" && b.Reason.Contains("破产清算终结", StringComparison.Ordinal));
        Assert.Equal((0, 4), (utf8Again.Imported.Count, utf8Again.AlreadyRecorded));
    }

    [Fact]
    public async Task ImportDisqualifications_BadRows_EveryRowReportedAndNothingEntered()
    {
        var outcome = await imports.ImportDisqualificationsAsync(
            "disqualifications-bad-rows.csv",
            Sample("disqualifications-bad-rows.csv"),
            default
        );

        Assert.Empty(outcome.Imported);
        Assert.Equal(
            [
                ("row 3: disqualification", "disqualification.unknown"),
                ("row 4: idNumber", "disqualification.id-number"),
                ("row 5: source", "disqualification.required"),
                ("row 6: startDate", "disqualification.start-in-future"),
                ("row 7: idNumber", "disqualification.import.duplicate"),
            ],
            outcome.Errors.Select(e => (e.Field, e.Rule))
        );
        Assert.Empty(await bans.ListAsync(null)); // row 2 is good, but the file is refused as a whole
    }

    [Fact]
    public async Task ImportDisqualifications_XlsxWithChineseHeadersAndDateCells_Entered()
    {
        using var workbook = new MemoryStream();
        var rows = new[]
        {
            new Dictionary<string, object>
            {
                ["限制情形"] = "第十二条第（四）项",
                ["姓名"] = "孙建军",
                ["公民身份号码"] = Sun,
                ["起算日期"] = new DateTime(2024, 6, 3),
                ["决定文号"] = "漯召市监罚字〔2024〕17号",
            },
        };
        await workbook.SaveAsAsync(rows, excelType: ExcelType.XLSX);

        var outcome = await imports.ImportDisqualificationsAsync("限制名单.xlsx", workbook.ToArray(), default);

        Assert.Empty(outcome.Errors);
        var ban = Assert.Single(outcome.Imported);
        Assert.Equal((new DateOnly(2024, 6, 3), new DateOnly(2027, 6, 3)), (ban.StartDate, ban.EndDate));
    }

    [Theory]
    [InlineData("list.txt", "姓名\r\n孙建军\r\n", "disqualification.import.type")]
    [InlineData("list.csv", "姓名,公民身份号码\r\n孙建军,411104197804120033\r\n", "disqualification.import.columns")]
    [InlineData("list.csv", "限制情形,姓名,公民身份号码,起算日期,决定文号\r\n", "disqualification.import.empty")]
    [InlineData("list.xlsx", "not a workbook", "disqualification.import.not-xlsx")]
    public async Task ImportDisqualifications_BadFile_RefusedWithTheFileRule(string name, string content, string rule)
    {
        var outcome = await imports.ImportDisqualificationsAsync(name, Encoding.UTF8.GetBytes(content), default);

        Assert.Equal(rule, Assert.Single(outcome.Errors).Rule);
        Assert.Empty(await bans.ListAsync(null));
    }

    [Fact]
    public async Task ImportDisqualifications_SameListAfterAnOfficerLiftedAnEntry_LiftStands()
    {
        await ImportSampleAsync();
        var sun = (await bans.ListAsync(Sun)).Single();
        await bans.LiftAsync(sun.Reference, new DateOnly(2026, 3, 2), "判决已撤销 / the judgment was set aside");

        var again = await ImportSampleAsync();

        Assert.Equal((0, 4), (again.Imported.Count, again.AlreadyRecorded));
        Assert.True((await bans.ListAsync(Sun)).Single().Lifted);
    }

    /// <summary>Art. 12(3) "自破产清算完结之日起未逾3年": in force on its last day, gone the next day, by the clock alone
    /// (no lift, no job): the registry row stays, and the check registration runs no longer hits.</summary>
    [Fact]
    public async Task CheckBans_Art12Para3ImportedDisqualificationPastItsEnd_LiftedWithoutAnyoneActing()
    {
        await ImportSampleAsync();
        var check = new CheckBansActivity(bans);
        var persons = new[] { new PersonIdentity("陈晓峰", Chen) };
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 29, 15, 59, 0, TimeSpan.Zero)); // 23:59 China time, the last day

        var onLastDay = await check.RunAsync(new BanCheckInput(persons, ChinaTime.Today(clock)), default);
        clock.Advance(TimeSpan.FromMinutes(1)); // 2026-12-30 00:00 China time
        var nextDay = await check.RunAsync(new BanCheckInput(persons, ChinaTime.Today(clock)), default);

        Assert.Equal("Decree 746 Art. 12(3)", Assert.Single(onLastDay).Article);
        Assert.Empty(nextDay);
        var recorded = (await bans.ListAsync(Chen)).Single();
        Assert.False(recorded.Lifted);
        Assert.False(recorded.IsInForce(ChinaTime.Today(clock)));
    }

    private Task<DisqualificationImportOutcome> ImportSampleAsync() =>
        imports.ImportDisqualificationsAsync("disqualifications-luohe.csv", Sample("disqualifications-luohe.csv"), default);

    private static (string Article, DateOnly Start, DateOnly? End) Of(Ban ban) =>
        (ban.Article, ban.StartDate, ban.EndDate);
}
