using System.Globalization;
using System.Text;
using System.Text.Json;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Energy;

/// <summary>Tables of the energy area (created on first use).</summary>
public static class EnergyTables
{
    public const string Ledger = "CoalLedger";
    public const string Suspensions = "CoalSuspensions";
    public const string Programmes = "RetrofitProgrammes";
    public const string Units = "RetrofitUnits";
}

/// <summary>
/// The substitution ledger (煤炭替代项目台账, Art. 18) behind ONE row holding <see cref="SubstitutionLedgerState"/>:
/// every change is read-modify-write with the row's ETag, so two concurrent allocations of the same source cannot both
/// win (Art. 5: one reduction serves one project). A lost race is retried on the fresh state, where the domain refuses it.
/// The ledger grows with every source of the province, so a state larger than
/// <see cref="CaseStore.InlineJsonMaxChars"/> is kept in a blob (<c>documents/.coal-ledger/{version}.json</c>, written
/// before the row, a new name on every write) and the row only names it: no sequence of registrations and allocations
/// can exceed Table storage's 64 KiB property or 1 MiB entity. The row that replaced a version deletes its blob; a
/// reader that finds a blob gone read a row just replaced, and reads again. Rows in the older form (the state inline,
/// up to the property limit) are read as they are and are rewritten in the current form on their next change.
/// </summary>
public sealed class SubstitutionLedgerStore(ITableStore tables, IBlobStore? blobs = null)
{
    /// <summary>Blob prefix of spilled ledger states (inside the documents container, beside no case id: ids never
    /// start with a dot).</summary>
    public const string BlobPrefix = ".coal-ledger/";

    private const string Partition = "ledger";
    private const string Row = "henan";
    private const int MaxAttempts = 8;

    public async Task<SubstitutionLedger> ReadAsync(CancellationToken cancellationToken = default) =>
        new((await ReadRowAsync(cancellationToken).ConfigureAwait(false)).State);

    /// <summary>Applies <paramref name="change"/> to the current ledger and saves it when it succeeds (ETag-guarded).</summary>
    public async Task<LedgerResult> ChangeAsync(
        Func<SubstitutionLedger, LedgerResult> change,
        CancellationToken cancellationToken = default
    )
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadRowAsync(cancellationToken).ConfigureAwait(false);
            var ledger = new SubstitutionLedger(current.State);
            var result = change(ledger);
            if (!result.Succeeded)
            {
                return result;
            }

