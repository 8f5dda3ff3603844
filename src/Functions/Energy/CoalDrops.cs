using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Energy;

/// <summary>Outcome of a report upload.</summary>
public sealed record CoalReportOutcome(string? Document, ApiError? Error);

/// <summary>
/// Art. 16 implementation reports, from HTTP or the <c>coal-reports</c> container: stored under the case, then handed to
/// the orchestration as a <c>report</c> event whose id is the file's hash (a re-delivered blob is the same event).
/// </summary>
public sealed class CoalReportIntake(
    CaseStore cases,
    CaseIntake intake,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<LimitsOptions> limits
)
{
    /// <summary>Largest report accepted (<c>Limits:MaxDocumentBytes</c>), over HTTP and from the container alike.</summary>
    public int MaxBytes => limits.Value.MaxDocumentBytes;

    public async Task<CoalReportOutcome> AcceptAsync(
        string caseId,
        string name,
        byte[] data,
        string contentType,
        Principal actor,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        if (data.Length == 0 || data.Length > MaxBytes)
        {
            return new(
                null,
                new ApiError(
                    "file",
                    "coal.report.size",
                    $"The report must be 1 byte to {MaxBytes} bytes (Limits:MaxDocumentBytes); this one has {data.Length}."
                )
            );
        }

        var record = await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Procedure != CoalSubstitutionProcedure.ProcedureName || !CaseAccess.CanAct(actor, record))
        {
            return new(null, new ApiError("caseId", "coal.report.not-found", $"No coal project '{caseId}' in your jurisdiction."));
        }

        // An upload is inert or refused: declared document types only, by name, stated type and content alike.
        var check = DocumentTypes.Check("file", name, contentType, data);
        if (check.Type is null)
        {
            return new(null, check.Error);
        }

        if (record.Closed)
        {
            return new(
                null,
                new ApiError("caseId", "coal.report.closed", $"Case {caseId} is closed ({record.Outcome}); the report was already filed.")
            );
        }

        if (record.State is not (CoalPhases.Reporting or CoalPhases.ReportOverdue))
        {
            return new(
                null,
                new ApiError(
                    "caseId",
                    "coal.report.not-due",
                    $"Case {caseId} is '{record.State}': the implementation report is due only after production starts (Art. 16)."
                )
            );
        }

        var now = clock.GetUtcNow();
        var doc = await intake
            .StoreDocumentAsync(caseId, new IntakeDocument(name, data, check.Type.ContentType), actor, now, cancellationToken)
            .ConfigureAwait(false);
        await cases
            .UpdateAsync(
                caseId,
                c =>
                    c.Documents.Any(d => d.Name == doc.Name && d.Sha256 == doc.Sha256)
                        ? c
                        : c with
                        {
                            Documents = [.. c.Documents.Where(d => d.Name != doc.Name), doc],
                        },
                cancellationToken
            )
            .ConfigureAwait(false);
        var payload = JsonSerializer.Serialize(new { document = doc.Name, sha256 = doc.Sha256 });
        var envelope = new CaseEventEnvelope(
            $"{caseId}-report-{doc.Sha256[..12]}",
            EnergyEvents.Report,
            actor.Id,
            actor.Name,
            actor.Role.ToString(),
            now,
            payload
        );
        await client
            .RaiseEventAsync(record.OrchestrationId ?? caseId, CaseEventEnvelope.EventName, envelope, cancellationToken)
            .ConfigureAwait(false);
        return new(doc.Name, null);
    }
}

/// <summary>Base for energy drop handlers (the acting principal of a drop container).</summary>
public abstract class EnergyDropHandler : IBlobDropHandler
{
    public abstract string Container { get; }

    public abstract Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken);

    /// <summary>The container acts for whoever was allowed to upload into it (see <c>CaseAccess.DropRoles</c>): the
    /// provincial DRC for coal (a filing of any Henan city, Art. 10), the Luohe DRC for the Luohe retrofit programme.</summary>
    protected static Principal DropActor(string container) =>
        container == StorageNames.RetrofitInbox
            ? new($"drop:{container}", $"{container} drop", Role.MunicipalDrc, RetrofitCases.LuoheAgency)
            : new($"drop:{container}", $"{container} drop", Role.ProvincialDrc, HenanDivisions.Province);
}

/// <summary><c>coal-inbox</c>: a JSON coal project filing; invalid files go to quarantine with the errors.</summary>
public sealed class CoalInboxDropHandler(CoalIntakeService intake, Quarantine quarantine) : EnergyDropHandler
{
    public override string Container => StorageNames.CoalInbox;

    public override async Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(drop.Data);
            using var doc = JsonDocument.Parse(text);
            body = doc.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [new ApiError("file", "coal.file.json", $"The file is not a UTF-8 JSON coal project filing: {e.Message}")],
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            await quarantine
                .MoveAsync(drop, [new ApiError("file", "coal.file.json", "The file must hold one JSON object.")], cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        if (JsonInputGuard.Check(body) is { } refused)
        {
            await quarantine.MoveAsync(drop, [refused], cancellationToken).ConfigureAwait(false);
            return;
        }

        // The content hash is the idempotency key: the same file dropped twice is one case.
        var outcome = await intake
            .OpenAsync(body, DropActor(Container), $"drop|{Container}", IdempotencyStore.Hash(drop.Data), client, cancellationToken)
            .ConfigureAwait(false);
        if (outcome.Result is null)
        {
            await quarantine.MoveAsync(drop, EnergyApiProblems.ToApi(outcome.Errors), cancellationToken).ConfigureAwait(false);
        }
        else if (outcome.Result.Refusal is { } refusal)
        {
            var error = new ApiError("file", "intake.outside-share", refusal);
            await quarantine.MoveAsync(drop, [error], cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary><c>coal-reports</c>: blob name <c>&lt;caseId&gt;/&lt;file&gt;</c> files the implementation report (Art. 16).</summary>
public sealed class CoalReportsDropHandler(CoalReportIntake reports, Quarantine quarantine) : EnergyDropHandler
{
    public override string Container => StorageNames.CoalReports;

    public override async Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var slash = drop.Name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == drop.Name.Length - 1)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [new ApiError("name", "coal.report.blob-name", $"Name the blob '<caseId>/<file>', got '{drop.Name}'.")],
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }

        var caseId = drop.Name[..slash];
        var actor = DropActor(Container);
        var outcome = await reports
            .AcceptAsync(caseId, drop.Name[(slash + 1)..], drop.Data, drop.ContentType, actor, client, cancellationToken)
            .ConfigureAwait(false);
        if (outcome.Error is { Rule: not "coal.report.closed" } error)
        {
            await quarantine.MoveAsync(drop, [error], cancellationToken).ConfigureAwait(false);
        }
    }
}
