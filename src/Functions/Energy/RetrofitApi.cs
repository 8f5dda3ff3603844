using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Texts;
using Workflows.Domain.Validation;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Energy;

/// <summary>Starts the programme case (idempotent per programme) and opens retrofit-project cases.</summary>
public sealed class RetrofitCases(
    CaseIntake intake,
    RetrofitProgrammeProcedure programmes,
    RetrofitProjectProcedure projects,
    TimeProvider clock
)
{
    public const string LuoheAgency = "411100";

    /// <summary>The programme's own office (漯河市节能减排领导小组办公室), in whose name tracking starts.</summary>
    public static readonly Principal ProgrammeOffice = new(
        "retrofit-programme-office",
        "漯河市节能减排领导小组办公室",
        Role.MunicipalDrc,
        LuoheAgency
    );

    public Task<IntakeResult> StartProgrammeAsync(
        RetrofitProgramme programme,
        Principal actor,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var data = new RetrofitProgrammeData(
            programme.Id,
            programme.Title,
            programme.SourceDocument,
            programme.Checkpoints,
            programme.Targets,
            [],
            programme.ReminderDaysBefore
        );
        return intake.OpenAsync(
            new IntakeRequest
            {
                Procedure = programmes,
                Agency = LuoheAgency,
                Title = programme.Title,
                Data = data,
                OrchestrationInput = id => new RetrofitProgrammeInput(id, LuoheAgency, data),
                IdempotencyScope = "retrofit-programme",
                IdempotencyKey = programme.Id,
                RequestHash = programme.Id,
                Actor = actor,
                AcceptedUtc = clock.GetUtcNow(),
                Article = $"{programme.SourceDocument} 三",
                SummaryLine = TextLine.Of(
                    "audit.retrofit.programme-tracked",
                    ("programme", programme.Id),
                    ("checkpoints", programme.Checkpoints.Count)
                ),
            },
            client,
            cancellationToken
        );
    }

    public Task<IntakeResult> OpenProjectAsync(
        RetrofitProjectData data,
        string agency,
        IReadOnlyList<string> usccs,
        Principal actor,
        string key,
        string hash,
        DurableTaskClient client,
        CancellationToken cancellationToken
    ) =>
        intake.OpenAsync(
            new IntakeRequest
            {
                Procedure = projects,
                Agency = agency,
                Title = $"{data.Project.Content} ({data.Project.UnitUscc})",
                Usccs = usccs,
                Parties = [new CaseParty("keyEnergyUnit", data.Project.UnitUscc, data.Project.UnitUscc)],
                Data = data,
                OrchestrationInput = id => new RetrofitProjectInput(id, data),
                IdempotencyScope = $"retrofit-project|{actor.Id}",
                IdempotencyKey = key,
                RequestHash = hash,
                Actor = actor,
                AcceptedUtc = clock.GetUtcNow(),
                Article = $"{EnergySources.LuoheRetrofit} 五(二)",
                SummaryLine = TextLine.Of(
                    "audit.retrofit.project-filed",
                    ("project", data.Project.Id),
                    ("category", data.Project.Category),
                    ("deadline", data.Project.Deadline),
                    ("savings", data.Project.ExpectedSavingsTcePerYear)
                ),
            },
            client,
            cancellationToken
        );
}

