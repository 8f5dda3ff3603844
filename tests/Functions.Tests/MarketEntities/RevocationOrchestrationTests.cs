using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

public sealed class RevocationOrchestrationTests
{
    private static readonly object Persons = new
    {
        directlyResponsiblePersons = new[] { new { name = "王某", idNumber = "411102198503120015" } },
    };

    private static RevocationInput Input() =>
        new(
            "REV-411100-20250515-TESTCASE",
            "411100",
            new RevocationCaseData { Application = MarketSamples.Load<RevocationApplication>("revocation/application.json") }
        );

    private static ScriptedOrchestrationContext Context() =>
        new(ScriptedOrchestrationContext.ChinaInstant("2025-05-15 09:00"), "REV-411100-20250515-TESTCASE");

    private static RevocationCaseData DataOf(CaseUpdate update) =>
        System.Text.Json.JsonSerializer.Deserialize<RevocationCaseData>(update.DataJson!, CaseJson.Options)!;

    [Fact]
    public async Task RunAsync_FindingThenRevoke_BansForThreeYearsAwaitingReversal()
    {
        var context = Context()
            .Event("2025-05-20 10:00", "investigation-finding", new { finding = "签名系伪造", evidence = new[] { "笔迹鉴定意见书.pdf" } })
            .Event("2025-05-26 10:00", "decide-revoke", Persons, "AuthorityHead");

        var (completed, output) = await context.RunAsync(c => new RevocationOrchestration().RunAsync(c, Input()));

        Assert.True(completed); // the scripted clock runs on to the end of the ban
        Assert.Equal("revoked", output);
        var ban = Assert.Single(Assert.Single(context.BanCommands).Add!);
        Assert.Equal(new DateOnly(2025, 5, 26), ban.StartDate);
        Assert.Equal(context.DeadlineRequests.Single(r => r.Kind == "reapplication-ban").Start, ban.StartDate);
        Assert.Equal(
            Domain.Calendar.LegalCalendar.YearsRule,
            context.DeadlineRequests.Single(r => r.Kind == "reapplication-ban").ResolvePeriod().RuleId
        );
        Assert.Equal(new DateOnly(2028, 5, 26), ban.EndDate);
        Assert.Equal("Decree 746 Art. 40 para 3", ban.Article);
        var revoked = context.Updates.Single(u => u.State == "revoked");
        Assert.Equal(["reverse"], revoked.AwaitedEvents);
        Assert.False(DataOf(revoked).RegistrationInForce);
        Assert.Single(
            DataOf(context.Updates.Single(u => u.DataJson is not null && DataOf(u).Findings.Count == 1 && u.State is null)).Findings
        );
    }

    [Fact]
    public async Task RunAsync_RevokeThenReverse_RestoresRegistrationAndLiftsBan()
    {
        var context = Context()
            .Event("2025-05-26 10:00", "decide-revoke", Persons, "AuthorityHead")
            .Event("2025-07-01 10:00", "reverse", new { reason = "上级机关认定撤销错误" }, "AuthorityHead");

        var (completed, output) = await context.RunAsync(c => new RevocationOrchestration().RunAsync(c, Input()));

        Assert.True(completed);
        Assert.Equal("reversed", output);
        Assert.Equal(["411102198503120015"], context.BanCommands[1].Lift);
        Assert.True(DataOf(context.Last).RegistrationInForce);
        Assert.Equal("revocation-reversed", context.Last.Outcome);
        Assert.Contains(context.Audit, a => a.Action == "reversed" && a.Article == "Decree 746 Art. 42");
    }

    [Fact]
    public async Task RunAsync_ObjectionDuringNotice_ReturnsToInvestigation()
    {
        var context = Context()
            .Event("2025-05-20 10:00", "start-public-notice", new { unreachableOrRefused = "无法联系", noticeStart = "2025-05-20" })
            .Event("2025-06-10 10:00", "object", new { reason = "法定代表人本人确认签字" }, "ObjectingParty")
            .Event(
                "2025-06-20 10:00",
                "decide-not-revoke",
                new { ground = "cannotRestorePriorState", reasons = new[] { "无法恢复" } },
                "AuthorityHead"
            );

        var (completed, output) = await context.RunAsync(c => new RevocationOrchestration().RunAsync(c, Input()));

        Assert.True(completed);
        Assert.Equal("not-revoked", output);
        // Art. 40: 45 days from the day after publication on 20 May 2025 → 4 July 2025.
        Assert.Equal(new DateOnly(2025, 7, 4), context.PublishedDeadlines.Single().Due);
        var back = context.Updates.Single(u => u.Audit.Any(a => a.Action == "objected"));
        Assert.Equal("investigating", back.State);
        Assert.True(back.ClearDeadline);
        Assert.Contains("decide-revoke", back.AwaitedEvents!);
        Assert.Contains(context.Audit, a => a.Action == "not-revoked" && a.Article == "Decree 746 Art. 41(2)");
    }

    [Fact]
    public async Task RunAsync_CleanNoticeThenArt41Ground_NotRevokedWithReason()
    {
        var context = Context()
            .Event("2025-05-20 10:00", "start-public-notice", new { unreachableOrRefused = "拒不配合" })
            .Event(
                "2025-07-10 10:00",
                "decide-not-revoke",
                new { ground = "seriousHarmToPublicInterest", reasons = new[] { "涉及大量职工安置" } },
                "AuthorityHead"
            );

        var (completed, output) = await context.RunAsync(c => new RevocationOrchestration().RunAsync(c, Input()));

        Assert.True(completed);
        Assert.Equal("not-revoked", output);
        Assert.Equal(["decide-revoke", "decide-not-revoke"], context.Updates.Single(u => u.State == "notice-ended").AwaitedEvents);
        Assert.Equal("seriousHarmToPublicInterest", DataOf(context.Last).NotRevokedGround);
        Assert.Equal(["涉及大量职工安置"], DataOf(context.Last).NotRevokedReasons);
        Assert.Empty(context.BanCommands);
    }

    [Fact]
    public async Task RunAsync_CleanNoticeThenRevoke_BansAndClosesWhenBanEnds()
    {
        var context = Context()
            .Event("2025-05-20 10:00", "start-public-notice", new { unreachableOrRefused = "无法联系" })
            .Event("2025-07-10 10:00", "decide-revoke", Persons, "AuthorityHead");

        var (completed, output) = await context.RunAsync(c => new RevocationOrchestration().RunAsync(c, Input()));

        // With no reversal the scripted clock runs to the end of the ban, when the case closes as revoked.
        Assert.True(completed);
        Assert.Equal("revoked", output);
        Assert.Equal(new DateOnly(2028, 7, 10), Assert.Single(context.BanCommands[0].Add!).EndDate);
        Assert.Contains(context.Audit, a => a.Action == "ban-ended");
    }
}
