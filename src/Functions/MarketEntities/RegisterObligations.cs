using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Storage;

namespace Workflows.Functions.MarketEntities;

/// <summary>The tracked obligations a register change opens (issue 14 item 3): the void licence after a deregistration
/// or a revocation (Art. 37 para 3), the suspension's publication (Art. 30 para 3) and, for an entity found operating
/// during its suspension, its own publication of the resumption (Art. 30 para 4).</summary>
public static class PublicationDutyKinds
{
    /// <summary>缴回营业执照, else 公告营业执照作废 (Art. 37 para 3).</summary>
    public const string LicenceVoid = "licence-void";

    /// <summary>登记机关公示歇业期限、法律文书送达地址 (Art. 30 para 3).</summary>
    public const string Suspension = "suspension";

    /// <summary>视为恢复营业，市场主体公示 (Art. 30 para 4).</summary>
    public const string Resumption = "resumption";

    /// <summary>The 3-year maximum of a suspension, tracked by the existing tracker kind (trackers.json).</summary>
    public const string SuspensionMaximum = "suspension-maximum";

    /// <summary>Which obligations a register change opens. Art. 37 para 3 names 变更登记、注销登记和撤销登记: the system
    /// records deregistrations and revocations (a change registration is not a decision it records).</summary>
    public static IReadOnlyList<string> OpenedBy(RegisterChangeKind kind, bool deemedResumption) =>
        kind switch
        {
            RegisterChangeKind.Deregistered or RegisterChangeKind.Revoked => [LicenceVoid],
            RegisterChangeKind.Suspended => [Suspension, SuspensionMaximum],
            RegisterChangeKind.Resumed when deemedResumption => [Resumption],
            _ => [],
        };
}

/// <summary>The case data of a tracked obligation: the entity, the decision that opened it and what it closed with.</summary>
public sealed record PublicationDutyData
{
    public required string Kind { get; init; }

    public required string Uscc { get; init; }

    public required string EntityName { get; init; }

    /// <summary>The day of the decision (or filing) the obligation runs from (China time).</summary>
    public required DateOnly DecidedOn { get; init; }

    /// <summary>The decision as a person reads it, with its case id when the system decided it.</summary>
    public required string Decision { get; init; }

    public string? SourceCaseId { get; init; }

    /// <summary>Art. 30 para 3: the filed suspension period and the service address the authority publishes.</summary>
    public DateOnly? SuspendedFrom { get; init; }

    public DateOnly? SuspendedUntil { get; init; }

    public string? ServiceAddress { get; init; }

    /// <summary>The stage reached: <c>licence-return</c>, then <c>publication-licence-void</c>; or the kind's one stage.</summary>
    public string? Stage { get; init; }

    /// <summary>Art. 37 para 3: the returned licence's evidence (缴回凭证), or why it could not be returned.</summary>
    public string? ReturnEvidence { get; init; }

    public string? NotReturnedReason { get; init; }

    public IReadOnlyList<PublicationRecord> Publications { get; init; } = [];

    public string? CancelReason { get; init; }
}

/// <summary>The end of an obligation a later decision made moot or met: the obligation's request key, the event its case
/// is sent (<c>cancel</c> with a reason, or a tracker's <c>comply</c> with the decision as evidence) and why.</summary>
/// <param name="ObligationKey">The <see cref="ObligationRequest.Key"/> of the obligation ended.</param>
public sealed record ObligationEnd(string ObligationKey, string Event, string Reason);

/// <summary>Which obligations a later decision ends. Art. 42: a reversal 恢复原登记状态, so the licence the revocation
/// voided is valid again and the Art. 37 para 3 duty (return it, or announce it void) lapses. Art. 30: a resumption ends
/// the suspension; its publication (歇业期限、送达地址) no longer informs anyone and is cancelled, and the 3-year maximum
/// is met (the tracker's <c>comply</c>).</summary>
public static class ObligationEnds
{
    public static IEnumerable<ObligationEnd> OfReversal(string revocationCaseId, string decision) =>
        [
            new(
                $"{revocationCaseId}|{RegisterChangeKind.Revoked}|{PublicationDutyKinds.LicenceVoid}",
                MarketEntityEvents.Cancel,
                $"撤销登记决定已被撤销，恢复原登记状态，营业执照继续有效（第四十二条）：{decision} / "
                    + $"The revocation was reversed and the registration restored; the licence stands (Decree 746 Art. 42): {decision}"
            ),
        ];