/// <summary>HTTP handlers of the retrofit programme.</summary>
public sealed class RetrofitApi(
    RequestAuthorization authorization,
    RetrofitStore store,
    RetrofitCases retrofitCases,
    KeyUnitsImportService importService,
    IOptions<Hosting.LimitsOptions> limitsOptions
)
{
    /// <summary><c>POST /api/retrofit-programmes</c>: a programme definition as JSON (validated: one checkpoint a year,
    /// annual shares summing to 100%).</summary>
    public async Task<IResult> CreateProgrammeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.MunicipalDrc, Role.ProvincialDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        RetrofitProgramme programme;
        try
        {
            programme = RetrofitProgramme.Load(json.GetRawText());
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NullReferenceException)
        {
            return ApiProblems.Validation("body", "programme.invalid", $"The programme definition is not valid: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(programme.Id) || programme.Id.Contains('/', StringComparison.Ordinal))
        {
            return ApiProblems.Validation("id", "programme.id", "'id' is required and may not contain '/'.");
        }

        // The id is a Table key and a blob folder (retrofit-inbox/{id}/): Azure's key rules apply on every backend.
        if (AzureStorageRules.IdProblem(programme.Id) is { } idProblem)
        {
            return ApiProblems.Validation(
                "id",
                AzureStorageRules.IdRule,
                $"“id”不能用作存储键 / 'id' cannot be a storage key: {idProblem}."
            );
        }

        await store.SaveProgrammeAsync(programme, cancellationToken).ConfigureAwait(false);
        return Results.Json(
            new
            {
                programme.Id,
                programme.Title,
                programme.FirstYear,
                programme.LastYear,
            },
            CaseJson.Response,
            statusCode: StatusCodes.Status201Created
        );
    }

    /// <summary><c>POST /api/retrofit-programmes/{id}/start</c>: starts (or finds) the programme's tracking case.</summary>
    public async Task<IResult> StartProgrammeAsync(
        HttpRequest request,
        string id,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var (principal, problem) = authorization.Require(request, Role.MunicipalDrc, Role.ProvincialDrc);
        if (principal is null)
        {
            return problem!;
        }

        var programme = await store.GetProgrammeAsync(id, cancellationToken).ConfigureAwait(false);
        if (programme is null)
        {
            return ApiProblems.NotFound($"No retrofit programme '{id}'.");
        }

        var result = await retrofitCases.StartProgrammeAsync(programme, principal, client, cancellationToken).ConfigureAwait(false);
        if (result.Refusal is { } refusal)
        {
            return ApiProblems.Forbidden(refusal);
        }

        return IntakeAnswer.Of(result.CaseId, RetrofitProgrammeProcedure.ProcedureName, result.Created, asynchronous: false);
    }

    /// <summary>A project owner enters projects only for its own unit (USCC match); an office only for units of its
    /// jurisdiction (漯节减办〔2021〕7号 五(二)).</summary>
    private static IResult? UnitOwnershipProblem(Principal principal, KeyEnergyUnit unit, string agency)
    {
        if (principal.Role == Role.ProjectOwner)
        {
            return string.Equals(principal.Uscc, unit.Uscc, StringComparison.OrdinalIgnoreCase)
                ? null
                : ApiProblems.Forbidden(
                    $"项目单位只能填报本单位的改造项目 (a project owner enters retrofit projects only for its own unit: "
                        + $"you are {principal.Uscc ?? "no USCC"}, the project is for {unit.Uscc})."
                );
        }

        return Jurisdiction.Covers(principal.Agency, agency)
            ? null
            : ApiProblems.Forbidden(
                $"该单位不在本机关管辖范围内 (unit {unit.Uscc} is in {unit.County} ({agency}), outside your jurisdiction {principal.Agency})."
            );
    }

    /// <summary><c>POST /api/retrofit-programmes/{id}/units?name=list.csv</c>: the same all-or-nothing import as a
    /// <c>retrofit-inbox</c> drop; a file with any bad row is refused (400) with the row report and nothing is imported.</summary>
    public async Task<IResult> ImportUnitsAsync(
        HttpRequest request,
        string id,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var (principal, problem) = authorization.Require(request, Role.MunicipalDrc, Role.ProvincialDrc, Role.CountyOffice);
        if (principal is null)
        {
            return problem!;
        }

        var programme = await store.GetProgrammeAsync(id, cancellationToken).ConfigureAwait(false);
        if (programme is null)
        {
            return ApiProblems.NotFound($"No retrofit programme '{id}'.");
        }

        var maxBytes = limitsOptions.Value.MaxSpreadsheetBytes;
        var bytes = await JsonBody.ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null || bytes.Length == 0)
        {
            return ApiProblems.Validation(
                "body",
                "units.file.size",
                $"Send the CSV/XLSX file as the body (1 byte to {maxBytes} bytes)."
            );
        }

        var name = request.Query["name"].ToString() is { Length: > 0 } n ? n : "units.csv";
        if (StatedEncoding(request) is not { } encoding)
        {
            return ApiProblems.Validation(
                "encoding",
                "units.file.encoding-stated",
                "编码只能是 utf-8 或 gb18030（gbk） / 'encoding' (or the Content-Type charset) must be utf-8 or gb18030 (gbk)."
            );
        }

        var outcome = await importService
            .ImportAsync(programme, name, bytes, principal, client, cancellationToken, encoding)
            .ConfigureAwait(false);
        if (outcome.Forbidden)
        {
            return ApiProblems.Forbidden(string.Join(" ", outcome.Errors.Select(e => e.Message)));
        }

        return outcome.Errors.Count > 0
            ? ApiProblems.Validation(outcome.Errors)
            : Results.Json(
                new
                {
                    programmeId = id,
                    imported = outcome.Imported,
                    caseId = outcome.CaseId,
                    next = outcome.CaseId is null
                        ? $"All checkpoints of {id} are past: enter projects, then POST /api/retrofit-programmes/{id}/start."
                        : $"/api/cases/{outcome.CaseId}",
                },
                CaseJson.Response,
                statusCode: StatusCodes.Status201Created
            );
    }

    /// <summary>The sender may state the file's encoding: <c>?encoding=gb18030</c> or <c>Content-Type: text/csv;
    /// charset=gb18030</c>; stated neither way, it is detected (UTF-8, else GB18030).</summary>
    private static TextEncodingChoice? StatedEncoding(HttpRequest request)
    {
        var stated = request.Query["encoding"].ToString();
        if (string.IsNullOrEmpty(stated) && MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            stated = type.Charset.ToString();
        }

        return ChineseTextEncodings.ParseStated(stated);
    }

    /// <summary><c>POST /api/retrofit-projects</c> <c>{"programmeId", "project": {...}}</c>: the unit must be on the
    /// programme's imported list; the project is validated against the programme (五(二), 三).</summary>
    public async Task<IResult> CreateProjectAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.ProjectOwner, Role.CountyOffice, Role.MunicipalDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        var programmeId = EnergyPayload.Text(json, "programmeId") ?? "";
        var programme = await store.GetProgrammeAsync(programmeId, cancellationToken).ConfigureAwait(false);
        if (programme is null)
        {
            return ApiProblems.Validation("programmeId", "retrofit.programme.unknown", $"No retrofit programme '{programmeId}'.");
        }

        RetrofitProject? project;
        try
        {
            project = json.TryGetProperty("project", out var p) ? p.Deserialize<RetrofitProject>(EnergyJson.InputOptions) : null;
        }
        catch (JsonException e)
        {
            return ApiProblems.Validation(
                e.Path ?? "project",
                "retrofit.project.shape",
                $"The project does not match the form: {e.Message}"
            );
        }

        if (project is null)
        {
            return ApiProblems.Validation("project", "retrofit.project.required", "'project' is required.");
        }

        var errors = RetrofitValidator.Validate(project, programme);
        if (errors.Count > 0)
        {
            return EnergyApiProblems.Validation(errors);
        }

        var units = await store.ListUnitsAsync(programmeId, cancellationToken).ConfigureAwait(false);
        var unit = units.FirstOrDefault(u => string.Equals(u.Uscc, project.UnitUscc, StringComparison.OrdinalIgnoreCase));
        if (unit is null)
        {
            return ApiProblems.Validation(
                "project.unitUscc",
                "retrofit.unit.not-listed",
                $"Unit {project.UnitUscc} is not on the imported key-units list of {programmeId} (五(二))."
            );
        }

        var agency = HenanDivisions.LuoheCounty(unit.County);
        if (UnitOwnershipProblem(principal, unit, agency) is { } refused)
        {
            return refused;
        }

        var remediation = project.ForFailedEnergyReview ? FailedReviewRemediation.Start(project.Id) : null;
        var data = new RetrofitProjectData(programmeId, unit.County, project with { UnitUscc = unit.Uscc }, [], remediation)
        {
            RetrofitDeadline = remediation is null ? null : programme.FailedEnergyReviewDeadline,
        };
        var key = request.Headers["Idempotency-Key"].ToString();
        var hash = IdempotencyStore.Hash(json.GetRawText());
        // The case belongs to the unit, not to whoever entered it: no other USCC may ride along and drive it.
        var result = await retrofitCases
            .OpenProjectAsync(
                data,
                agency,
                [unit.Uscc],
                principal,
                string.IsNullOrEmpty(key) ? $"{programmeId}|{project.Id}" : key,
                hash,
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        if (result.Refusal is { } refusal)
        {
            return ApiProblems.Forbidden(refusal);
        }

        if (result.ConflictReason is { } conflict)
        {
            return ApiProblems.Conflict(conflict);
        }

        return IntakeAnswer.Of(result.CaseId, RetrofitProjectProcedure.ProcedureName, result.Created, asynchronous: false);
    }
}

