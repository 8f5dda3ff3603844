using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Validation;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.Energy;

namespace Workflows.Functions.Energy;

/// <summary>Coal consumption substitution (河南省耗煤项目煤炭消费替代管理办法, 豫发改环资〔2021〕893号).</summary>
public sealed partial class CoalSubstitutionProcedure(CoalGates gates, TimeProvider clock) : ICaseProcedure
{
    public const string ProcedureName = "coal-substitution";

    private static string Art(string a) => $"{EnergySources.CoalSubstitution} {a}";

    public string Name => ProcedureName;

    public string CasePrefix => "COAL";

    public string OrchestratorName => nameof(CoalSubstitutionOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            EnergyEvents.AllocateSource,
            [Role.ProjectOwner, Role.MunicipalDrc],
            Art("Arts. 5, 18"),
            ["sourceId", "tonnes"],
            "Book a registered substitution source to this project (one source serves one project)."
        ),
        new(
            EnergyEvents.SubmitForReview,
            [Role.ProjectOwner],
            Art("Arts. 10, 11, 15, 19"),
            [],
            "Submit the substitution plan for review: ≥ 40% of Q achieved, region not suspended."
        ),
        new(
            EnergyEvents.PreliminaryOpinion,
            [Role.MunicipalDrc],
            Art("Art. 11(1)"),
            ["opinion"],
            "City DRC preliminary opinion for a project ≥ 5,000 tce/yr."
        ),
        new(
            EnergyEvents.Approve,
            [Role.MunicipalDrc, Role.ProvincialDrc],
            Art("Arts. 11, 12"),
            [],
            "Approve the plan (provincial DRC for ≥ 5,000 tce/yr, else city DRC)."
        ),
        new(EnergyEvents.Reject, [Role.MunicipalDrc, Role.ProvincialDrc], Art("Arts. 11, 12"), ["reason"], "Reject the plan."),
        new(
            EnergyEvents.RecordPublication,
            [Role.MunicipalDrc, Role.ProvincialDrc, Role.CountyOffice],
            Art("Art. 13"),
            ["portalUrl", "publishedOn"],
            "Record the plan's publication on the DRC portal."
        ),
        new(
            EnergyEvents.ConfirmSubstitution,
            [Role.CountyOffice, Role.MunicipalDrc],
            Art("Arts. 15, 17"),
            [],
            "Local government confirms that all of Q is achieved."
        ),
        new(
            EnergyEvents.Supplement,
            [Role.ProjectOwner, Role.MunicipalDrc],
            Art("Art. 14"),
            ["newCoalConsumptionTonnes"],
            "Construction changed and coal use grows: supplementary plan with the new D, reviewed again."
        ),
        new(
            EnergyEvents.StartProduction,
            [Role.ProjectOwner],
            Art("Arts. 15, 16, 17"),
            ["date"],
            "Production starts (all of Q achieved and confirmed); the implementation report is due within 3 months."
        ),
        new(
            EnergyEvents.OrderRectification,
            [Role.MunicipalDrc, Role.ProvincialDrc, Role.CountyOffice],
            Art("Arts. 17, 20"),
            ["finding"],
            "Order a time-limited rectification (责令限期整改); 'producedSince' records production before approval (violation)."
        ),
        new(
            EnergyEvents.AcceptRectification,
            [Role.MunicipalDrc, Role.ProvincialDrc, Role.CountyOffice],
            Art("Art. 20"),
            [],
            "The ordered rectification is done (整改到位)."
        ),
        new(
            EnergyEvents.WithdrawOpinion,
            [Role.MunicipalDrc, Role.ProvincialDrc],
            Art("Art. 21"),
            ["ground", "finding"],
            "Withdraw the review opinion obtained by double counting, false materials or other improper means (撤销原审查意见)."
        ),
        new(
            EnergyEvents.RecordWithdrawalPublication,
            [Role.MunicipalDrc, Role.ProvincialDrc],
            Art("Art. 21"),
            ["portalUrl", "publishedOn"],
            "Record where and when the withdrawal was published (相关情况向社会公布)."
        ),
    ];

    /// <summary>Gates checked before an event claims a stage, so the caller learns the numbers (409) at once.</summary>
    public async Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        var data = CoalCaseData.From(record);
        if (data is null)
        {
            return null;
        }

        if (CoalEventPayloads.Misfit(type, payload) is { } misfit)
        {
            return ApiProblems.Validation(misfit.Field, "event.payload-shape", misfit.Message);
        }

        var q = data.Substitution.SubstitutionTonnes;
        var today = ChinaTime.Today(clock);
        switch (type)
        {
            case EnergyEvents.AllocateSource:
                var tonnes = EnergyPayload.Number(payload, "tonnes");
                if (tonnes is null)
                {
                    return ApiProblems.Validation("tonnes", "event.number", "'tonnes' must be a number of physical tonnes.");
                }

                var allocation = await gates
                    .AllocateAsync(
                        EnergyPayload.Text(payload, "sourceId") ?? "",
                        record.Id,
                        tonnes.Value,
                        clock.GetUtcNow(),
                        cancellationToken
                    )
                    .ConfigureAwait(false);
                return allocation.Succeeded ? null : EnergyApiProblems.Ledger(allocation.Errors);
            case EnergyEvents.SubmitForReview:
                var review = await gates
                    .CheckReviewAsync(record.Id, data.Intake.Location, q, data.MinimumShareBeforeReview, today, cancellationToken)
                    .ConfigureAwait(false);
                return review.Passed ? null : EnergyApiProblems.Gate(review);
            case EnergyEvents.Approve or EnergyEvents.Reject:
                var reviewer = record.State == CoalPhases.ProvincialReview ? Role.ProvincialDrc : Role.MunicipalDrc;
                return actor.Role == reviewer
                    ? StatedDay(payload, "approvedOn", data.AcceptedOn, today)
                    : ApiProblems.Forbidden($"This plan is reviewed by {reviewer} ({data.Route.Explanation}); you are {actor.Role}.");
            case EnergyEvents.WithdrawOpinion or EnergyEvents.RecordWithdrawalPublication:
                return Withdrawal(data, type, payload, actor, today);
            case EnergyEvents.OrderRectification:
                return Rectification(payload, today);
            case EnergyEvents.ConfirmSubstitution:
                var confirm = await gates.CheckConfirmationAsync(record.Id, q, cancellationToken).ConfigureAwait(false);
                return confirm.Passed
                    ? StatedDay(payload, "confirmedOn", data.ApprovedOn ?? data.AcceptedOn, today)
                    : EnergyApiProblems.Gate(confirm);
            case EnergyEvents.Supplement:
                var d = EnergyPayload.Number(payload, "newCoalConsumptionTonnes");
                if (d is { } newD && NumberRange.Tonnes.Check("newCoalConsumptionTonnes", newD) is { } range)
                {
                    return ApiProblems.Validation(range.Field, range.Rule, range.Message);
                }

                return d is null || d <= data.Intake.NewCoalConsumptionTonnes
                    ? ApiProblems.Validation(
                        "newCoalConsumptionTonnes",
                        "coal.supplement.not-increase",
                        $"A supplementary plan (煤炭替代补充方案) is needed only when coal use grows: new D must be above {data.Intake.NewCoalConsumptionTonnes} t ({Art("Art. 14")})."
                    )
                    : null;
            case EnergyEvents.StartProduction:
                var date = EnergyPayload.Date(payload, "date");
                if (date is null || date > today)
                {
                    return ApiProblems.Validation(
                        "date",
                        "coal.production.date",
                        $"'date' must be a yyyy-MM-dd date not after today ({today:yyyy-MM-dd})."
                    );
                }

                if (LegalDateRange.Check("date", date.Value, LegalDateRange.FirstDay, today) is { } outside)
                {
                    return ApiProblems.Validation(outside.Field, outside.Rule, outside.Message);
                }

                // Arts. 15, 17: the declared date decides (production reported later with an earlier date is refused).
                var production = await gates
                    .CheckProductionAsync(
                        record.Id,
                        q,
                        data.ConfirmedByLocalGovernment,
                        cancellationToken,
                        new ProductionDates(date.Value, data.ApprovedOn, data.ConfirmedOn)
                    )
                    .ConfigureAwait(false);
                return production.Passed ? null : EnergyApiProblems.Gate(production);
            case EnergyEvents.RecordPublication:
                if (
                    EnergyPayload.Date(payload, "publishedOn") is { } published
                    && LegalDateRange.Check(
                        "publishedOn",
                        published,
                        LegalDateRange.FirstDay,
                        LegalDateRange.LastDay(today, LegalCalendar.LoadEmbedded().OfficialYears)
                    )
                        is { } notPublishable
                )
                {
                    return ApiProblems.Validation(notPublishable.Field, notPublishable.Rule, notPublishable.Message);
                }

                return
                    EnergyPayload.Date(payload, "publishedOn") is null
                    || !Uri.TryCreate(EnergyPayload.Text(payload, "portalUrl"), UriKind.Absolute, out _)
                    ? ApiProblems.Validation(
                        "portalUrl",
                        "coal.publication.invalid",
                        $"'portalUrl' must be an absolute URL and 'publishedOn' a yyyy-MM-dd date ({Art("Art. 13")})."
                    )
                    : null;
            default:
                return null;
        }
    }
}

