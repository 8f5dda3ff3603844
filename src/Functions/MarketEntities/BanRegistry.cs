using System.Text.Json;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// The ban registry (table <c>Bans</c>: partition = the person's identity number, upper-case; row = the source case).
/// Revocation decisions add bans (Decree 746 Art. 40 para 3: 3 years from revocation); an Art. 42 reversal lifts
/// them; registration's Art. 12 / Art. 40 para 3 check reads them. Rows are never deleted: a lifted ban keeps its
/// history with the lifting date and reason.
/// </summary>
public sealed class BanRegistry(ITableStore tables)
{
    public const string Table = "Bans";

    public async Task AddAsync(Ban ban, CancellationToken cancellationToken = default) =>
        await tables
            .UpsertAsync(
                Table,
                new TableRow(
                    Key(ban.PersonIdNumber),
                    ban.SourceCaseId,
                    new Dictionary<string, string> { ["Json"] = JsonSerializer.Serialize(ban, CaseJson.Options), ["Lifted"] = "false" }
                ),
                cancellationToken
            )
            .ConfigureAwait(false);

    /// <summary>Lifts the bans a case imposed (Art. 42 reversal); returns how many were lifted.</summary>
    public async Task<int> LiftAsync(
        IEnumerable<string> personIdNumbers,
        string sourceCaseId,
        DateOnly liftedOn,
        string reason,
        CancellationToken cancellationToken = default
    )
    {
        var lifted = 0;
        foreach (var id in personIdNumbers)
        {
            var row = await tables.GetAsync(Table, Key(id), sourceCaseId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                continue;
            }

            await tables
                .UpsertAsync(
                    Table,
                    row with
                    {
                        ETag = null,
                        Properties = new Dictionary<string, string>(row.Properties)
                        {
                            ["Lifted"] = "true",
                            ["LiftedOn"] = liftedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                            ["LiftReason"] = reason,
                        },
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
            lifted++;
        }

        return lifted;
    }

    /// <summary>The bans in force (not lifted) recorded against an identity number.</summary>
    public async Task<IReadOnlyList<Ban>> BansOfAsync(string personIdNumber, CancellationToken cancellationToken = default)
    {
        var rows = await tables.QueryPartitionAsync(Table, Key(personIdNumber), cancellationToken: cancellationToken).ConfigureAwait(false);
        return rows.Where(r => r.Get("Lifted") != "true")
            .Select(r => JsonSerializer.Deserialize<Ban>(r.Get("Json")!, CaseJson.Options)!)
            .ToList();
    }

    private static string Key(string idNumber) => idNumber.Trim().ToUpperInvariant();

    /// <summary>Every recorded ban, in force or lifted, with the reference the lift route names it by (the ID number
    /// never appears in a URL: PIPL Art. 28). One partition when <paramref name="personIdNumber"/> is given.</summary>
    public async Task<IReadOnlyList<RecordedBan>> ListAsync(string? personIdNumber, CancellationToken cancellationToken = default)
    {
        var rows = personIdNumber is { Length: > 0 } id
            ? await tables.QueryPartitionAsync(Table, Key(id), cancellationToken: cancellationToken).ConfigureAwait(false)
            : await tables.QueryPartitionRangeAsync(Table, "0", "~", cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(Recorded)];
    }

    /// <summary>Lifts the one ban <paramref name="reference"/> names (an officer's correction of a wrong entry or a
    /// decision annulled outside the system); null when no ban has the reference.</summary>
    public async Task<RecordedBan?> LiftAsync(string reference, DateOnly liftedOn, string reason, CancellationToken cancellationToken = default)
    {
        var found = (await ListAsync(null, cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => b.Reference == reference);
        if (found is null)
        {
            return null;
        }

        await LiftAsync([found.Ban.PersonIdNumber], found.Ban.SourceCaseId, liftedOn, reason, cancellationToken).ConfigureAwait(false);
        return found with { Lifted = true, LiftedOn = liftedOn, LiftReason = reason };
    }

    private static RecordedBan Recorded(TableRow row) =>
        new(
            "B-" + IdempotencyStore.Hash(row.PartitionKey + "|" + row.RowKey)[..16],
            JsonSerializer.Deserialize<Ban>(row.Get("Json")!, CaseJson.Options)!,
            row.Get("Lifted") == "true",
            DateOnly.TryParse(row.Get("LiftedOn"), System.Globalization.CultureInfo.InvariantCulture, out var on) ? on : null,
            row.Get("LiftReason")
        );
}

/// <summary>A ban as the registry keeps it: in force until its end date unless lifted (with the day and the reason).</summary>
public sealed record RecordedBan(string Reference, Ban Ban, bool Lifted, DateOnly? LiftedOn, string? LiftReason)
{
    public bool IsInForce(DateOnly on) => !Lifted && Ban.IsActiveOn(on);
}
