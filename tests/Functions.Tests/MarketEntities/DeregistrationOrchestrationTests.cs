using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

public sealed class DeregistrationOrchestrationTests
{
    private static DeregistrationInput Input(string sample, DateOnly noticeStart) =>
        new(
            "SDR-411100-20250601-TESTCASE",
            "411100",
            new DeregistrationCaseData { Request = MarketSamples.Load<SimplifiedDeregistrationRequest>(sample), NoticeStart = noticeStart }
        );

    private static ScriptedOrchestrationContext Context() =>
        new(ScriptedOrchestrationContext.ChinaInstant("2025-06-01 09:00"), "SDR-411100-20250601-TESTCASE");

    private static DeregistrationCaseData DataOf(CaseUpdate update) =>
        System.Text.Json.JsonSerializer.Deserialize<DeregistrationCaseData>(update.DataJson!, CaseJson.Options)!;

    [Fact]
    public async Task RunAsync_ObjectionDuringNotice_EndsSimplifiedRouteWithReason()
    {
        var context = Context()
            .Event("2025-06-10 10:00", "object", new { reason = "尚欠货款86,500元", objector = "永顺包装" }, "ObjectingParty");

        var (completed, output) = await context.RunAsync(c =>
            new SimplifiedDeregistrationOrchestration().RunAsync(c, Input("deregistration/simplified.json", new DateOnly(2025, 6, 1)))
        );

        Assert.True(completed);
        Assert.Equal("objected", output);
        // Art. 33: 20 days from the day after publication on 1 June → 21 June (a Saturday; notice windows never roll forward).
        Assert.Equal(new DateOnly(2025, 6, 21), context.PublishedDeadlines.Single().Due);
        Assert.Equal("尚欠货款86,500元", DataOf(context.Last).Objection!.Reason);
        Assert.True(context.Last.Close);
    }

    [Fact]
    public async Task RunAsync_CleanNoticeThenApplication_Deregisters()
    {
        var context = Context()
            .Event("2025-06-25 10:00", "file-deregistration", null, "Enterprise")
            .Event("2025-06-26 10:00", "deregister");

        var (completed, output) = await context.RunAsync(c =>
            new SimplifiedDeregistrationOrchestration().RunAsync(c, Input("deregistration/simplified.json", new DateOnly(2025, 6, 1)))
        );

        Assert.True(completed);
        Assert.Equal("deregistered", output);
        var awaiting = context.Updates.Single(u => u.State == "awaiting-application");
        // 20 calendar days after the window's end on 21 June → 11 July 2025 (party's act, Civil Code Art. 201).
        Assert.Equal(new DateOnly(2025, 7, 11), awaiting.Deadline!.Due);
        Assert.Equal(["file-deregistration", "withdraw"], awaiting.AwaitedEvents);
        Assert.Contains(context.Updates, u => u.State == "application-filed");
    }

    [Fact]
    public async Task RunAsync_NoApplicationAfterCleanNotice_RemindsThenLapses()
    {
        var context = Context();

        var (completed, output) = await context.RunAsync(c =>
            new SimplifiedDeregistrationOrchestration().RunAsync(c, Input("deregistration/simplified.json", new DateOnly(2025, 6, 1)))
        );

        Assert.True(completed);
        Assert.Equal("lapsed", output);
        Assert.Equal(
            ["reminder-20250711-10", "reminder-20250711-3", "reminder-20250711-1"],
            context.Audit.Where(a => a.Action == "reminder").Select(a => a.Key)
        );
        Assert.All(context.Notifications.Where(n => n.Kind == "reminder"), n => Assert.Equal(Role.Enterprise, n.RecipientRole));
        Assert.Equal("lapsed", context.Last.Outcome);
    }

    [Fact]
    public async Task RunAsync_IndividualBusinessWithoutObjection_DeregistersAfterTenDays()
    {
        var context = Context();

        var (completed, output) = await context.RunAsync(c =>
            new IndividualBusinessDeregistrationOrchestration().RunAsync(
                c,
                Input("deregistration/individual-business.json", new DateOnly(2025, 6, 1))
            )
        );

        Assert.True(completed);
        Assert.Equal("deregistered", output);
        Assert.Equal(new DateOnly(2025, 6, 11), context.PublishedDeadlines.Single().Due);
        Assert.Contains(context.Audit, a => a.Action == "pushed-to-departments" && a.Article == "Decree 746 Art. 33 para 3");
        Assert.DoesNotContain(context.Audit, a => a.Action == "public-notice-started");
    }

    [Fact]
    public async Task RunAsync_IndividualBusinessWithDepartmentObjection_ClosesObjected()
    {
        var context = Context().Event("2025-06-05 10:00", "object", new { reason = "欠缴税款" }, "ObjectingParty");

        var (completed, output) = await context.RunAsync(c =>
            new IndividualBusinessDeregistrationOrchestration().RunAsync(
                c,
                Input("deregistration/individual-business.json", new DateOnly(2025, 6, 1))
            )
        );

        Assert.True(completed);
        Assert.Equal("objected", output);
        Assert.Equal("欠缴税款", DataOf(context.Last).Objection!.Reason);
    }
}
