using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Energy;
using Workflows.Domain.TwoHigh;
using Workflows.Functions.Energy;
using Workflows.Functions.Registry;
using Workflows.Functions.TwoHigh;

namespace Workflows.Functions.Activities.TwoHigh;

/// <summary>A published month of a region: the body as accepted, the months recorded before, the restriction in force.</summary>
public sealed record TwoHighMonthRequest(
    string CaseId,
    string City,
    string? County,
    string PayloadJson,
    IReadOnlyList<MonthLight> History,
    string? RestrictionId,
    DateOnly AcceptedOn
);

/// <summary>The month's light, the run of red months, what it called for and the restriction in force afterwards.</summary>
public sealed record TwoHighMonthOutcome(
    string? Month,
    BarometerGrade? Grade,
    StreakAssessment? Streak,
    string? RestrictionId,
    IReadOnlyList<string> Errors
);

/// <summary>
/// Grades the month on the table (（十八）, the orchestration may not read it) and keeps the region's 限批 on the coal
/// procedure's suspension store: written in the third red month (the coal review gate then refuses a new plan in the
/// region, naming 豫政办〔2021〕65号), ended the day before the first month that is not red. The suspension id is
/// derived from the case and the month, so a retried activity writes the same row.
/// </summary>
public sealed class AssessTwoHighMonthActivity(SuspensionStore suspensions) : IActivity<TwoHighMonthRequest, TwoHighMonthOutcome>
{
    [Function(nameof(AssessTwoHighMonthActivity))]
    public Task<TwoHighMonthOutcome> RunFunction([ActivityTrigger] TwoHighMonthRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<TwoHighMonthOutcome> RunAsync(TwoHighMonthRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = TwoHighRules.Henan;
        var region = new ProjectLocation(input.City, input.County);
        using var payload = JsonDocument.Parse(input.PayloadJson);
        var (row, errors) = TwoHighReadingPayload.Read(region, payload.RootElement);
        if (row is null)
        {
            return new(null, null, null, input.RestrictionId, [.. errors.Select(e => $"{e.Field}: {e.Message}")]);
        }

        var grade = BarometerGrading.Grade(rules, row.Figures);
        var streak = RedStreak.Assess(rules, input.History, row.Month, grade.Light, input.RestrictionId is not null);
        var restrictionId = input.RestrictionId;
        if (streak.Action == BarometerAction.Restriction)
        {
            restrictionId = $"TH-XP-{input.CaseId}-{row.Month}";
            var suspension = TwoHighSuspensions.Restriction(rules, region, row.Month, streak.ConsecutiveRed, input.AcceptedOn);
            await suspensions
                .SaveAsync(new StoredSuspension(restrictionId, suspension, $"two-high:{input.CaseId}"), cancellationToken)
                .ConfigureAwait(false);
        }
        else if (streak.Action == BarometerAction.LiftRestriction && restrictionId is not null)
        {
            await LiftAsync(suspensions, restrictionId, input.AcceptedOn, cancellationToken).ConfigureAwait(false);
            restrictionId = null;
        }

        return new(row.Month.ToString(), grade, streak, restrictionId, []);
    }

    /// <summary>Ends a suspension the day before <paramref name="on"/> (kept for the record, as the coal route lifts).</summary>
    internal static async Task LiftAsync(SuspensionStore suspensions, string id, DateOnly on, CancellationToken cancellationToken)
    {
        if (await suspensions.GetAsync(id, cancellationToken).ConfigureAwait(false) is { Suspension.Until: null } stored)
        {
            var lifted = stored with { Suspension = stored.Suspension with { Until = on.AddDays(-1) } };
            await suspensions.SaveAsync(lifted, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A missed year to record (its suspension written) or, with <paramref name="RestoreId"/>, a restoration.</summary>
public sealed record TwoHighAnnualRequest(
    string CaseId,
    string City,
    string? County,
    int? Year,
    bool Missed,
    DateOnly AcceptedOn,
    string? RestoreId = null
);

/// <summary>The suspension written (or lifted) and the sentence the audit row records.</summary>
public sealed record TwoHighAnnualOutcome(string? SuspensionId, string Summary);

/// <summary>（十八） 上年度未完成…暂停该区域本年度节能审查（民生和基础设施建设项目除外）…下一年度视情恢复: writes the
/// region's suspension (exemptions on it) on the coal procedure's store, or lifts it on restoration.</summary>
public sealed class ApplyTwoHighAnnualActivity(SuspensionStore suspensions) : IActivity<TwoHighAnnualRequest, TwoHighAnnualOutcome>
{
    [Function(nameof(ApplyTwoHighAnnualActivity))]
    public Task<TwoHighAnnualOutcome> RunFunction([ActivityTrigger] TwoHighAnnualRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<TwoHighAnnualOutcome> RunAsync(TwoHighAnnualRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = TwoHighRules.Henan;
        var region = new ProjectLocation(input.City, input.County);
        if (input.RestoreId is { } restored)
        {
            await AssessTwoHighMonthActivity.LiftAsync(suspensions, restored, input.AcceptedOn, cancellationToken).ConfigureAwait(false);
            return new(
                null,
                $"{region}节能审查自 {input.AcceptedOn:yyyy-MM-dd} 起恢复 / {region}'s energy reviews are restored from "
                    + $"{input.AcceptedOn:yyyy-MM-dd} ({rules.Cite("（十八）")} 下一年度视情恢复)."
            );
        }

        var year = input.Year ?? throw new ArgumentException("An annual assessment names its year.", nameof(input));
        if (!input.Missed)
        {
            return new(
                null,
                $"{region}完成{year}年度能耗“双控”和污染物排放总量控制目标 / {region} met its {year} targets ({rules.Cite("（十八）")})."
            );
        }

        var suspension = TwoHighSuspensions.AnnualTargetsMissed(rules, region, year, input.AcceptedOn);
        var id = $"TH-AN-{input.CaseId}-{year}";
        await suspensions.SaveAsync(new StoredSuspension(id, suspension, $"two-high:{input.CaseId}"), cancellationToken).ConfigureAwait(false);
        return new(id, $"{region}：{suspension.Reason} ({rules.Cite("（十八）")}; {id}).");
    }
}
