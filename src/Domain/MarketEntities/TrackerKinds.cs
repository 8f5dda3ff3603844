using System.Collections.Frozen;
using Workflows.Domain.Calendar;
using Workflows.Domain.Identifiers;

namespace Workflows.Domain.MarketEntities;

/// <summary>Who must act before the period ends.</summary>
public enum ObligedParty
{
    Enterprise,
    RegistrationAuthority,

    /// <summary>A window in which objections may be raised; nobody is late when it passes.</summary>
    ObjectingParty,
}

/// <summary>A statutory period the system tracks (the due date itself is computed by the legal calendar).</summary>
/// <param name="Id">Stable kind id, e.g. <c>change-registration</c>.</param>
/// <param name="Period">The period itself (its id is the kind's id), counted as trackers.json's <c>countingRules</c> say.</param>
/// <param name="ReminderDaysBefore">Days before the due date on which to remind the obliged party.</param>
/// <param name="Extension">The period of an approved extension (Art. 19), when the kind allows one.</param>
/// <param name="Reading">Where the compendium leaves a choice (no period named, a rest day at the end, nobody acting),
/// the reading the system takes and why, "中文 / English"; the deadline's explanation states it (issue 14 item 5).</param>
public sealed record TrackerKind(
    string Id,
    string Article,
    LegalPeriod Period,
    ObligedParty ObligedParty,
    string StartsWithZh,
    string StartsWithEn,
    string ObligationZh,
    string ObligationEn,
    IReadOnlyList<int> ReminderDaysBefore,
    LegalPeriod? Extension = null,
    int? MaxExtensions = null,
    string? Reading = null
);

/// <summary>The tracker kinds (embedded <c>Data/MarketEntities/trackers.json</c>).</summary>
public static class TrackerKinds
{
    private static readonly Lazy<TrackerFile> Data = new(() => EmbeddedData.Load<TrackerFile>("MarketEntities/trackers.json"));
    private static readonly Lazy<FrozenDictionary<string, TrackerKind>> ById = new(() =>
        Data.Value.Kinds.ToFrozenDictionary(k => k.Id, StringComparer.Ordinal)
    );

    public static IReadOnlyList<TrackerKind> All => Data.Value.Kinds;

    /// <summary>How each counting rule counts, as trackers.json explains it.</summary>
    public static IReadOnlyDictionary<CountingRule, string> CountingRules => Data.Value.CountingRules;

    public static TrackerKind? Find(string id) => ById.Value.GetValueOrDefault(id);

    private sealed record TrackerFile(
        string Source,
        string Effective,
        IReadOnlyDictionary<CountingRule, string> CountingRules,
        IReadOnlyList<TrackerKind> Kinds
    );
}

/// <summary>A request to start tracking a statutory period for an entity.</summary>
/// <param name="TriggerDate">The day of the triggering event (the period runs from the next day).</param>
public sealed record TrackerStart(string Kind, string Uscc, string EntityName, DateOnly TriggerDate, string TriggerDescription);

public static class TrackerStartValidator
{
    public static IReadOnlyList<ValidationError> Validate(TrackerStart start, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(start);
        var errors = new List<ValidationError>();
        var kind = TrackerKinds.Find(start.Kind ?? string.Empty);
        if (kind is null)
        {
            errors.Add(
                new(
                    "kind",
                    "tracker.kind",
                    $"'{start.Kind}' is not a tracker kind; known: {string.Join(", ", TrackerKinds.All.Select(k => k.Id))}.",
                    "Decree 746"
                )
            );
        }

        var uscc = UnifiedSocialCreditCode.Validate(start.Uscc).Error;
        if (uscc is not null)
        {
            errors.Add(new("uscc", uscc.Rule, uscc.Message, kind?.Article ?? "Decree 746"));
        }

        if (string.IsNullOrWhiteSpace(start.EntityName))
        {
            errors.Add(
                new(
                    "entityName",
                    RegistrationApplicationValidator.RequiredRule,
                    "The entity name (名称) is required.",
                    kind?.Article ?? "Decree 746"
                )
            );
        }

        if (start.TriggerDate > asOf)
        {
            errors.Add(
                new(
                    "triggerDate",
                    "tracker.trigger-in-future",
                    $"The triggering event ({start.TriggerDate:yyyy-MM-dd}) cannot be after {asOf:yyyy-MM-dd}.",
                    kind?.Article ?? "Decree 746"
                )
            );
        }

        return errors;
    }
}
