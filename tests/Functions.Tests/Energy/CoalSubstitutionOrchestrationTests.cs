using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Tests.Energy;

public sealed class CoalSubstitutionOrchestrationTests
{
    private static readonly DateTime Filed = new(2025, 1, 6, 1, 0, 0, DateTimeKind.Utc);

    private static async Task<CoalProjectResult?> RunAsync(CoalOrchestrationHarness h, CoalProjectInput input)
    {
        // Every mocked step completes inline, so the run has either finished or is waiting for an event the script does
        // not have (the harness's signal) when RunAsync returns: no clock decides "still waiting".
        var run = new CoalSubstitutionOrchestration().RunAsync(h.Context.Object, input);
        if (run.IsCompleted)
        {
            return await run;
        }

        Assert.True(h.OutOfEvents, "The orchestration is suspended although the script still has events for it.");
        return null;
    }

    private static CoalOrchestrationHarness ThroughApproval(CoalOrchestrationHarness h, bool provincial)
    {
        h.Event(EnergyEvents.AllocateSource, "ProjectOwner", new { sourceId = "S1", tonnes = 3000 })
            .Event(EnergyEvents.SubmitForReview, "ProjectOwner");
        if (provincial)
        {
            h.Event(EnergyEvents.PreliminaryOpinion, "MunicipalDrc", new { opinion = "同意上报" })
                .Event(EnergyEvents.Approve, "ProvincialDrc");
        }
        else
        {
            h.Event(EnergyEvents.Approve, "MunicipalDrc");
        }

        return h.Event(
                EnergyEvents.RecordPublication,
                "MunicipalDrc",
                new { portalUrl = "https://fgw.luohe.gov.cn/p/1", publishedOn = "2025-02-10" }
            )
            .Event(EnergyEvents.ConfirmSubstitution, "CountyOffice");
    }

    [Fact]
    public async Task RunAsync_SmallProject_MunicipalReviewThenReportOnTime()
    {
        var h = ThroughApproval(new CoalOrchestrationHarness(Filed), provincial: false)
            .Event(EnergyEvents.StartProduction, "ProjectOwner", new { date = "2025-03-01" })
            .Event(
                EnergyEvents.Report,
                "ProjectOwner",
                new { document = "report.pdf" },
                acceptedUtc: new DateTime(2025, 5, 20, 2, 0, 0, DateTimeKind.Utc)
            );

        var result = await RunAsync(h, CoalOrchestrationHarness.Input(tce: 2_500m));

        Assert.Equal(new CoalProjectResult("report-filed", false), result);
        Assert.Contains(CoalPhases.MunicipalReview, h.States);
        Assert.DoesNotContain(CoalPhases.PreliminaryOpinion, h.States);
        Assert.True(h.Updates[^1].Close);
        Assert.False(h.Updates[^1].Late);
        var deadline = Assert.Single(h.DeadlineRequests);
        var period = deadline.ResolvePeriod();
        Assert.Equal(("months", 3, new DateOnly(2025, 3, 1)), (period.RuleId, period.Amount, deadline.Start));
        Assert.Equal(new DateOnly(2025, 6, 1), h.Last.Data.ReportDue);
    }

