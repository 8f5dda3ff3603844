using System.Text.Json;
using System.Text.Json.Serialization;
using Workflows.Domain.Access;

namespace Workflows.Functions.Cases;

/// <summary>A party to a case (applicant, entity, creditor, project owner...).</summary>
public sealed record CaseParty(string Kind, string Name, string? Uscc = null, string? IdNumber = null);

/// <summary>The deadline a case is currently held to, with the explanation of how it was computed.</summary>
public sealed record CaseDeadline(
    string Kind,
    string Label,
    DateOnly Due,
    DateTimeOffset DueUtc,
    DateOnly? WarningFrom,
    string Rule,
    string LegalBasis,
    bool Provisional,
    IReadOnlyList<string> Explanation,
    Role ResponsibleRole,
    DateOnly Start,
    int Amount
)
{
    /// <summary>The statutory period computed (<c>StatutoryPeriods</c> id); null for deadlines recorded before issue 13.</summary>
    public string? PeriodId { get; init; }

    /// <summary>Reminder offsets the rule table sets for the period (days before <see cref="Due"/>), resolved with the
    /// deadline in the activity; null when the table sets none or the deadline was recorded before issue 13.</summary>
    public IReadOnlyList<int>? ReminderDaysBefore { get; init; }

    /// <summary>The explanation as catalogue lines (issue 16), line for line with <see cref="Explanation"/>; shown in
    /// the reader's language. Null for deadlines recorded before.</summary>
    public IReadOnlyList<Workflows.Domain.Texts.TextLine>? ExplanationLines { get; init; }
}

/// <summary>A document stored under the case id in the documents container.</summary>
public sealed record CaseDocument(
    string Name,
    string BlobName,
    string ContentType,
    long Length,
    string Sha256,
    DateTimeOffset AddedUtc,
    string AddedBy
);

/// <summary>
/// The case record (Cases table, partition = agency division code, row = case id). Procedure-specific facts live in
/// <see cref="Data"/>; history lives in the append-only audit table.
/// </summary>
public sealed record CaseRecord
{
    public required string Id { get; init; }

    public required string Procedure { get; init; }

    public required string Agency { get; init; }

    public required string Title { get; init; }

    public required string State { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public DateTimeOffset UpdatedUtc { get; init; }

    public string? OrchestrationId { get; init; }

    public IReadOnlyList<CaseParty> Parties { get; init; } = [];

    /// <summary>USCCs of the enterprises this case belongs to (an enterprise principal sees only these cases).</summary>
    public IReadOnlyList<string> Usccs { get; init; } = [];

    /// <summary>Principal ids of the parties who filed the case or took part in it (an affected party's revocation, an
    /// objector's objection): a party sees only the cases it is a party to (see <c>AccessPolicy</c>).</summary>
    public IReadOnlyList<string> ParticipantIds { get; init; } = [];

    public CaseDeadline? Deadline { get; init; }

    /// <summary>Event types the case accepts now (published by its orchestration).</summary>
    public IReadOnlyList<string> AwaitedEvents { get; init; } = [];

    /// <summary>Incremented each time an event is accepted; two racing decisions cannot both claim the same stage.</summary>
    public int Stage { get; init; }

    public bool Closed { get; init; }

    public string? Outcome { get; init; }

    /// <summary>The decision came after the deadline (recorded, still valid).</summary>
    public bool Late { get; init; }

    public DateTimeOffset? ClosedUtc { get; init; }

    /// <summary>Whether the case was decided in time (null while open or when no legal limit applied).</summary>
    public bool? OnTime { get; init; }

    public IReadOnlyList<CaseDocument> Documents { get; init; } = [];

    /// <summary>Procedure-specific data (application, computed amounts, ...).</summary>
    public JsonElement? Data { get; init; }

    /// <summary>
    /// The event accepted at <see cref="Stage"/>, kept until the orchestration has recorded it (its audit row, keyed by
    /// the event id), so a resend after a crash between accepting and raising it can raise it again.
    /// </summary>
    public PendingCaseEvent? PendingEvent { get; init; }

    [JsonIgnore]
    public string? ETag { get; init; }

    /// <summary>Written before issue 22's layout: (some of) its audit rows are in the Audit table, read there too.</summary>
    [JsonIgnore]
    public bool LegacyAudit { get; init; }
}

/// <summary>One append-only audit entry: who, when, what, and the article it rests on.</summary>
public sealed partial record AuditEntry(
    string CaseId,
    string Key,
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    string ActorRole,
    string Action,
    string Article,
    string Summary,
    JsonElement? Detail = null,
    bool Late = false
)
{
    /// <summary>The summary as a catalogue code and its arguments (issue 16): shown in the reader's language, with
    /// <see cref="Summary"/> ("中文 / English") kept as written. Null where the writer stored text only.</summary>
    public Workflows.Domain.Texts.TextLine? SummaryLine { get; init; }
}

/// <summary>An accepted event on its way to a case's orchestration (external event name <see cref="EventName"/>).</summary>
public sealed record CaseEventEnvelope(
    string EventId,
    string Type,
    string ActorId,
    string ActorName,
    string ActorRole,
    DateTimeOffset AcceptedUtc,
    string PayloadJson
)
{
    public const string EventName = "case-event";

    public JsonElement Payload() => JsonDocument.Parse(PayloadJson).RootElement.Clone();

    public string? Text(string property) =>
        Payload() is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}

/// <summary>An accepted event not yet recorded by its orchestration, with the Idempotency-Key (if any) it came with.</summary>
public sealed record PendingCaseEvent(CaseEventEnvelope Envelope, string? IdempotencyKey, string RequestHash);

/// <summary>Serializer settings for everything this app stores and returns.</summary>
public static class CaseJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>What the API writes: the same shape, UTF-8 as it is (Chinese is not escaped as \uXXXX, RFC 8259 §8.1).
    /// Storage keeps <see cref="Options"/>, so stored text and its hashes do not change.</summary>
    public static readonly JsonSerializerOptions Response = new(Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }
}
