using System.Text.Json;
using Workflows.Domain.Calendar;
using Xunit.Abstractions;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// Issue 17 item 5: a suspension tracker (Decree 746 Art. 30 para 4: at most 3 years) through three simulated years of
/// monthly calendar changes, quarterly events it ignores (one of them re-raised, as the API does when it cannot confirm
/// a raise), its 90/30/7-day reminders, the missed deadline and a late compliance. On version 2 every generation's
/// history stays small; the version 1 control (one generation, as before) grows with every wake.
/// </summary>
public sealed class TrackerThreeYearsTests(ITestOutputHelper output)
{
    private const int Bound = 60;
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();
    private static readonly DateTimeOffset Started = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Tracker_ThreeYearsOfRemindersAndCalendarChanges_HistoryStaysBounded()
    {
        var run = Simulate(OrchestrationVersions.Current);
        output.WriteLine($"version 2: {run.Simulator.GenerationLengths.Count} generations, longest {run.Simulator.GenerationLengths.Max()} events, {run.Keys.Count} audit entries");

        Assert.Equal(OrchestrationStatus(Microsoft.DurableTask.Protobuf.OrchestrationStatus.Completed), run.Simulator.Status);
        Assert.True(run.Simulator.GenerationLengths.Count > 36 + 70, $"{run.Simulator.GenerationLengths.Count} generations");
        Assert.True(run.Simulator.GenerationLengths.Max() <= Bound, $"generation lengths: {string.Join(",", run.Simulator.GenerationLengths)}");
        Assert.Equal(["reminder", "reminder", "reminder"], run.Actions.Where(a => a == "reminder"));
        Assert.Single(run.Actions, "overdue");
        Assert.Equal(36, run.Keys.Count(k => k.StartsWith("calendar-", StringComparison.Ordinal)));
        Assert.Equal(run.Keys.Count, run.Keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(12, run.Actions.Count(a => a == "event-ignored")); // 12 quarterly events; the resend is dropped
        Assert.Equal("fulfilled", run.Actions[^1]);
    }

    [Fact]
    public void Tracker_ContinuesAsNewFromVersion2_SameCaseHistoryAsVersion1()
    {
        var v2 = Simulate(OrchestrationVersions.Current);
        var v1 = Simulate(string.Empty);
        output.WriteLine($"version 1: one generation of {v1.Simulator.GenerationLengths[0]} events; version 2: longest {v2.Simulator.GenerationLengths.Max()}");

        Assert.Equal(v1.Keys, v2.Keys);
        Assert.Single(v1.Simulator.GenerationLengths);
        Assert.True(v1.Simulator.GenerationLengths[0] > 10 * Bound, $"version 1 history: {v1.Simulator.GenerationLengths[0]} events");
    }

    private static Microsoft.DurableTask.Protobuf.OrchestrationStatus? OrchestrationStatus(Microsoft.DurableTask.Protobuf.OrchestrationStatus s) => s;

    private sealed record Run(OrchestrationSimulator Simulator, List<string> Keys, List<string> Actions);

    private static Run Simulate(string version)
    {
        var keys = new List<string>();
        var actions = new List<string>();
        var simulator = new OrchestrationSimulator(new TrackerOrchestration(), nameof(TrackerOrchestration), "TRK-SIM-1", (activity, input) => activity switch
        {
            nameof(ComputeDeadlineActivity) => OrchestrationSimulator.Json.Serialize(ComputeDeadlineActivity.Compute(Calendar, Argument<DeadlineRequest>(input))),
            nameof(UpdateCaseActivity) => Record(Argument<CaseUpdate>(input), keys, actions),
            _ => throw new InvalidOperationException($"unexpected activity {activity}"),
        });
        var start = new TrackerStart("suspension-maximum", "92411102MA4KW6CP9N", "漯河市源汇区李记干货店", new DateOnly(2025, 3, 1), "歇业备案");
        simulator.Start(Started, version, new TrackerInput("TRK-SIM-1", "411102", new TrackerCaseData { Start = start, Article = "Decree 746 Art. 30 para 4", Obligation = "歇业期限最长不得超过3年" }));

        for (var month = 0; month < 36; month++)
        {
            var at = Started.AddMonths(month).AddDays(14);
            simulator.Raise(at, CaseFlow.CalendarChangedEvent, new CalendarChangedSignal(at.Year, DateOnly.FromDateTime(at.UtcDateTime), at, "国办发明电"));
            if (month % 3 == 1)
            {
                var evt = Envelope($"evt-{month}", "note", at.AddHours(2));
                simulator.Raise(at.AddHours(2), CaseEventEnvelope.EventName, evt);
                if (month == 4)
                {
                    simulator.Raise(at.AddHours(3), CaseEventEnvelope.EventName, evt);
                }
            }
        }

        var end = Started.AddYears(3).AddDays(20);
        simulator.Raise(end, CaseEventEnvelope.EventName, Envelope("evt-comply", "comply", end, """{"type":"comply","evidence":["恢复营业登记"]}"""));
        return new Run(simulator, keys, actions);
    }

    /// <summary>DurableTask.Core hands an activity its input as a one-element array.</summary>
    private static T Argument<T>(string? input) => OrchestrationSimulator.Json.Deserialize<T[]>(input)![0];

    private static CaseEventEnvelope Envelope(string id, string type, DateTimeOffset at, string? payload = null) =>
        new(id, type, "officer-1", "王敏", "RegistrationOfficer", at, payload ?? JsonSerializer.Serialize(new { type }));

    private static string? Record(CaseUpdate update, List<string> keys, List<string> actions)
    {
        foreach (var audit in update.Audit ?? [])
        {
            keys.Add(audit.Key);
            actions.Add(audit.Action);
        }

        return null;
    }
}
