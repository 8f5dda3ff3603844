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
public sealed class CoalSubstitutionProcedure(CoalGates gates, TimeProvider clock) : ICaseProcedure
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
                    ? null
                    : ApiProblems.Forbidden($"This plan is reviewed by {reviewer} ({data.Route.Explanation}); you are {actor.Role}.");
            case EnergyEvents.ConfirmSubstitution:
                var confirm = await gates.CheckConfirmationAsync(record.Id, q, cancellationToken).ConfigureAwait(false);
                return confirm.Passed ? null : EnergyApiProblems.Gate(confirm);
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

                var production = await gates
                    .CheckProductionAsync(record.Id, q, data.ConfirmedByLocalGovernment, cancellationToken)
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
            "start-retrofit",
            [Role.ProjectOwner, Role.CountyOffice],
            $"{EnergySources.LuoheRetrofit} 三",
            [],
            "Remediation: the retrofit starts."
        ),
        new("complete-retrofit", [Role.ProjectOwner, Role.CountyOffice], Resume, [], "Remediation: the retrofit is finished."),
        new(
            "file-audit",
            [Role.ProjectOwner, Role.CountyOffice],
            Resume,
            ["auditReport"],
            "Remediation: third-party energy audit and efficiency assessment filed with the municipal authority."
        ),
        new("start-review", [Role.MunicipalDrc], Resume, [], "Remediation: the municipal authority reviews."),
        new(
            "allow-resumption",
            [Role.MunicipalDrc],
            Resume,
            [],
            "Remediation: at the industry-advanced level, dual-control secured: production may resume."
        ),
        new("refuse-resumption", [Role.MunicipalDrc], Resume, ["reason"], "Remediation: not at the advanced level; further retrofit."),
    ];
}
