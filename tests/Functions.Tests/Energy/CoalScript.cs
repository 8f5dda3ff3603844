using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Energy;

/// <summary>
/// The coal-substitution orchestration (豫发改环资〔2021〕893号) on the one scripted context
/// (<see cref="ScriptedOrchestrationContext"/>): an instance started on the current version, the Art. 15/17/19 gates
/// passing unless a test answers otherwise, Art. 14 supplements computed by the real activity, deadlines on the
/// embedded legal calendar. Events carry their China time, so a report "after the deadline" is an event scheduled then.
/// </summary>
internal static class CoalScript
{
    public const string CaseId = "COAL-411102-20250106-TEST0001";

    public static ScriptedOrchestrationContext Start(string startChinaTime) =>
        new ScriptedOrchestrationContext(startChinaTime, CaseId) { DefaultRole = "ProjectOwner" }
            .OnVersion(OrchestrationVersions.Current)
            .Answers<CoalGateRequest, CoalGateOutcome>(Pass)
            .Answers<CoalSupplementRequest, SubstitutionSupplement>(r =>
                new ComputeCoalSupplementActivity().RunAsync(r, CancellationToken.None)
            );

    /// <summary>A gate that passes with the required tonnes achieved.</summary>
    public static CoalGateOutcome Pass(CoalGateRequest request) => new(true, request.RequiredQ, "pass", "passed", "Art. 15");

    /// <summary>Answers the gate checks (Arts. 15, 17, 19) with <paramref name="gate"/>.</summary>
    public static ScriptedOrchestrationContext Gate(
        this ScriptedOrchestrationContext context,
        Func<CoalGateRequest, CoalGateOutcome> gate
    ) => context.Answers(gate);

    /// <summary>The gate checks the orchestration asked for, in order.</summary>
    public static IReadOnlyList<CoalGateRequest> GateRequests(this ScriptedOrchestrationContext context) =>
        context.Inputs<CoalGateRequest>();

    /// <summary>Deadlines on the embedded calendar; a request computed again (after a calendar change) ends
    /// <paramref name="days"/> later, as a newly published year that turns the last day into rest days would move it.</summary>
    public static ScriptedOrchestrationContext MovesOnRecompute(this ScriptedOrchestrationContext context, int days)
    {
        context.ComputeDeadline = request =>
        {
            var computed = ComputeDeadlineActivity.Compute(LegalCalendar.LoadEmbedded(), request);
            if (context.DeadlineRequests.Count(r => r == request) < 2)
            {
                return computed;
            }

            var moved = computed.Due.AddDays(days);
            return computed with { Due = moved, DueUtc = ChinaTime.EndOfDayUtc(moved) };
        };
        return context;
    }

    /// <summary>The case data of a published update, read as the case would show it.</summary>
    public static CoalCaseData Data(this CaseUpdate update) =>
        JsonSerializer.Deserialize<CoalCaseData>(update.DataJson!, CaseJson.Options)!;

    /// <summary>Runs the orchestration: its result, or null while it waits with nothing left in the script.</summary>
    public static async Task<CoalProjectResult?> RunCoalAsync(this ScriptedOrchestrationContext context, CoalProjectInput input)
    {
        var (completed, result) = await context.RunAsync(c => new CoalSubstitutionOrchestration().RunAsync(c, input));
        return completed ? result : null;
    }

    public static CoalProjectInput Input(decimal tce = 2_500m, string city = "漯河市", string county = "源汇区", decimal d = 3_000m)
    {
        var rules = CoalSubstitutionRuleTable.LoadRevision2021();
        var intake = new CoalProjectIntake(
            "漯河某化工有限公司煤制合成氨原料项目",
            "91411102MA45B8C906",
            "漯河市郾城区建材有限公司",
            ProjectKind.New,
            "chemicals",
            CoalUse.RawMaterial,
            d,
            new ProjectLocation(city, county),
            tce
        );
        var data = new CoalCaseData(
            intake,
            rules.EffectiveFrom,
            SubstitutionCalculator.Compute(intake, rules),
            ReviewRouting.For(intake, rules),
            new DateOnly(2025, 1, 6),
            0m,
            rules.Review.MinimumAchievedShareBeforeReview
        );
        return new CoalProjectInput(CaseId, "411102", "411100", rules.Review.ImplementationReportMonths, data);
    }
}
