using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.MarketEntities;

/// <summary>The outcome of a write to the register: the entry as it now stands, or the rule the change broke.</summary>
/// <param name="Applied">False when the change had been applied before (same change id): nothing was written.</param>
public sealed record RegisterWrite(RegisterEntry? Entry, RegisterRefusal? Refusal, bool Applied);

/// <summary>
/// The register of market entities (登记簿) on <see cref="ITableStore"/>. Table <c>EntityRegister</c>: partition = the
/// USCC (so the code is unique by construction and an entry, its history and its change markers are written in one
/// transaction); rows <c>entry</c>, <c>h-{version}</c> (each change with its decision, kept for good) and
/// <c>c-{hash of change id}</c> (a change applied once). Table <c>EntityRegisterIndex</c>: partition = the agency's
/// division code, row = USCC, for an officer's list of the jurisdiction.
/// </summary>
public sealed class EntityRegisterStore(ITableStore tables)
{
    public const string Table = "EntityRegister";
    public const string IndexTable = "EntityRegisterIndex";
    private const string EntryRow = "entry";
    private const string HistoryRowPrefix = "h-";
    private const int MaxAttempts = 5;

    public async Task<RegisterEntry?> GetAsync(string uscc, CancellationToken cancellationToken = default) =>
        Read(await tables.GetAsync(Table, Key(uscc), EntryRow, cancellationToken).ConfigureAwait(false));

