using System.Collections.Frozen;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Factories;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.PatentAward;
using Workflows.Domain.TwoHigh;
using Workflows.Domain.Power;

namespace Workflows.Domain;

/// <summary>
/// Every statutory period the procedures count, by id, from the rule tables that declare them: the Decree 746 periods
/// of <c>Data/MarketEntities/trackers.json</c> (a kind's period and its extension) and the Art. 16 report period of
/// the dated coal-substitution rule table, and the half-yearly submission of 漯政〔2021〕17号. Orchestrations name a
/// period; <c>ComputeDeadlineActivity</c> resolves it here, so an amount or a counting rule lives in one table and
/// nowhere in orchestration code.
/// </summary>
public static class StatutoryPeriods
{
    private static readonly Lazy<FrozenDictionary<string, LegalPeriod>> MarketEntityPeriods = new(() =>
        TrackerKinds
            .All.SelectMany(k => k.Extension is null ? [k.Period] : new[] { k.Period, k.Extension })
            .Concat(DisqualificationPeriods.Art12) // Art. 12(2)-(4): 5 and 3 years (disqualifications.json)
            .ToFrozenDictionary(p => p.Id, StringComparer.Ordinal)
    );

    /// <summary>The periods as the tables in force on <paramref name="rulesOn"/> declare them.</summary>
    public static IReadOnlyList<LegalPeriod> All(DateOnly rulesOn) =>
        [.. MarketEntityPeriods.Value.Values, .. CoalPeriods(rulesOn), FactorySubmission, .. PatentAwardPeriods, TwoHighDiagnosis, .. ProxyPower.Periods];

    /// <summary>The period <paramref name="id"/> as the tables in force on <paramref name="rulesOn"/> declare it, or null.</summary>
    public static LegalPeriod? Find(string id, DateOnly rulesOn) =>
        MarketEntityPeriods.Value.GetValueOrDefault(id)
        ?? CoalPeriods(rulesOn).FirstOrDefault(p => p.Id == id)
        ?? (id == FactorySubmission.Id ? FactorySubmission : null)
        ?? PatentAwardPeriods.FirstOrDefault(p => p.Id == id)
        ?? (id == TwoHighDiagnosis.Id ? TwoHighDiagnosis : null)
        ?? ProxyPower.Periods.FirstOrDefault(p => p.Id == id);

    /// <summary>Reminder offsets (days before the deadline) the Decree 746 table sets for the period, or null.</summary>
    public static IReadOnlyList<int>? ReminderDaysBefore(string id) =>
        TrackerKinds.Find(id)?.ReminderDaysBefore
        ?? (id == FactorySubmission.Id ? StandardFactoryRules.Luohe.Submission.ReminderDaysBefore : null)
        ?? (id == TwoHighDiagnosis.Id ? TwoHighRules.Henan.Diagnosis.ReminderDaysBefore : null)
        ?? ProxyPower.ReminderDaysBefore(id);

    /// <summary>漯政〔2021〕17号 三(一): each half-year's submission window (每半年首月).</summary>
    private static LegalPeriod FactorySubmission => StandardFactoryRules.Luohe.Submission.Period;

    /// <summary>漯政〔2021〕22号: the publicity of the results (第十二条(六), 5 working days) and the 6-year ban (第十八条).</summary>
    private static LegalPeriod[] PatentAwardPeriods => [PatentAwardRules.Luohe.Publicity.Period, PatentAwardRules.Luohe.FraudBan.Period];
    /// <summary>豫政办〔2021〕65号 （十）: an operating two-high project's energy diagnosis, at least once in five years.</summary>
    private static LegalPeriod TwoHighDiagnosis => TwoHighRules.Henan.Diagnosis.Period;
    /// <summary>发改办价格〔2021〕809号: publication (二(五)), choice window and change notice (二(六)), quarterly report (四(一)).</summary>
    private static ProxyPowerRules ProxyPower => ProxyPowerRules.Ndrc809;

    /// <summary>Reminder offsets the table in force on <paramref name="rulesOn"/> sets for the period, or null.</summary>
    public static IReadOnlyList<int>? ReminderDaysBefore(string id, DateOnly rulesOn) =>
        ReminderDaysBefore(id) ?? RuleTableSet.Embedded.TryFor(rulesOn)?.Review.ReminderDaysBefore?.GetValueOrDefault(id);

    /// <summary>The reading the Decree 746 table states for the period where the law leaves a choice, or null.</summary>
    public static string? Reading(string id) => TrackerKinds.Find(id)?.Reading ?? ProxyPower.Reading(id);

    private static IEnumerable<LegalPeriod> CoalPeriods(DateOnly rulesOn) =>
        RuleTableSet.Embedded.TryFor(rulesOn) is { } table ? table.Review.Periods : [];
}
