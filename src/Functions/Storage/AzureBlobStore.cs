using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Workflows.Functions.Storage;

/// <summary><see cref="IBlobStore"/> over Azure Blob storage (Azure or Azurite).</summary>
public sealed class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    /// <summary>One spelling of a version tag: a listing returns ETags unquoted, a download's header quoted; a
    /// watcher that compared them as given would never see the two as the same version.</summary>
    public static string Normalize(ETag? etag) => etag?.ToString().Trim('"') ?? string.Empty;

    public async Task<BlobItemInfo> PutAsync(
        string container,
        string name,
        ReadOnlyMemory<byte> data,
        string contentType,
        IReadOnlyDictionary<string, string>? metadata = null,
        bool overwrite = true,
        CancellationToken cancellationToken = default
    )
    {
        AzureStorageRules.CheckBlobName(container, name);
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = metadata?.ToDictionary(k => k.Key, k => k.Value),
            Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            var response = await blob.UploadAsync(BinaryData.FromBytes(data), options, cancellationToken).ConfigureAwait(false);
            return new BlobItemInfo(container, name, Normalize(response.Value.ETag), data.Length, response.Value.LastModified);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new StorageConflictException($"{container}/{name} already exists.", e);
        }
    }

    public async Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var details = response.Value.Details;
            var info = new BlobItemInfo(container, name, Normalize(details.ETag), details.ContentLength, details.LastModified);
            return new BlobContent(
                info,
                response.Value.Content.ToArray(),
                details.ContentType ?? "application/octet-stream",
                new Dictionary<string, string>(details.Metadata, StringComparer.OrdinalIgnoreCase)
            );
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<BlobItemInfo>> ListAsync(
        string container,
        string? prefix = null,
        CancellationToken cancellationToken = default
    )
    {
        var client = service.GetBlobContainerClient(container);
        var items = new List<BlobItemInfo>();
        await foreach (var item in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            items.Add(
                new BlobItemInfo(
                    container,
                    item.Name,
                    Normalize(item.Properties.ETag),
                    item.Properties.ContentLength ?? 0,
                    item.Properties.LastModified ?? DateTimeOffset.MinValue
                )
            );
        }

        return items;
    }

    public async Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var response = await service
            .GetBlobContainerClient(container)
            .DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Value;
    }

    public async Task EnsureContainersAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default)
    {
        foreach (var container in containers)
        {
            await service
                .GetBlobContainerClient(container)
                .CreateIfNotExistsAsync(cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
