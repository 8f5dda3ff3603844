using System.Globalization;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.Energy;

/// <summary>
/// The state of one coal-substitution case inside its orchestration and one handler per event. Deadlines (the Art. 16
/// report, an Art. 20 rectification, the Art. 21 publication) are <see cref="DeadlineWatch"/>es computed by
/// ComputeDeadlineActivity with the reminder days of the rule table; every write goes through <see cref="CaseFlow"/>.
/// </summary>
internal sealed class CoalCase(CaseFlow flow, CoalProjectInput input, bool law)
{
    /// <summary>Reminder days of report deadlines recorded before the rule table declared them (versions 1-2): frozen
    /// here because those cases' timers were created from them, whatever the table says later.</summary>
    private static readonly int[] RecordedReportReminderDays = [30, 7, 1];

    private CoalCaseData data = input.Data;
    private DeadlineWatch? report;
    private DeadlineWatch? rectification;
    private DeadlineWatch? publication;

    public CaseFlow Flow { get; } = flow;

    public CoalProjectResult? Result { get; private set; }

    /// <summary>The earliest instant any open deadline needs the orchestration awake.</summary>
    public DateTimeOffset? NextWake => new[] { report, rectification, publication }.Select(w => w?.NextWake).Min();

    private (Role Role, string Agency) Authority =>
        data.Route.ProvincialReview ? (Role.ProvincialDrc, HenanDivisions.Province) : (Role.MunicipalDrc, input.CityAgency);

    private static string Art(string a) => $"{EnergySources.CoalSubstitution} {a}";

    private static string Tonnes(decimal value) => value.ToString("#,##0.###", CultureInfo.InvariantCulture);

    public Task OpenAsync() =>
        PublishAsync(
            [
                Flow.SystemAudit(
                    "q-computed",
                    "substitution-computed",
                    Art("Arts. 7-9, 11"),
                    $"{data.Substitution.Formula}. {data.Route.Explanation} "
                        + $"审查前实际完成的替代量不低于 {Tonnes(data.RequiredBeforeReview)} 吨 / At least {Tonnes(data.RequiredBeforeReview)} t "
                        + "must be achieved before review (Art. 15)."
                ),
            ]
        );

    public Task OnEventAsync(CaseEventEnvelope e) =>
        (e.Type, data.Phase) switch
        {
            (EnergyEvents.AllocateSource, _) when Open => OnAllocateAsync(e),
            (EnergyEvents.SubmitForReview, CoalPhases.Collecting) => OnSubmitAsync(e),
            (EnergyEvents.PreliminaryOpinion, CoalPhases.PreliminaryOpinion) => OnPreliminaryOpinionAsync(e),
            (EnergyEvents.Approve, CoalPhases.MunicipalReview or CoalPhases.ProvincialReview) => OnApproveAsync(e),
            (EnergyEvents.Reject, CoalPhases.MunicipalReview or CoalPhases.ProvincialReview) => OnRejectAsync(e),
            (EnergyEvents.RecordPublication, CoalPhases.Approved) => OnPublicationAsync(e),
            (EnergyEvents.ConfirmSubstitution, CoalPhases.Approved) => OnConfirmAsync(e),
            (EnergyEvents.Supplement, CoalPhases.Approved or CoalPhases.Collecting) => OnSupplementAsync(e),
            (EnergyEvents.StartProduction, CoalPhases.Approved) => OnStartProductionAsync(e),
            (EnergyEvents.Report, CoalPhases.Reporting or CoalPhases.ReportOverdue) => OnReportAsync(e),
            (EnergyEvents.OrderRectification, _) when Supervised && data.Rectification is not { AcceptedOn: null } =>
                OnOrderRectificationAsync(e),
            (EnergyEvents.AcceptRectification, _) when data.Rectification is { AcceptedOn: null } => OnAcceptRectificationAsync(e),
            (EnergyEvents.WithdrawOpinion, _) when Supervised => OnWithdrawAsync(e),
            (EnergyEvents.RecordWithdrawalPublication, CoalPhases.Withdrawn) => OnWithdrawalPublishedAsync(e),
            _ => OnIgnoredAsync(e),
        };

    /// <summary>Allocations are booked in the ledger by the API whatever the phase; the case records them until it ends.</summary>
    private bool Open => data.Phase is not (CoalPhases.Reporting or CoalPhases.ReportOverdue or CoalPhases.Withdrawn);

