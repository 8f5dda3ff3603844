using System.Text.Json;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;

namespace Workflows.Functions.Storage;

/// <summary>
/// Moves a bad dropped file to the quarantine container (<c>quarantine/{container}/{name}</c>) with an error report
/// beside it (<c>{name}.error.json</c>). The copy and the report are written before the original is deleted, so
/// nothing is lost if the process dies half-way.
/// </summary>
public sealed class Quarantine(IBlobStore blobs, TimeProvider clock)
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ReportName(string container, string name) => $"{container}/{name}.error.json";

    public async Task MoveAsync(BlobDrop drop, IReadOnlyList<ApiError> errors, CancellationToken cancellationToken = default)
    {
        var target = $"{drop.Container}/{drop.Name}";
        await blobs.PutAsync(StorageNames.Quarantine, target, drop.Data, drop.ContentType, new Dictionary<string, string>
        {
            ["sourceContainer"] = drop.Container,
            ["sourceETag"] = drop.ETag.Trim('"'),
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var report = JsonSerializer.SerializeToUtf8Bytes(new
        {
            file = $"{drop.Container}/{drop.Name}",
            etag = drop.ETag,
            quarantinedUtc = clock.GetUtcNow(),
            errors,
        }, ReportJson);
        await blobs.PutAsync(StorageNames.Quarantine, ReportName(drop.Container, drop.Name), report, "application/json", cancellationToken: cancellationToken).ConfigureAwait(false);
        await blobs.DeleteAsync(drop.Container, drop.Name, cancellationToken).ConfigureAwait(false);
    }
}
