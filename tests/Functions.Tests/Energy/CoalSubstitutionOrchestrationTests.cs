using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Energy;

public sealed class CoalSubstitutionOrchestrationTests
{
    /// <summary>The case is filed on Monday 6 January 2025, 09:00 China time.</summary>
    private const string Filed = "2025-01-06 09:00";

    /// <summary>Art. 16 (项目投产形成实际煤炭消费3个月内): production on 1 March 2025 + 3 months ends on Sunday 1 June, in
    /// the Dragon Boat rest days (31 May - 2 June 2025), so Civil Code Art. 203 moves the last day to Tuesday 3 June.</summary>
    private static readonly DateOnly ReportDue = new(2025, 6, 3);

    /// <summary>Source allocated, plan submitted, reviewed (Art. 11), published (Art. 13) and confirmed (Arts. 15, 17),
    /// every event at <paramref name="at"/>.</summary>
    private static ScriptedOrchestrationContext ThroughApproval(ScriptedOrchestrationContext h, string at, bool provincial)
    {
        h.Event(at, EnergyEvents.AllocateSource, new { sourceId = "S1", tonnes = 3000 }, "ProjectOwner")
            .Event(at, EnergyEvents.SubmitForReview, role: "ProjectOwner");
        if (provincial)
        {
            h.Event(at, EnergyEvents.PreliminaryOpinion, new { opinion = "同意上报" }, "MunicipalDrc")
                .Event(at, EnergyEvents.Approve, role: "ProvincialDrc");
        }
        else
        {
            h.Event(at, EnergyEvents.Approve, role: "MunicipalDrc");
        }

        return h.Event(
                at,
                EnergyEvents.RecordPublication,
                new { portalUrl = "https://fgw.luohe.gov.cn/p/1", publishedOn = "2025-02-10" },
                "MunicipalDrc"
            )
            .Event(at, EnergyEvents.ConfirmSubstitution, role: "CountyOffice");
    }

    [Fact]
    public async Task RunAsync_SmallProject_MunicipalReviewThenReportOnTime()
    {
        var h = ThroughApproval(CoalScript.Start(Filed), Filed, provincial: false)
            .Event(Filed, EnergyEvents.StartProduction, new { date = "2025-03-01" }, "ProjectOwner")
            .Event("2025-05-20 10:00", EnergyEvents.Report, new { document = "report.pdf" }, "ProjectOwner");

        var result = await h.RunCoalAsync(CoalScript.Input(tce: 2_500m));

        Assert.Equal(new CoalProjectResult("report-filed", false), result);
        Assert.Contains(CoalPhases.MunicipalReview, h.States);
        Assert.DoesNotContain(CoalPhases.PreliminaryOpinion, h.States);
        Assert.True(h.Last.Close);
        Assert.False(h.Last.Late);
        var deadline = Assert.Single(h.DeadlineRequests);
        var period = deadline.ResolvePeriod();
        Assert.Equal(("months", 3, new DateOnly(2025, 3, 1)), (period.RuleId, period.Amount, deadline.Start));
        Assert.Equal(ReportDue, h.Last.Data().ReportDue);
    }

    [Fact]
    public async Task RunAsync_CalendarPublishedWhileReportAwaited_MovesTheReportDeadline()
    {
        var h = ThroughApproval(CoalScript.Start(Filed), Filed, provincial: false)
            .Event(Filed, EnergyEvents.StartProduction, new { date = "2025-03-01" }, "ProjectOwner")
            .CalendarChange("2025-01-06 10:00", 2025, new DateOnly(2025, 5, 31))
            .MovesOnRecompute(2); // the published year is scripted to move the last day two days on
        var moved = ReportDue.AddDays(2);

        var result = await h.RunCoalAsync(CoalScript.Input(tce: 2_500m));

        Assert.Null(result); // still waiting for the report
        Assert.Equal(2, h.DeadlineRequests.Count);
        Assert.Equal(h.DeadlineRequests[0], h.DeadlineRequests[1]); // the same Art. 16 period, recomputed in the activity
        var recomputed = Assert.Single(h.Audit, a => a.Action == "deadline-recomputed");
        Assert.Contains($"from {ReportDue:yyyy-MM-dd} to {moved:yyyy-MM-dd}", recomputed.Summary, StringComparison.Ordinal);
        Assert.Contains(h.Updates, u => u.Deadline?.Due == moved);
        Assert.Contains(ChinaTime.EndOfDayUtc(moved).UtcDateTime, h.Timers); // escalation at the moved deadline
        var escalation = Assert.Single(h.Audit, a => a.Action == "escalated");
        Assert.Equal($"report-overdue-{moved:yyyyMMdd}", escalation.Key);
    }

