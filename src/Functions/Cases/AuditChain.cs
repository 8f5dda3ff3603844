using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>One link of the audit chain: an audit row's hash, chained to the link before it.</summary>
/// <param name="Day">Legal date (China time) of the daily file the link belongs to.</param>
/// <param name="Previous">Hash of the previous link; the first link of a day carries the last hash of the day before.</param>
public sealed record AuditLink(
    string Day,
    long Sequence,
    string CaseId,
    string RowKey,
    DateTimeOffset AppendedUtc,
    string RowHash,
    string Previous,
    string Hash
)
{
    public string ComputeHash() =>
        AuditChain.Sha256(
            string.Join(
                '\n',
                Previous,
                Day,
                Sequence.ToString(CultureInfo.InvariantCulture),
                CaseId,
                RowKey,
                AppendedUtc.ToString("O", CultureInfo.InvariantCulture),
                RowHash
            )
        );
}

/// <summary>The head of a daily file: which day came before it and that day's last hash (the daily hash chain).</summary>
public sealed record AuditDay(string Day, string? PreviousDay, string PreviousHash);

/// <summary>Where a case's audit row sits in the chain.</summary>
public sealed record AuditPointer(string CaseId, string RowKey, string Day, long Sequence);

/// <summary>
/// The append-only copy of every audit row (issue 17 item 4; e-supervision needs who decided, when and on which
/// article, beyond the reach of the application identity that writes the Audit table). Blobs are only ever created,
/// never overwritten or deleted (<c>overwrite: false</c>), so on Azure the container's time-based immutability policy
/// (infra/bicep/modules/storage.bicep) holds them. Layout: <c>days/{day}.json</c> opens a daily file and links it
/// to the previous day's last hash; <c>links/{day}/{sequence}.json</c> are its links, each hashing the one before;
/// <c>cases/{case}/{row}.json</c> points a case's row at its link. One writer per process appends at a time; a
/// writer in another process that took the same sequence first makes the create fail, and the append retries.
/// </summary>
public sealed class AuditChain(IBlobStore blobs, TimeProvider clock) : IDisposable
{
    public const string Container = "audit-chain";
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const int Attempts = 20;

    private readonly SemaphoreSlim gate = new(1, 1);
    private bool containerReady;
    private AuditLink? head;

    /// <summary>Chains one audit row (its stored JSON); a row already chained is left as it is.</summary>
    public Task AppendAsync(string caseId, string rowKey, string rowJson, CancellationToken cancellationToken = default) =>
        AppendAsync(caseId, rowKey, rowJson, insertedNow: false, cancellationToken);

