using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>Issue 14, Decree 746 Arts. 40-42 (version 3): no revocation without a finding or an unopposed notice, and the
/// revocation with its ban (Art. 40 para 3) and a reversal (Art. 42) are publications the authority owes, on a deadline.</summary>
public sealed class RevocationVersion3Tests
{
    private static readonly object Persons = new
    {
        directlyResponsiblePersons = new[] { new { name = "王某", idNumber = "411102198503120015" } },
    };

    private static readonly object Finding = new { finding = "签名系伪造", evidence = new[] { "笔迹鉴定意见书.pdf" } };

    private static RevocationInput Input() =>
        new(
            "REV-411100-20250515-TESTCASE",
            "411100",
            new RevocationCaseData { Application = MarketSamples.Load<RevocationApplication>("revocation/application.json") }
        );

    private static ScriptedOrchestrationContext Context() =>
        new ScriptedOrchestrationContext(
            ScriptedOrchestrationContext.ChinaInstant("2025-05-15 09:00"),
            "REV-411100-20250515-TESTCASE"
        ).OnVersion("3");

    private static Task<(bool Completed, string? Output)> Run(ScriptedOrchestrationContext context) =>
        context.RunAsync(c => new RevocationOrchestration().RunAsync(c, Input()));

    private static RevocationCaseData DataOf(CaseUpdate update) =>
        System.Text.Json.JsonSerializer.Deserialize<RevocationCaseData>(update.DataJson!, CaseJson.Options)!;

    [Fact]
    public async Task RunAsync_Art40Para2RevokeWithoutFinding_RefusedAndNobodyBanned()
    {
        var context = Context().Event("2025-05-26 10:00", "decide-revoke", Persons, "AuthorityHead");

        var (completed, _) = await Run(context);

        Assert.False(completed);
        var refused = Assert.Single(context.Audit, a => a.Action == "event-refused");
        Assert.Equal("Decree 746 Art. 40 para 2", refused.Article);
        Assert.Empty(context.BanCommands);
        Assert.DoesNotContain(context.Updates, u => u.State == "revoked");
    }

    [Fact]
    public async Task RunAsync_Art40Para2FindingThatEstablishesNothing_RevocationRefused()
    {
        var context = Context()
            .Event(
                "2025-05-20 10:00",
                "investigation-finding",
                new
                {
                    finding = "签名属实",
                    evidence = new[] { "询问笔录" },
                    established = false,
                }
            )
            .Event("2025-05-26 10:00", "decide-revoke", Persons, "AuthorityHead");

        var (completed, _) = await Run(context);

        Assert.False(completed);
        Assert.Single(context.Audit, a => a.Action == "event-refused");
        Assert.Empty(context.BanCommands);
    }

    [Fact]
    public async Task RunAsync_Art40Para3Revoked_PublicationOwedWithinTwentyWorkingDaysThenRecorded()
    {
        var context = Context()
            .Event("2025-05-20 10:00", "investigation-finding", Finding)
            .Event("2025-05-26 10:00", "decide-revoke", Persons, "AuthorityHead")
            .Event(
                "2025-06-10 10:00",
                "record-publication",
                new
                {
                    item = "revocation",
                    content = "撤销登记及王某3年内不得再次申请登记",
                    publishedOn = "2025-06-09",
                }
            );

        var (completed, output) = await Run(context);

        Assert.True(completed); // the scripted clock runs on to the end of the ban
        Assert.Equal("revoked", output);
        var revoked = context.Updates.Single(u => u.State == "revoked");
        // 20 working days after 26 May 2025 (2 June is 端午节): 24 June.
        Assert.Equal(new DateOnly(2025, 6, 24), revoked.Deadline!.Due);
        Assert.Equal(["record-publication", "reverse"], revoked.AwaitedEvents);
        Assert.Contains(revoked.Deadline.Explanation, l => l.StartsWith("解读 / Reading: 第四十条第三款只规定", StringComparison.Ordinal));
        var published = context.Updates.Single(u => u.Audit.Any(a => a.Action == "published"));
        Assert.True(published.ClearDeadline);
        var record = Assert.Single(DataOf(published).Publications);
        Assert.Equal(
            ("revocation", "国家企业信用信息公示系统", new DateOnly(2025, 6, 9), false),
            (record.Item, record.Where, record.PublishedOn, record.Late)
        );
        Assert.DoesNotContain(context.Audit, a => a.Action == "reminder"); // published before the first reminder (21 June)
    }

    [Fact]
    public async Task RunAsync_Art40Para3PublicationNeverRecorded_EscalatedOnceOverdue()
    {
        var context = Context()
            .Event("2025-05-20 10:00", "investigation-finding", Finding)
            .Event("2025-05-26 10:00", "decide-revoke", Persons, "AuthorityHead");

        await Run(context);

        Assert.Equal(
            [
                "reminder-publication-revocation-20250624-3",
                "reminder-publication-revocation-20250624-1",
                "reminder-publication-revocation-20250624-0",
            ],
            context.Audit.Where(a => a.Action == "reminder").Select(a => a.Key)
        );
        Assert.Single(context.Audit, a => a.Action == "overdue" && a.Article == "Decree 746 Art. 40 para 3");
        Assert.Contains(
            context.Notifications,
            n => n.Kind == "escalation" && n.Key.StartsWith("overdue-publication-revocation", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task RunAsync_Art42Reversal_StaysOpenUntilThePublicationIsRecorded()
    {
        var context = Context()
            .Event("2025-05-20 10:00", "investigation-finding", Finding)
            .Event("2025-05-26 10:00", "decide-revoke", Persons, "AuthorityHead")
            .Event("2025-06-10 10:00", "record-publication", new { item = "revocation", content = "撤销登记" })
            .Event("2025-07-01 10:00", "reverse", new { reason = "上级机关认定撤销错误" }, "AuthorityHead")
            .Event("2025-08-20 10:00", "record-publication", new { item = "reversal", content = "撤销决定已撤销，恢复原登记状态" });

        var (completed, output) = await Run(context);

        Assert.True(completed);
        Assert.Equal("reversed", output);
        var reversed = context.Updates.Single(u => u.State == "reversed");
        Assert.False(reversed.Close);
        Assert.Equal(["record-publication"], reversed.AwaitedEvents);
        Assert.Equal(["411102198503120015"], context.BanCommands[1].Lift);
        Assert.True(context.Last.Close);
        var late = Assert.Single(DataOf(context.Last).Publications, p => p.Item == "reversal");
        Assert.True(late.Late); // due 20 working days after 1 July 2025 (29 July); published on 20 August
        Assert.Equal(new DateOnly(2025, 7, 29), late.Due);
    }
}