/// <summary>The checks of the Art. 20 and 21 events, beside the procedure's switch.</summary>
public sealed partial class CoalSubstitutionProcedure
{
    /// <summary>The longest limit a rectification order may set here (a year; the measures leave it to the order).</summary>
    public const int MaxRectificationDays = 366;

    /// <summary>A decision recorded after the fact states the day it was taken: within the case (not before
    /// <paramref name="earliest"/>) and not in the future. The posting time stays in the audit row.</summary>
    private static IResult? StatedDay(JsonElement payload, string field, DateOnly earliest, DateOnly today) =>
        EnergyPayload.Date(payload, field) is { } day && LegalDateRange.Check(field, day, earliest, today) is { } outside
            ? ApiProblems.Validation(outside.Field, outside.Rule, outside.Message)
            : null;

    /// <summary>Art. 21: the authority that issued the opinion withdraws it (and publishes that), with a ground of the article.</summary>
    private static IResult? Withdrawal(CoalCaseData data, string type, JsonElement payload, Principal actor, DateOnly today)
    {
        var issuer = data.Route.ProvincialReview ? Role.ProvincialDrc : Role.MunicipalDrc;
        if (actor.Role != issuer)
        {
            return ApiProblems.Forbidden($"撤销及公布由出具审查意见的机关办理 / The opinion was issued by {issuer}; you are {actor.Role} (Art. 21).");
        }

        if (type == EnergyEvents.RecordWithdrawalPublication)
        {
            var withdrawnOn = data.Withdrawal?.WithdrawnOn ?? today;
            return EnergyPayload.Date(payload, "publishedOn") is { } on && on <= today && on >= withdrawnOn
                && Uri.TryCreate(EnergyPayload.Text(payload, "portalUrl"), UriKind.Absolute, out _)
                ? null
                : ApiProblems.Validation(
                    "publishedOn",
                    "coal.publication.invalid",
                    $"撤销公布须在撤销之后 / 'portalUrl' must be an absolute URL and 'publishedOn' a yyyy-MM-dd date from the "
                        + $"withdrawal ({withdrawnOn:yyyy-MM-dd}) to today ({Art("Art. 21")})."
                );
        }

        var withdrawal = JsonSerializer.Deserialize<WithdrawOpinionPayload>(payload.GetRawText(), EnergyJson.Options)!;
        return CoalEnforcement.CheckWithdrawal(withdrawal.Ground, withdrawal.Finding) is { } refused
            ? EnergyApiProblems.Validation([refused])
            : null;
    }