    /// <summary>The suspension a resumption ends is the entry's last suspension in <paramref name="history"/>.</summary>
    public static IEnumerable<ObligationEnd> OfResumption(RegisterEntry entry, IReadOnlyList<RegisterChange> history)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(history);
        var s = history.LastOrDefault(c => c.Kind == RegisterChangeKind.Suspended);
        if (entry.LastChange.Kind != RegisterChangeKind.Resumed || s is null)
        {
            return [];
        }

        var resumed = $"{entry.LastChange.DecidedOn:yyyy-MM-dd} {entry.LastChange.Decision}";
        return
        [
            new(
                $"{entry.Uscc}|{s.ChangeId}|{PublicationDutyKinds.Suspension}",
                MarketEntityEvents.Cancel,
                $"已恢复营业，歇业信息的公示不复必要（第三十条）：{resumed} / The entity resumed; the suspension's publication "
                    + $"is moot (Decree 746 Art. 30): {resumed}"
            ),
            new(
                $"{entry.Uscc}|{s.ChangeId}|{PublicationDutyKinds.SuspensionMaximum}",
                MarketEntityEvents.Comply,
                $"恢复营业（第三十条）：{resumed} / Resumed (Decree 746 Art. 30): {resumed}"
            ),
        ];
    }
}

/// <summary>An obligation to open: written by the register's side of a decision, opened by <see cref="ObligationOpener"/>.</summary>
/// <param name="Key">The decision and the kind: the same decision opens each obligation once.</param>
public sealed record ObligationRequest(string Key, string Agency, PublicationDutyData Data);

/// <summary>
/// The obligations the register's changes owe and that are not opened yet (table <c>ObligationOutbox</c>). A change
/// written inside an activity (the register hook of UpdateCaseActivity) cannot start an orchestration, so it writes
/// here; the opener starts the cases from the HTTP call or the every-minute job that holds a durable client.
/// </summary>
public sealed class ObligationOutbox(ITableStore tables)
{
    public const string Table = "ObligationOutbox";
    private const string Pending = "pending";
    private const string Opened = "opened";
    private const string Ending = "ending";