    [Fact]
    public async Task RunAsync_CalendarPublishedWhileReportAwaited_MovesTheReportDeadline()
    {
        var signal = new CalendarChangedSignal(
            2025,
            new DateOnly(2025, 5, 31),
            new DateTimeOffset(Filed, TimeSpan.Zero),
            "国办发明电〔2024〕12号"
        );
        var h = ThroughApproval(new CoalOrchestrationHarness(Filed), provincial: false)
            .Event(EnergyEvents.StartProduction, "ProjectOwner", new { date = "2025-03-01" })
            .CalendarChange(signal, CoalPhases.Reporting);
        h.RecomputeShiftDays = 2; // the changed year makes 1 June a rest day through 2 June

        var result = await RunAsync(h, CoalOrchestrationHarness.Input(tce: 2_500m));

        Assert.Null(result); // still waiting for the report
        Assert.Equal(2, h.DeadlineRequests.Count);
        Assert.Equal(h.DeadlineRequests[0], h.DeadlineRequests[1]); // the same Art. 16 period, recomputed in the activity
        var recomputed = Assert.Single(h.Audit, a => a.Action == "deadline-recomputed");
        Assert.Contains("from 2025-06-01 to 2025-06-03", recomputed.Summary, StringComparison.Ordinal);
        Assert.Contains(h.Updates, u => u.Deadline?.Due == new DateOnly(2025, 6, 3));
        Assert.Contains(ChinaTime.EndOfDayUtc(new DateOnly(2025, 6, 3)).UtcDateTime, h.Timers); // escalation at the moved deadline
        var escalation = Assert.Single(h.Audit, a => a.Action == "escalated");
        Assert.Equal("report-overdue-20250603", escalation.Key);
    }

    [Fact]
    public async Task RunAsync_LargeProject_PreliminaryOpinionThenProvincialReview()
    {
        var h = ThroughApproval(new CoalOrchestrationHarness(Filed), provincial: true);

        var result = await RunAsync(h, CoalOrchestrationHarness.Input(tce: 6_000m));

        Assert.Null(result);
        Assert.Equal(
            [CoalPhases.Collecting, CoalPhases.PreliminaryOpinion, CoalPhases.ProvincialReview, CoalPhases.Approved],
            h.States.Distinct()
        );
        Assert.Contains(h.Audit, a => a.Action == "preliminary-opinion" && a.Article.EndsWith("Art. 11(1)", StringComparison.Ordinal));
        Assert.Equal(CoalPhases.Approved, h.Updates[^1].State);
        Assert.Equal(
            [
                EnergyEvents.AllocateSource,
                EnergyEvents.Supplement,
                EnergyEvents.StartProduction,
                EnergyEvents.OrderRectification,
                EnergyEvents.WithdrawOpinion,
            ],
            h.Updates[^1].AwaitedEvents
        );
    }

    [Theory]
    [InlineData(2_500, "MunicipalDrc", "Arts. 11, 12")]
    [InlineData(6_000, "ProvincialDrc", "Arts. 11, 12")]
    public async Task RunAsync_Reject_ClosesRejectedWithReason(int tce, string reviewer, string article)
    {
        var h = new CoalOrchestrationHarness(Filed).Event(EnergyEvents.SubmitForReview, "ProjectOwner");
        if (tce >= 5_000)
        {
            h.Event(EnergyEvents.PreliminaryOpinion, "MunicipalDrc", new { opinion = "不同意" });
        }

        h.Event(EnergyEvents.Reject, reviewer, new { reason = "替代源不可核查" });

        var result = await RunAsync(h, CoalOrchestrationHarness.Input(tce: tce));

        Assert.Equal(new CoalProjectResult("rejected", false), result);
        var rejected = Assert.Single(h.Audit, a => a.Action == "rejected");
        Assert.EndsWith(article, rejected.Article, StringComparison.Ordinal);
        Assert.Contains("替代源不可核查", rejected.Summary, StringComparison.Ordinal);
        Assert.Equal(("rejected", true), (h.Updates[^1].Outcome, h.Updates[^1].Close));
    }

    [Theory]
    [InlineData("coal.review.below-minimum-share", "Achieved 0 t = 0% of Q 3,000 t; at least 40% (1,200 t)")]
    [InlineData("coal.review.region-suspended", "Suspension SUSP-1: Energy review of coal-using projects in 漯河市 is suspended")]
    public async Task RunAsync_ReviewGateRefused_StaysCollectingWithReason(string rule, string message)
    {
        var h = new CoalOrchestrationHarness(Filed) { Gate = _ => new CoalGateOutcome(false, 0m, rule, message, "Art. 15") }.Event(
            EnergyEvents.SubmitForReview,
            "ProjectOwner"
        );

        var result = await RunAsync(h, CoalOrchestrationHarness.Input());

        Assert.Null(result);
        var refused = Assert.Single(h.Audit, a => a.Action == "review-refused");
        Assert.Equal(message, refused.Summary);
        Assert.Equal(CoalPhases.Collecting, h.Updates[^1].State);
        Assert.Contains(EnergyEvents.SubmitForReview, h.Updates[^1].AwaitedEvents!);
        Assert.Equal(CheckCoalGateActivity.ReviewGate, Assert.Single(h.GateRequests).Gate);
    }