    /// <summary>Art. 20: a limit of 1 day to a year; an unlawful production start dated in the legal calendar's range,
    /// not after today.</summary>
    private static IResult? Rectification(JsonElement payload, DateOnly today)
    {
        var order = JsonSerializer.Deserialize<OrderRectificationPayload>(payload.GetRawText(), EnergyJson.Options)!;
        if (order.Days is < 1 or > MaxRectificationDays)
        {
            return ApiProblems.Validation(
                "days",
                "number.range",
                $"整改期限须为 1 至 {MaxRectificationDays} 日 / 'days' must be 1 to {MaxRectificationDays} ({Art("Art. 20")})."
            );
        }

        return order.ProducedSince is { } since
            && LegalDateRange.Check("producedSince", since, LegalDateRange.FirstDay, today) is { } outside
            ? ApiProblems.Validation(outside.Field, outside.Rule, outside.Message)
            : null;
    }
}

/// <summary>
/// Art. 19 at the point of decision: while the region rectifies, the review of a plan already under way is suspended
/// (整改期间暂停其行政区域内耗煤项目节能审查), so neither the preliminary opinion nor the approval is given (409).
/// </summary>
public sealed class CoalReviewSuspensionPrecondition(CoalGates gates, TimeProvider clock) : ICaseEventPrecondition
{
    public bool AppliesTo(string procedure) => procedure == CoalSubstitutionProcedure.ProcedureName;

