using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Access;
using Workflows.Functions.Storage;
using Workflows.Functions.Telemetry;

namespace Workflows.Functions.Cases;

/// <summary>A document arriving with an intake (an attachment of a package, an uploaded file).</summary>
public sealed record IntakeDocument(string Name, byte[] Data, string ContentType);

/// <summary>Everything needed to open a case and start its orchestration.</summary>
public sealed record IntakeRequest
{
    public required ICaseProcedure Procedure { get; init; }

    public required string Agency { get; init; }

    public required string Title { get; init; }

    public IReadOnlyList<CaseParty> Parties { get; init; } = [];

    public IReadOnlyList<string> Usccs { get; init; } = [];

    /// <summary>Procedure data stored on the case record.</summary>
    public required object Data { get; init; }

    /// <summary>Builds the orchestration input once the case id is known.</summary>
    public required Func<string, object> OrchestrationInput { get; init; }

    /// <summary>Who the idempotency key belongs to (e.g. the principal id, or a drop container).</summary>
    public required string IdempotencyScope { get; init; }

    /// <summary>The client's Idempotency-Key, or the content hash of a dropped package.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Hash of the request body: the same key with a different body is refused.</summary>
    public required string RequestHash { get; init; }

    public required Principal Actor { get; init; }

    public required DateTimeOffset AcceptedUtc { get; init; }

    public required string Article { get; init; }

    /// <summary>The summary as written in the audit row: the text given, else <see cref="SummaryLine"/> in the shape of
    /// problem titles ("中文 / English").</summary>
    public string Summary
    {
        get => summary ?? (SummaryLine is { } line ? Texts.ServerTexts.Default.Pair(line) : string.Empty);
        init => summary = value;
    }

    /// <summary>The summary as a catalogue line (issue 16), kept in the audit row so each reader sees its language.</summary>
    public Workflows.Domain.Texts.TextLine? SummaryLine { get; init; }

    private readonly string? summary;

    public IReadOnlyList<IntakeDocument> Documents { get; init; } = [];

    /// <summary>When set, no second open case of this family may exist for the subject (see <see cref="EntityProcedureLocks"/>).</summary>
    public IntakeExclusivity? Exclusive { get; init; }
}

/// <summary>One open case per <paramref name="Subject"/> (a USCC) in <paramref name="Family"/>; <paramref name="Rule"/> explains why, for the 409.</summary>
public sealed record IntakeExclusivity(string Family, string Subject, string Rule);

/// <summary>The case an intake created or found, or why it was refused: <paramref name="ConflictReason"/> (409) or
/// <paramref name="Refusal"/> (403: the filer could not read the case back, so it may not open it).</summary>
public sealed record IntakeResult(string CaseId, bool Created, string? ConflictReason = null, string? Refusal = null);

