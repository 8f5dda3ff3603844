namespace Workflows.Functions.Storage;

/// <summary><see cref="IBlobStore"/> in process memory.</summary>
public sealed class InMemoryBlobStore(TimeProvider clock) : IBlobStore
{
    // Most blobs (audit chains, documents) carry no metadata: they share one empty map instead of one each (issue 22).
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>(
        StringComparer.OrdinalIgnoreCase
    );

    // Per container, by name in ordinal order: a listing (LocalHost's BlobWatcher lists its inboxes every second) reads the
    // blobs of its container and prefix, not every blob of the account (issue 22: the audit chains of thousands of cases).
    private readonly Dictionary<string, ContainerBlobs> containers = new(StringComparer.Ordinal);
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
            var blobs = ContainerOf(container);
            if (!overwrite && blobs.Content.ContainsKey(name))
            {
                throw new StorageConflictException($"{container}/{name} already exists.");
            }

            var info = new BlobItemInfo(container, name, $"\"0x{Interlocked.Increment(ref version):X}\"", data.Length, clock.GetUtcNow());
            blobs.Names.Add(name);
            blobs.Content[name] = new BlobContent(
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
            return Task.FromResult(
                containers.TryGetValue(container, out var blobs) && blobs.Content.TryGetValue(name, out var content) ? content : null
            );
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
            var items = new List<BlobItemInfo>();
            if (!containers.TryGetValue(container, out var blobs) || blobs.Names.Count == 0)
            {
                return Task.FromResult<IReadOnlyList<BlobItemInfo>>(items);
            }

            var from = string.IsNullOrEmpty(prefix) ? blobs.Names.Min! : prefix;
            if (string.CompareOrdinal(from, blobs.Names.Max) > 0)
            {
                return Task.FromResult<IReadOnlyList<BlobItemInfo>>(items);
            }

            foreach (var name in blobs.Names.GetViewBetween(from, blobs.Names.Max!))
            {
                if (prefix is not null && !name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break; // names in ordinal order: the names with the prefix are consecutive
                }

                items.Add(blobs.Content[name].Info);
            }

            return Task.FromResult<IReadOnlyList<BlobItemInfo>>(items);
        }
    }

    public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (!containers.TryGetValue(container, out var blobs) || !blobs.Content.Remove(name))
            {
                return Task.FromResult(false);
            }

            blobs.Names.Remove(name);
            return Task.FromResult(true);
        }
    }

    private ContainerBlobs ContainerOf(string container)
    {
        if (!containers.TryGetValue(container, out var blobs))
        {
            blobs = new ContainerBlobs();
            containers[container] = blobs;
        }

        return blobs;
    }

    public Task EnsureContainersAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>One container: its names in ordinal order (Blob storage lists so) and its blobs by name.</summary>
    private sealed class ContainerBlobs
    {
        public SortedSet<string> Names { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, BlobContent> Content { get; } = new(StringComparer.Ordinal);
    }
}
