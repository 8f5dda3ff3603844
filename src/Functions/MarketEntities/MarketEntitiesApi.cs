using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Texts;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// Intake of the Decree 746 procedures: <c>POST /api/registrations</c>, <c>/api/deregistrations/simplified</c>,
/// <c>/api/deregistrations/individual-business</c>, <c>/api/revocations</c>, <c>/api/trackers</c>. Each is idempotent
/// (scope = principal + route, key = Idempotency-Key or the body's hash) and answers 202 with the case id.
/// </summary>
public sealed class MarketEntitiesApi(
    RequestAuthorization authorization,
    CaseIntake intake,
    RegistrationProcedure registration,
    SimplifiedDeregistrationProcedure simplified,
    IndividualBusinessDeregistrationProcedure individual,
    RevocationProcedure revocation,
    TrackerProcedure tracker,
    TimeProvider clock,
    EntityRegisterStore? register = null
)
{
    public async Task<IResult> RegisterAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.Enterprise, Role.RegistrationOfficer)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        var (submission, errors) = MarketEntityIntake.ParseRegistration(json, ChinaTime.Today(clock));
        if (submission is null)
        {
            return ApiProblems.Validation(errors);
        }

        if (submission.RegisterOnTheSpot && principal.Role != Role.RegistrationOfficer)
        {
            // Art. 19 para 1: registering on the spot is the authority's act.
            return ApiProblems.Validation(
                "registerOnTheSpot",
                "registration.on-the-spot-officer",
                "Only a registration officer can register on the spot (当场登记, Decree 746 Art. 19 para 1)."
            );
        }

        var result = await intake
            .OpenAsync(
                RegistrationIntake(
                    registration,
                    submission,
                    principal,
                    principal.Agency,
                    $"{principal.Id}|POST /api/registrations",
                    KeyOf(request, json),
                    IdempotencyStore.Hash(json.GetRawText()),
                    clock.GetUtcNow(),
                    []
                ),
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return Accepted(result, registration.Name);
    }

    /// <summary>The intake of a registration, shared by the HTTP route and the registrations-inbox drop.</summary>
    public static IntakeRequest RegistrationIntake(
        RegistrationProcedure procedure,
        RegistrationSubmission submission,
        Principal actor,
        string agency,
        string scope,
        string key,
        string requestHash,
        DateTimeOffset now,
        IReadOnlyList<IntakeDocument> documents
    )
    {
        var app = submission.Application;
        var data = new RegistrationCaseData
        {
            Application = app,
            AcceptedOn = submission.AcceptedOn,
            RegisterOnTheSpotRequested = submission.RegisterOnTheSpot,
            MissingMaterials = submission.MissingMaterials,
        };
        var parties = BanCheck
            .PersonsOf(app)
            .Select(p => new CaseParty("person", p.Name, IdNumber: p.IdNumber))
            .Prepend(new CaseParty("entity", app.Name ?? string.Empty, app.ExistingUscc))
            .ToList();
        var summary =
            submission.MissingMaterials.Count == 0
                ? TextLine.Of("audit.registration.accepted", ("date", submission.AcceptedOn))
                : TextLine.Of(
                    "audit.registration.accepted-missing",
                    ("date", submission.AcceptedOn),
                    ("materials", string.Join(", ", submission.MissingMaterials))
                );
        return new IntakeRequest
        {
            Procedure = procedure,
            Agency = agency,
            Title = $"设立登记 {app.Name} ({app.EntityType})",
            Parties = parties,
            Usccs = MarketEntityIntake.Usccs(actor, app.ExistingUscc),
            Data = data,
            OrchestrationInput = caseId => new RegistrationInput(caseId, agency, data, submission.RegisterOnTheSpot),
            IdempotencyScope = scope,
            IdempotencyKey = key,
            RequestHash = requestHash,
            Actor = actor,
            AcceptedUtc = MarketEntityIntake.AcceptedUtc(submission.AcceptedOn, now),
            Article = "Decree 746 Art. 16, Art. 19",
            SummaryLine = summary,
            Documents = documents,
        };
    }

    /// <summary><c>POST /api/deregistrations/simplified</c> (any entity; an individual business goes to its own procedure)
    /// and <c>/api/deregistrations/individual-business</c>.</summary>
    public async Task<IResult> DeregisterAsync(
        HttpRequest request,
        DurableTaskClient client,
        bool individualBusinessRoute,
        CancellationToken cancellationToken
    )
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Role.Enterprise).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        if (!json.TryGetProperty("entity", out var entityJson) || entityJson.ValueKind != JsonValueKind.Object)
        {
            return ApiProblems.Validation(
                "entity",
                "deregistration.entity-required",
                "The entity's register snapshot ('entity') is required (Decree 746 Art. 33)."
            );
        }

        SimplifiedDeregistrationRequest? parsed;
        try
        {
            parsed = json.Deserialize<SimplifiedDeregistrationRequest>(MarketEntityJson.InputOptions);
        }
        catch (JsonException e)
        {
            return ApiProblems.Validation(e.Path?.TrimStart('$', '.') ?? "body", "body.json", $"The request cannot be read: {e.Message}");
        }

        var today = ChinaTime.Today(clock);
        var (noticeStart, dateError) = MarketEntityIntake.ReadDate(
            json,
            "noticeStart",
            today,
            "deregistration.notice-in-future",
            "Decree 746 Art. 33"
        );
        if (dateError is not null)
        {
            return ApiProblems.Validation([dateError]);
        }

        // An enterprise applies to deregister itself, not another entity (Decree 746 Art. 33: 市场主体…申请简易注销).
        if (!string.Equals(principal.Uscc, parsed!.Entity.Uscc, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Forbidden(
                $"An enterprise may apply to deregister only itself: you act for {principal.Uscc ?? "no USCC"}, the application is for {parsed.Entity.Uscc}."
            );
        }

        var isIndividual = parsed.Entity.EntityType == EntityType.IndividualBusiness;
        if (individualBusinessRoute && !isIndividual)
        {
            return ApiProblems.Validation(
                "entity.entityType",
                "deregistration.not-individual-business",
                "This route is for individual businesses (个体工商户, Decree 746 Art. 33 para 3); use /api/deregistrations/simplified."
            );
        }

        // Art. 33 para 4 as the register knows it (this system's revocations, statuses officers recorded) and Art. 31 (a
        // terminated entity cannot deregister again): 409 naming the article, whatever the applicant declares.
        var entry = register is null ? null : await register.GetAsync(parsed.Entity.Uscc, cancellationToken).ConfigureAwait(false);
        if (RegisterEligibility.ForSimplifiedDeregistration(entry, parsed.Entity) is [var refusal, ..] refusals)
        {
            return ApiProblems.Create(
                StatusCodes.Status409Conflict,
                refusal.Rule,
                $"{refusal.Message} ({refusal.Article})",
                new Dictionary<string, object?>
                {
                    ["field"] = "entity.uscc",
                    ["article"] = refusal.Article,
                    ["errors"] = refusals.Select(r => new ApiError("entity.uscc", r.Rule, $"{r.Message} ({r.Article})")).ToList(),
                }
            );
        }

        // Art. 33 para 4 exclusions and the commitment letter of all investors (Art. 33 para 1): name the rule that excludes it.
        var eligibility = SimplifiedDeregistrationEligibility.Evaluate(parsed);
        if (eligibility.Exclusions.Count > 0)
        {
            return ApiProblems.Validation(
                eligibility
                    .Exclusions.Select(x => new ApiError(
                        x.RuleId.Contains("commitment", StringComparison.Ordinal) ? "commitmentLetter" : "entity",
                        x.RuleId,
                        $"{x.TextEn} ({x.TextZh}; {x.Article})"
                    ))
                    .ToList()
            );
        }

        var procedure = isIndividual ? (ICaseProcedure)individual : simplified;
        var data = new DeregistrationCaseData { Request = parsed, NoticeStart = noticeStart };
        var agency = principal.Agency;
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = procedure,
                    Agency = agency,
                    Title = $"简易注销 {parsed.Entity.Name}",
                    Parties =
                    [
                        new CaseParty("entity", parsed.Entity.Name, parsed.Entity.Uscc),
                        .. parsed.Entity.Investors.Select(i => new CaseParty("investor", i.Name, IdNumber: i.IdNumber)),
                    ],
                    Usccs = MarketEntityIntake.Usccs(principal, parsed.Entity.Uscc),
                    Data = data,
                    OrchestrationInput = caseId => new DeregistrationInput(caseId, agency, data),
                    // One scope for both routes: the same application sent by either route is the same case.
                    IdempotencyScope = $"{principal.Id}|POST /api/deregistrations",
                    IdempotencyKey = KeyOf(request, json),
                    RequestHash = IdempotencyStore.Hash(json.GetRawText()),
                    Exclusive = new IntakeExclusivity(
                        "deregistration",
                        parsed.Entity.Uscc,
                        "one deregistration per entity at a time (Decree 746 Art. 33); it may apply again once that case has closed."
                    ),
                    Actor = principal,
                    AcceptedUtc = MarketEntityIntake.AcceptedUtc(noticeStart, clock.GetUtcNow()),
                    Article = isIndividual ? "Decree 746 Art. 33 para 3" : "Decree 746 Art. 33 paras 1-2",
                    Summary =
                        $"Simplified deregistration of {parsed.Entity.Name} ({parsed.Entity.Uscc}); commitment letter signed by all {parsed.Entity.Investors.Count} investor(s).",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return Accepted(result, procedure.Name);
    }

    /// <summary><c>POST /api/revocations</c>: an affected party applies for revocation of a false registration (Art. 40 para 1).</summary>
    public async Task<IResult> RevokeAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Role.AffectedParty).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        var today = ChinaTime.Today(clock);
        var (receivedOn, dateError) = MarketEntityIntake.ReadDate(
            json,
            "receivedOn",
            today,
            "revocation.received-in-future",
            "Decree 746 Art. 40 para 1"
        );
        if (dateError is not null)
        {
            return ApiProblems.Validation([dateError]);
        }

        RevocationApplication? application;
        try
        {
            application = json.Deserialize<RevocationApplication>(MarketEntityJson.InputOptions)! with { ReceivedOn = receivedOn };
        }
        catch (JsonException e)
        {
            return ApiProblems.Validation(
                e.Path?.TrimStart('$', '.') ?? "body",
                "body.json",
                $"The application cannot be read: {e.Message}"
            );
        }

        var errors = RevocationApplicationValidator.Validate(application, today);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors.Select(e => new ApiError(e.Field, e.Rule, $"{e.Message} ({e.Article})")).ToList());
        }

        var data = new RevocationCaseData { Application = application };
        var agency = principal.Agency;
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = revocation,
                    Agency = agency,
                    Title = $"撤销登记 {application.TargetName}",
                    Parties =
                    [
                        new CaseParty("applicant", application.Applicant!.Name ?? string.Empty, IdNumber: application.Applicant.IdNumber),
                        new CaseParty("entity", application.TargetName!, application.TargetUscc),
                    ],
                    Usccs = MarketEntityIntake.Usccs(principal, application.TargetUscc),
                    Data = data,
                    OrchestrationInput = caseId => new RevocationInput(caseId, agency, data),
                    IdempotencyScope = $"{principal.Id}|POST /api/revocations",
                    IdempotencyKey = KeyOf(request, json),
                    RequestHash = IdempotencyStore.Hash(json.GetRawText()),
                    Actor = principal,
                    AcceptedUtc = MarketEntityIntake.AcceptedUtc(receivedOn, clock.GetUtcNow()),
                    Article = "Decree 746 Art. 40 para 1",
                    Summary =
                        $"Application to revoke the registration of {application.TargetName} ({application.TargetUscc}): {application.Facts}",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return Accepted(result, revocation.Name);
    }

    /// <summary><c>POST /api/trackers</c> {kind, uscc, entityName, triggerDate (or startDate), triggerDescription}.</summary>
    public async Task<IResult> TrackAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.Enterprise, Role.RegistrationOfficer)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        var today = ChinaTime.Today(clock);
        var dateField = json.TryGetProperty("triggerDate", out _) || !json.TryGetProperty("startDate", out _) ? "triggerDate" : "startDate";
        if (!json.TryGetProperty(dateField, out _))
        {
            return ApiProblems.Validation(
                "triggerDate",
                RegistrationApplicationValidator.RequiredRule,
                "The date of the triggering event ('triggerDate' or 'startDate', yyyy-MM-dd) is required."
            );
        }

        var (triggerDate, dateError) = MarketEntityIntake.ReadDate(json, dateField, today, "tracker.trigger-in-future", "Decree 746");
        if (dateError is not null)
        {
            return ApiProblems.Validation([dateError]);
        }

        var start = new TrackerStart(
            Text(json, "kind"),
            Text(json, "uscc"),
            Text(json, "entityName"),
            triggerDate,
            Text(json, "triggerDescription")
        );
        var errors = TrackerStartValidator
            .Validate(start, today)
            .Select(e => new ApiError(e.Field, e.Rule, $"{e.Message} ({e.Article})"))
            .ToList();
        var kind = TrackerKinds.Find(start.Kind);
        if (kind is not null && kind.ObligedParty != ObligedParty.Enterprise)
        {
            errors.Add(
                new ApiError(
                    "kind",
                    "tracker.kind-internal",
                    $"'{kind.Id}' is tracked inside its own procedure; trackable here: {string.Join(", ", TrackerKinds.All.Where(k => k.ObligedParty == ObligedParty.Enterprise).Select(k => k.Id))}."
                )
            );
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (principal.Role == Role.Enterprise && !string.Equals(principal.Uscc, start.Uscc, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Forbidden(
                $"An enterprise may track only its own obligations: you act for {principal.Uscc ?? "no USCC"}, the tracker is for {start.Uscc}."
            );
        }

        var data = new TrackerCaseData
        {
            Start = start,
            Article = kind!.Article,
            Obligation = $"{kind.ObligationEn} ({kind.ObligationZh})",
        };
        var agency = principal.Agency;
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = tracker,
                    Agency = agency,
                    Title = $"{kind.ObligationZh}：{start.EntityName}",
                    Parties = [new CaseParty("entity", start.EntityName, start.Uscc)],
                    Usccs = MarketEntityIntake.Usccs(principal, start.Uscc),
                    Data = data,
                    OrchestrationInput = caseId => new TrackerInput(caseId, agency, data),
                    IdempotencyScope = $"{principal.Id}|POST /api/trackers",
                    IdempotencyKey = KeyOf(request, json),
                    RequestHash = IdempotencyStore.Hash(json.GetRawText()),
                    Actor = principal,
                    AcceptedUtc = clock.GetUtcNow(),
                    Article = kind.Article,
                    Summary =
                        $"Tracking '{kind.Id}' for {start.EntityName} ({start.Uscc}) from {start.TriggerDate:yyyy-MM-dd}: {start.TriggerDescription}",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return Accepted(result, tracker.Name);
    }

    private static string KeyOf(HttpRequest request, JsonElement json)
    {
        var header = request.Headers["Idempotency-Key"].ToString();
        return string.IsNullOrWhiteSpace(header) ? "body:" + IdempotencyStore.Hash(json.GetRawText()) : header.Trim();
    }

    private static string Text(JsonElement json, string property) =>
        json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;

    private static IResult Accepted(IntakeResult result, string procedure) =>
        result.Refusal is not null ? ApiProblems.Forbidden(result.Refusal)
        : result.ConflictReason is not null ? ApiProblems.Conflict(result.ConflictReason)
        : IntakeAnswer.Of(result.CaseId, procedure, result.Created, asynchronous: true);
}
