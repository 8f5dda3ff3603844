using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Identifiers;
using Workflows.Domain.Texts;
using Workflows.Domain.Validation;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Energy;

/// <summary>Outcome of a coal intake: the case, or the validation errors.</summary>
public sealed record CoalIntakeOutcome(IntakeResult? Result, IReadOnlyList<ValidationError> Errors);

/// <summary>Opens coal-substitution cases from HTTP and from drops (one validation, one intake).</summary>
public sealed class CoalIntakeService(CaseIntake intake, CoalSubstitutionProcedure procedure, TimeProvider clock)
{
    /// <summary>USCC check of GB 32100 for the domain validators.</summary>
    public static string? UsccError(string code) => UnifiedSocialCreditCode.Validate(code).Error?.Message;

    /// <summary>Parses the body (a <see cref="CoalProjectIntake"/> plus optional <c>acceptedOn</c>), validates it on the
    /// rule table in force on the acceptance date, computes Q and the route, and opens the case idempotently.</summary>
    public async Task<CoalIntakeOutcome> OpenAsync(
        JsonElement body,
        Principal actor,
        string scope,
        string key,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        CoalProjectIntake? filing;
        try
        {
            filing = body.Deserialize<CoalProjectIntake>(EnergyJson.InputOptions);
        }
        catch (JsonException e)
        {
            return new(
                null,
                [
                    new ValidationError(
                        e.Path ?? "body",
                        "coal.body.shape",
                        $"The filing does not match the coal project form: {e.Message}",
                        EnergySources.CoalSubstitution + " Art. 10"
                    ),
                ]
            );
        }

        if (filing is null)
        {
            return new(
                null,
                [
                    new ValidationError(
                        "body",
                        "coal.body.required",
                        "A coal project filing is required.",
                        EnergySources.CoalSubstitution + " Art. 10"
                    ),
                ]
            );
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.ToLegalDate(now);
        var acceptedUtc = now;
        if (EnergyPayload.Text(body, "acceptedOn") is { } acceptedText)
        {
            // Back-dating a filing received on paper is legitimate; a future date is not.
            if (EnergyPayload.Date(body, "acceptedOn") is not { } acceptedOn || acceptedOn > today)
            {
                return new(
                    null,
                    [
                        new ValidationError(
                            "acceptedOn",
                            "coal.accepted-on.invalid",
                            $"'acceptedOn' must be a yyyy-MM-dd date not after {today:yyyy-MM-dd}, got '{acceptedText}'.",
                            EnergySources.CoalSubstitution + " Art. 10"
                        ),
                    ]
                );
            }

            if (LegalDateRange.Check("acceptedOn", acceptedOn, LegalDateRange.FirstDay, today) is { } outside)
            {
                return new(
                    null,
                    [new ValidationError(outside.Field, outside.Rule, outside.Message, EnergySources.CoalSubstitution + " Art. 10")]
                );
            }

            acceptedUtc = acceptedOn < today ? ChinaTime.StartOfDayUtc(acceptedOn).AddHours(9) : now;
        }

        var acceptedDate = ChinaTime.ToLegalDate(acceptedUtc);
        var rules = RuleTableSet.Embedded.TryFor(acceptedDate);
        if (rules is null)
        {
            return new(
                null,
                [
                    new ValidationError(
                        "acceptedOn",
                        "coal.rules.not-in-force",
                        $"No coal substitution rule table is in force on {acceptedDate:yyyy-MM-dd}.",
                        EnergySources.CoalSubstitution
                    ),
                ]
            );
        }

        var errors = CoalProjectIntakeValidator.Validate(filing, rules, UsccError);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        if (actor.Role == Role.ProjectOwner && !string.Equals(actor.Uscc, filing.OwnerUscc.ToUpperInvariant(), StringComparison.Ordinal))
        {
            return new(
                null,
                [
                    new ValidationError(
                        "ownerUscc",
                        "coal.owner.not-caller",
                        $"A project owner files only its own projects: the filing names {filing.OwnerUscc}, you are {actor.Uscc}.",
                        EnergySources.CoalSubstitution + " Art. 10"
                    ),
                ]
            );
        }

        var q = SubstitutionCalculator.Compute(filing, rules);
        var route = ReviewRouting.For(filing, rules);
        var data = new CoalCaseData(filing, rules.EffectiveFrom, q, route, acceptedDate, 0m, rules.Review.MinimumAchievedShareBeforeReview);
        var agency = HenanDivisions.AgencyOf(filing.Location);
        var cityAgency = HenanDivisions.CityCode(rules.CityOf(filing.Location)?.Name ?? filing.Location.City);
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = procedure,
                    Agency = agency,
                    Title = filing.ProjectName,
                    Parties = [new CaseParty("projectOwner", filing.OwnerName, filing.OwnerUscc.ToUpperInvariant())],
                    Usccs = [filing.OwnerUscc.ToUpperInvariant()],
                    Data = data,
                    OrchestrationInput = id => new CoalProjectInput(id, agency, cityAgency, rules.Review.ImplementationReportMonths, data),
                    IdempotencyScope = scope,
                    IdempotencyKey = key,
                    RequestHash = IdempotencyStore.Hash(body.GetRawText()),
                    Actor = actor,
                    AcceptedUtc = acceptedUtc,
                    Article = $"{EnergySources.CoalSubstitution} Arts. 8-11",
                    SummaryLine = TextLine.Of("audit.coal.filed", ("formula", q.Formula), ("route", route.Explanation)),
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return new(result, []);
    }
}

/// <summary>HTTP handlers of the coal procedure: intake, sources, allocation, report upload, suspensions.</summary>
public sealed class CoalProjectsApi(
    RequestAuthorization authorization,
    CoalIntakeService intakeService,
    CoalGates gates,
    SubstitutionLedgerStore ledger,
    SuspensionStore suspensions,
    CaseStore cases,
    CoalReportIntake reports,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Hosting.LimitsOptions> limits
)
{
    /// <summary><c>POST /api/coal-projects</c> (ProjectOwner or MunicipalDrc).</summary>
    public async Task<IResult> CreateProjectAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.ProjectOwner, Role.MunicipalDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        var key = request.Headers["Idempotency-Key"].ToString();
        var outcome = await intakeService
            .OpenAsync(
                json,
                principal,
                $"coal|{principal.Id}",
                string.IsNullOrEmpty(key) ? IdempotencyStore.Hash(json.GetRawText()) : key,
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        if (outcome.Result is null)
        {
            return EnergyApiProblems.Validation(outcome.Errors);
        }

        if (outcome.Result.Refusal is { } refusal)
        {
            return ApiProblems.Forbidden(refusal);
        }

        if (outcome.Result.ConflictReason is { } conflict)
        {
            return ApiProblems.Conflict(conflict);
        }

        return IntakeAnswer.Of(outcome.Result.CaseId, CoalSubstitutionProcedure.ProcedureName, outcome.Result.Created, asynchronous: false);
    }

    /// <summary><c>POST /api/coal-sources</c>: registers a source in the ledger (validated: in Henan, measurable; Arts. 5-6).</summary>
    public async Task<IResult> RegisterSourceAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.ProjectOwner, Role.MunicipalDrc, Role.CountyOffice, Role.ProvincialDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        SubstitutionSource? source;
        try
        {
            source = json.Deserialize<SubstitutionSource>(EnergyJson.InputOptions);
        }
        catch (JsonException e)
        {
            return ApiProblems.Validation(e.Path ?? "body", "source.body.shape", $"The source does not match the form: {e.Message}");
        }

        if (source is null)
        {
            return ApiProblems.Validation("body", "source.body.required", "A substitution source is required.");
        }

        // An office registers only sources of its own jurisdiction (Art. 6: the local government confirms a source). A
        // place outside Henan is no office's: the ledger refuses it with the Art. 5 rule (400 naming the field).
        if (
            source.Location is not null
            && HenanDivisions.IsHenanCity(source.Location.City)
            && AccessPolicy.Of(principal.Role).Scope == CaseScope.Jurisdiction
            && HenanDivisions.AgencyOf(source.Location) is var sourceAgency
            && !Jurisdiction.Covers(principal.Agency, sourceAgency)
        )
        {
            return ApiProblems.Forbidden(
                $"替代源不在本机关管辖范围内 (source {source.Id} is in {source.Location} ({sourceAgency}), "
                    + $"outside your jurisdiction {principal.Agency})."
            );
        }

        var rules = RuleTableSet.Embedded.For(ChinaTime.Today(clock));
        var result = await ledger.ChangeAsync(l => l.Register(source, rules), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Rule == "ledger.source.duplicate")
                ? ApiProblems.Conflict(result.Errors[0].Message)
                : EnergyApiProblems.Validation(result.Errors);
        }

