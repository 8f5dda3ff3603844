namespace Workflows.Functions.Storage;

/// <summary><see cref="IBlobStore"/> in process memory.</summary>
public sealed class InMemoryBlobStore(TimeProvider clock) : IBlobStore
{
    // Most blobs (audit chains, documents) carry no metadata: they share one empty map instead of one each (issue 22).
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>(
        StringComparer.OrdinalIgnoreCase
    );
    private readonly Dictionary<(string Container, string Name), BlobContent> blobs = [];
    private readonly Lock gate = new();
    private long version;

    public Task<BlobItemInfo> PutAsync(
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
        lock (gate)
        {
            if (!overwrite && blobs.ContainsKey((container, name)))
            {
                throw new StorageConflictException($"{container}/{name} already exists.");
            }

            var info = new BlobItemInfo(container, name, $"\"0x{Interlocked.Increment(ref version):X}\"", data.Length, clock.GetUtcNow());
            blobs[(container, name)] = new BlobContent(
                info,
                data.ToArray(),
                contentType,
                metadata is null || metadata.Count == 0
                    ? NoMetadata
                    : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase)
            );
            return Task.FromResult(info);
        }
    }

    public Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(blobs.TryGetValue((container, name), out var content) ? content : null);
        }
    }

    public Task<IReadOnlyList<BlobItemInfo>> ListAsync(
        string container,
        string? prefix = null,
        CancellationToken cancellationToken = default
    )
    {
        lock (gate)
        {
            IReadOnlyList<BlobItemInfo> items = blobs
                .Values.Where(b =>
                    b.Info.Container == container && (prefix is null || b.Info.Name.StartsWith(prefix, StringComparison.Ordinal))
                )
                .Select(b => b.Info)
                .OrderBy(i => i.Name, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(items);
        }
    }

    public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(blobs.Remove((container, name)));
        }
    }

    public Task EnsureContainersAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