    /// <summary>Arts. 20, 21 apply once an opinion has been issued (approved, in production, reporting).</summary>
    private bool Supervised => data.Phase is CoalPhases.Approved or CoalPhases.Reporting or CoalPhases.ReportOverdue;

    public async Task OnCalendarChangedAsync(CalendarChangedSignal signal)
    {
        report = await RecomputeAsync(report, signal, d => data = data with { ReportDue = d.Due });
        rectification = await RecomputeAsync(
            rectification,
            signal,
            d => data = data with { Rectification = data.Rectification! with { Due = d.Due } }
        );
        publication = await RecomputeAsync(
            publication,
            signal,
            d => data = data with { Withdrawal = data.Withdrawal! with { PublicationDue = d.Due } }
        );
    }

    public async Task OnTimerAsync()
    {
        await RemindAsync(report, RecipientOf(report), "落实情况报告 / implementation report");
        await RemindAsync(rectification, RecipientOf(rectification), "限期整改 / rectification");
        await RemindAsync(publication, Authority, "公开撤销的审查意见 / publication of the withdrawal");
        if (report?.MarkOverdue(Flow.Now) == true)
        {
            await ReportOverdueAsync(report);
        }

        if (rectification?.MarkOverdue(Flow.Now) == true)
        {
            await RectificationOverdueAsync(rectification);
        }

        if (publication?.MarkOverdue(Flow.Now) == true)
        {
            await PublicationOverdueAsync(publication);
        }
    }

    private async Task OnAllocateAsync(CaseEventEnvelope e)
    {
        var booked = CoalEventPayloads.Read<AllocateSourcePayload>(e);
        data = data with { AchievedTonnes = data.AchievedTonnes + booked.Tonnes };
        await PublishAsync(
            [
                Entry(
                    e,
                    "source-allocated",
                    Art("Arts. 5, 18"),
                    $"替代来源 {booked.SourceId} 已计入 {Tonnes(booked.Tonnes)} 吨，已落实 {Tonnes(data.AchievedTonnes)} 吨 / Q "
                        + $"{Tonnes(data.Substitution.SubstitutionTonnes)} 吨 / Source {booked.SourceId} booked: {Tonnes(booked.Tonnes)} t; "
                        + $"secured {Tonnes(data.AchievedTonnes)} t of Q {Tonnes(data.Substitution.SubstitutionTonnes)} t."
                ),
            ]
        );
    }

    private async Task OnSubmitAsync(CaseEventEnvelope e)
    {
        var review = await GateAsync(CheckCoalGateActivity.ReviewGate, LegalDate(e));
        if (!review.Passed)
        {
            await PublishAsync([Entry(e, "review-refused", review.Article, review.Message)]);
            return;
        }

        // Art. 11: ≥ 5,000 tce/yr → city preliminary opinion then province; below → city DRC.
        data = data with { Phase = data.Route.ProvincialReview ? CoalPhases.PreliminaryOpinion : CoalPhases.MunicipalReview };
        await PublishAsync([Entry(e, "submitted-for-review", Art("Arts. 11, 15"), $"{review.Message} {data.Route.Explanation}")]);
    }

    private async Task OnPreliminaryOpinionAsync(CaseEventEnvelope e)
    {
        if (await SuspendedAsync(e) is { } suspended)
        {
            await PublishAsync([Entry(e, "review-suspended", suspended.Article, suspended.Message)]);
            return;
        }

        data = data with
        {
            Phase = CoalPhases.ProvincialReview,
            PreliminaryOpinion = CoalEventPayloads.Read<PreliminaryOpinionPayload>(e).Opinion,
        };
        await PublishAsync(
            [
                Entry(
                    e,
                    "preliminary-opinion",
                    Art("Art. 11(1)"),
                    $"市发展改革委初审意见：{data.PreliminaryOpinion}，已报省发展改革委 / City DRC preliminary opinion: "
                        + $"{data.PreliminaryOpinion}; forwarded to the provincial DRC."
                ),
            ]
        );
    }

