using System.Security.Cryptography;
using System.Text;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>What an idempotency key already stands for.</summary>
public sealed record IdempotencyRecord(string CaseId, string RequestHash);

/// <summary>
/// Idempotent intake: an <c>Idempotency-Key</c> (scoped to the caller) or a dropped package's content hash maps to the
/// one case it created. A retried request with the same key gets the same case; the same key with a different body
/// is refused.
/// </summary>
public sealed class IdempotencyStore(ITableStore tables)
{
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexString(SHA256.HashData(content));

    public static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    public async Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        var row = await tables
            .GetAsync(StorageNames.IdempotencyTable, Partition(scope), Hash(key), cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : new IdempotencyRecord(row.Get("CaseId")!, row.Get("RequestHash")!);
    }

    /// <summary>Claims the key for <paramref name="caseId"/>; returns the existing record when someone claimed it first.</summary>
    public async Task<IdempotencyRecord> ClaimAsync(
        string scope,
        string key,
        string caseId,
        string requestHash,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            await tables
                .InsertAsync(
                    StorageNames.IdempotencyTable,
                    new TableRow(
                        Partition(scope),
                        Hash(key),
                        new Dictionary<string, string> { ["CaseId"] = caseId, ["RequestHash"] = requestHash }
                    ),
                    cancellationToken
                )
                .ConfigureAwait(false);
            return new IdempotencyRecord(caseId, requestHash);
        }
        catch (StorageConflictException)
        {
            return (await FindAsync(scope, key, cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <summary>Gives the key up again when the intake it claimed was refused (a 409 or a failed write leaves no trace):
    /// deleted only while it still names <paramref name="caseId"/>.</summary>
    public async Task ReleaseAsync(string scope, string key, string caseId, CancellationToken cancellationToken = default)
    {
        if ((await FindAsync(scope, key, cancellationToken).ConfigureAwait(false))?.CaseId == caseId)
        {
            await tables.DeleteAsync(StorageNames.IdempotencyTable, Partition(scope), Hash(key), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Partition(string scope) => Hash(scope)[..16];
}