    [Fact]
    public async Task RunAsync_LargeProject_PreliminaryOpinionThenProvincialReview()
    {
        var h = ThroughApproval(CoalScript.Start(Filed), Filed, provincial: true);

        var result = await h.RunCoalAsync(CoalScript.Input(tce: 6_000m));

        Assert.Null(result);
        Assert.Equal(
            [CoalPhases.Collecting, CoalPhases.PreliminaryOpinion, CoalPhases.ProvincialReview, CoalPhases.Approved],
            h.States.Distinct()
        );
        Assert.Contains(h.Audit, a => a.Action == "preliminary-opinion" && a.Article.EndsWith("Art. 11(1)", StringComparison.Ordinal));
        Assert.Equal(CoalPhases.Approved, h.Last.State);
        Assert.Equal(
            [
                EnergyEvents.AllocateSource,
                EnergyEvents.Supplement,
                EnergyEvents.StartProduction,
                EnergyEvents.OrderRectification,
                EnergyEvents.WithdrawOpinion,
            ],
            h.Last.AwaitedEvents
        );
    }

    [Theory]
    [InlineData(2_500, "MunicipalDrc", "Arts. 11, 12")]
    [InlineData(6_000, "ProvincialDrc", "Arts. 11, 12")]
    public async Task RunAsync_Reject_ClosesRejectedWithReason(int tce, string reviewer, string article)
    {
        var h = CoalScript.Start(Filed).Event(Filed, EnergyEvents.SubmitForReview, role: "ProjectOwner");
        if (tce >= 5_000)
        {
            h.Event(Filed, EnergyEvents.PreliminaryOpinion, new { opinion = "不同意" }, "MunicipalDrc");
        }

        h.Event(Filed, EnergyEvents.Reject, new { reason = "替代源不可核查" }, reviewer);

        var result = await h.RunCoalAsync(CoalScript.Input(tce: tce));

        Assert.Equal(new CoalProjectResult("rejected", false), result);
        var rejected = Assert.Single(h.Audit, a => a.Action == "rejected");
        Assert.EndsWith(article, rejected.Article, StringComparison.Ordinal);
        Assert.Contains("替代源不可核查", rejected.Summary, StringComparison.Ordinal);
        Assert.Equal(("rejected", true), (h.Last.Outcome, h.Last.Close));
    }

    [Theory]
    [InlineData("coal.review.below-minimum-share", "Achieved 0 t = 0% of Q 3,000 t; at least 40% (1,200 t)")]
    [InlineData("coal.review.region-suspended", "Suspension SUSP-1: Energy review of coal-using projects in 漯河市 is suspended")]
    public async Task RunAsync_ReviewGateRefused_StaysCollectingWithReason(string rule, string message)
    {
        var h = CoalScript
            .Start(Filed)
            .Gate(_ => new CoalGateOutcome(false, 0m, rule, message, "Art. 15"))
            .Event(Filed, EnergyEvents.SubmitForReview, role: "ProjectOwner");

        var result = await h.RunCoalAsync(CoalScript.Input());

        Assert.Null(result);
        var refused = Assert.Single(h.Audit, a => a.Action == "review-refused");
        Assert.Equal(message, refused.Summary);
        Assert.Equal(CoalPhases.Collecting, h.Last.State);
        Assert.Contains(EnergyEvents.SubmitForReview, h.Last.AwaitedEvents!);
        Assert.Equal(CheckCoalGateActivity.ReviewGate, Assert.Single(h.GateRequests()).Gate);
    }

    [Fact]
    public async Task RunAsync_ProductionGateRefused_StaysApprovedWithoutDeadline()
    {
        var h = ThroughApproval(CoalScript.Start(Filed), Filed, provincial: false)
            .Event(Filed, EnergyEvents.StartProduction, new { date = "2025-03-01" }, "ProjectOwner")
            .Gate(r =>
                r.Gate == CheckCoalGateActivity.ProductionGate
                    ? new CoalGateOutcome(
                        false,
                        2_000m,
                        "coal.production.substitution-incomplete",
                        "Achieved 2,000 t = 66.67% of Q 3,000 t; 1,000 t short",
                        "Arts. 15, 17"
                    )
                    : CoalScript.Pass(r)
            );

        var result = await h.RunCoalAsync(CoalScript.Input());

        Assert.Null(result);
        Assert.Contains(h.Audit, a => a.Action == "production-refused" && a.Summary.Contains("1,000 t short", StringComparison.Ordinal));
        Assert.Equal(CoalPhases.Approved, h.Last.State);
        Assert.Empty(h.DeadlineRequests);
    }

