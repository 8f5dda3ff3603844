using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;

namespace Workflows.Functions.Api;

/// <summary>
/// <c>GET /api/cases/{id}?afterEvent={eventId}&amp;waitSeconds=N</c>: an event is accepted with 202 before its
/// orchestration has recorded it, so a client that reads the case at once may see the previous state. This waits,
/// bounded, until the event is in the case's history and the case record shows its effect.
/// </summary>
public sealed record EventWait(string EventId, TimeSpan Timeout)
{
    public const int MaxWaitSeconds = 30;

    public const int DefaultWaitSeconds = 10;

    /// <summary>Waits for the case's opening: its orchestration has published a first state (intake writes "accepted").</summary>
    public const string Intake = "intake";

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The status URL named by an event's 202 answer.</summary>
    public static string StatusUrl(string caseId, string eventId) =>
        $"/api/cases/{Uri.EscapeDataString(caseId)}?afterEvent={Uri.EscapeDataString(eventId)}&waitSeconds={MaxWaitSeconds}";

    /// <summary>Reads <c>afterEvent</c> and <c>waitSeconds</c>; no <c>afterEvent</c> means no wait.</summary>
    public static (EventWait? Wait, IResult? Problem) Parse(IQueryCollection query, string caseId)
    {
        var eventId = query["afterEvent"].ToString();
        var secondsText = query["waitSeconds"].ToString();
        if (string.IsNullOrEmpty(eventId))
        {
            return string.IsNullOrEmpty(secondsText)
                ? (null, null)
                : (
                    null,
                    ApiProblems.Validation(
                        "waitSeconds",
                        "wait-seconds.needs-after-event",
                        "'waitSeconds' is given only with 'afterEvent' (等待时长须与事件编号同时提供)."
                    )
                );
        }

        // Event ids are "{caseId}-e{stage}" (CasesApi.PostEventAsync) or "{caseId}-{what}" (ledger bookings, report
        // uploads); "intake" waits for the orchestration's first publication. Anything else can never appear.
        if (eventId != Intake && !IsEventIdOf(caseId, eventId))
        {
            return (
                null,
                ApiProblems.Validation(
                    "afterEvent",
                    "after-event.format",
                    $"'afterEvent' must be an event id of this case ({caseId}-…, as returned by POST /api/cases/{{id}}/events) "
                        + $"or '{Intake}'; got '{eventId}'."
                )
            );
        }

        var seconds = DefaultWaitSeconds;
        if (
            !string.IsNullOrEmpty(secondsText)
            && (!int.TryParse(secondsText, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds > MaxWaitSeconds)
        )
        {
            return (
                null,
                ApiProblems.Validation(
                    "waitSeconds",
                    "wait-seconds.range",
                    $"'waitSeconds' must be a whole number from 0 to {MaxWaitSeconds} (等待时长为0至{MaxWaitSeconds}秒); got '{secondsText}'."
                )
            );
        }

        return (new EventWait(eventId, TimeSpan.FromSeconds(seconds)), null);
    }

    /// <summary>
    /// The audit row comes first and the record update after it (UpdateCaseActivity), so both are checked: the row
    /// keyed by the event id is there and the record no longer holds the event as pending. The intake is recorded once
    /// the orchestration has replaced the intake's own state.
    /// </summary>
    public static bool IsRecorded(CaseRecord record, IReadOnlyList<AuditEntry> history, string eventId) =>
        eventId == Intake
            ? record.Closed || record.State != "accepted"
            : history.Any(h => h.Key == eventId) && record.PendingEvent?.Envelope.EventId != eventId;

    private static bool IsEventIdOf(string caseId, string eventId)
    {
        var prefix = caseId + "-";
        var rest =
            eventId.Length > prefix.Length && eventId.StartsWith(prefix, StringComparison.Ordinal)
                ? eventId[prefix.Length..]
                : string.Empty;
        return rest.Length is > 0 and <= 100
            && char.IsAsciiLetterOrDigit(rest[0])
            && rest.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
    }

    /// <summary>The case view plus <c>afterEvent: {eventId, recorded}</c>, so a client knows whether the wait ended by time.</summary>
    public static JsonNode WithOutcome(object view, string eventId, bool recorded)
    {
        var node = JsonSerializer.SerializeToNode(view, CaseJson.Options)!;
        node["afterEvent"] = new JsonObject { ["eventId"] = eventId, ["recorded"] = recorded };
        return node;
    }
}
