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
}