/// <summary>
/// <c>retrofit-inbox</c>: blob name <c>&lt;programmeId&gt;/&lt;file&gt;</c> (.csv or .xlsx). All or nothing: any bad row
/// (or a bad file) quarantines the whole file with the row-by-row report and imports nothing — a half-imported list
/// would make the checkpoint shares wrong without anyone noticing. A clean file replaces/extends the programme's list and
/// starts the programme's tracking case.
/// </summary>
public sealed class RetrofitInboxDropHandler(RetrofitStore store, KeyUnitsImportService importService, Quarantine quarantine)
    : EnergyDropHandler
{
    public override string Container => StorageNames.RetrofitInbox;

    public override async Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var slash = drop.Name.IndexOf('/', StringComparison.Ordinal);
        var programme = slash > 0 ? await store.GetProgrammeAsync(drop.Name[..slash], cancellationToken).ConfigureAwait(false) : null;
        if (programme is null)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [
                        new ApiError(
                            "name",
                            "units.programme.unknown",
                            $"Name the blob '<programmeId>/<file>' with a known programme; got '{drop.Name}'."
                        ),
                    ],
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }

        var outcome = await importService
            .ImportAsync(programme, drop.Name, drop.Data, DropActor(Container), client, cancellationToken)
            .ConfigureAwait(false);
        if (outcome.Errors.Count > 0)
        {
            await quarantine.MoveAsync(drop, outcome.Errors, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Outcome of a units import: the programme case and the count, or the row-by-row errors (nothing imported);
/// <paramref name="Forbidden"/>: the errors are ownership refusals (403), not bad rows (400).</summary>
public sealed record UnitsImportOutcome(string? CaseId, int Imported, IReadOnlyList<ApiError> Errors, bool Forbidden = false);

/// <summary>All-or-nothing import of a units list (drop or HTTP): a clean file is stored and starts the programme case.</summary>
public sealed class KeyUnitsImportService(
    KeyUnitsImporter importer,
    RetrofitStore store,
    RetrofitCases retrofitCases,
    AuditLog audit,
    TimeProvider clock
)
{
    public async Task<UnitsImportOutcome> ImportAsync(
        RetrofitProgramme programme,
        string fileName,
        byte[] data,
        Principal actor,
        DurableTaskClient client,
        CancellationToken cancellationToken,
        TextEncodingChoice encoding = TextEncodingChoice.Detect
    )
    {
        var result = importer.Read(fileName, data, encoding);
        if (!result.IsClean || result.Good.Count == 0)
        {
            var errors =
                result.Errors.Count > 0 ? result.Errors : [new RowError(0, "file", "units.file.no-rows", "The file lists no units.")];
            return new(null, 0, [.. errors.Select(e => new ApiError(e.Row == 0 ? e.Field : $"row {e.Row}: {e.Field}", e.Rule, e.Message))]);
        }

        // Ownership before anything is stored: a county office lists only its own county's units (all or nothing).
        var listed = await store.ListUnitsAsync(programme.Id, cancellationToken).ConfigureAwait(false);
        var ownership = KeyUnitsOwnership.Check(actor, result.Good, listed);
        if (ownership.Count > 0)
        {
            return new(null, 0, ownership, Forbidden: true);
        }

        await store.SaveUnitsAsync(programme.Id, result.Good, fileName, cancellationToken).ConfigureAwait(false);
        if (ChinaTime.EndOfDayUtc(programme.Checkpoints[^1].YearEnd) <= clock.GetUtcNow())
        {
            // Every checkpoint is past (re-evaluating history): tracking would finish at once, before any project is
            // entered; it starts with POST /api/retrofit-programmes/{id}/start instead.
            return new(null, result.Good.Count, []);
        }

        // The programme case is the city's: a county office's import starts it in the name of the programme office,
        // and the import itself is recorded with the county office as actor.
        var programmeCase = new CaseFacts(RetrofitProgrammeProcedure.ProcedureName, RetrofitCases.LuoheAgency, [], [], []);
        var starter = AccessPolicy.CanRead(actor, programmeCase) ? actor : RetrofitCases.ProgrammeOffice;
        var started = await retrofitCases.StartProgrammeAsync(programme, starter, client, cancellationToken).ConfigureAwait(false);
        await audit
            .AppendAsync(
                AuditEntry.ByPrincipal(
                    started.CaseId,
                    $"import-{IdempotencyStore.Hash(data)[..16]}",
                    clock.GetUtcNow(),
                    actor,
                    "units-imported",
                    $"{EnergySources.LuoheRetrofit} 五(二)",
                    $"{result.Good.Count} key energy-using units imported from {fileName} ({string.Join(", ", result.Good.GroupBy(u => u.County).Select(g => $"{g.Key} {g.Count()}"))})."
                ),
                cancellationToken
            )
            .ConfigureAwait(false);
        return new(started.CaseId, result.Good.Count, []);
    }
}
