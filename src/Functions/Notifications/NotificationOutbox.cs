using System.Globalization;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Notifications;

/// <summary>A queued message and its delivery state.</summary>
public sealed record OutboxMessage(
    string Key,
    string CaseId,
    string RecipientRole,
    string RecipientAgency,
    string Kind,
    string Message,
    string Article,
    DateTimeOffset QueuedUtc,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptUtc,
    string? LastError,
    DateTimeOffset? SentUtc,
    string? Channel = null
)
{
    /// <summary>The message as a catalogue line, its arguments masked like the text (PIPL Art. 28); null when the
    /// writer gave text only or the text had to be shortened.</summary>
    public Workflows.Domain.Texts.TextLine? MessageLine { get; init; }
}

/// <summary>
/// The notification outbox (Notifications table, partition = legal date queued, row = deterministic key). Queuing the
/// same key twice keeps one message, so a notification per responsible party per case per day is produced once.
/// </summary>
public sealed class NotificationOutbox(ITableStore tables)
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";

    public async Task<bool> EnqueueAsync(
        string caseId,
        NotificationRequest request,
        DateTimeOffset queuedUtc,
        CancellationToken cancellationToken = default
    )
    {
        // A notification travels through group robots and logs: never with a full ID or mobile number (PIPL Art. 28).
        var text = Bounded(PersonalData.MaskText(request.Message));
        var message = new OutboxMessage(
            request.Key,
            caseId,
            request.RecipientRole.ToString(),
            request.RecipientAgency,
            request.Kind,
            text,
            request.Article,
            queuedUtc,
            Pending,
            0,
            queuedUtc,
            null,
            null
        )
        {
            MessageLine = text == PersonalData.MaskText(request.Message) ? Masked(request.MessageLine) : null,
        };
        try
        {
            await tables.InsertAsync(StorageNames.NotificationsTable, ToRow(message, null), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<(OutboxMessage Message, string ETag)>> ReadAsync(
        DateOnly queuedOn,
        CancellationToken cancellationToken = default
    )
    {
        var rows = await tables
            .QueryPartitionAsync(StorageNames.NotificationsTable, Partition(queuedOn), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(r => (JsonSerializer.Deserialize<OutboxMessage>(r.Get("Json")!, CaseJson.Options)!, r.ETag!)).ToList();
    }

    /// <summary>Writes a new delivery state if nobody else changed the message meanwhile.</summary>
    public Task SaveAsync(OutboxMessage message, string etag, CancellationToken cancellationToken = default) =>
        tables.ReplaceAsync(StorageNames.NotificationsTable, ToRow(message, etag), cancellationToken);

    /// <summary>Messages queued on legal dates in [from, toExclusive) (a bounded range scan for the dispatcher).</summary>
    public async Task<IReadOnlyList<(OutboxMessage Message, string ETag)>> ReadRangeAsync(
        DateOnly from,
        DateOnly toExclusive,
        CancellationToken cancellationToken = default
    )
    {
        var rows = await tables
            .QueryPartitionRangeAsync(StorageNames.NotificationsTable, Partition(from), Partition(toExclusive), cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(r => (JsonSerializer.Deserialize<OutboxMessage>(r.Get("Json")!, CaseJson.Options)!, r.ETag!)).ToList();
    }

    /// <summary>
    /// The longest text a message keeps. The message is stored as JSON in one table property (Azure: 64 KiB of UTF-16),
    /// where each Chinese character takes six (<c>\uXXXX</c>); robots take little more (WeCom markdown: 4,096 bytes).
    /// </summary>
    public const int MaxTextChars = 2000;

    public const string TruncatedSuffix = "……（全文见案件页 / full text on the case page）";

    private static Workflows.Domain.Texts.TextLine? Masked(Workflows.Domain.Texts.TextLine? line) =>
        line is null ? null : line with { Args = line.Args.ToDictionary(a => a.Key, a => PersonalData.MaskText(a.Value), StringComparer.Ordinal) };

    private static string Bounded(string text) =>
        text.Length <= MaxTextChars ? text : string.Concat(text.AsSpan(0, MaxTextChars - TruncatedSuffix.Length), TruncatedSuffix);

    public static string Partition(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TableRow ToRow(OutboxMessage message, string? etag) =>
        new(
            Partition(DateOnly.FromDateTime(message.QueuedUtc.ToOffset(TimeSpan.FromHours(8)).DateTime)),
            message.Key,
            new Dictionary<string, string>
            {
                ["Json"] = JsonSerializer.Serialize(message, CaseJson.Options),
                ["Status"] = message.Status,
                ["CaseId"] = message.CaseId,
            },
            etag
        );
}