    private async Task OnApproveAsync(CaseEventEnvelope e)
    {
        if (await SuspendedAsync(e) is { } suspended)
        {
            await PublishAsync([Entry(e, "review-suspended", suspended.Article, suspended.Message)]);
            return;
        }

        var approvedOn = CoalEventPayloads.Read<ApprovePayload>(e).ApprovedOn ?? LegalDate(e);
        data = data with { Phase = CoalPhases.Approved, Decision = "approved", ApprovedOn = approvedOn };
        await PublishAsync(
            [
                Entry(
                    e,
                    "approved",
                    Art(data.Route.ProvincialReview ? "Arts. 11(1), 12" : "Arts. 11(2), 12"),
                    $"替代方案经 {e.ActorRole} 批准，随后在门户网站公开（第十三条）；投产前须落实全部替代量并经认定（第十五条、第十七条） / "
                        + $"Plan approved by {e.ActorRole}; publication on the portal follows (Art. 13); "
                        + "production needs all of Q achieved and confirmed (Arts. 15, 17)."
                ),
            ]
        );
    }

    /// <summary>Art. 19 (version 4): the review itself is suspended while the region rectifies (暂停…节能审查), so no
    /// opinion is given; the gate is read in an activity. Null when the review may go on.</summary>
    private async Task<CoalGateOutcome?> SuspendedAsync(CaseEventEnvelope e)
    {
        if (!law)
        {
            return null;
        }

        var gate = await GateAsync(CheckCoalGateActivity.ApprovalGate, LegalDate(e));
        return gate.Passed ? null : gate;
    }

    private async Task OnRejectAsync(CaseEventEnvelope e)
    {
        var reason = CoalEventPayloads.Read<RejectPayload>(e).Reason;
        data = data with { Phase = CoalPhases.Rejected, Decision = "rejected: " + reason };
        await CloseAsync([Entry(e, "rejected", Art("Arts. 11, 12"), $"替代方案未获通过（{e.ActorRole}）：{reason} / Plan rejected by {e.ActorRole}: {reason}.")], "rejected", false);
    }

    private async Task OnPublicationAsync(CaseEventEnvelope e)
    {
        var published = CoalEventPayloads.Read<PublicationPayload>(e);
        data = data with { PortalUrl = published.PortalUrl, PublishedOn = published.PublishedOn };
        await PublishAsync(
            [Entry(e, "plan-published", Art("Art. 13"), $"替代方案已于 {data.PublishedOn:yyyy-MM-dd} 公开：{data.PortalUrl} / Plan published on {data.PublishedOn:yyyy-MM-dd} at {data.PortalUrl}.")]
        );
    }

    private async Task OnConfirmAsync(CaseEventEnvelope e)
    {
        var confirmedOn = CoalEventPayloads.Read<ConfirmSubstitutionPayload>(e).ConfirmedOn ?? LegalDate(e);
        data = data with { ConfirmedByLocalGovernment = true, ConfirmedOn = confirmedOn };
        await PublishAsync(
            [
                Entry(
                    e,
                    "substitution-confirmed",
                    Art("Arts. 15, 17"),
                    $"全部替代量 {Tonnes(data.Substitution.SubstitutionTonnes)} 吨经所在地人民政府相关部门认定（{e.ActorName}） / All of Q "
                        + $"{Tonnes(data.Substitution.SubstitutionTonnes)} t confirmed by the local government ({e.ActorName})."
                ),
            ]
        );
    }

    private async Task OnSupplementAsync(CaseEventEnvelope e)
    {
        var newD = CoalEventPayloads.Read<SupplementPayload>(e).NewCoalConsumptionTonnes;
        if (newD <= data.Intake.NewCoalConsumptionTonnes)
        {
            var summary =
                $"新的煤炭消费量 {Tonnes(newD)} 吨未超过原 {Tonnes(data.Intake.NewCoalConsumptionTonnes)} 吨 / New D {Tonnes(newD)} t is not "
                + $"above {Tonnes(data.Intake.NewCoalConsumptionTonnes)} t.";
            await PublishAsync([Entry(e, "supplement-refused", Art("Art. 14"), summary)]);
            return;
        }

        var supplement = await Flow.CallAsync(
            ActivityCalls.ComputeCoalSupplement,
            new CoalSupplementRequest(data.Intake, data.RulesEffectiveFrom, newD)
        );
        var record = new CoalSupplementRecord(
            e.EventId,
            LegalDate(e),
            data.Intake.NewCoalConsumptionTonnes,
            newD,
            supplement.AdditionalTonnes,
            supplement.Explanation,
            supplement.Article
        );
        // Art. 14: the extra substitution is reviewed again before production; the earlier approval and confirmation
        // no longer cover Q.
        data = data with
        {
            Intake = data.Intake with { NewCoalConsumptionTonnes = newD },
            Substitution = supplement.Revised,
            Phase = CoalPhases.Collecting,
            ConfirmedByLocalGovernment = false,
            Decision = null,
            ApprovedOn = null,
            ConfirmedOn = null,
            Supplements = [.. data.Supplements ?? [], record],
        };
        var text = $"{supplement.Revised.Formula}. {supplement.Explanation} 补充方案重新报送审查 / The supplementary plan goes through review "
            + "again.";
        await PublishAsync([Entry(e, "supplementary-plan", supplement.Article, text)]);
    }

