using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

public sealed class TrackerOrchestrationTests
{
    private static TrackerInput Input(string sample)
    {
        var start = MarketSamples.Load<TrackerStart>(sample);
        var kind = TrackerKinds.Find(start.Kind)!;
        return new TrackerInput(
            "TRK-411100-20250508-TESTCASE",
            "411100",
            new TrackerCaseData
            {
                Start = start,
                Article = kind.Article,
                Obligation = kind.ObligationEn,
            }
        );
    }

    private static ScriptedOrchestrationContext Context() =>
        new(ScriptedOrchestrationContext.ChinaInstant("2025-05-09 09:00"), "TRK-411100-20250508-TESTCASE");

    [Theory]
    [InlineData("trackers/change-registration.json", "2025-06-07", "fulfilled", false)]
    [InlineData("trackers/change-registration.json", "2025-06-20", "fulfilled-late", true)]
    public async Task RunAsync_Comply_ClosesFulfilledAndFlagsLateness(string sample, string complyOn, string outcome, bool late)
    {
        var context = Context().Event($"{complyOn} 10:00", "comply", new { evidence = new[] { "变更登记通知书" } }, "Enterprise");

        var (completed, _) = await context.RunAsync(c => new TrackerOrchestration().RunAsync(c, Input(sample)));

        Assert.True(completed);
        Assert.Equal(outcome, context.Last.Outcome);
        Assert.Equal(late, context.Last.Late);
        Assert.Equal(late, context.Updates.Any(u => u.State == "overdue"));
    }

    [Fact]
    public async Task RunAsync_ChangeRegistrationMissed_RemindsThenGoesRedAndEscalates()
    {
        var context = Context();

        var (completed, _) = await context.RunAsync(c =>
            new TrackerOrchestration().RunAsync(c, Input("trackers/change-registration.json"))
        );

        Assert.False(completed);
        // Art. 24: 30 days from the resolution on 8 May 2025 → 7 June 2025 (a Saturday; not a statutory holiday, so no roll-forward).
        var deadline = context.PublishedDeadlines.Single();
        Assert.Equal(Domain.Calendar.LegalCalendar.CalendarDaysRule, deadline.Rule);
        Assert.Equal(3, context.Audit.Count(a => a.Action == "reminder"));
        Assert.Contains(context.Updates, u => u.State == "overdue");
        Assert.Contains(context.Notifications, n => n.Kind == "escalation" && n.RecipientRole == Role.RegistrationOfficer);
    }

    [Fact]
    public async Task RunAsync_Cancel_ClosesCancelledWithReason()
    {
        var context = Context().Event("2025-05-12 10:00", "cancel", new { reason = "起算日期录入错误" });

        var (completed, output) = await context.RunAsync(c => new TrackerOrchestration().RunAsync(c, Input("trackers/suspension.json")));

        Assert.True(completed);
        Assert.Equal("cancelled", output);
        Assert.Equal(Domain.Calendar.LegalCalendar.YearsRule, context.DeadlineRequests.Single().ResolvePeriod().RuleId);
    }
}
