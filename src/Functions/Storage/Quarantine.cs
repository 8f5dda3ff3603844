using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Notifications;
using Workflows.Functions.Telemetry;

namespace Workflows.Functions.Storage;

/// <summary>One quarantined file as the dashboard lists it (from its error report).</summary>
public sealed record QuarantinedFile(
    string File,
    string Container,
    string Agency,
    DateTimeOffset QuarantinedUtc,
    IReadOnlyList<ApiError> Errors
);

/// <summary>
/// Moves a bad dropped file to the quarantine container (<c>quarantine/{container}/{name}</c>) with an error report
/// beside it (<c>{name}.error.json</c>). The copy and the report are written before the original is deleted, so
/// nothing is lost if the process dies half-way. The uploader's agency (blob metadata <c>agency</c>, else the
/// deployment's city) is told through the notification outbox, and officers list the reports (<see cref="ListAsync"/>).
/// A name Azure cannot hold as given is quarantined under <see cref="AzureStorageRules.SafeBlobName"/>.
/// </summary>
public sealed class Quarantine(
    IBlobStore blobs,
    TimeProvider clock,
    NotificationOutbox? outbox = null,
    WorkflowsMetrics? metrics = null,
    ILogger<Quarantine>? logger = null
)
{
    /// <summary>Luohe city: the agency of a drop whose uploader named none (the deployment's own city).</summary>
    public const string DefaultAgency = "411100";

    public const string NotificationKind = "drop-quarantined";

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ReportName(string container, string name) => $"{container}/{AzureStorageRules.SafeBlobName(name)}.error.json";

    /// <summary>The role that handles (and is told about) files of <paramref name="container"/>.</summary>
    public static Role ResponsibleRole(string container) =>
        container switch
        {
            StorageNames.RegistrationsInbox => Role.RegistrationOfficer,
            StorageNames.CoalInbox or StorageNames.CoalReports => Role.MunicipalDrc,
            StorageNames.RetrofitInbox => Role.CountyOffice,
            StorageNames.TwoHighInbox => Role.ProvincialDrc,
            _ => Role.Administrator,
        };

    public async Task MoveAsync(BlobDrop drop, IReadOnlyList<ApiError> errors, CancellationToken cancellationToken = default)
    {
        var target = $"{drop.Container}/{AzureStorageRules.SafeBlobName(drop.Name)}";
        var agency = drop.Metadata.TryGetValue("agency", out var a) && Jurisdiction.IsDivisionCode(a) ? a : DefaultAgency;
        var now = clock.GetUtcNow();
        await blobs
            .PutAsync(
                StorageNames.Quarantine,
                target,
                drop.Data,
                drop.ContentType,
                new Dictionary<string, string> { ["sourceContainer"] = drop.Container, ["sourceETag"] = drop.ETag.Trim('"') },
                cancellationToken: cancellationToken
            )
            .ConfigureAwait(false);
        var report = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                file = $"{drop.Container}/{drop.Name}",
                container = drop.Container,
                agency,
                etag = drop.ETag,
                quarantinedUtc = now,
                errors,
            },
            ReportJson
        );
        await blobs
            .PutAsync(
                StorageNames.Quarantine,
                ReportName(drop.Container, drop.Name),
                report,
                "application/json",
                cancellationToken: cancellationToken
            )
            .ConfigureAwait(false);
        await blobs.DeleteAsync(drop.Container, drop.Name, cancellationToken).ConfigureAwait(false);
        // Field and rule only: a message can quote the refused value, which may be personal data (PIPL Art. 28).
        logger?.LogWarning(
            "Quarantined {Container}/{Name} for agency {Agency}: {Rules}",
            drop.Container,
            drop.Name,
            agency,
            string.Join(", ", errors.Select(e => $"{e.Field}:{e.Rule}"))
        );
        metrics?.DropQuarantined(drop.Container);
        if (outbox is not null)
        {
            var first = errors.Count > 0 ? errors[0].Message : "unknown error";
            await outbox
                .EnqueueAsync(
                    string.Empty,
                    new NotificationRequest(
                        "quarantine-" + IdempotencyStore.Hash($"{drop.Container}/{drop.Name}|{drop.ETag}")[..32],
                        ResponsibleRole(drop.Container),
                        agency,
                        NotificationKind,
                        $"上传的文件 {drop.Container}/{drop.Name} 无法处理，已移入隔离区：{first} / The uploaded file {drop.Container}/{drop.Name} could not be handled and was quarantined.",
                        "—"
                    ),
                    now,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
    }

    /// <summary>Quarantined files of the containers <paramref name="principal"/> handles, in their jurisdiction, newest first.</summary>
    public async Task<IReadOnlyList<QuarantinedFile>> ListAsync(Principal principal, CancellationToken cancellationToken = default)
    {
        var files = new List<QuarantinedFile>();
        foreach (var item in await blobs.ListAsync(StorageNames.Quarantine, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (
                !item.Name.EndsWith(".error.json", StringComparison.Ordinal)
                || await blobs.GetAsync(StorageNames.Quarantine, item.Name, cancellationToken).ConfigureAwait(false) is not { } content
                || Parse(content.Data) is not { } file
            )
            {
                continue;
            }

            var visible = principal.Role == Role.Administrator || ResponsibleRoles(file.Container).Contains(principal.Role);
            if (visible && Jurisdiction.Covers(principal.Agency, file.Agency))
            {
                files.Add(file);
            }
        }

        return [.. files.OrderByDescending(f => f.QuarantinedUtc).ThenBy(f => f.File, StringComparer.Ordinal)];
    }

    private static Role[] ResponsibleRoles(string container) =>
        container switch
        {
            StorageNames.RegistrationsInbox => [Role.RegistrationOfficer, Role.AuthorityHead],
            StorageNames.CoalInbox or StorageNames.CoalReports => [Role.MunicipalDrc, Role.ProvincialDrc, Role.CountyOffice],
            StorageNames.RetrofitInbox => [Role.CountyOffice, Role.MunicipalDrc],
            _ => [],
        };

    private static QuarantinedFile? Parse(byte[] data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            var file = root.GetProperty("file").GetString() ?? string.Empty;
            var container = root.TryGetProperty("container", out var c) ? c.GetString() ?? string.Empty : file.Split('/')[0];
            var agency = root.TryGetProperty("agency", out var a) ? a.GetString() ?? DefaultAgency : DefaultAgency;
            var errors = root.TryGetProperty("errors", out var e) ? e.Deserialize<List<ApiError>>(ReportJson) ?? [] : [];
            return new QuarantinedFile(file, container, agency, root.GetProperty("quarantinedUtc").GetDateTimeOffset(), errors);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