    private async Task OnStartProductionAsync(CaseEventEnvelope e)
    {
        var start = CoalEventPayloads.Read<StartProductionPayload>(e).Date ?? LegalDate(e);
        var production = await GateAsync(CheckCoalGateActivity.ProductionGate, start);
        if (!production.Passed)
        {
            await PublishAsync([Entry(e, "production-refused", production.Article, production.Message)]);
            return;
        }

        var request = new DeadlineRequest(
            "coal-implementation-report",
            "向出具审查意见的机关报送煤炭消费减量替代方案落实情况 / Implementation report to the authority that issued the review opinion (Art. 16)",
            CoalSubstitutionOrchestration.ReportPeriod,
            start,
            Role.ProjectOwner,
            WarningCalendarDays: RecordedReportReminderDays[0],
            RulesOn: data.RulesEffectiveFrom
        );
        var deadline = await Flow.ComputeAsync(request);
        report = Watch(request, deadline);
        data = data with { Phase = CoalPhases.Reporting, ProductionStart = start, ReportDue = deadline.Due };
        var summary =
            $"{start:yyyy-MM-dd} 投产，替代量已认定；落实情况应于 {deadline.Due:yyyy-MM-dd} 前报送 / Production started {start:yyyy-MM-dd} "
            + $"with Q confirmed; implementation report due {deadline.Due:yyyy-MM-dd} ({string.Join(" ", deadline.Explanation)}).";
        await PublishAsync([Entry(e, "production-started", Art("Arts. 15, 16, 17"), summary)], deadline);
    }

    private async Task OnReportAsync(CaseEventEnvelope e)
    {
        var due = report!.Deadline;
        var late = e.AcceptedUtc > due.DueUtc;
        data = data with
        {
            Phase = CoalPhases.Reported,
            ReportDocument = CoalEventPayloads.Read<ReportPayload>(e).Document,
            ReportLate = late,
        };
        var summary =
            $"落实情况报告 {data.ReportDocument} 于 {LegalDate(e):yyyy-MM-dd} 收到，期限 {due.Due:yyyy-MM-dd}：" + (late ? "逾期" : "按期")
            + $" / Implementation report {data.ReportDocument} received {LegalDate(e):yyyy-MM-dd}, due {due.Due:yyyy-MM-dd}: "
            + (late ? "late" : "on time")
            + ".";
        await CloseAsync([Entry(e, "report-filed", Art("Art. 16"), summary, late)], late ? "report-filed-late" : "report-filed", late);
    }

    /// <summary>
    /// Art. 20: 对…未落实煤炭替代方案的，责令建设单位限期整改. The limit is the order's (or the table's default); when the
    /// finding is production before approval and confirmation (Arts. 15, 17), reported after the fact, the violation is
    /// recorded with its date and escalated to the authority that issued the opinion.
    /// </summary>
    private async Task OnOrderRectificationAsync(CaseEventEnvelope e)
    {
        var order = CoalEventPayloads.Read<OrderRectificationPayload>(e);
        var request = new DeadlineRequest(
            "coal-rectification",
            "发展改革部门责令限期整改 / Rectification ordered by the development and reform department (Art. 20)",
            CoalSubstitutionOrchestration.RectificationPeriod,
            LegalDate(e),
            Role.ProjectOwner,
            RulesOn: data.RulesEffectiveFrom
        )
        {
            Amount = order.Days,
        };
        var deadline = await Flow.ComputeAsync(request);
        rectification = Watch(request, deadline);
        data = data with
        {
            Rectification = new CoalRectification(e.EventId, LegalDate(e), order.Finding ?? "", order.ProducedSince, deadline.Due),
        };
        var violation = order.ProducedSince is { } since
            ? $" 自 {since:yyyy-MM-dd} 未经批准和认定即投产，违反第十五条、第十七条 / Production ran from {since:yyyy-MM-dd} before approval "
                + "and confirmation: violation of Arts. 15, 17 recorded."
            : "";
        var summary = $"限期整改 / Rectification ordered by {e.ActorRole} by {deadline.Due:yyyy-MM-dd}: {order.Finding}.{violation}";
        var (role, agency) = Authority;
        await PublishAsync(
            [Entry(e, order.ProducedSince is null ? "rectification-ordered" : "violation-recorded", Art("Art. 20"), summary)],
            deadline,
            [
                Notice($"{input.CaseId}-rectification-{e.EventId}", Role.ProjectOwner, input.Agency, "rectification", summary, "Art. 20"),
                Notice($"{input.CaseId}-escalation-{e.EventId}", role, agency, "escalation", summary, "Arts. 17, 20"),
            ]
        );
    }

