using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Identifiers;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Validation;
using Workflows.Functions.Access;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// The register of market entities over HTTP (both hosts): <c>GET /api/register</c> (the caller's share: an officer's
/// jurisdiction, an enterprise's own entry), <c>GET /api/register/{uscc}</c> (entry and history; 404 outside the share),
/// <c>POST /api/register/{uscc}/changes</c> (an officer records a status decided outside the system),
/// <c>POST /api/register/import</c> (the agency's existing register, all or nothing), <c>POST /api/disqualifications</c>
/// (Art. 12 and Art. 40 para 3 disqualifications entered by officers) and <c>POST /api/disqualifications/import</c> (a
/// list of them, all or nothing). Who sees what is <see cref="AccessPolicy"/>'s.
/// </summary>
public sealed class RegisterApi(
    RequestAuthorization authorization,
    EntityRegisterStore register,
    RegisterImportService imports,
    BanRegistry bans,
    CalendarService calendars,
    Microsoft.Extensions.Options.IOptions<Hosting.LimitsOptions> limits,
    TimeProvider clock,
    ObligationOutbox? obligations = null,
    ObligationOpener? opener = null
)
{
    private static readonly Role[] Officers = [Role.RegistrationOfficer, Role.AuthorityHead];

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        IReadOnlyList<RegisterEntry> entries =
            AccessPolicy.Of(principal.Role).Scope == CaseScope.Jurisdiction
                ? Jurisdiction.IsDivisionCode(principal.Agency)
                    ? await register.ListAsync(principal.Agency, cancellationToken).ConfigureAwait(false)
                    : []
                : principal.Uscc is { Length: > 0 } own && await register.GetAsync(own, cancellationToken).ConfigureAwait(false) is { } mine
                    ? [mine]
                    : [];
        var visible = entries.Where(e => AccessPolicy.CanRead(principal, e.AccessFacts())).ToList();
        return Results.Json(
            new { count = visible.Count, items = visible.Select(e => CaseAccess.Masked(View(e, null))) },
            CaseJson.Response
        );
    }

    public async Task<IResult> GetAsync(HttpRequest request, string uscc, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var entry = await register.GetAsync(uscc, cancellationToken).ConfigureAwait(false);
        if (entry is null || !AccessPolicy.CanRead(principal, entry.AccessFacts()))
        {
            return NotFound(uscc);
        }

        var history = await register.HistoryAsync(uscc, cancellationToken).ConfigureAwait(false);
        var view = View(entry, history);
        return Results.Json(
            AccessPolicy.SeesPersonalData(principal, entry.AccessFacts())
                ? JsonSerializer.SerializeToNode(view, CaseJson.Options)
                : CaseAccess.Masked(view),
            CaseJson.Response
        );
    }

    /// <summary><c>POST /api/register/{uscc}/changes</c> {kind, decidedOn, decision}: a status decided outside the system
    /// (licence revoked, ordered closed, abnormal-operations list, court-ordered liquidation under Art. 34, suspension
    /// and resumption under Art. 30), recorded with who, when and the article. A suspension states its period and service
    /// address, a resumption the entity's publication or <c>deemed</c> (<see cref="RegisterSuspension"/>); the obligations
    /// they open (Art. 30 publications, the 3-year maximum) are opened at once when a durable client is at hand.</summary>
    public async Task<IResult> ChangeAsync(
        HttpRequest request,
        string uscc,
        CancellationToken cancellationToken,
        Microsoft.DurableTask.Client.DurableTaskClient? client = null
    )
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Officers).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem!;
        }

        var (principal, json) = (call.Principal!, call.Json);
        var entry = await register.GetAsync(uscc, cancellationToken).ConfigureAwait(false);
        if (entry is null || !AccessPolicy.CanAct(principal, entry.AccessFacts()))
        {
            return NotFound(uscc);
        }

        var kindText = Text(json, "kind");
        if (RegisterRules.OfficerKinds.Where(k => Kebab(k) == kindText).Cast<RegisterChangeKind?>().FirstOrDefault() is not { } kind)
        {
            return ApiProblems.Validation(
                "kind",
                "register.change-kind",
                $"“kind”须为以下之一 / 'kind' must be one of: {string.Join(", ", RegisterRules.OfficerKinds.Select(Kebab))}."
            );
        }

        var decision = Text(json, "decision");
        if (string.IsNullOrWhiteSpace(decision))
        {
            return ApiProblems.Validation(
                "decision",
                "register.decision-required",
                "须写明所依据的决定（文号） / 'decision' (the decision and its number) is required."
            );
        }

        var (decidedOn, dateError) = MarketEntityIntake.ReadDate(
            json,
            "decidedOn",
            ChinaTime.Today(clock),
            "register.decided-in-future",
            RegisterRules.ArticleOf(kind)
        );
        if (dateError is not null)
        {
            return ApiProblems.Validation([dateError]);
        }

        var calendar = await calendars.GetAsync(cancellationToken).ConfigureAwait(false);
        var (terms, termErrors) = RegisterSuspension.Read(kind, json, decidedOn, ChinaTime.Today(clock), calendar);
        if (termErrors.Count > 0)
        {
            return ApiProblems.Validation(termErrors);
        }

        var change = new RegisterChange(
            $"officer|{principal.Id}|{IdempotencyStore.Hash(json.GetRawText())}",
            kind,
            decidedOn,
            decision.Trim() + RegisterSuspension.Describe(terms),
            RegisterRules.ArticleOf(kind),
            principal.Id,
            principal.Name,
            clock.GetUtcNow()
        );
        var write = await register.ChangeAsync(uscc, change, cancellationToken).ConfigureAwait(false);
        if (write.Refusal is { } refusal)
        {
            return Refused(refusal);
        }

        var opened = await OpenObligationsAsync(write.Entry!, terms, client, cancellationToken).ConfigureAwait(false);
        var node = JsonSerializer.SerializeToNode(View(write.Entry!, null), CaseJson.Options)!;
        node["obligations"] = JsonSerializer.SerializeToNode(opened, CaseJson.Options);
        return Results.Json(node, CaseJson.Response);
    }

    /// <summary>Queues what the change owes (Art. 30) and, with a client, opens it now; the job opens the rest.</summary>
    private async Task<IReadOnlyList<string>> OpenObligationsAsync(
        RegisterEntry entry,
        SuspensionTerms terms,
        Microsoft.DurableTask.Client.DurableTaskClient? client,
        CancellationToken ct
    )
    {
        var owed = RegisterSuspension.Obligations(entry, terms).ToList();
        var ended = entry.LastChange.Kind == RegisterChangeKind.Resumed
            ? ObligationEnds.OfResumption(entry, await register.HistoryAsync(entry.Uscc, ct).ConfigureAwait(false)).ToList()
            : [];
        if (obligations is null || owed.Count + ended.Count == 0)
        {
            return [];
        }

        foreach (var end in ended)
        {
            await obligations.EndAsync(end, ct).ConfigureAwait(false);
        }

        foreach (var request in owed)
        {
            await obligations.AddAsync(request, ct).ConfigureAwait(false);
        }

        if (client is not null && opener is not null)
        {
            await opener.OpenPendingAsync(client, ct).ConfigureAwait(false);
        }

        var cases = new List<string>();
        foreach (var request in owed)
        {
            if (await obligations.OpenedCaseAsync(request.Key, ct).ConfigureAwait(false) is { } caseId)
            {
                cases.Add(caseId);
            }
        }

        return cases;
    }

    /// <summary><c>POST /api/register/import?name=register.csv</c>: the agency's existing register (CSV or XLSX; UTF-8 or
    /// GB18030, stated by <c>?encoding=</c> or the charset, else detected). All or nothing: 400 with the row report.</summary>
    public async Task<IResult> ImportAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var upload = await ReadSpreadsheetAsync(request, "register", "register.csv", cancellationToken).ConfigureAwait(false);
        if (upload.Problem is not null)
        {
            return upload.Problem;
        }

        var (principal, name, bytes, encoding) = upload.File!.Value;
        var outcome = await imports.ImportAsync(name, bytes, principal, cancellationToken, encoding).ConfigureAwait(false);
        if (outcome.Errors.Count > 0)
        {
            return outcome.Errors.All(e => e.Rule is RegisterRules.UsccTakenRule or RegisterRules.AlreadyRegisteredRule)
                ? ApiProblems.Create(
                    StatusCodes.Status409Conflict,
                    RegisterRules.UsccTakenRule,
                    outcome.Errors[0].Message,
                    Extensions(outcome.Errors)
                )
                : ApiProblems.Validation(outcome.Errors);
        }

        return Results.Json(
            new { imported = outcome.Imported, next = "/api/register" },
            CaseJson.Response,
            statusCode: StatusCodes.Status201Created
        );
    }

    /// <summary><c>POST /api/disqualifications/import?name=list.csv</c>: a list of disqualifications (Art. 12(2)-(4), Art. 40
    /// para 3; CSV or XLSX, UTF-8 or GB18030, stated by <c>?encoding=</c> or the charset, else detected), checked row by
    /// row by the officer entry's rules, end dates from the period rules. All or nothing: 400 with the row report.</summary>
    public async Task<IResult> ImportDisqualificationsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var upload = await ReadSpreadsheetAsync(request, "disqualification", "disqualifications.csv", cancellationToken).ConfigureAwait(false);
        if (upload.Problem is not null)
        {
            return upload.Problem;
        }

        var (_, name, bytes, encoding) = upload.File!.Value;
        var outcome = await imports.ImportDisqualificationsAsync(name, bytes, cancellationToken, encoding).ConfigureAwait(false);
        if (outcome.Errors.Count > 0)
        {
            return ApiProblems.Validation(outcome.Errors);
        }

        return Results.Json(
            CaseAccess.Masked(
                new
                {
                    imported = outcome.Imported.Count,
                    alreadyRecorded = outcome.AlreadyRecorded,
                    bans = outcome.Imported,
                    checkedAt = "every registration (Decree 746 Art. 12, Art. 40 para 3)",
                    next = "/api/disqualifications",
                }
            ),
            CaseJson.Response,
            statusCode: StatusCodes.Status201Created
        );
    }

    /// <summary><c>POST /api/disqualifications</c>: one entry, or <c>{"entries": [...]}</c> (an import, all or nothing).
    /// The end date is computed by the period rules of the legal calendar, never entered.</summary>
    public async Task<IResult> DisqualifyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Officers).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem!;
        }

        var json = call.Json;
        var items =
            json.TryGetProperty("entries", out var list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray()]
                : new[] { json };
        var today = ChinaTime.Today(clock);
        var calendar = await calendars.GetAsync(cancellationToken).ConfigureAwait(false);
        var errors = new List<ApiError>();
        var entered = new List<Ban>();
        for (var i = 0; i < items.Length; i++)
        {
            var prefix = items.Length == 1 && !json.TryGetProperty("entries", out _) ? string.Empty : $"entries[{i}].";
            var (ban, itemErrors) = DisqualificationReader.Read(items[i], prefix, today, calendar);
            errors.AddRange(itemErrors);
            if (ban is not null)
            {
                entered.Add(ban);
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        foreach (var ban in entered)
        {
            await bans.AddAsync(ban, cancellationToken).ConfigureAwait(false);
        }

        return Results.Json(
            CaseAccess.Masked(
                new
                {
                    entered = entered.Count,
                    bans = entered,
                    checkedAt = "every registration (Decree 746 Art. 12, Art. 40 para 3)",
                }
            ),
            CaseJson.Response,
            statusCode: StatusCodes.Status201Created
        );
    }

    /// <summary><c>GET /api/disqualifications?status=in-force|lifted|expired&amp;disqualification=&amp;name=</c>: the ban
    /// registry for the registration officers, resident ID numbers masked (PIPL Art. 28: the list shows who and why;
    /// registration checks the full number). Each item's <c>reference</c> names it for the lift route.</summary>
    public async Task<IResult> ListDisqualificationsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Officers);
        if (principal is null)
        {
            return problem!;
        }

        var status = request.Query["status"].ToString();
        if (status.Length > 0 && status is not ("in-force" or "lifted" or "expired"))
        {
            return ApiProblems.Validation(
                "status",
                "disqualification.status",
                "“status”须为 in-force、lifted 或 expired / 'status' must be in-force, lifted or expired."
            );
        }

        var today = ChinaTime.Today(clock);
        var kind = request.Query["disqualification"].ToString();
        var name = request.Query["name"].ToString().Trim();
        var items = (await bans.ListAsync(null, cancellationToken).ConfigureAwait(false))
            .Where(b => kind.Length == 0 || b.Ban.Article == Art12Disqualifications.Find(kind)?.Article)
            .Where(b => name.Length == 0 || b.Ban.PersonName.Contains(name, StringComparison.Ordinal))
            .Select(b => (Recorded: b, Status: BanStatus(b, today)))
            .Where(b => status.Length == 0 || b.Status == status)
            .OrderByDescending(b => b.Recorded.Ban.StartDate)
            .Select(b => DisqualificationView(b.Recorded, b.Status))
            .ToList();
        return Results.Json(CaseAccess.Masked(new { count = items.Count, items }), CaseJson.Response);
    }

    /// <summary><c>POST /api/disqualifications/{reference}/lift</c> {reason, liftedOn}: an officer lifts one entry (entered in
    /// error, or its decision annulled); the row stays with the day and the reason. A correction is a lift and a new entry.</summary>
    public async Task<IResult> LiftDisqualificationAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Officers).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem!;
        }

        var reason = Text(call.Json, "reason")?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return ApiProblems.Validation(
                "reason",
                "disqualification.required",
                "须写明解除的理由及所依据的决定 / 'reason' (why, and the decision it rests on) is required."
            );
        }

        var (liftedOn, dateError) = MarketEntityIntake.ReadDate(
            call.Json,
            "liftedOn",
            ChinaTime.Today(clock),
            "disqualification.start-in-future",
            "Decree 746 Art. 12"
        );
        if (dateError is not null)
        {
            return ApiProblems.Validation([dateError]);
        }

        var lifted = await bans.LiftAsync(reference, liftedOn, reason, cancellationToken).ConfigureAwait(false);
        return lifted is null
            ? ApiProblems.NotFound($"没有编号为 {reference} 的限制记录 / No disqualification {reference}.")
            : Results.Json(CaseAccess.Masked(DisqualificationView(lifted, "lifted")), CaseJson.Response);
    }

    private static string BanStatus(RecordedBan b, DateOnly today) =>
        b.Lifted ? "lifted"
        : b.Ban.EndDate is { } end && end < today ? "expired"
        : "in-force";

    private static object DisqualificationView(RecordedBan b, string status) =>
        new
        {
            b.Reference,
            status,
            statusText = status switch
            {
                "lifted" => "已解除 / lifted",
                "expired" => "期满 / expired",
                _ => "限制中 / in force",
            },
            b.Ban.PersonName,
            // Always a resident ID number here (checked at entry): masked as one even when its 18 characters would also
            // pass as a USCC, which the generic field rule leaves unmasked (PIPL Art. 28).
            personIdNumber = PersonalData.MaskIdNumber(b.Ban.PersonIdNumber),
            b.Ban.Reason,
            b.Ban.Article,
            b.Ban.StartDate,
            b.Ban.EndDate,
            b.LiftedOn,
            b.LiftReason,
        };

    private static object View(RegisterEntry entry, IReadOnlyList<RegisterChange>? history) =>
        new
        {
            entry.Uscc,
            entry.Name,
            entry.EntityType,
            entry.Agency,
            entry.Status,
            statusText = StatusText(entry),
            entry.OnAbnormalOperationsList,
            entry.InCourtOrderedLiquidation,
            entry.EstablishedOn,
            lastChange = entry.LastChange,
            lastChangeText = $"{RegisterRules.Describe(entry.LastChange.Kind)}（{entry.LastChange.DecidedOn:yyyy-MM-dd}，{entry.LastChange.Article}）",
            persons = entry.Persons,
            history,
        };

    private static string StatusText(RegisterEntry entry) =>
        entry.Status switch
        {
            RegisterStatus.Registered => "存续 / registered",
            RegisterStatus.Suspended => "歇业 / suspended",
            RegisterStatus.Deregistered => "注销 / deregistered",
            RegisterStatus.Revoked => "撤销 / revoked",
            RegisterStatus.LicenceRevoked => "吊销营业执照 / licence revoked",
            _ => "责令关闭 / ordered to close",
        };

    /// <summary>409: the change breaks a rule of the register (problem+json naming the rule and the article).</summary>
    public static IResult Refused(RegisterRefusal refusal) =>
        ApiProblems.Create(
            StatusCodes.Status409Conflict,
            refusal.Rule,
            $"{refusal.Message} ({refusal.Article})",
            new Dictionary<string, object?> { ["article"] = refusal.Article }
        );

    private static Dictionary<string, object?> Extensions(IReadOnlyList<ApiError> errors) =>
        new() { ["field"] = errors[0].Field, ["errors"] = errors };

    private static IResult NotFound(string uscc) =>
        ApiProblems.NotFound($"登记簿中没有您可查看的统一社会信用代码 {uscc} / No register entry {uscc} that you may see.");

    private static string Kebab(RegisterChangeKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    private static string? Text(JsonElement json, string property) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>An uploaded list (CSV or XLSX) an officer sends: the caller admitted, the body 1 to
    /// <c>Limits:MaxSpreadsheetBytes</c> bytes, the stated encoding known; else the problem, its rule under
    /// <paramref name="rulePrefix"/>.</summary>
    private async Task<(IResult? Problem, (Principal Principal, string Name, byte[] Bytes, TextEncodingChoice Encoding)? File)>
        ReadSpreadsheetAsync(HttpRequest request, string rulePrefix, string defaultName, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Officers);
        if (principal is null)
        {
            return (problem!, null);
        }

        var max = limits.Value.MaxSpreadsheetBytes;
        var bytes = await JsonBody.ReadBytesAsync(request, max, cancellationToken).ConfigureAwait(false);
        if (bytes is null || bytes.Length == 0)
        {
            return (ApiProblems.Validation(
                "body",
                $"{rulePrefix}.import.size",
                $"请将 CSV/XLSX 文件作为请求体发送（1 至 {max} 字节） / Send the CSV or XLSX file as the body (1 to {max} bytes)."
            ), null);
        }

        if (StatedEncoding(request) is not { } encoding)
        {
            return (ApiProblems.Validation(
                "encoding",
                $"{rulePrefix}.import.encoding",
                "编码只能是 utf-8 或 gb18030（gbk） / 'encoding' must be utf-8 or gb18030 (gbk)."
            ), null);
        }

        var name = request.Query["name"].ToString() is { Length: > 0 } n ? n : defaultName;
        return (null, (principal, name, bytes, encoding));
    }

    private static TextEncodingChoice? StatedEncoding(HttpRequest request)
    {
        var stated = request.Query["encoding"].ToString();
        if (string.IsNullOrEmpty(stated) && MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            stated = type.Charset.ToString();
        }

        return ChineseTextEncodings.ParseStated(stated);
    }
}