    [Fact]
    public async Task RunAsync_ProductionGateRefused_StaysApprovedWithoutDeadline()
    {
        var h = ThroughApproval(new CoalOrchestrationHarness(Filed), provincial: false)
            .Event(EnergyEvents.StartProduction, "ProjectOwner", new { date = "2025-03-01" });
        h.Gate = r =>
            r.Gate == CheckCoalGateActivity.ProductionGate
                ? new CoalGateOutcome(
                    false,
                    2_000m,
                    "coal.production.substitution-incomplete",
                    "Achieved 2,000 t = 66.67% of Q 3,000 t; 1,000 t short",
                    "Arts. 15, 17"
                )
                : new CoalGateOutcome(true, r.RequiredQ, "pass", "passed", "Art. 15");

        var result = await RunAsync(h, CoalOrchestrationHarness.Input());

        Assert.Null(result);
        Assert.Contains(h.Audit, a => a.Action == "production-refused" && a.Summary.Contains("1,000 t short", StringComparison.Ordinal));
        Assert.Equal(CoalPhases.Approved, h.Updates[^1].State);
        Assert.Empty(h.DeadlineRequests);
    }

    [Fact]
    public async Task RunAsync_Supplement_ExtraQGoesThroughReviewAgain()
    {
        var h = ThroughApproval(new CoalOrchestrationHarness(Filed), provincial: false)
            .Event(EnergyEvents.Supplement, "ProjectOwner", new { newCoalConsumptionTonnes = 4000 })
            .Event(EnergyEvents.SubmitForReview, "ProjectOwner");

        var result = await RunAsync(h, CoalOrchestrationHarness.Input(d: 3_000m));

        Assert.Null(result);
        var data = h.Last.Data;
        Assert.Equal(4_000m, data.Substitution.SubstitutionTonnes);
        Assert.False(data.ConfirmedByLocalGovernment);
        var supplement = Assert.Single(data.Supplements!);
        Assert.Equal((3_000m, 4_000m, 1_000m), (supplement.PreviousD, supplement.NewD, supplement.AdditionalTonnes));
        Assert.Equal(CoalPhases.MunicipalReview, h.Updates[^1].State);
        Assert.Equal(4_000m, h.GateRequests[^1].RequiredQ);
        Assert.Contains(h.Audit, a => a.Action == "supplementary-plan" && a.Article.EndsWith("Art. 14", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2_500, "MunicipalDrc", "411100")]
    [InlineData(6_000, "ProvincialDrc", "410000")]
    public async Task RunAsync_ReportOverdue_EscalatesThenRecordsLateReport(int tce, string authority, string agency)
    {
        // Production 2025-03-01, report due 2025-06-01; "now" is long after: the reminders are past and overdue fires at once.
        var h = ThroughApproval(new CoalOrchestrationHarness(new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc)), provincial: tce >= 5_000)
            .Event(EnergyEvents.StartProduction, "ProjectOwner", new { date = "2025-03-01" })
            .Event(
                EnergyEvents.Report,
                "ProjectOwner",
                new { document = "late.pdf" },
                acceptedUtc: new DateTime(2025, 9, 2, 2, 0, 0, DateTimeKind.Utc),
                afterState: CoalPhases.ReportOverdue
            );

        var result = await RunAsync(h, CoalOrchestrationHarness.Input(tce: tce));

        Assert.Equal(new CoalProjectResult("report-filed-late", true), result);
        var escalation = Assert.Single(h.Updates.SelectMany(u => u.Notifications), n => n.Kind == "escalation");
        Assert.Equal((Enum.Parse<Role>(authority), agency), (escalation.RecipientRole, escalation.RecipientAgency));
        Assert.Contains(h.Audit, a => a.Action == "escalated");
        Assert.True(h.Updates[^1].Late);
        Assert.Empty(h.Timers);
    }

