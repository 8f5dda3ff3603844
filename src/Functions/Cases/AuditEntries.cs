using System.Text.Json;
using Workflows.Domain.Access;

namespace Workflows.Functions.Cases;

/// <summary>
/// The one vocabulary of audit actors: the workflow itself (<see cref="BySystem"/>), the sender of an accepted case
/// event (<see cref="ByEvent"/>) and a signed-in caller acting outside an event (<see cref="ByPrincipal"/>). Call sites
/// name what they record instead of passing eleven positional arguments with three adjacent strings.
/// </summary>
public sealed partial record AuditEntry
{
    /// <summary>Actor id and role of entries written by the workflow (timers, reminders, escalations, computed results).</summary>
    public const string SystemActorId = "system";

    /// <summary>Actor name of entries written by the workflow.</summary>
    public const string SystemActorName = "Workflow";

    /// <summary>An entry by the workflow itself at <paramref name="at"/>.</summary>
    public static AuditEntry BySystem(
        string caseId,
        string key,
        DateTimeOffset at,
        string action,
        string article,
        string summary,
        JsonElement? detail = null,
        bool late = false
    ) => new(caseId, key, at, SystemActorId, SystemActorName, SystemActorId, action, article, summary, detail, late);

    /// <summary>An entry for an accepted case event, keyed by the event id (a retried activity writes it once) and
    /// dated when the API accepted it.</summary>
    public static AuditEntry ByEvent(
        string caseId,
        CaseEventEnvelope e,
        string action,
        string article,
        string summary,
        JsonElement? detail = null,
        bool late = false
    )
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(caseId, e.EventId, e.AcceptedUtc, e.ActorId, e.ActorName, e.ActorRole, action, article, summary, detail, late);
    }

    /// <summary>An entry for what a signed-in caller did directly (an intake, an import), not through a case event.</summary>
    public static AuditEntry ByPrincipal(
        string caseId,
        string key,
        DateTimeOffset at,
        Principal actor,
        string action,
        string article,
        string summary
    )
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new(caseId, key, at, actor.Id, actor.Name, actor.Role.ToString(), action, article, summary);
    }
}
