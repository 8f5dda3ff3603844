using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Support;

/// <summary>Counts the reads and writes that reach each container (issue 22: requests per step, as Blob storage bills them).</summary>
public sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Container, string Operation), int> calls = [];

    /// <summary>Calls of <paramref name="operation"/> (<c>get</c>, <c>put</c>, <c>list</c>, <c>delete</c>) on
    /// <paramref name="container"/>.</summary>
    public int CallsOf(string container, string operation)
    {
        lock (gate)
        {
            return calls.GetValueOrDefault((container, operation));
        }
    }

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
        Count(container, "put");
        return inner.PutAsync(container, name, data, contentType, metadata, overwrite, cancellationToken);
    }

    public Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        Count(container, "get");
        return inner.GetAsync(container, name, cancellationToken);
    }

    public Task<IReadOnlyList<BlobItemInfo>> ListAsync(
        string container,
        string? prefix = null,
        CancellationToken cancellationToken = default
    )
    {
        Count(container, "list");
        return inner.ListAsync(container, prefix, cancellationToken);
    }

    public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        Count(container, "delete");
        return inner.DeleteAsync(container, name, cancellationToken);
    }

    public Task EnsureContainersAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default) =>
        inner.EnsureContainersAsync(containers, cancellationToken);

    private void Count(string container, string operation)
    {
        lock (gate)
        {
            calls[(container, operation)] = calls.GetValueOrDefault((container, operation)) + 1;
        }
    }
}