    private async Task OnAcceptRectificationAsync(CaseEventEnvelope e)
    {
        var due = rectification?.Deadline.Due ?? data.Rectification!.Due;
        var late = LegalDate(e) > due;
        data = data with { Rectification = data.Rectification! with { AcceptedOn = LegalDate(e) } };
        rectification = null;
        var note = CoalEventPayloads.Read<AcceptRectificationPayload>(e).Note;
        var summary =
            $"整改到位 / Rectification found done on {LegalDate(e):yyyy-MM-dd} (limit {due:yyyy-MM-dd}{(late ? ", late" : "")}). {note}";
        await PublishAsync([Entry(e, "rectification-accepted", Art("Art. 20"), summary.TrimEnd(), late)], report?.Deadline);
    }

    /// <summary>
    /// Art. 21: an opinion obtained by double counting, false materials or another improper means is withdrawn
    /// (撤销原审查意见); its publication (相关情况向社会公布) becomes the case's deadline, and the finding goes to the
    /// credit information platforms once established by law (recorded as the authority's obligation).
    /// </summary>
    private async Task OnWithdrawAsync(CaseEventEnvelope e)
    {
        var withdrawal = CoalEventPayloads.Read<WithdrawOpinionPayload>(e);
        var request = new DeadlineRequest(
            "coal-withdrawal-publication",
            "公开撤销的节能审查意见 / Publication of the withdrawn review opinion (Art. 21)",
            CoalSubstitutionOrchestration.WithdrawalPublicationPeriod,
            LegalDate(e),
            Authority.Role,
            RulesOn: data.RulesEffectiveFrom
        );
        var deadline = await Flow.ComputeAsync(request);
        (report, rectification, publication) = (null, null, Watch(request, deadline));
        data = data with
        {
            Phase = CoalPhases.Withdrawn,
            Decision = "withdrawn",
            Withdrawal = new CoalWithdrawal(LegalDate(e), withdrawal.Ground!.Value, withdrawal.Finding ?? "", deadline.Due),
        };
        var summary =
            $"撤销原审查意见 / Review opinion withdrawn ({withdrawal.Ground}): {withdrawal.Finding}. "
            + $"应于 {deadline.Due:yyyy-MM-dd} 前公开，失信行为纳入信用信息平台 / Publication due {deadline.Due:yyyy-MM-dd}; the established "
            + "dishonesty goes to the credit information platforms.";
        await PublishAsync(
            [Entry(e, "opinion-withdrawn", Art("Art. 21"), summary)],
            deadline,
            [Notice($"{input.CaseId}-withdrawn", Role.ProjectOwner, input.Agency, "decision", summary, "Art. 21")]
        );
    }

    private async Task OnWithdrawalPublishedAsync(CaseEventEnvelope e)
    {
        var published = CoalEventPayloads.Read<PublicationPayload>(e);
        var due = publication!.Deadline;
        var late = published.PublishedOn > due.Due;
        data = data with
        {
            Phase = CoalPhases.WithdrawalPublished,
            Withdrawal = data.Withdrawal! with
            {
                PortalUrl = published.PortalUrl,
                PublishedOn = published.PublishedOn,
                PublishedLate = late,
            },
        };
        var summary =
            $"撤销情况已公布 / Withdrawal published on {published.PublishedOn:yyyy-MM-dd} at {published.PortalUrl} "
            + $"(due {due.Due:yyyy-MM-dd}{(late ? ", late" : "")}).";
        await CloseAsync([Entry(e, "withdrawal-published", Art("Art. 21"), summary, late)], "opinion-withdrawn", late);
    }

