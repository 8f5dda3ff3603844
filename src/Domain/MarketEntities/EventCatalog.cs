using System.Collections.Frozen;
using Workflows.Domain.Access;

namespace Workflows.Domain.MarketEntities;

/// <summary>A typed event an orchestration accepts: who may raise it and the article it rests on.</summary>
/// <param name="RequiredFields">Payload fields that must be present and non-empty (e.g. <c>reasons</c> for a refusal, Art. 20).</param>
/// <param name="MaxOccurrences">How often the event may occur in one case (an extension only once, Art. 19), null when unlimited.</param>
public sealed record EventDefinition(
    string Procedure,
    string EventType,
    IReadOnlyList<Role> AllowedRoles,
    string Article,
    string DescriptionZh,
    string DescriptionEn,
    IReadOnlyList<string> RequiredFields,
    int? MaxOccurrences = null
)
{
    public bool Allows(Role role) => AllowedRoles.Contains(role);
}

/// <summary>The event catalogue of the Decree 746 procedures (embedded <c>Data/MarketEntities/events.json</c>).</summary>
public static class EventCatalog
{
    public const string Registration = "registration";
    public const string SimplifiedDeregistration = "simplified-deregistration";
    public const string IndividualBusinessDeregistration = "individual-business-deregistration";
    public const string Revocation = "revocation";
    public const string DeadlineTracker = "deadline-tracker";

    private static readonly Lazy<Catalogue> Data = new(Load);

    public static string Source => Data.Value.Source;

    public static string Effective => Data.Value.Effective;

    public static IReadOnlyList<string> Procedures => Data.Value.Procedures;

    public static IReadOnlyList<EventDefinition> EventsOf(string procedure) =>
        Data.Value.ByProcedure.TryGetValue(procedure, out var events) ? events : [];

    public static EventDefinition? Find(string procedure, string eventType) =>
        EventsOf(procedure).FirstOrDefault(e => string.Equals(e.EventType, eventType, StringComparison.Ordinal));

    private static Catalogue Load()
    {
        var file = EmbeddedData.Load<EventFile>("MarketEntities/events.json");
        var byProcedure = file.Procedures.ToFrozenDictionary(
            p => p.Procedure,
            p =>
                (IReadOnlyList<EventDefinition>)
                    p
                        .Events.Select(e => new EventDefinition(
                            p.Procedure,
                            e.EventType,
                            e.AllowedRoles,
                            e.Article,
                            e.DescriptionZh,
                            e.DescriptionEn,
                            e.RequiredFields,
                            e.MaxOccurrences
                        ))
                        .ToList(),
            StringComparer.Ordinal
        );
        return new Catalogue(file.Source, file.Effective, file.Procedures.Select(p => p.Procedure).ToList(), byProcedure);
    }

    private sealed record Catalogue(
        string Source,
        string Effective,
        IReadOnlyList<string> Procedures,
        FrozenDictionary<string, IReadOnlyList<EventDefinition>> ByProcedure
    );

    private sealed record EventFile(string Source, string Effective, IReadOnlyList<ProcedureRow> Procedures);

    private sealed record ProcedureRow(string Procedure, IReadOnlyList<EventRow> Events);

    private sealed record EventRow(
        string EventType,
        IReadOnlyList<Role> AllowedRoles,
        string Article,
        string DescriptionZh,
        string DescriptionEn,
        IReadOnlyList<string> RequiredFields,
        int? MaxOccurrences
    );
}