    /// <summary>Every change of the entry, oldest first.</summary>
    public async Task<IReadOnlyList<RegisterChange>> HistoryAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var rows = await tables.QueryPartitionAsync(Table, Key(uscc), HistoryRowPrefix, "h.", cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => JsonSerializer.Deserialize<RegisterChange>(r.Get("Json")!, CaseJson.Options)!)];
    }

    /// <summary>The entries of the agencies in <paramref name="agency"/>'s jurisdiction, by agency and USCC.</summary>
    public async Task<IReadOnlyList<RegisterEntry>> ListAsync(string agency, CancellationToken cancellationToken = default)
    {
        var (from, to) = Jurisdiction.CodeRange(agency);
        var rows = await tables.QueryPartitionRangeAsync(IndexTable, from, to, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(Read).OfType<RegisterEntry>()];
    }

    /// <summary>Creates an entry (registration, import). A code already held by another entry is refused; the same
    /// change sent again finds its marker and writes nothing.</summary>
    public Task<RegisterWrite> CreateAsync(
        Func<RegisterEntry?, (RegisterEntry? Entry, RegisterRefusal? Refusal)> create,
        string uscc,
        RegisterChange change,
        CancellationToken cancellationToken = default
    ) => WriteAsync(uscc, change, create, cancellationToken);

    /// <summary>Applies a change to an existing entry through <see cref="RegisterRules.Apply"/>.</summary>
    public Task<RegisterWrite> ChangeAsync(string uscc, RegisterChange change, CancellationToken cancellationToken = default) =>
        WriteAsync(
            uscc,
            change,
            current =>
                current is null
                    ? (
                        null,
                        new RegisterRefusal(
                            RegisterRules.NotRegisteredRule,
                            $"登记簿中没有统一社会信用代码为 {uscc} 的市场主体 / No entity with the code {uscc} is in the register.",
                            RegisterRules.ArticleOf(change.Kind)
                        )
                    )
                    : RegisterRules.Apply(current, change),
            cancellationToken
        );

    /// <summary>Writes several new entries all or nothing: every code is checked first, then written (an import).
    /// Returns the codes already held by another entry (nothing written then).</summary>
    public async Task<IReadOnlyList<(string Uscc, RegisterRefusal Refusal)>> CreateAllAsync(
        IReadOnlyList<RegisterEntry> entries,
        CancellationToken cancellationToken = default
    )
    {
        var refusals = new List<(string, RegisterRefusal)>();
        foreach (var entry in entries)
        {
            var existing = await GetAsync(entry.Uscc, cancellationToken).ConfigureAwait(false);
            if (existing is not null && !IsSameChange(existing, entry.LastChange))
            {
                var (_, refusal) = RegisterRules.Create(
                    existing,
                    entry.Uscc,
                    entry.Name,
                    null,
                    entry.Agency,
                    entry.Status,
                    null,
                    entry.LastChange
                );
                refusals.Add((entry.Uscc, refusal!));
            }
        }

        if (refusals.Count > 0)
        {
            return refusals;
        }

        foreach (var entry in entries)
        {
            await CreateAsync(
                    e =>
                        e is null
                            ? (entry, null)
                            : RegisterRules.Create(e, entry.Uscc, entry.Name, null, entry.Agency, entry.Status, null, entry.LastChange),
                    entry.Uscc,
                    entry.LastChange,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        return [];
    }

    private static bool IsSameChange(RegisterEntry existing, RegisterChange change) =>
        existing.Version == 1 && string.Equals(existing.LastChange.ChangeId, change.ChangeId, StringComparison.Ordinal);

    private async Task<RegisterWrite> WriteAsync(
        string uscc,
        RegisterChange change,
        Func<RegisterEntry?, (RegisterEntry? Entry, RegisterRefusal? Refusal)> decide,
        CancellationToken cancellationToken
    )
    {
        var partition = Key(uscc);
        for (var attempt = 1; ; attempt++)
        {
            var row = await tables.GetAsync(Table, partition, EntryRow, cancellationToken).ConfigureAwait(false);
            var current = Read(row);
            // A change's marker is written only after its entry (FinishAsync) and entries are never deleted: a code without
            // an entry has no marker to look up (issue 22: one read fewer per registration).
            if (
                row is not null
                && await tables.GetAsync(Table, partition, Marker(change.ChangeId), cancellationToken).ConfigureAwait(false) is not null
            )
            {
                return new RegisterWrite(current, null, Applied: false);
            }

            if (current is not null && string.Equals(current.LastChange.ChangeId, change.ChangeId, StringComparison.Ordinal))
            {
                // The entry was written but the history and marker were not (a crash between them): finish the write.
                await FinishAsync(partition, current, change, cancellationToken).ConfigureAwait(false);
                return new RegisterWrite(current, null, Applied: false);
            }

            var (next, refusal) = decide(current);
            if (next is null)
            {
                return new RegisterWrite(current, refusal, Applied: false);
            }

            try
            {
                await CommitAsync(partition, row, next, change, cancellationToken).ConfigureAwait(false);
                return new RegisterWrite(next, null, Applied: true);
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // Another change of the same entry won the race: read it again and decide on what it left.
            }
        }
    }

    private async Task CommitAsync(string partition, TableRow? row, RegisterEntry next, RegisterChange change, CancellationToken ct)
    {
        var props = Props(next);
        if (row is null)
        {
            // A new code: the insert fails if another creation got there first (the code stays unique).
            await tables.InsertAsync(Table, new TableRow(partition, EntryRow, props), ct).ConfigureAwait(false);
            await FinishAsync(partition, next, change, ct).ConfigureAwait(false);
            return;
        }

        await tables
            .SubmitTransactionAsync(
                Table,
                [new TableRow(partition, EntryRow, props, row.ETag), .. HistoryRows(partition, next, change)],
                ct
            )
            .ConfigureAwait(false);
        await tables.UpsertAsync(IndexTable, new TableRow(next.Agency, partition, props), ct).ConfigureAwait(false);
    }

    private async Task FinishAsync(string partition, RegisterEntry entry, RegisterChange change, CancellationToken ct)
    {
        await tables.SubmitTransactionAsync(Table, HistoryRows(partition, entry, change), ct).ConfigureAwait(false);
        await tables.UpsertAsync(IndexTable, new TableRow(entry.Agency, partition, Props(entry)), ct).ConfigureAwait(false);
    }

    private static Dictionary<string, string> Props(RegisterEntry entry) =>
        new() { ["Json"] = JsonSerializer.Serialize(entry, CaseJson.Options) };

    private static TableRow[] HistoryRows(string partition, RegisterEntry entry, RegisterChange change) =>
        [
            new(
                partition,
                HistoryRowPrefix + entry.Version.ToString("D6", CultureInfo.InvariantCulture),
                new Dictionary<string, string> { ["Json"] = JsonSerializer.Serialize(change, CaseJson.Options) }
            ),
            new(partition, Marker(change.ChangeId), new Dictionary<string, string> { ["Version"] = $"{entry.Version}" }),
        ];

    private static RegisterEntry? Read(TableRow? row) =>
        row?.Get("Json") is { } json ? JsonSerializer.Deserialize<RegisterEntry>(json, CaseJson.Options) : null;

    private static string Marker(string changeId) =>
        "c-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(changeId)))[..32].ToLowerInvariant();

    public static string Key(string uscc) => uscc.Trim().ToUpperInvariant();
}
