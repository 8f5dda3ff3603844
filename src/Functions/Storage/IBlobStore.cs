namespace Workflows.Functions.Storage;

/// <summary>A stored blob's identity and version (the ETag changes on every write).</summary>
public sealed record BlobItemInfo(string Container, string Name, string ETag, long Length, DateTimeOffset LastModified);

public sealed record BlobContent(BlobItemInfo Info, byte[] Data, string ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Blob operations the application needs, over Azure Blob storage or in memory.</summary>
public interface IBlobStore
{
    Task<BlobItemInfo> PutAsync(
        string container,
        string name,
        ReadOnlyMemory<byte> data,
        string contentType,
        IReadOnlyDictionary<string, string>? metadata = null,
        bool overwrite = true,
        CancellationToken cancellationToken = default
    );

    Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BlobItemInfo>> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default);

    Task EnsureContainersAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default);
}