    private async Task OnIgnoredAsync(CaseEventEnvelope e) =>
        await PublishAsync(
            [
                Entry(
                    e,
                    "event-ignored",
                    Art(data.Phase is CoalPhases.Reporting or CoalPhases.ReportOverdue ? "Art. 16" : "Art. 10"),
                    data.Phase is CoalPhases.Reporting or CoalPhases.ReportOverdue
                        ? $"等待落实情况报告期间不适用“{e.Type}” / '{e.Type}' does not apply while the implementation report is awaited."
                        : $"案件处于“{data.Phase}”，不适用“{e.Type}” / '{e.Type}' does not apply while the case is '{data.Phase}'."
                ),
            ]
        );

    private async Task ReportOverdueAsync(DeadlineWatch watch)
    {
        var (role, agency) = Authority;
        var due = watch.Deadline.Due;
        data = data with { Phase = CoalPhases.ReportOverdue };
        await PublishAsync(
            [
                AuditEntry.BySystem(
                    input.CaseId,
                    $"report-overdue-{due:yyyyMMdd}",
                    watch.Deadline.DueUtc,
                    "escalated",
                    Art("Art. 16"),
                    $"落实情况报告应于 {due:yyyy-MM-dd} 前报送而未报送，已报告 {role} {agency} / Implementation report was due "
                        + $"{due:yyyy-MM-dd} and has not arrived; escalated to {role} {agency}."
                ),
            ],
            notifications:
            [
                Notice(
                    $"{input.CaseId}-report-overdue",
                    role,
                    agency,
                    "escalation",
                    $"{data.Intake.ProjectName}（{input.CaseId}）：落实情况报告自 {due:yyyy-MM-dd} 起逾期 / implementation report overdue since "
                        + $"{due:yyyy-MM-dd} (Art. 16).",
                    "Art. 16"
                ),
            ]
        );
    }

    /// <summary>Art. 20: 逾期不整改或未整改到位的，按法律法规有关规定处理 — escalated to the authority that issued the opinion.</summary>
    private async Task RectificationOverdueAsync(DeadlineWatch watch)
    {
        var (role, agency) = Authority;
        var due = watch.Deadline.Due;
        data = data with { Rectification = data.Rectification! with { Overdue = true } };
        var summary =
            $"逾期未整改 / Rectification was due {due:yyyy-MM-dd} and is not done: to be handled under the applicable laws (Art. 20).";
        await PublishAsync(
            [
                AuditEntry.BySystem(
                    input.CaseId,
                    $"rectification-overdue-{due:yyyyMMdd}",
                    watch.Deadline.DueUtc,
                    "escalated",
                    Art("Art. 20"),
                    summary
                ),
            ],
            notifications: [Notice($"{input.CaseId}-rectification-overdue-{due:yyyyMMdd}", role, agency, "escalation", summary, "Art. 20")]
        );
    }

    private async Task PublicationOverdueAsync(DeadlineWatch watch)
    {
        var (role, agency) = Authority;
        var due = watch.Deadline.Due;
        var summary = $"撤销情况逾期未公布 / The withdrawal was to be published by {due:yyyy-MM-dd} (Art. 21).";
        await PublishAsync(
            [
                AuditEntry.BySystem(
                    input.CaseId,
                    $"publication-overdue-{due:yyyyMMdd}",
                    watch.Deadline.DueUtc,
                    "overdue",
                    Art("Art. 21"),
                    summary
                ),
            ],
            notifications: [Notice($"{input.CaseId}-publication-overdue-{due:yyyyMMdd}", role, agency, "escalation", summary, "Art. 21")]
        );
    }

    private async Task RemindAsync(DeadlineWatch? watch, (Role Role, string Agency) recipient, string what)
    {
        foreach (var reminder in watch?.TakeDueReminders(Flow.Now) ?? [])
        {
            await PublishAsync(
                [AuditEntry.BySystem(input.CaseId, reminder.Key, reminder.AtUtc, "reminder", watch!.Deadline.LegalBasis, reminder.Message)],
                notifications:
                [
                    Notice(
                        $"{input.CaseId}-{reminder.Key}",
                        recipient.Role,
                        recipient.Agency,
                        "reminder",
                        $"{data.Intake.ProjectName}: {what} — {reminder.Message}",
                        watch.Deadline.LegalBasis
                    ),
                ]
            );
        }
    }