/// <summary>
/// Opens cases, idempotently: the case id is derived from the idempotency key, every step is an insert-if-absent or a
/// deterministic overwrite, and the orchestration instance id is the case id — so a retried POST, a re-dropped
/// package or a crash half-way all converge on exactly one case.
/// </summary>
public sealed class CaseIntake(
    IdempotencyStore idempotency,
    CaseStore cases,
    AuditLog audit,
    IBlobStore blobs,
    EntityProcedureLocks locks,
    WorkflowsMetrics? metrics = null
)
{
    /// <summary>Striped locks serialising "is the instance there? start it" per case id: state of this (singleton)
    /// intake, so two hosts in one process (the parity tests) or two test fixtures never share them.</summary>
    private readonly SemaphoreSlim[] startGates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IntakeResult> OpenAsync(
        IntakeRequest request,
        DurableTaskClient client,
        CancellationToken cancellationToken = default
    )
    {
        // Ownership on every write: nobody opens a case it could not read back (a DRC outside its jurisdiction, a
        // party for someone else). Checked before anything is written.
        var participants = ParticipantsOf(request.Actor);
        var facts = new CaseFacts(request.Procedure.Name, request.Agency, request.Usccs, participants, []);
        if (!AccessPolicy.CanRead(request.Actor, facts))
        {
            return new IntakeResult(string.Empty, false, Refusal: CaseAccess.ReadBackRefusal(request.Actor, facts));
        }

        var acceptedOn = ChinaTime.ToLegalDate(request.AcceptedUtc);
        var caseId = CaseIds.FromKey(
            request.Procedure.CasePrefix,
            request.Agency,
            acceptedOn,
            request.IdempotencyScope + "|" + request.IdempotencyKey
        );
        var claim = await idempotency
            .ClaimAsync(request.IdempotencyScope, request.IdempotencyKey, caseId, request.RequestHash, cancellationToken)
            .ConfigureAwait(false);
        if (claim.RequestHash != request.RequestHash)
        {
            return new IntakeResult(claim.CaseId, false, "This Idempotency-Key was already used with a different request body.");
        }

        caseId = claim.CaseId;
        var existing = await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
        var created = false;
        var intakeEntry = AuditEntry.ByPrincipal(
            caseId,
            "intake",
            existing?.CreatedUtc ?? request.AcceptedUtc,
            request.Actor,
            "accepted",
            request.Article,
            request.Summary
        ) with
        {
            SummaryLine = request.SummaryLine,
        };
        var intakeRow = await audit.RowAsync(intakeEntry, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            if (
                request.Exclusive is { } exclusive
                && await locks.ClaimAsync(exclusive.Family, exclusive.Subject, caseId, cancellationToken).ConfigureAwait(false)
                    is { } holder
            )
            {
                await idempotency
                    .ReleaseAsync(request.IdempotencyScope, request.IdempotencyKey, caseId, cancellationToken)
                    .ConfigureAwait(false);
                return new IntakeResult(holder, false, $"{exclusive.Subject} already has an open case {holder}: {exclusive.Rule}");
            }

            var documents = new List<CaseDocument>();
            foreach (var doc in request.Documents)
            {
                documents.Add(
                    await StoreDocumentAsync(caseId, doc, request.Actor, request.AcceptedUtc, cancellationToken).ConfigureAwait(false)
                );
            }

            try
            {
                created = await CreateRecordAsync(request, caseId, participants, documents, intakeRow, cancellationToken)
                    .ConfigureAwait(false);
                if (created)
                {
                    metrics?.CaseOpened(request.Procedure.Name);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not StorageConflictException)
            {
                // Nothing half-written: the documents stored for a case that could not be created are removed again.
                foreach (var doc in documents)
                {
                    await blobs.DeleteAsync(StorageNames.Documents, doc.BlobName, CancellationToken.None).ConfigureAwait(false);
                }

                await idempotency
                    .ReleaseAsync(request.IdempotencyScope, request.IdempotencyKey, caseId, CancellationToken.None)
                    .ConfigureAwait(false);

                throw;
            }
        }

        if (created)
        {
            // Written with the record (issue 22: one transaction); chained now.
            await audit.ChainAsync([intakeRow], [intakeRow.RowKey], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A retry or a lost race: the row (an older case's, written apart) is appended if missing, and chained; the
            // row key ("intake") makes the second write a no-op.
            await audit.AppendAsync(intakeEntry, cancellationToken).ConfigureAwait(false);
        }

        // Concurrent retries of one intake in this process check-and-start one at a time: not every backend refuses a
        // second start of a running instance (the in-memory one records a second ExecutionStarted and wedges the
        // instance). Across processes the Azure Storage backend's own duplicate check applies. The intake that created
        // the record starts without asking (issue 22: no status query on the way of a new case): no start can precede
        // the record, and a retry waits for this gate before it asks.
        var gate = startGates[(int)((uint)StringComparer.Ordinal.GetHashCode(caseId) % (uint)startGates.Length)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (created || await client.GetInstanceAsync(caseId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
            {
                try
                {
                    await client
                        .ScheduleNewOrchestrationInstanceAsync(
                            request.Procedure.OrchestratorName,
                            request.OrchestrationInput(caseId),
                            // The version named, not left to the host's default: both hosts (and a test engine
                            // without host.json) start a new case on the steps of today's version (issue 14, v3).
                            new StartOrchestrationOptions(caseId) { Version = Orchestrations.OrchestrationVersions.Current },
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                }
                catch (Exception e) when (IsAlreadyStarted(e))
                {
                    // Started by a concurrent retry of the same intake in another process.
                }
            }
        }
        finally
        {
            gate.Release();
        }

        return new IntakeResult(caseId, created);
    }

    private static IReadOnlyList<string> ParticipantsOf(Principal actor) => AccessPolicy.RecordsParticipant(actor.Role) ? [actor.Id] : [];

    private Task<bool> CreateRecordAsync(
        IntakeRequest request,
        string caseId,
        IReadOnlyList<string> participants,
        IReadOnlyList<CaseDocument> documents,
        TableRow intakeRow,
        CancellationToken cancellationToken
    ) =>
        cases.TryCreateAsync(
            new CaseRecord
            {
                Id = caseId,
                Procedure = request.Procedure.Name,
                Agency = request.Agency,
                Title = request.Title,
                State = "accepted",
                CreatedUtc = request.AcceptedUtc,
                UpdatedUtc = request.AcceptedUtc,
                OrchestrationId = caseId,
                Parties = request.Parties,
                Usccs = request.Usccs,
                ParticipantIds = participants,
                Documents = documents,
                Data = JsonSerializer.SerializeToElement(request.Data, CaseJson.Options),
            },
            [intakeRow],
            cancellationToken
        );

    /// <summary>Stores a document under the case id (documents/{caseId}/{name}); the same bytes overwrite themselves.</summary>
    public async Task<CaseDocument> StoreDocumentAsync(
        string caseId,
        IntakeDocument doc,
        Principal actor,
        DateTimeOffset atUtc,
        CancellationToken cancellationToken = default
    )
    {
        var safeName = SafeName(doc.Name);
        var blobName = $"{caseId}/{safeName}";
        await blobs
            .PutAsync(
                StorageNames.Documents,
                blobName,
                doc.Data,
                doc.ContentType,
                new Dictionary<string, string> { ["caseId"] = caseId },
                cancellationToken: cancellationToken
            )
            .ConfigureAwait(false);
        return new CaseDocument(safeName, blobName, doc.ContentType, doc.Data.Length, IdempotencyStore.Hash(doc.Data), atUtc, actor.Id);
    }

    /// <summary>Keeps the last path segment and replaces characters blob names and URLs handle badly.</summary>
    /// <summary>The instance exists already: the gRPC client's AlreadyExists status (LocalHost's sidecar, Durable
    /// Functions' host), or the engine's own exception where the client runs in process.</summary>
    private static bool IsAlreadyStarted(Exception e) =>
        e
            is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.AlreadyExists }
                or DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

    public static string SafeName(string name)
    {
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "document";
        var cleaned = new string(last.Select(c => char.IsControl(c) || c is '?' or '#' or '%' ? '_' : c).ToArray()).Trim('.', ' ');
        return cleaned.Length == 0 ? "document"
            : cleaned.Length > 200 ? cleaned[..200]
            : cleaned;
    }
}
