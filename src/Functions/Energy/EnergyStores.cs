using System.Globalization;
using System.Text.Json;
using Workflows.Domain.Energy;
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
/// The substitution ledger (煤炭替代项目台账, Art. 18) as ONE row holding <see cref="SubstitutionLedgerState"/>: every
/// change is read-modify-write with the row's ETag, so two concurrent allocations of the same source cannot both win
/// (Art. 5: one reduction serves one project). A lost race is retried on the fresh state, where the domain refuses it.
/// </summary>
public sealed class SubstitutionLedgerStore(ITableStore tables)
{
    private const string Partition = "ledger";
    private const string Row = "henan";
    private const int MaxAttempts = 8;

    public async Task<SubstitutionLedger> ReadAsync(CancellationToken cancellationToken = default)
    {
        var row = await tables.GetAsync(EnergyTables.Ledger, Partition, Row, cancellationToken).ConfigureAwait(false);
        return new SubstitutionLedger(Parse(row));
    }

    /// <summary>Applies <paramref name="change"/> to the current ledger and saves it when it succeeds (ETag-guarded).</summary>
    public async Task<LedgerResult> ChangeAsync(Func<SubstitutionLedger, LedgerResult> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await tables.GetAsync(EnergyTables.Ledger, Partition, Row, cancellationToken).ConfigureAwait(false);
            var ledger = new SubstitutionLedger(Parse(row));
            var result = change(ledger);
            if (!result.Succeeded)
            {
                return result;
            }

            var next = new TableRow(Partition, Row, new Dictionary<string, string>
            {
                ["State"] = JsonSerializer.Serialize(ledger.ToState(), EnergyJson.Options),
            }, row?.ETag);
            try
            {
                if (row is null)
                {
                    await tables.InsertAsync(EnergyTables.Ledger, next, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await tables.ReplaceAsync(EnergyTables.Ledger, next, cancellationToken).ConfigureAwait(false);
                }

                return result;
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // Someone else changed the ledger: re-read and re-decide on the fresh state.
            }
        }
    }

    private static SubstitutionLedgerState Parse(TableRow? row) =>
        row?.Get("State") is { } json
            ? JsonSerializer.Deserialize<SubstitutionLedgerState>(json, EnergyJson.Options) ?? new([], [])
            : new([], []);
}

/// <summary>A stored Art. 19 suspension with its id.</summary>
public sealed record StoredSuspension(string Id, RegionalSuspension Suspension, string CreatedBy);

/// <summary>Regional suspensions (Art. 19), one row each.</summary>
public sealed class SuspensionStore(ITableStore tables)
{
    private const string Partition = "suspension";

    public async Task<IReadOnlyList<StoredSuspension>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await tables.QueryPartitionAsync(EnergyTables.Suspensions, Partition, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => JsonSerializer.Deserialize<StoredSuspension>(r.Get("Json")!, EnergyJson.Options)!)];
    }

    public async Task<StoredSuspension?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await tables.GetAsync(EnergyTables.Suspensions, Partition, id, cancellationToken).ConfigureAwait(false);
        return row?.Get("Json") is { } json ? JsonSerializer.Deserialize<StoredSuspension>(json, EnergyJson.Options) : null;
    }

    public Task SaveAsync(StoredSuspension suspension, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(EnergyTables.Suspensions, new TableRow(Partition, suspension.Id, new Dictionary<string, string>
        {
            ["Json"] = JsonSerializer.Serialize(suspension, EnergyJson.Options),
        }), cancellationToken);
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
        tables.UpsertAsync(EnergyTables.Programmes, new TableRow(ProgrammePartition, programme.Id, new Dictionary<string, string>
        {
            ["Json"] = JsonSerializer.Serialize(programme, EnergyJson.Options),
        }), cancellationToken);

    /// <summary>Writes a clean list (upserts: re-importing the same file is harmless).</summary>
    public async Task SaveUnitsAsync(string programmeId, IReadOnlyList<KeyEnergyUnit> units, string sourceFile, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in units.Chunk(100))
        {
            await tables.SubmitTransactionAsync(EnergyTables.Units, [.. chunk.Select(u => new TableRow(programmeId, u.Uscc, new Dictionary<string, string>
            {
                ["Name"] = u.Name,
                ["County"] = u.County,
                ["AnnualEnergyUseTce"] = u.AnnualEnergyUseTce.ToString(CultureInfo.InvariantCulture),
                ["SourceFile"] = sourceFile,
            }))], cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<KeyEnergyUnit>> ListUnitsAsync(string programmeId, CancellationToken cancellationToken = default)
    {
        var rows = await tables.QueryPartitionAsync(EnergyTables.Units, programmeId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new KeyEnergyUnit(r.Get("Name") ?? "", r.RowKey, r.Get("County") ?? "", decimal.Parse(r.Get("AnnualEnergyUseTce") ?? "0", CultureInfo.InvariantCulture)))];
    }
}