    public async Task<IResult?> CheckAsync(CaseEventProposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (
            proposal.Type is not (EnergyEvents.Approve or EnergyEvents.PreliminaryOpinion)
            || CoalCaseData.From(proposal.Record) is not { } data
        )
        {
            return null;
        }

        var gate = await gates
            .CheckSuspensionAsync(proposal.Record.Id, data.Intake.Location, ChinaTime.Today(clock), cancellationToken)
            .ConfigureAwait(false);
        return gate.Passed ? null : EnergyApiProblems.Gate(gate);
    }
}

/// <summary>The Luohe three-year key-units retrofit programme (漯节减办〔2021〕7号) as a case.</summary>
public sealed class RetrofitProgrammeProcedure : ICaseProcedure
{
    public const string ProcedureName = "retrofit-programme";

    public string Name => ProcedureName;

    public string CasePrefix => "RTP";

    public string OrchestratorName => nameof(RetrofitProgrammeOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } = [];
}

/// <summary>One unit's retrofit project (programme section 五(二)) and, for a project that failed energy review, its
/// remediation (section 四(三)).</summary>
public sealed class RetrofitProjectProcedure : ICaseProcedure
{
    public const string ProcedureName = "retrofit-project";

    private static readonly string Resume = $"{EnergySources.LuoheRetrofit} 四(三)";

    public string Name => ProcedureName;

    public string CasePrefix => "RTU";

    public string OrchestratorName => nameof(RetrofitProjectOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            EnergyEvents.Progress,
            [Role.ProjectOwner, Role.CountyOffice],
            $"{EnergySources.LuoheRetrofit} 五(三)",
            ["reportDate", "status"],
            "Progress report (status, start/completion dates, investment, savings)."
        ),
        new(
            RetrofitEvents.StartRetrofit,
            [Role.ProjectOwner, Role.CountyOffice],
            $"{EnergySources.LuoheRetrofit} 三",
            [],
            "Remediation: the retrofit starts."
        ),
        new(RetrofitEvents.CompleteRetrofit, [Role.ProjectOwner, Role.CountyOffice], Resume, [], "Remediation: the retrofit is finished."),
        new(
            RetrofitEvents.FileAudit,
            [Role.ProjectOwner, Role.CountyOffice],
            Resume,
            ["auditReport"],
            "Remediation: third-party energy audit and efficiency assessment filed with the municipal authority."
        ),
        new(RetrofitEvents.StartReview, [Role.MunicipalDrc], Resume, [], "Remediation: the municipal authority reviews."),
        new(
            RetrofitEvents.AllowResumption,
            [Role.MunicipalDrc],
            Resume,
            [],
            "Remediation: at the industry-advanced level, dual-control secured: production may resume."
        ),
        new(RetrofitEvents.RefuseResumption, [Role.MunicipalDrc], Resume, ["reason"], "Remediation: not at the advanced level; further retrofit."),
    ];

    /// <summary>The body is read with the event's declared record before the event claims a stage (400 naming the
    /// field), and a progress report is held to section 五(三) here, where the caller learns why at once.</summary>
    public Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    ) => Task.FromResult(Check(type, payload));

    private static IResult? Check(string type, JsonElement payload)
    {
        if (RetrofitEventPayloads.Misfit(type, payload) is { } misfit)
        {
            return ApiProblems.Validation(misfit.Field, "event.payload-shape", misfit.Message);
        }

        if (type != EnergyEvents.Progress)
        {
            return null;
        }

        var report = JsonSerializer.Deserialize<RetrofitProgressReport>(payload.GetRawText(), EnergyJson.Options)!;
        var errors = RetrofitValidator.Validate(report);
        return errors.Count > 0 ? EnergyApiProblems.Validation(errors) : null;
    }
}
