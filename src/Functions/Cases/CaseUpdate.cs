using Workflows.Domain.Access;

namespace Workflows.Functions.Cases;

/// <summary>A notification to queue in the outbox (delivered by the notification dispatcher).</summary>
public sealed record NotificationRequest(
    string Key,
    Role RecipientRole,
    string RecipientAgency,
    string Kind,
    string Message,
    string Article
)
{
    /// <summary>The message as a catalogue line (issue 16), so a reader of the outbox sees it in their language.</summary>
    public Workflows.Domain.Texts.TextLine? MessageLine { get; init; }
}

/// <summary>
/// Everything an orchestration publishes about its case in one activity call: state, the events it now awaits, the
/// deadline it is held to, audit entries and notifications. Every part is idempotent so a retried activity is harmless.
/// </summary>
public sealed record CaseUpdate
{
    public required string CaseId { get; init; }

    public string? State { get; init; }

    /// <summary>Null leaves the awaited events unchanged (so a reminder cannot unlock a case an event has claimed).</summary>
    public IReadOnlyList<string>? AwaitedEvents { get; init; }

    /// <summary>The new deadline; replaces (and un-indexes) the old one.</summary>
    public CaseDeadline? Deadline { get; init; }

    /// <summary>Removes the current deadline from the case and the index (met, stopped or closed).</summary>
    public bool ClearDeadline { get; init; }

    public string? Outcome { get; init; }

    public bool Close { get; init; }

    public bool? Late { get; init; }

    public DateTimeOffset? AtUtc { get; init; }

    /// <summary>Procedure data to store on the case (replaces it), as JSON.</summary>
    public string? DataJson { get; init; }

    /// <summary>Version 6 (issue 22): only the members of the procedure data this step changed, as a JSON object put
    /// over the stored data (<see cref="CaseDataPatch"/>); ignored when <see cref="DataJson"/> is set.</summary>
    public string? DataPatchJson { get; init; }

    public IReadOnlyList<CaseParty>? Parties { get; init; }

    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];

    public IReadOnlyList<NotificationRequest> Notifications { get; init; } = [];
}

/// <summary>What <c>UpdateCaseActivity</c> answers: the case written and where it stands. Histories recorded before it
/// hold the whole record, whose members include these, so they replay into it unchanged.</summary>
public sealed record CaseWritten(string Id, string State, bool Closed);
