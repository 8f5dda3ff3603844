using System.Globalization;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>
/// At most one open case per entity and procedure family (e.g. one deregistration of a USCC at a time, whichever
/// route it came by). A row <c>(family, subject) → case id</c> names the holder; it is never deleted: a claim on a row
/// whose case has closed (or was never created after a crash) takes it over, conditionally on the row's ETag.
/// </summary>
public sealed class EntityProcedureLocks(ITableStore tables, CaseStore cases, TimeProvider clock)
{
    /// <summary>How long a claim whose case record does not exist yet is respected (an intake in progress).</summary>
    public static readonly TimeSpan PendingClaimLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Claims the lock for <paramref name="caseId"/>; returns the id of the open case that holds it instead, or null when claimed.</summary>
    public async Task<string?> ClaimAsync(string family, string subject, string caseId, CancellationToken cancellationToken = default)
    {
        var partition = family;
        var row = IdempotencyStore.Hash(subject.ToUpperInvariant());
        var now = clock.GetUtcNow();
        var fields = new Dictionary<string, string>
        {
            ["CaseId"] = caseId,
            ["Subject"] = subject,
            ["ClaimedUtc"] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await tables.GetAsync(StorageNames.EntityLocksTable, partition, row, cancellationToken).ConfigureAwait(false);
            try
            {
                if (current is null)
                {
                    await tables
                        .InsertAsync(StorageNames.EntityLocksTable, new TableRow(partition, row, fields), cancellationToken)
                        .ConfigureAwait(false);
                    return null;
                }

                var holder = current.Get("CaseId")!;
                if (holder == caseId)
                {
                    return null;
                }

                var holderCase = await cases.GetAsync(holder, cancellationToken).ConfigureAwait(false);
                var claimedUtc = DateTimeOffset.Parse(current.Get("ClaimedUtc") ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture);
                if (holderCase is { Closed: false } || (holderCase is null && now - claimedUtc < PendingClaimLifetime))
                {
                    return holder;
                }

                await tables
                    .ReplaceAsync(StorageNames.EntityLocksTable, new TableRow(partition, row, fields, current.ETag), cancellationToken)
                    .ConfigureAwait(false);
                return null;
            }
            catch (StorageConflictException)
            {
                // Someone claimed or took over between our read and write: read again.
            }
        }

        throw new StorageConflictException($"The {family} lock of {subject} is contended; try again.");
    }
}