    [Fact]
    public async Task RunAsync_Supplement_ExtraQGoesThroughReviewAgain()
    {
        var h = ThroughApproval(CoalScript.Start(Filed), Filed, provincial: false)
            .Event(Filed, EnergyEvents.Supplement, new { newCoalConsumptionTonnes = 4000 }, "ProjectOwner")
            .Event(Filed, EnergyEvents.SubmitForReview, role: "ProjectOwner");

        var result = await h.RunCoalAsync(CoalScript.Input(d: 3_000m));

        Assert.Null(result);
        var data = h.Last.Data();
        Assert.Equal(4_000m, data.Substitution.SubstitutionTonnes);
        Assert.False(data.ConfirmedByLocalGovernment);
        var supplement = Assert.Single(data.Supplements!);
        Assert.Equal((3_000m, 4_000m, 1_000m), (supplement.PreviousD, supplement.NewD, supplement.AdditionalTonnes));
        Assert.Equal(CoalPhases.MunicipalReview, h.Last.State);
        Assert.Equal(4_000m, h.GateRequests()[^1].RequiredQ);
        Assert.Contains(h.Audit, a => a.Action == "supplementary-plan" && a.Article.EndsWith("Art. 14", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2_500, "MunicipalDrc", "411100")]
    [InlineData(6_000, "ProvincialDrc", "410000")]
    public async Task RunAsync_ReportOverdue_EscalatesThenRecordsLateReport(int tce, string authority, string agency)
    {
        // Production 2025-03-01, report due 2025-06-03; the events arrive long after: the reminders are past and overdue
        // fires at once, before the late report of the next day.
        const string LongAfter = "2025-09-01 08:00";
        var h = ThroughApproval(CoalScript.Start(LongAfter), LongAfter, provincial: tce >= 5_000)
            .Event(LongAfter, EnergyEvents.StartProduction, new { date = "2025-03-01" }, "ProjectOwner")
            .Event("2025-09-02 10:00", EnergyEvents.Report, new { document = "late.pdf" }, "ProjectOwner");

        var result = await h.RunCoalAsync(CoalScript.Input(tce: tce));

        Assert.Equal(new CoalProjectResult("report-filed-late", true), result);
        var escalation = Assert.Single(h.Notifications, n => n.Kind == "escalation");
        Assert.Equal((Enum.Parse<Role>(authority), agency), (escalation.RecipientRole, escalation.RecipientAgency));
        Assert.Contains(h.Audit, a => a.Action == "escalated");
        Assert.Contains(CoalPhases.ReportOverdue, h.States);
        Assert.True(h.Last.Late);
        Assert.Empty(h.Timers);
    }

    [Fact]
    public async Task RunAsync_ReportAwaited_RemindsThirtySevenAndOneDayBefore()
    {
        var h = ThroughApproval(CoalScript.Start("2025-03-02 08:00"), "2025-03-02 08:00", provincial: false)
            .Event("2025-03-02 08:00", EnergyEvents.StartProduction, new { date = "2025-03-01" }, "ProjectOwner")
            .Event("2025-06-10 10:00", EnergyEvents.Report, new { document = "late.pdf" }, "ProjectOwner");

        var result = await h.RunCoalAsync(CoalScript.Input());

        Assert.Equal("report-filed-late", result!.Outcome);
        Assert.Equal(
            [
                ChinaTime.StartOfDayUtc(ReportDue.AddDays(-30)).UtcDateTime,
                ChinaTime.StartOfDayUtc(ReportDue.AddDays(-7)).UtcDateTime,
                ChinaTime.StartOfDayUtc(ReportDue.AddDays(-1)).UtcDateTime,
                ChinaTime.EndOfDayUtc(ReportDue).UtcDateTime,
            ],
            h.Timers
        );
        Assert.Equal(
            ["reminder-20250603-30", "reminder-20250603-7", "reminder-20250603-1"],
            h.Audit.Where(a => a.Action == "reminder").Select(a => a.Key)
        );
    }

    private static CoalGateOutcome Suspended(CoalGateRequest r) =>
        r.Gate == CheckCoalGateActivity.ApprovalGate
            ? new CoalGateOutcome(
                false,
                r.RequiredQ,
                "coal.review.region-suspended",
                "Suspension SUSP-2: 漯河市源汇区 rectifies",
                "Art. 19"
            )
            : CoalScript.Pass(r);

    [Fact]
    public async Task Approve_Art19RegionRectifyingDuringReview_ReviewSuspendedNotApproved()
    {
        var h = CoalScript
            .Start(Filed)
            .Gate(Suspended)
            .Event(Filed, EnergyEvents.AllocateSource, new { sourceId = "S1", tonnes = 3000 }, "ProjectOwner")
            .Event(Filed, EnergyEvents.SubmitForReview, role: "ProjectOwner")
            .Event(Filed, EnergyEvents.Approve, role: "MunicipalDrc");

        var result = await h.RunCoalAsync(CoalScript.Input());

        Assert.Null(result);
        var suspended = Assert.Single(h.Audit, a => a.Action == "review-suspended");
        Assert.Contains("SUSP-2", suspended.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Audit, a => a.Action == "approved");
        Assert.Equal(CoalPhases.MunicipalReview, h.Last.State);
        Assert.Null(h.Last.Data().ApprovedOn);
        Assert.Equal(CheckCoalGateActivity.ApprovalGate, h.GateRequests()[^1].Gate);
    }

    [Fact]
    public async Task Approve_Art19InstanceStartedOnVersion2_TakesTheStepsItAlwaysTook()
    {
        var h = CoalScript
            .Start(Filed)
            .OnVersion("2")
            .Gate(Suspended)
            .Event(Filed, EnergyEvents.SubmitForReview, role: "ProjectOwner")
            .Event(Filed, EnergyEvents.Approve, role: "MunicipalDrc");

        await h.RunCoalAsync(CoalScript.Input());

        Assert.Equal([CheckCoalGateActivity.ReviewGate], h.GateRequests().Select(g => g.Gate));
        Assert.Equal(CoalPhases.Approved, h.Last.State);
    }

    [Fact]
    public async Task StartProduction_Art17_GateChecksTheDeclaredDateAgainstApprovalAndConfirmation()
    {
        var h = CoalScript
            .Start(Filed)
            .Gate(r =>
                r.Gate == CheckCoalGateActivity.ProductionGate
                    ? new CoalGateOutcome(
                        false,
                        r.RequiredQ,
                        "coal.production.before-approval",
                        "Production dated 2025-01-20 precedes the approval",
                        "Arts. 15, 17"
                    )
                    : CoalScript.Pass(r)
            )
            .Event(Filed, EnergyEvents.SubmitForReview, role: "ProjectOwner")
            .Event("2025-02-03 10:00", EnergyEvents.Approve, role: "MunicipalDrc")
            .Event("2025-02-20 10:00", EnergyEvents.ConfirmSubstitution, role: "CountyOffice")
            .Event("2025-03-01 10:00", EnergyEvents.StartProduction, new { date = "2025-01-20" }, "ProjectOwner");

        await h.RunCoalAsync(CoalScript.Input());

        var production = h.GateRequests().Single(g => g.Gate == CheckCoalGateActivity.ProductionGate);
        Assert.Equal(
            (new DateOnly(2025, 1, 20), new DateOnly(2025, 2, 3), new DateOnly(2025, 2, 20)),
            (production.On, production.ApprovedOn, production.ConfirmedOn)
        );
        Assert.Contains(
            h.Audit,
            a => a.Action == "production-refused" && a.Summary.Contains("precedes the approval", StringComparison.Ordinal)
        );
        Assert.Equal(CoalPhases.Approved, h.Last.State);
        Assert.Empty(h.DeadlineRequests);
    }

    [Fact]
    public async Task OrderRectification_Art20ProductionBeforeApprovalReportedLater_ViolationEscalatedAndLimitTracked()
    {
        var h = ThroughApproval(CoalScript.Start("2025-03-02 08:00"), "2025-03-02 08:00", provincial: false)
            .Event("2025-03-02 08:00", EnergyEvents.StartProduction, new { date = "2025-03-01" }, "ProjectOwner")
            .Event(
                "2025-03-10 10:00",
                EnergyEvents.OrderRectification,
                new
                {
                    finding = "替代源未落实",
                    producedSince = "2025-01-15",
                    days = 15,
                },
                "MunicipalDrc"
            );

        var result = await h.RunCoalAsync(CoalScript.Input());

        Assert.Null(result);
        var violation = Assert.Single(h.Audit, a => a.Action == "violation-recorded");
        Assert.EndsWith("Art. 20", violation.Article, StringComparison.Ordinal);
        Assert.Contains("2025-01-15", violation.Summary, StringComparison.Ordinal);
        var request = Assert.Single(h.DeadlineRequests, r => r.PeriodId == CoalSubstitutionOrchestration.RectificationPeriod);
        Assert.Equal((new DateOnly(2025, 3, 10), 15), (request.Start, request.Amount));
        var rectification = h.Updates.Select(u => u.Deadline).First(d => d?.Kind == "coal-rectification")!;
        Assert.Equal(new DateOnly(2025, 3, 25), rectification.Due);
        var notices = h.Notifications.ToList();
        Assert.Contains(notices, n => n.Kind == "escalation" && n.RecipientRole == Role.MunicipalDrc && n.RecipientAgency == "411100");
        // Nobody rectified: at the limit the case escalates again (逾期不整改 … 按法律法规有关规定处理).
        Assert.Contains(h.Audit, a => a.Key == "rectification-overdue-20250325" && a.Action == "escalated");
        Assert.True(h.Last.Data().Rectification!.Overdue);
    }

    [Fact]
    public async Task WithdrawOpinion_Art21DoubleCounting_PublicationIsATrackedObligationThatClosesTheCase()
    {
        var h = ThroughApproval(CoalScript.Start(Filed), Filed, provincial: false)
            .Event(
                "2025-04-01 10:00",
                EnergyEvents.WithdrawOpinion,
                new { ground = "doubleCounting", finding = "S1 已用于另一项目" },
                "MunicipalDrc"
            )
            .Event(
                "2025-04-08 10:00",
                EnergyEvents.RecordWithdrawalPublication,
                new { portalUrl = "https://fgw.luohe.gov.cn/w/1", publishedOn = "2025-04-08" },
                "MunicipalDrc"
            );

        var result = await h.RunCoalAsync(CoalScript.Input());

        Assert.Equal(new CoalProjectResult("opinion-withdrawn", false), result);
        var publication = h.Updates.Select(u => u.Deadline).Single(d => d?.Kind == "coal-withdrawal-publication")!;
        Assert.Equal((new DateOnly(2025, 4, 1), "working-days"), (publication.Start, publication.Rule));
        // 20 working days: 4-6 April 2025 are the Qingming rest days, Sunday 27 April a make-up working day.
        Assert.Equal(new DateOnly(2025, 4, 29), publication.Due);
        var data = h.Last.Data();
        Assert.Equal(
            (Domain.Energy.WithdrawalGround.DoubleCounting, new DateOnly(2025, 4, 8)),
            (data.Withdrawal!.Ground, data.Withdrawal.PublishedOn)
        );
        Assert.Contains(h.Audit, a => a.Action == "opinion-withdrawn" && a.Article.EndsWith("Art. 21", StringComparison.Ordinal));
        Assert.Equal(CoalPhases.WithdrawalPublished, h.Last.State);
    }

    [Theory]
    [InlineData(EnergyEvents.WithdrawOpinion, CoalPhases.Withdrawn, "coal-withdrawal-publication")]
    [InlineData(EnergyEvents.OrderRectification, CoalPhases.Approved, "coal-rectification")]
    public async Task CalendarChanged_Arts20And21DeadlineOpen_DeadlineRecomputedAndPublished(string type, string state, string kind)
    {
        object payload =
            type == EnergyEvents.WithdrawOpinion
                ? new { ground = "falseMaterials", finding = "替代源证明材料虚假" }
                : new { finding = "替代源未落实" };
        var h = ThroughApproval(CoalScript.Start(Filed), Filed, provincial: false)
            .Event("2025-04-01 10:00", type, payload, "MunicipalDrc")
            .CalendarChange("2025-04-02 08:00", 2025, new DateOnly(2025, 4, 1)) // while the deadline is open
            .MovesOnRecompute(1); // the published year turns the last day into a rest day

        await h.RunCoalAsync(CoalScript.Input());

        var first = h.Updates.Select(u => u.Deadline).First(d => d?.Kind == kind)!;
        var recomputed = Assert.Single(h.Audit, a => a.Action == "deadline-recomputed");
        Assert.Equal(state, h.Updates.Last(u => u.Audit.Contains(recomputed)).State);
        Assert.Contains($"to {first.Due.AddDays(1):yyyy-MM-dd}", recomputed.Summary, StringComparison.Ordinal);
        Assert.Contains(h.Updates, u => u.Deadline?.Kind == kind && u.Deadline.Due == first.Due.AddDays(1));
        var data = h.Updates.Where(u => u.Deadline?.Due == first.Due.AddDays(1)).Select(u => u.Data()).First();
        Assert.Equal(first.Due.AddDays(1), data.Withdrawal?.PublicationDue ?? data.Rectification!.Due);
    }
}