    public async Task AddAsync(ObligationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = RowKey(request.Key);
        if (await tables.GetAsync(Table, Opened, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var json = JsonSerializer.Serialize(request, CaseJson.Options);
        await tables
            .UpsertAsync(Table, new TableRow(Pending, key, new Dictionary<string, string> { ["Json"] = json }), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ObligationRequest>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var rows = await tables.QueryPartitionAsync(Table, Pending, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => JsonSerializer.Deserialize<ObligationRequest>(r.Get("Json")!, CaseJson.Options)!)];
    }

    public async Task MarkOpenedAsync(ObligationRequest request, string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = RowKey(request.Key);
        var props = new Dictionary<string, string> { ["CaseId"] = caseId, ["Json"] = JsonSerializer.Serialize(request, CaseJson.Options) };
        await tables.UpsertAsync(Table, new TableRow(Opened, key, props), cancellationToken).ConfigureAwait(false);
        await tables.DeleteAsync(Table, Pending, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues the end of an obligation (<see cref="ObligationEnds"/>); one not opened yet is never opened.</summary>
    public async Task EndAsync(ObligationEnd end, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(end);
        var key = RowKey(end.ObligationKey);
        var json = JsonSerializer.Serialize(end, CaseJson.Options);
        await tables
            .UpsertAsync(Table, new TableRow(Ending, key, new Dictionary<string, string> { ["Json"] = json }), cancellationToken)
            .ConfigureAwait(false);
        if (await tables.GetAsync(Table, Pending, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            await tables.DeleteAsync(Table, Pending, key, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ObligationEnd>> EndingAsync(CancellationToken cancellationToken = default)
    {
        var rows = await tables.QueryPartitionAsync(Table, Ending, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => JsonSerializer.Deserialize<ObligationEnd>(r.Get("Json")!, CaseJson.Options)!)];
    }

    public Task MarkEndedAsync(ObligationEnd end, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(end);
        return tables.DeleteAsync(Table, Ending, RowKey(end.ObligationKey), cancellationToken);
    }

    /// <summary>The case opened for a decision's obligation, or null while it is pending.</summary>
    public async Task<string?> OpenedCaseAsync(string requestKey, CancellationToken cancellationToken = default) =>
        (await tables.GetAsync(Table, Opened, RowKey(requestKey), cancellationToken).ConfigureAwait(false))?.Get("CaseId");

    /// <summary>Decision keys hold '|' and case ids; a row key holds neither '/' nor '#': hashed, stable.</summary>
    private static string RowKey(string key) => IdempotencyStore.Hash(key)[..32];
}

/// <summary>
/// Opens the pending obligations as cases (idempotent: the case id derives from the request key, so a retried run or
/// two hosts converge on one case). Tracked obligations are <see cref="PublicationDutyProcedure"/> cases; the 3-year
/// maximum of a suspension is the existing tracker kind <c>suspension-maximum</c>.
/// </summary>
public sealed class ObligationOpener(
    ObligationOutbox outbox,
    CaseIntake intake,
    PublicationDutyProcedure duties,
    TrackerProcedure trackers,
    TimeProvider clock,
    ILogger<ObligationOpener>? logger = null,
    CaseStore? cases = null
)
{
    /// <summary>Opens every pending obligation; returns the case ids opened or found.</summary>
    public async Task<IReadOnlyList<string>> OpenPendingAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var opened = new List<string>();
        foreach (var request in await outbox.PendingAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = await intake.OpenAsync(Intake(request), client, cancellationToken).ConfigureAwait(false);
            if (result.Refusal is not null || result.ConflictReason is not null)
            {
                logger?.LogWarning("Obligation {Key} not opened: {Reason}", request.Key, result.Refusal ?? result.ConflictReason);
                continue;
            }

            await outbox.MarkOpenedAsync(request, result.CaseId, cancellationToken).ConfigureAwait(false);
            opened.Add(result.CaseId);
        }

        await EndAsync(client, cancellationToken).ConfigureAwait(false);
        return opened;
    }

    /// <summary>Sends each queued end to its case once the case awaits the event (a case just opened may not wait yet:
    /// the next run sends it); an end whose case closed meanwhile, or that was never opened, is done.</summary>
    private async Task EndAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (cases is null)
        {
            return;
        }

        foreach (var end in await outbox.EndingAsync(cancellationToken).ConfigureAwait(false))
        {
            var caseId = await outbox.OpenedCaseAsync(end.ObligationKey, cancellationToken).ConfigureAwait(false);
            var record = caseId is null ? null : await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (caseId is not null && record is null)
            {
                continue; // opened, its first write not there yet
            }

            if (record is { Closed: false })
            {
                if (!record.AwaitedEvents.Contains(end.Event, StringComparer.Ordinal))
                {
                    continue;
                }

                var payload = end.Event == MarketEntityEvents.Comply
                    ? JsonSerializer.Serialize(new { type = end.Event, evidence = new[] { end.Reason } })
                    : JsonSerializer.Serialize(new { type = end.Event, reason = end.Reason });
                var envelope = new CaseEventEnvelope(
                    $"{record.Id}-{end.Event}-{IdempotencyStore.Hash(end.ObligationKey)[..8]}",
                    end.Event,
                    "system",
                    "工作流 / Workflow",
                    Role.RegistrationOfficer.ToString(),
                    clock.GetUtcNow(),
                    payload
                );
                await client
                    .RaiseEventAsync(record.OrchestrationId ?? record.Id, CaseEventEnvelope.EventName, envelope, cancellationToken)
                    .ConfigureAwait(false);
            }

            await outbox.MarkEndedAsync(end, cancellationToken).ConfigureAwait(false);
        }
    }

    private IntakeRequest Intake(ObligationRequest request)
    {
        var data = request.Data;
        var system = new Principal("system", "工作流 / Workflow", Role.RegistrationOfficer, request.Agency);
        var tracker = data.Kind == PublicationDutyKinds.SuspensionMaximum;
        var kind = TrackerKinds.Find(tracker ? data.Kind : PublicationDutyOrchestration.FirstStage(data.Kind).PeriodId)!;
        var trackerData = tracker ? TrackerData(data, kind) : null;
        return new IntakeRequest
        {
            Procedure = tracker ? trackers : duties,
            Agency = request.Agency,
            Title = $"{kind.ObligationZh}：{data.EntityName}",
            Parties = [new CaseParty("entity", data.EntityName, data.Uscc)],
            Usccs = [data.Uscc],
            Data = trackerData is null ? data : trackerData,
            OrchestrationInput = caseId =>
                trackerData is null
                    ? new PublicationDutyInput(caseId, request.Agency, data)
                    : new TrackerInput(caseId, request.Agency, trackerData),
            IdempotencyScope = "system|register-obligations",
            IdempotencyKey = request.Key,
            RequestHash = IdempotencyStore.Hash(request.Key),
            Actor = system,
            AcceptedUtc = clock.GetUtcNow(),
            Article = kind.Article,
            Summary = $"{kind.ObligationZh}（{data.Decision}） / {kind.ObligationEn} ({data.Decision})",
        };
    }

    private static TrackerCaseData TrackerData(PublicationDutyData data, TrackerKind kind) =>
        new()
        {
            Start = new TrackerStart(
                kind.Id,
                data.Uscc,
                data.EntityName,
                data.SuspendedFrom ?? data.DecidedOn,
                $"歇业备案，歇业起始日 {(data.SuspendedFrom ?? data.DecidedOn).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} "
                    + $"/ suspension filed ({data.Decision})"
            ),
            Article = kind.Article,
            Obligation = $"{kind.ObligationEn} ({kind.ObligationZh})",
        };
}

/// <summary>Opens the register's pending obligations every minute (both hosts; the HTTP path opens its own at once).</summary>
public sealed class ObligationOpenerJob(ObligationOpener opener) : IScheduledJob
{
    public string Name => "register-obligations";

    public string ChinaTimeSchedule => Schedules.ObligationOpenerChinaTime;

    public Task RunAsync(DateTimeOffset firedAtUtc, DurableTaskClient client, CancellationToken cancellationToken) =>
        opener.OpenPendingAsync(client, cancellationToken);
}

/// <summary>Tracked obligations of a register change (Decree 746 Art. 37 para 3, Art. 30 paras 3-4).</summary>
public sealed class PublicationDutyProcedure : ICaseProcedure
{
    public const string ProcedureName = "publication-duty";

    public string Name => ProcedureName;

    public string CasePrefix => "PUB";

    public string OrchestratorName => nameof(PublicationDutyOrchestration);

    private static readonly Role[] Officers = [Role.RegistrationOfficer, Role.AuthorityHead];

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            PublicationDutyOrchestration.ReturnLicence,
            Officers,
            "Decree 746 Art. 37 para 3",
            ["evidence"],
            "市场主体已缴回营业执照（缴回凭证） / The entity returned its business licence (the receipt)"
        ),
        new(
            PublicationDutyOrchestration.LicenceNotReturned,
            Officers,
            "Decree 746 Art. 37 para 3",
            ["reason"],
            "市场主体拒不缴回或者无法缴回营业执照 / The entity refuses to return the licence or cannot"
        ),
        new(
            PublicationItems.RecordEvent,
            [Role.RegistrationOfficer, Role.AuthorityHead, Role.Enterprise],
            "Decree 746 Art. 30 paras 3-4, Art. 37 para 3",
            ["item", "content"],
            "记录在国家企业信用信息公示系统上的公示（内容、平台、日期） / Record the publication (what, where, when)"
        ),
        new(
            "cancel",
            Officers,
            "Decree 746 Art. 30, Art. 37",
            ["reason"],
            "义务因决定被撤销等原因不复存在，终止跟踪 / Stop tracking: the obligation lapsed (e.g. the decision was annulled)"
        ),
    ];

    public const string ItemRule = RevocationEventRules.PublicationItemRule;
    public const string AuthorityDutyRule = "publication.authority-duty";

    /// <summary>A publication names the item the case owes (400 otherwise); the authority's publications (Art. 30 para 3,
    /// Art. 37 para 3) are the officer's to record, only the entity's own resumption (Art. 30 para 4) is the entity's.</summary>
    public Task<Microsoft.AspNetCore.Http.IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(actor);
        if (type != PublicationItems.RecordEvent || record.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return Task.FromResult<Microsoft.AspNetCore.Http.IResult?>(null);
        }

        var kind = data.TryGetProperty("kind", out var k) ? k.GetString() : null;
        var owed = kind == PublicationDutyKinds.LicenceVoid ? PublicationItems.LicenceVoid : kind;
        var item = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("item", out var i) ? i.GetString() : null;
        Microsoft.AspNetCore.Http.IResult? refusal =
            item != owed
                ? ApiProblems.Validation(
                    "item",
                    ItemRule,
                    $"本案应公示的事项为“{owed}” / This case owes the publication '{owed}', not '{item}'."
                )
            : actor.Role == Role.Enterprise && kind != PublicationDutyKinds.Resumption
                ? ApiProblems.Create(
                    Microsoft.AspNetCore.Http.StatusCodes.Status409Conflict,
                    AuthorityDutyRule,
                    "该公示由登记机关作出（第三十条第三款、第三十七条第三款） / This publication is the authority's (Decree 746 Art. 30 para 3, Art. 37 para 3)."
                )
            : null;
        return Task.FromResult(refusal);
    }
}