        return Results.Json(
            new
            {
                sourceId = source.Id,
                registered = true,
                source.ReductionTonnes,
            },
            CaseJson.Response,
            statusCode: StatusCodes.Status201Created
        );
    }

    /// <summary><c>POST /api/coal-projects/{id}/sources</c> <c>{"sourceId","tonnes"}</c>: books a source to the project;
    /// a source already serving a project is refused with 409 naming it (Art. 5).</summary>
    public async Task<IResult> AllocateSourceAsync(
        HttpRequest request,
        string id,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var (principal, problem) = authorization.Require(request, Role.ProjectOwner, Role.MunicipalDrc);
        if (principal is null)
        {
            return problem!;
        }

        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Procedure != CoalSubstitutionProcedure.ProcedureName || !CaseAccess.CanAct(principal, record))
        {
            return ApiProblems.NotFound($"No coal project '{id}' in your jurisdiction.");
        }

        if (record.Closed)
        {
            return ApiProblems.Conflict($"Case {id} is closed ({record.Outcome}).");
        }

        var body = await JsonBody.ReadObjectAsync(request, cancellationToken, limits.Value.MaxJsonBodyBytes).ConfigureAwait(false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var json = body.Value!.Value;
        var sourceId = EnergyPayload.Text(json, "sourceId");
        var tonnes = EnergyPayload.Number(json, "tonnes");
        if (string.IsNullOrWhiteSpace(sourceId) || tonnes is null)
        {
            return ApiProblems.Validation(
                "sourceId",
                "event.required-field",
                "'sourceId' (string) and 'tonnes' (number) are required (Art. 18)."
            );
        }

        var now = clock.GetUtcNow();
        var result = await gates.AllocateAsync(sourceId, id, tonnes.Value, now, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return EnergyApiProblems.Ledger(result.Errors);
        }

        // The ledger is the truth; the case hears of it so its Data and audit show the booking.
        var envelope = new CaseEventEnvelope(
            $"{id}-alloc-{sourceId}",
            EnergyEvents.AllocateSource,
            principal.Id,
            principal.Name,
            principal.Role.ToString(),
            now,
            json.GetRawText()
        );
        await client
            .RaiseEventAsync(record.OrchestrationId ?? id, CaseEventEnvelope.EventName, envelope, cancellationToken)
            .ConfigureAwait(false);
        var booked = await ledger.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Results.Json(
            new
            {
                caseId = id,
                sourceId,
                tonnes,
                securedTonnes = booked.SecuredFor(id),
                achievedTonnes = booked.AchievedFor(id, ChinaTime.ToLegalDate(now)),
            },
            CaseJson.Response,
            statusCode: StatusCodes.Status201Created
        );
    }

    /// <summary><c>GET /api/coal-projects/{id}/sources</c>: the sources booked to the project from the ledger (Art. 18 台账),
    /// each with the day its reduction counts as achieved; Q, the tonnes secured (落实) and those actually achieved today
    /// (实际完成, Art. 15: at least 40 % of Q before the plan is reviewed). Out of the caller's scope: 404.</summary>
    public async Task<IResult> ProjectSourcesAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Procedure != CoalSubstitutionProcedure.ProcedureName || !CaseAccess.CanRead(principal, record))
        {
            return ApiProblems.NotFound($"No coal project '{id}' in your jurisdiction.");
        }

        var data = CoalCaseData.From(record);
        var ledgerNow = await ledger.ReadAsync(cancellationToken).ConfigureAwait(false);
        var today = ChinaTime.Today(clock);
        var booked = ledgerNow.Allocations.Where(a => a.ProjectId == id).OrderBy(a => a.AllocatedOn).ThenBy(a => a.SourceId, StringComparer.Ordinal);
        return Results.Json(
            new
            {
                caseId = id,
                today,
                substitutionTonnes = data?.Substitution.SubstitutionTonnes,
                requiredBeforeReview = data?.RequiredBeforeReview,
                securedTonnes = ledgerNow.SecuredFor(id),
                achievedTonnes = ledgerNow.AchievedFor(id, today),
                sources = booked
                    .Select(a =>
                    {
                        var source = ledgerNow.Source(a.SourceId);
                        var from = source is null ? null : SubstitutionLedger.AchievedFrom(source);
                        return new
                        {
                            sourceId = a.SourceId,
                            description = source?.Description,
                            tonnes = a.Tonnes,
                            allocatedOn = a.AllocatedOn,
                            achievedFrom = from,
                            achieved = from is not { } f || f <= today,
                        };
                    })
                    .ToList(),
            },
            CaseJson.Response
        );
    }

    /// <summary><c>POST /api/coal-projects/{id}/report</c>: the implementation report file (Art. 16), raw body with
    /// <c>?name=</c> or multipart form file.</summary>
    public async Task<IResult> UploadReportAsync(
        HttpRequest request,
        string id,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var (principal, problem) = authorization.Require(request, Role.ProjectOwner, Role.MunicipalDrc);
        if (principal is null)
        {
            return problem!;
        }

        string name;
        byte[] data;
        string contentType;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            var file = form.Files.Count > 0 ? form.Files[0] : null;
            if (file is null)
            {
                return ApiProblems.Validation("file", "coal.report.file-required", "Attach the implementation report as a form file.");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            (name, data, contentType) = (file.FileName, buffer.ToArray(), file.ContentType ?? "application/octet-stream");
        }
        else
        {
            var bytes = await JsonBody.ReadBytesAsync(request, reports.MaxBytes, cancellationToken).ConfigureAwait(false);
            if (bytes is null || bytes.Length == 0)
            {
                return ApiProblems.Validation("body", "coal.report.size", $"The report must be 1 byte to {reports.MaxBytes} bytes.");
            }

            (name, data, contentType) = (
                request.Query["name"].ToString() is { Length: > 0 } n ? n : "implementation-report.pdf",
                bytes,
                request.ContentType ?? "application/octet-stream"
            );
        }

        var outcome = await reports.AcceptAsync(id, name, data, contentType, principal, client, cancellationToken).ConfigureAwait(false);
        return outcome.Error switch
        {
            null => Results.Json(
                new { caseId = id, document = outcome.Document },
                CaseJson.Response,
                statusCode: StatusCodes.Status202Accepted
            ),
            { Rule: "coal.report.not-found" } e => ApiProblems.NotFound(e.Message),
            { Rule: "coal.report.size" } e => ApiProblems.Validation(e.Field, e.Rule, e.Message),
            { } e when DocumentTypes.IsTypeRule(e.Rule) => DocumentTypes.Problem(e),
            var e => ApiProblems.Conflict(e.Message),
        };
    }

    /// <summary><c>POST /api/coal-suspensions</c>: Art. 19 rectification of a city or county, ordered by the next higher
    /// energy-saving authority (上一级节能主管部门): the provincial DRC for a city or a county, a city DRC for a county of
    /// its own city.</summary>
    public async Task<IResult> CreateSuspensionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.ProvincialDrc, Role.MunicipalDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        var city = EnergyPayload.Text(json, "city");
        if (NotTheHigherAuthority(principal, city, EnergyPayload.Text(json, "county")) is { } notHigher)
        {
            return notHigher;
        }

        var errors = new List<ApiError>();
        var rules = RuleTableSet.Embedded.For(ChinaTime.Today(clock));
        if (rules.FindCity(city) is null)
        {
            errors.Add(
                new("city", "suspension.city.unknown", $"'{city}' is not a Henan city (Art. 19 applies to cities and counties of Henan).")
            );
        }

        var from = EnergyPayload.Date(json, "from");
        var until = EnergyPayload.Date(json, "until");
        var year = EnergyPayload.Number(json, "targetYear");
        var reason = EnergyPayload.Text(json, "reason");
        if (from is null)
        {
            errors.Add(new("from", "suspension.from.required", "'from' (yyyy-MM-dd) is required."));
        }

        var lastDay = LegalDateRange.LastDay(ChinaTime.Today(clock), LegalCalendar.LoadEmbedded().OfficialYears);
        foreach (var (field, date) in new[] { ("from", from), ("until", until) })
        {
            if (date is { } d && LegalDateRange.Check(field, d, LegalDateRange.FirstDay, lastDay) is { } outside)
            {
                errors.Add(new(outside.Field, outside.Rule, outside.Message));
            }
        }

        if (until is not null && from is not null && until < from)
        {
            errors.Add(new("until", "suspension.until.before-from", $"'until' {until:yyyy-MM-dd} precedes 'from' {from:yyyy-MM-dd}."));
        }

        if (year is null or < 2000 or > 2100)
        {
            errors.Add(
                new(
                    "targetYear",
                    "suspension.target-year.required",
                    "'targetYear' (the year whose coal-reduction target was missed) is required."
                )
            );
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("reason", "suspension.reason.required", "'reason' (the rectification order) is required."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var suspension = RegionalSuspension.Create(
            city!.Trim(),
            EnergyPayload.Text(json, "county"),
            (int)year!.Value,
            from!.Value,
            until,
            reason!
        );
        var id = "SUSP-" + IdempotencyStore.Hash(json.GetRawText())[..10];
        await suspensions.SaveAsync(new StoredSuspension(id, suspension, principal.Id), cancellationToken).ConfigureAwait(false);
        return Results.Json(new { id, suspension }, CaseJson.Response, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Art. 19: “上一级节能主管部门应责成其进行整改” — a city DRC is the higher authority of its counties only.</summary>
    private static IResult? NotTheHigherAuthority(Principal principal, string? city, string? county) =>
        principal.Role == Role.MunicipalDrc
        && (string.IsNullOrWhiteSpace(county) || HenanDivisions.CityCode(city) != principal.Agency)
            ? ApiProblems.Create(
                StatusCodes.Status403Forbidden,
                "coal.suspension.not-higher-authority",
                $"市级发展改革部门只能责成本市所辖县区整改 / A city DRC orders the rectification of a county of its own city only "
                    + $"(you are {principal.Agency}; {city}{county}); a city's rectification is ordered by the provincial DRC "
                    + $"({EnergySources.CoalSubstitution} Art. 19).",
                new Dictionary<string, object?> { ["field"] = string.IsNullOrWhiteSpace(county) ? "county" : "city" }
            )
            : null;

    /// <summary><c>GET /api/coal-suspensions</c>.</summary>
    public async Task<IResult> ListSuspensionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        return principal is null
            ? problem!
            : Results.Json(await suspensions.ListAsync(cancellationToken).ConfigureAwait(false), CaseJson.Response);
    }

    /// <summary><c>DELETE /api/coal-suspensions/{id}</c>: rectification accepted; the suspension ends yesterday (kept for the record).</summary>
    public async Task<IResult> LiftSuspensionAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Role.ProvincialDrc, Role.MunicipalDrc);
        if (principal is null)
        {
            return problem!;
        }

        var stored = await suspensions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return ApiProblems.NotFound($"No suspension '{id}'.");
        }

        // The authority that may order the rectification accepts it.
        if (NotTheHigherAuthority(principal, stored.Suspension.City, stored.Suspension.County) is { } notHigher)
        {
            return notHigher;
        }

        var lifted = stored with { Suspension = stored.Suspension with { Until = ChinaTime.Today(clock).AddDays(-1) } };
        await suspensions.SaveAsync(lifted, cancellationToken).ConfigureAwait(false);
        return Results.Json(lifted, CaseJson.Response);
    }
}