    private (Role Role, string Agency) RecipientOf(DeadlineWatch? watch) =>
        (watch?.Deadline.ResponsibleRole ?? Role.ProjectOwner, input.Agency);

    /// <summary>A calendar year changed: the watch's deadline is computed again (one place: ComputeDeadlineActivity)
    /// and published with the case data it changes.</summary>
    private async Task<DeadlineWatch?> RecomputeAsync(DeadlineWatch? watch, CalendarChangedSignal signal, Action<CaseDeadline> apply)
    {
        if (watch is null)
        {
            return null;
        }

        var overdue = watch.Overdue;
        return await Flow.RecomputeAsync(
            watch,
            signal,
            Reminders,
            recomputed =>
            {
                apply(recomputed);
                if (watch == report && overdue)
                {
                    data = data with { Phase = Flow.Now >= recomputed.DueUtc ? CoalPhases.ReportOverdue : CoalPhases.Reporting };
                }

                return Update(null);
            }
        );
    }

    private DeadlineWatch Watch(DeadlineRequest request, CaseDeadline deadline) =>
        new(request, deadline, Reminders(deadline).Where(r => r.AtUtc > Flow.Now));

    /// <summary>The reminders of a deadline on the days its rule table sets (report deadlines recorded before the table
    /// declared them: the days they were created with).</summary>
    private static IEnumerable<Reminder> Reminders(CaseDeadline d) =>
        (d.ReminderDaysBefore ?? (d.Kind == "coal-implementation-report" ? RecordedReportReminderDays : [])).Select(n => new Reminder(
            ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
            ReminderKey(d, n),
            $"{d.Label}：{d.Due:yyyy-MM-dd} 到期（还有 {n} 天） / due {d.Due:yyyy-MM-dd} ({n} day(s) left)."
        ));

    /// <summary>Report reminders keep the key they always had (a replayed write is then the same row).</summary>
    private static string ReminderKey(CaseDeadline d, int days) =>
        d.Kind == "coal-implementation-report" ? $"reminder-{d.Due:yyyyMMdd}-{days}" : $"{d.Kind}-reminder-{d.Due:yyyyMMdd}-{days}";

    private Task<CoalGateOutcome> GateAsync(string gate, DateOnly on) =>
        Flow.CallAsync(
            ActivityCalls.CheckCoalGate,
            new CoalGateRequest(
                input.CaseId,
                gate,
                data.Intake.Location,
                data.Substitution.SubstitutionTonnes,
                data.MinimumShareBeforeReview,
                data.ConfirmedByLocalGovernment,
                on
            )
            {
                ApprovedOn = data.ApprovedOn,
                ConfirmedOn = data.ConfirmedOn,
            }
        );

    private async Task CloseAsync(IReadOnlyList<AuditEntry> audit, string outcome, bool late)
    {
        await Flow.PublishAsync(Update(null) with { Audit = audit, Close = true, Outcome = outcome, Late = late });
        Result = new CoalProjectResult(outcome, late);
    }

    private Task<CaseWritten> PublishAsync(
        IReadOnlyList<AuditEntry> audit,
        CaseDeadline? deadline = null,
        IReadOnlyList<NotificationRequest>? notifications = null
    ) => Flow.PublishAsync(Update(deadline) with { Audit = audit, Notifications = notifications ?? [] });

    private CaseUpdate Update(CaseDeadline? deadline) =>
        new()
        {
            CaseId = input.CaseId,
            State = data.Phase,
            AwaitedEvents = CoalSubstitutionOrchestration.Awaited(data),
            DataJson = JsonSerializer.Serialize(data, CaseJson.Options),
            Deadline = deadline,
        };

    private AuditEntry Entry(CaseEventEnvelope e, string action, string article, string summary, bool late = false) =>
        AuditEntry.ByEvent(input.CaseId, e, action, article, summary, late: late);

    private static NotificationRequest Notice(string key, Role role, string agency, string kind, string message, string article) =>
        new(key, role, agency, kind, message, Art(article));

    private static DateOnly LegalDate(CaseEventEnvelope e) => ChinaTime.ToLegalDate(e.AcceptedUtc);
}