    [Fact]
    public async Task RunAsync_ReportAwaited_RemindsThirtySevenAndOneDayBefore()
    {
        var h = ThroughApproval(new CoalOrchestrationHarness(new DateTime(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc)), provincial: false)
            .Event(EnergyEvents.StartProduction, "ProjectOwner", new { date = "2025-03-01" })
            .Event(
                EnergyEvents.Report,
                "ProjectOwner",
                new { document = "late.pdf" },
                acceptedUtc: new DateTime(2025, 6, 10, 2, 0, 0, DateTimeKind.Utc),
                afterState: CoalPhases.ReportOverdue
            );

        var result = await RunAsync(h, CoalOrchestrationHarness.Input());

        Assert.Equal("report-filed-late", result!.Outcome);
        var due = new DateOnly(2025, 6, 1);
        Assert.Equal(
            [
                ChinaTime.StartOfDayUtc(due.AddDays(-30)).UtcDateTime,
                ChinaTime.StartOfDayUtc(due.AddDays(-7)).UtcDateTime,
                ChinaTime.StartOfDayUtc(due.AddDays(-1)).UtcDateTime,
                ChinaTime.EndOfDayUtc(due).UtcDateTime,
            ],
            h.Timers
        );
        Assert.Equal(
            ["reminder-20250601-30", "reminder-20250601-7", "reminder-20250601-1"],
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
            : new CoalGateOutcome(true, r.RequiredQ, "pass", "passed", "Art. 15");

    [Fact]
    public async Task Approve_Art19RegionRectifyingDuringReview_ReviewSuspendedNotApproved()
    {
        var h = new CoalOrchestrationHarness(Filed) { Gate = Suspended }
            .Event(EnergyEvents.AllocateSource, "ProjectOwner", new { sourceId = "S1", tonnes = 3000 })
            .Event(EnergyEvents.SubmitForReview, "ProjectOwner")
            .Event(EnergyEvents.Approve, "MunicipalDrc");

        var result = await RunAsync(h, CoalOrchestrationHarness.Input());

        Assert.Null(result);
        var suspended = Assert.Single(h.Audit, a => a.Action == "review-suspended");
        Assert.Contains("SUSP-2", suspended.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Audit, a => a.Action == "approved");
        Assert.Equal(CoalPhases.MunicipalReview, h.Updates[^1].State);
        Assert.Null(h.Last.Data.ApprovedOn);
        Assert.Equal(CheckCoalGateActivity.ApprovalGate, h.GateRequests[^1].Gate);
    }

    [Fact]
    public async Task Approve_Art19InstanceStartedOnVersion2_TakesTheStepsItAlwaysTook()
    {
        var h = new CoalOrchestrationHarness(Filed) { Gate = Suspended, Version = "2" }
            .Event(EnergyEvents.SubmitForReview, "ProjectOwner")
            .Event(EnergyEvents.Approve, "MunicipalDrc");

        await RunAsync(h, CoalOrchestrationHarness.Input());

        Assert.Equal([CheckCoalGateActivity.ReviewGate], h.GateRequests.Select(g => g.Gate));
        Assert.Equal(CoalPhases.Approved, h.Updates[^1].State);
    }

    [Fact]
    public async Task StartProduction_Art17_GateChecksTheDeclaredDateAgainstApprovalAndConfirmation()
    {
        var approvedUtc = new DateTime(2025, 2, 3, 2, 0, 0, DateTimeKind.Utc);
        var confirmedUtc = new DateTime(2025, 2, 20, 2, 0, 0, DateTimeKind.Utc);
        var h = new CoalOrchestrationHarness(Filed)
            .Event(EnergyEvents.SubmitForReview, "ProjectOwner")
            .Event(EnergyEvents.Approve, "MunicipalDrc", acceptedUtc: approvedUtc)
            .Event(EnergyEvents.ConfirmSubstitution, "CountyOffice", acceptedUtc: confirmedUtc)
            .Event(
                EnergyEvents.StartProduction,
                "ProjectOwner",
                new { date = "2025-01-20" },
                acceptedUtc: new DateTime(2025, 3, 1, 2, 0, 0, DateTimeKind.Utc)
            );
        h.Gate = r =>
            r.Gate == CheckCoalGateActivity.ProductionGate
                ? new CoalGateOutcome(
                    false,
                    r.RequiredQ,
                    "coal.production.before-approval",
                    "Production dated 2025-01-20 precedes the approval",
                    "Arts. 15, 17"
                )
                : new CoalGateOutcome(true, r.RequiredQ, "pass", "passed", "Art. 15");

        await RunAsync(h, CoalOrchestrationHarness.Input());

        var production = h.GateRequests.Single(g => g.Gate == CheckCoalGateActivity.ProductionGate);
        Assert.Equal(
            (new DateOnly(2025, 1, 20), new DateOnly(2025, 2, 3), new DateOnly(2025, 2, 20)),
            (production.On, production.ApprovedOn, production.ConfirmedOn)
        );
        Assert.Contains(
            h.Audit,
            a => a.Action == "production-refused" && a.Summary.Contains("precedes the approval", StringComparison.Ordinal)
        );
        Assert.Equal(CoalPhases.Approved, h.Updates[^1].State);
        Assert.Empty(h.DeadlineRequests);
    }

    [Fact]
    public async Task OrderRectification_Art20ProductionBeforeApprovalReportedLater_ViolationEscalatedAndLimitTracked()
    {
        var ordered = new DateTime(2025, 3, 10, 2, 0, 0, DateTimeKind.Utc);
        var h = ThroughApproval(new CoalOrchestrationHarness(new DateTime(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc)), provincial: false)
            .Event(EnergyEvents.StartProduction, "ProjectOwner", new { date = "2025-03-01" })
            .Event(
                EnergyEvents.OrderRectification,
                "MunicipalDrc",
                new
                {
                    finding = "替代源未落实",
                    producedSince = "2025-01-15",
                    days = 15,
                },
                acceptedUtc: ordered
            );

        var result = await RunAsync(h, CoalOrchestrationHarness.Input());

        Assert.Null(result);
        var violation = Assert.Single(h.Audit, a => a.Action == "violation-recorded");
        Assert.EndsWith("Art. 20", violation.Article, StringComparison.Ordinal);
        Assert.Contains("2025-01-15", violation.Summary, StringComparison.Ordinal);
        var request = Assert.Single(h.DeadlineRequests, r => r.PeriodId == CoalSubstitutionOrchestration.RectificationPeriod);
        Assert.Equal((new DateOnly(2025, 3, 10), 15), (request.Start, request.Amount));
        var rectification = h.Updates.Select(u => u.Deadline).First(d => d?.Kind == "coal-rectification")!;
        Assert.Equal(new DateOnly(2025, 3, 25), rectification.Due);
        var notices = h.Updates.SelectMany(u => u.Notifications).ToList();
        Assert.Contains(notices, n => n.Kind == "escalation" && n.RecipientRole == Role.MunicipalDrc && n.RecipientAgency == "411100");
        // Nobody rectified: at the limit the case escalates again (逾期不整改 … 按法律法规有关规定处理).
        Assert.Contains(h.Audit, a => a.Key == "rectification-overdue-20250325" && a.Action == "escalated");
        Assert.True(h.Last.Data.Rectification!.Overdue);
    }

    [Fact]
    public async Task WithdrawOpinion_Art21DoubleCounting_PublicationIsATrackedObligationThatClosesTheCase()
    {
        var withdrawn = new DateTime(2025, 4, 1, 2, 0, 0, DateTimeKind.Utc);
        var h = ThroughApproval(new CoalOrchestrationHarness(Filed), provincial: false)
            .Event(
                EnergyEvents.WithdrawOpinion,
                "MunicipalDrc",
                new { ground = "doubleCounting", finding = "S1 已用于另一项目" },
                acceptedUtc: withdrawn
            )
            .Event(
                EnergyEvents.RecordWithdrawalPublication,
                "MunicipalDrc",
                new { portalUrl = "https://fgw.luohe.gov.cn/w/1", publishedOn = "2025-04-08" },
                acceptedUtc: withdrawn.AddDays(7)
            );

        var result = await RunAsync(h, CoalOrchestrationHarness.Input());

        Assert.Equal(new CoalProjectResult("opinion-withdrawn", false), result);
        var publication = h.Updates.Select(u => u.Deadline).Single(d => d?.Kind == "coal-withdrawal-publication")!;
        Assert.Equal((new DateOnly(2025, 4, 1), "working-days"), (publication.Start, publication.Rule));
        // 20 working days: 4-6 April 2025 are the Qingming rest days, Sunday 27 April a make-up working day.
        Assert.Equal(new DateOnly(2025, 4, 29), publication.Due);
        var data = h.Last.Data;
        Assert.Equal(
            (Domain.Energy.WithdrawalGround.DoubleCounting, new DateOnly(2025, 4, 8)),
            (data.Withdrawal!.Ground, data.Withdrawal.PublishedOn)
        );
        Assert.Contains(h.Audit, a => a.Action == "opinion-withdrawn" && a.Article.EndsWith("Art. 21", StringComparison.Ordinal));
        Assert.Equal(CoalPhases.WithdrawalPublished, h.Updates[^1].State);
    }

    [Theory]
    [InlineData(EnergyEvents.WithdrawOpinion, CoalPhases.Withdrawn, "coal-withdrawal-publication")]
    [InlineData(EnergyEvents.OrderRectification, CoalPhases.Approved, "coal-rectification")]
    public async Task CalendarChanged_Arts20And21DeadlineOpen_DeadlineRecomputedAndPublished(string type, string state, string kind)
    {
        var signal = new CalendarChangedSignal(
            2025,
            new DateOnly(2025, 4, 1),
            new DateTimeOffset(Filed, TimeSpan.Zero),
            "国办发明电〔2024〕12号"
        );
        object payload =
            type == EnergyEvents.WithdrawOpinion
                ? new { ground = "falseMaterials", finding = "替代源证明材料虚假" }
                : new { finding = "替代源未落实" };
        var h = ThroughApproval(new CoalOrchestrationHarness(Filed), provincial: false)
            .Event(type, "MunicipalDrc", payload, acceptedUtc: new DateTime(2025, 4, 1, 2, 0, 0, DateTimeKind.Utc))
            .CalendarChange(signal, state);
        h.RecomputeShiftDays = 1; // the published year turns the last day into a rest day

        await RunAsync(h, CoalOrchestrationHarness.Input());

        var first = h.Updates.Select(u => u.Deadline).First(d => d?.Kind == kind)!;
        var recomputed = Assert.Single(h.Audit, a => a.Action == "deadline-recomputed");
        Assert.Contains($"to {first.Due.AddDays(1):yyyy-MM-dd}", recomputed.Summary, StringComparison.Ordinal);
        Assert.Contains(h.Updates, u => u.Deadline?.Kind == kind && u.Deadline.Due == first.Due.AddDays(1));
        var data = h.Updates.Where(u => u.Deadline?.Due == first.Due.AddDays(1)).Select(u => new CaseCaseView(u).Data).First();
        Assert.Equal(first.Due.AddDays(1), data.Withdrawal?.PublicationDue ?? data.Rectification!.Due);
    }
}