            var (next, written) = await ToRowAsync(ledger.ToState(), current.Row?.ETag, cancellationToken).ConfigureAwait(false);
            try
            {
                if (current.Row is null)
                {
                    await tables.InsertAsync(EnergyTables.Ledger, next, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await tables.ReplaceAsync(EnergyTables.Ledger, next, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // Someone else changed the ledger: drop this attempt's blob, re-read and re-decide on the fresh state.
                await DeleteBlobAsync(written, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await DeleteBlobAsync(current.Row?.Get("StateBlob"), cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private async Task<(TableRow? Row, SubstitutionLedgerState State)> ReadRowAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await tables.GetAsync(EnergyTables.Ledger, Partition, Row, cancellationToken).ConfigureAwait(false);
            var json = row?.Get("State");
            if (row?.Get("StateBlob") is { Length: > 0 } name)
            {
                var blob = blobs is null
                    ? null
                    : await blobs.GetAsync(StorageNames.Documents, name, cancellationToken).ConfigureAwait(false);
                if (blob is null && blobs is not null && attempt < MaxAttempts)
                {
                    continue;
                }

                json = blob is null
                    ? throw new InvalidOperationException($"The substitution ledger's state blob {name} is missing.")
                    : Encoding.UTF8.GetString(blob.Data);
            }

            var state = json is null ? null : JsonSerializer.Deserialize<SubstitutionLedgerState>(json, EnergyJson.Options);
            return (row, state ?? new([], []));
        }
    }

    /// <summary>The row for <paramref name="state"/>, and the blob written for it (null when the state is inline).</summary>
    private async Task<(TableRow Row, string? Blob)> ToRowAsync(
        SubstitutionLedgerState state,
        string? etag,
        CancellationToken cancellationToken
    )
    {
        var json = JsonSerializer.Serialize(state, EnergyJson.Options);
        if (json.Length <= CaseStore.InlineJsonMaxChars || blobs is null)
        {
            return (new TableRow(Partition, Row, new Dictionary<string, string> { ["State"] = json }, etag), null);
        }

        // A new name per write, never a content hash: a losing writer deletes its own blob, which then cannot be the
        // winner's (two writers of the same content would otherwise share one name).
        var bytes = Encoding.UTF8.GetBytes(json);
        var name = $"{BlobPrefix}{IdempotencyStore.Hash(bytes)[..16]}-{Guid.NewGuid():N}.json";
        await blobs
            .PutAsync(StorageNames.Documents, name, bytes, "application/json", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return (new TableRow(Partition, Row, new Dictionary<string, string> { ["StateBlob"] = name }, etag), name);
    }

    private async Task DeleteBlobAsync(string? name, CancellationToken cancellationToken)
    {
        if (blobs is not null && !string.IsNullOrEmpty(name))
        {
            await blobs.DeleteAsync(StorageNames.Documents, name, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A stored Art. 19 suspension with its id.</summary>
public sealed record StoredSuspension(string Id, RegionalSuspension Suspension, string CreatedBy);

/// <summary>Regional suspensions (Art. 19), one row each.</summary>
public sealed class SuspensionStore(ITableStore tables)
{
    private const string Partition = "suspension";

    public async Task<IReadOnlyList<StoredSuspension>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await tables
            .QueryPartitionAsync(EnergyTables.Suspensions, Partition, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return [.. rows.Select(r => JsonSerializer.Deserialize<StoredSuspension>(r.Get("Json")!, EnergyJson.Options)!)];
    }

    public async Task<StoredSuspension?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await tables.GetAsync(EnergyTables.Suspensions, Partition, id, cancellationToken).ConfigureAwait(false);
        return row?.Get("Json") is { } json ? JsonSerializer.Deserialize<StoredSuspension>(json, EnergyJson.Options) : null;
    }

    public Task SaveAsync(StoredSuspension suspension, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(
            EnergyTables.Suspensions,
            new TableRow(
                Partition,
                suspension.Id,
                new Dictionary<string, string> { ["Json"] = JsonSerializer.Serialize(suspension, EnergyJson.Options) }
            ),
            cancellationToken
        );
}

/// <summary>Retrofit programmes (the embedded 2021-2023 seed plus posted ones) and their imported unit lists.</summary>
public sealed class RetrofitStore(ITableStore tables)
{
    private const string ProgrammePartition = "programme";

    public async Task<RetrofitProgramme?> GetProgrammeAsync(string id, CancellationToken cancellationToken = default)
    {
        var seed = RetrofitProgramme.LoadLuohe2021To2023();
        if (string.Equals(id, seed.Id, StringComparison.Ordinal))
        {
            return seed;
        }

        var row = await tables.GetAsync(EnergyTables.Programmes, ProgrammePartition, id, cancellationToken).ConfigureAwait(false);
        return row?.Get("Json") is { } json ? RetrofitProgramme.Load(json) : null;
    }

    public Task SaveProgrammeAsync(RetrofitProgramme programme, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(
            EnergyTables.Programmes,
            new TableRow(
                ProgrammePartition,
                programme.Id,
                new Dictionary<string, string> { ["Json"] = JsonSerializer.Serialize(programme, EnergyJson.Options) }
            ),
            cancellationToken
        );

    /// <summary>Writes a clean list (upserts: re-importing the same file is harmless).</summary>
    public async Task SaveUnitsAsync(
        string programmeId,
        IReadOnlyList<KeyEnergyUnit> units,
        string sourceFile,
        CancellationToken cancellationToken = default
    )
    {
        foreach (var chunk in units.Chunk(100))
        {
            await tables
                .SubmitTransactionAsync(
                    EnergyTables.Units,
                    [
                        .. chunk.Select(u => new TableRow(
                            programmeId,
                            u.Uscc,
                            new Dictionary<string, string>
                            {
                                ["Name"] = u.Name,
                                ["County"] = u.County,
                                ["AnnualEnergyUseTce"] = u.AnnualEnergyUseTce.ToString(CultureInfo.InvariantCulture),
                                ["SourceFile"] = sourceFile,
                            }
                        )),
                    ],
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<KeyEnergyUnit>> ListUnitsAsync(string programmeId, CancellationToken cancellationToken = default)
    {
        var rows = await tables
            .QueryPartitionAsync(EnergyTables.Units, programmeId, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return
        [
            .. rows.Select(r => new KeyEnergyUnit(
                r.Get("Name") ?? "",
                r.RowKey,
                r.Get("County") ?? "",
                decimal.Parse(r.Get("AnnualEnergyUseTce") ?? "0", CultureInfo.InvariantCulture)
            )),
        ];
    }
}