    /// <summary>Chains one audit row (its stored JSON). <paramref name="insertedNow"/>: the caller's own write has just
    /// inserted the row, so no earlier attempt can have chained it (a row is chained only once it is stored, and audit
    /// rows are never deleted) and its pointer is not looked up (issue 22: one request fewer per audit row). Otherwise
    /// a row already chained is left as it is.</summary>
    public async Task AppendAsync(string caseId, string rowKey, string rowJson, bool insertedNow, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
            if (
                !insertedNow
                && await blobs.GetAsync(Container, PointerName(caseId, rowKey), cancellationToken).ConfigureAwait(false) is not null
            )
            {
                return;
            }

            var link = await AppendLinkAsync(caseId, rowKey, Sha256(rowJson), cancellationToken).ConfigureAwait(false);
            await CreateAsync(PointerName(caseId, rowKey), new AuditPointer(caseId, rowKey, link.Day, link.Sequence), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IReadOnlyList<AuditPointer>> PointersAsync(string caseId, CancellationToken cancellationToken)
    {
        var items = await blobs.ListAsync(Container, $"cases/{Escape(caseId)}/", cancellationToken).ConfigureAwait(false);
        var pointers = new List<AuditPointer>();
        foreach (var item in items)
        {
            pointers.Add(
                await ReadAsync<AuditPointer>(item.Name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{item.Name} vanished from the append-only chain.")
            );
        }

        return pointers;
    }

    public Task<AuditLink?> LinkAsync(string day, long sequence, CancellationToken cancellationToken) =>
        ReadAsync<AuditLink>(LinkName(day, sequence), cancellationToken);

    public Task<AuditDay?> DayAsync(string day, CancellationToken cancellationToken) =>
        ReadAsync<AuditDay>($"days/{day}.json", cancellationToken);

    /// <summary>All links of a daily file, in sequence order.</summary>
    public async Task<IReadOnlyList<AuditLink>> LinksAsync(string day, CancellationToken cancellationToken)
    {
        var items = await blobs.ListAsync(Container, $"links/{day}/", cancellationToken).ConfigureAwait(false);
        var links = new List<AuditLink>();
        foreach (var item in items.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            links.Add(
                await ReadAsync<AuditLink>(item.Name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{item.Name} vanished from the append-only chain.")
            );
        }

        return links;
    }

    public void Dispose() => gate.Dispose();

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<AuditLink> AppendLinkAsync(string caseId, string rowKey, string rowHash, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var previous = head ?? await FindHeadAsync(cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var today = ChinaTime.ToLegalDate(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // A clock behind the head's day never reopens a closed day: the chain only moves forward.
            var day = previous is not null && string.CompareOrdinal(previous.Day, today) > 0 ? previous.Day : today;
            var link =
                previous?.Day == day
                    ? Link(day, previous.Sequence + 1, caseId, rowKey, now, rowHash, previous.Hash)
                    : Link(
                        day,
                        1,
                        caseId,
                        rowKey,
                        now,
                        rowHash,
                        await OpenDayAsync(day, previous, cancellationToken).ConfigureAwait(false)
                    );
            try
            {
                await CreateAsync(LinkName(day, link.Sequence), link, cancellationToken).ConfigureAwait(false);
                head = link;
                return link;
            }
            catch (StorageConflictException) when (attempt < Attempts)
            {
                head = null; // another process appended this sequence first: read the head again
            }
        }
    }

    private static AuditLink Link(
        string day,
        long sequence,
        string caseId,
        string rowKey,
        DateTimeOffset at,
        string rowHash,
        string previous
    )
    {
        var link = new AuditLink(day, sequence, caseId, rowKey, at, rowHash, previous, string.Empty);
        return link with { Hash = link.ComputeHash() };
    }

    /// <summary>Opens a daily file linked to the previous day's last hash (or joins the one another writer opened).</summary>
    private async Task<string> OpenDayAsync(string day, AuditLink? previous, CancellationToken cancellationToken)
    {
        var opened = new AuditDay(day, previous?.Day, previous?.Hash ?? Genesis);
        try
        {
            await CreateAsync($"days/{day}.json", opened, cancellationToken).ConfigureAwait(false);
            return opened.PreviousHash;
        }
        catch (StorageConflictException)
        {
            return (await DayAsync(day, cancellationToken).ConfigureAwait(false))!.PreviousHash;
        }
    }

    /// <summary>The last link of the latest daily file (after a restart, or when another writer moved on).</summary>
    private async Task<AuditLink?> FindHeadAsync(CancellationToken cancellationToken)
    {
        var days = await blobs.ListAsync(Container, "days/", cancellationToken).ConfigureAwait(false);
        var latest = days.Select(d => d.Name["days/".Length..^".json".Length]).Order(StringComparer.Ordinal).LastOrDefault();
        if (latest is null)
        {
            return null;
        }

        var links = await blobs.ListAsync(Container, $"links/{latest}/", cancellationToken).ConfigureAwait(false);
        var last = links.Select(l => l.Name).Order(StringComparer.Ordinal).LastOrDefault();
        if (last is not null)
        {
            return await ReadAsync<AuditLink>(last, cancellationToken).ConfigureAwait(false);
        }

        // A day opened without a link yet: continue from the hash it carries.
        var opened = (await DayAsync(latest, cancellationToken).ConfigureAwait(false))!;
        return new AuditLink(latest, 0, string.Empty, string.Empty, default, string.Empty, string.Empty, opened.PreviousHash);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!containerReady)
        {
            await blobs.EnsureContainersAsync([Container], cancellationToken).ConfigureAwait(false);
            containerReady = true;
        }
    }

    private async Task CreateAsync<T>(string name, T value, CancellationToken cancellationToken) =>
        await blobs
            .PutAsync(
                Container,
                name,
                JsonSerializer.SerializeToUtf8Bytes(value, CaseJson.Options),
                "application/json",
                overwrite: false,
                cancellationToken: cancellationToken
            )
            .ConfigureAwait(false);

    private async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken)
    {
        var blob = await blobs.GetAsync(Container, name, cancellationToken).ConfigureAwait(false);
        return blob is null ? default : JsonSerializer.Deserialize<T>(blob.Data, CaseJson.Options);
    }

    private static string LinkName(string day, long sequence) =>
        $"links/{day}/{sequence.ToString("D10", CultureInfo.InvariantCulture)}.json";

    private static string PointerName(string caseId, string rowKey) => $"cases/{Escape(caseId)}/{Escape(rowKey)}.json";

    private static string Escape(string part) => Uri.EscapeDataString(part);
}
