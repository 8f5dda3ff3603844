using System.Collections.Frozen;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.MarketEntities;

namespace Workflows.Domain;

/// <summary>
/// Every statutory period the procedures count, by id, from the rule tables that declare them: the Decree 746 periods
/// of <c>Data/MarketEntities/trackers.json</c> (a kind's period and its extension) and the Art. 16 report period of
/// the dated coal-substitution rule table. Orchestrations name a period; <c>ComputeDeadlineActivity</c> resolves it
/// here, so an amount or a counting rule lives in one table and nowhere in orchestration code.
/// </summary>
public static class StatutoryPeriods
{
    private static readonly Lazy<FrozenDictionary<string, LegalPeriod>> MarketEntityPeriods = new(() =>
        TrackerKinds
            .All.SelectMany(k => k.Extension is null ? [k.Period] : new[] { k.Period, k.Extension })
            .ToFrozenDictionary(p => p.Id, StringComparer.Ordinal)
    );

    /// <summary>The periods as the tables in force on <paramref name="rulesOn"/> declare them.</summary>
    public static IReadOnlyList<LegalPeriod> All(DateOnly rulesOn) => [.. MarketEntityPeriods.Value.Values, .. CoalPeriods(rulesOn)];

    /// <summary>The period <paramref name="id"/> as the tables in force on <paramref name="rulesOn"/> declare it, or null.</summary>
    public static LegalPeriod? Find(string id, DateOnly rulesOn) =>
        MarketEntityPeriods.Value.GetValueOrDefault(id) ?? CoalPeriods(rulesOn).FirstOrDefault(p => p.Id == id);

    /// <summary>Reminder offsets (days before the deadline) the Decree 746 table sets for the period, or null.</summary>
    public static IReadOnlyList<int>? ReminderDaysBefore(string id) => TrackerKinds.Find(id)?.ReminderDaysBefore;

    /// <summary>The reading the Decree 746 table states for the period where the law leaves a choice, or null.</summary>
    public static string? Reading(string id) => TrackerKinds.Find(id)?.Reading;

    private static IEnumerable<LegalPeriod> CoalPeriods(DateOnly rulesOn) =>
        RuleTableSet.Embedded.TryFor(rulesOn) is { } table ? [table.Review.ImplementationReport] : [];
}
