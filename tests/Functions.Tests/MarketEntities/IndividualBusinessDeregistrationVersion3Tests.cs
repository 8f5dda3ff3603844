using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>Issue 14, Decree 746 Art. 33 para 3 (version 3): "由登记机关将…推送至税务等有关部门，有关部门在10日内没有
/// 提出异议的，可以直接办理注销登记" — the push and the deregistration are the officer's acts, the 10 days run from the push.</summary>
public sealed class IndividualBusinessDeregistrationVersion3Tests
{
    // Applied on Sunday 1 June 2025; 2 June is 端午节 (a rest day).
    private static DeregistrationInput Input() =>
        new(
            "IBD-411100-20250601-TESTCASE",
            "411100",
            new DeregistrationCaseData
            {
                Request = MarketSamples.Load<SimplifiedDeregistrationRequest>("deregistration/individual-business.json"),
                NoticeStart = new DateOnly(2025, 6, 1),
            }
        );

    private static ScriptedOrchestrationContext Context() =>
        new ScriptedOrchestrationContext(
            ScriptedOrchestrationContext.ChinaInstant("2025-06-01 09:00"),
            "IBD-411100-20250601-TESTCASE"
        ).OnVersion("3");

    private static Task<(bool Completed, string? Output)> Run(ScriptedOrchestrationContext context) =>
        context.RunAsync(c => new IndividualBusinessDeregistrationOrchestration().RunAsync(c, Input()));

    private static readonly object Push = new { departments = new[] { "国家税务总局漯河市源汇区税务局" } };

    [Fact]
    public async Task RunAsync_Art33Para3PushThenNoObjectionThenOfficerDeregisters_TenDaysRunFromThePush()
    {
        var context = Context().Event("2025-06-03 10:00", "push-to-departments", Push).Event("2025-06-16 10:00", "deregister");

        var (completed, output) = await Run(context);

        Assert.True(completed);
        Assert.Equal("deregistered", output);
        // Push due 3 working days after 1 June (3, 4, 5 June); objections 10 days from the push on 3 June (13 June);
        // the officer's deregistration 3 working days after the window (16, 17, 18 June).
        Assert.Equal(
            [new DateOnly(2025, 6, 5), new DateOnly(2025, 6, 13), new DateOnly(2025, 6, 18)],
            context.PublishedDeadlines.Select(d => d.Due)
        );
        Assert.Equal(["push-to-departments", "refuse", "withdraw"], context.Updates[0].AwaitedEvents);
        var pushed = Assert.Single(context.Audit, a => a.Action == "pushed-to-departments");
        Assert.Equal("actor-RegistrationOfficer", pushed.ActorId);
        Assert.Contains(
            context.Updates,
            u => u.State == "awaiting-deregistration" && u.AwaitedEvents!.SequenceEqual(["deregister", "refuse"])
        );
        var deregistered = Assert.Single(context.Audit, a => a.Action == "deregistered");
        Assert.Equal("actor-RegistrationOfficer", deregistered.ActorId);
        Assert.False(context.Last.Late);
    }

    [Fact]
    public async Task RunAsync_Art33Para3NoDeregistrationEvent_NeverDeregistersByItselfAndEscalatesTheOverdueAct()
    {
        var context = Context().Event("2025-06-03 10:00", "push-to-departments", Push);

        var (completed, _) = await Run(context);

        Assert.False(completed);
        Assert.DoesNotContain(context.Audit, a => a.Action == "deregistered");
        Assert.Equal("awaiting-deregistration", context.Updates.Last(u => u.State is not null).State);
        Assert.Contains(context.Notifications, n => n.Kind == "escalation" && n.RecipientRole == Role.AuthorityHead);
        Assert.Contains(context.Audit, a => a.Action == "reminder" && a.Summary.StartsWith("直接办理注销登记", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Art33Para3PushAfterItsDeadline_RecordedLateAndWindowStillFromThePush()
    {
        var context = Context().Event("2025-06-09 10:00", "push-to-departments", Push);

        var (completed, _) = await Run(context);

        Assert.False(completed);
        var pushed = Assert.Single(context.Audit, a => a.Action == "pushed-to-departments");
        Assert.True(pushed.Late);
        Assert.Equal(new DateOnly(2025, 6, 19), context.PublishedDeadlines.ElementAt(1).Due);
        Assert.Contains(context.Audit, a => a.Action == "overdue" && a.Key.StartsWith("overdue-department-push", StringComparison.Ordinal));
    }
}
