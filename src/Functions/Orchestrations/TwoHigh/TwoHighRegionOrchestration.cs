using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.TwoHigh;
using Workflows.Functions.Activities.TwoHigh;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Registry;
using Workflows.Functions.TwoHigh;

namespace Workflows.Functions.Orchestrations.TwoHigh;

public sealed record TwoHighRegionInput(string CaseId, string Agency, TwoHighRegionData Data);

/// <summary>
/// 豫政办〔2021〕65号 （十八） for one region: each month's barometer is graded in an activity (the table is read there,
/// never here); the second red month in a row reminds the region (a notification and an audit row), the third starts the
/// regional energy-review restriction (限批) as a suspension on the coal procedure's store, which its review gate reads;
/// the first month that is not red ends it. A missed year suspends the region's energy reviews (livelihood and
/// infrastructure excepted) until the provincial DRC restores them. The case waits for events only: it has no deadline.
/// </summary>
public sealed class TwoHighRegionOrchestration : TaskOrchestrator<TwoHighRegionInput, string>
{
    public const string Watching = "watching";
    public const string Restricted = "restricted";

    private const string Article = "豫政办〔2021〕65号 （十八）";

    [Function(nameof(TwoHighRegionOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TwoHighRegionOrchestration().RunAsync(
            context,
            context.GetInput<TwoHighRegionInput>() ?? throw new InvalidOperationException("TwoHighRegionOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, TwoHighRegionInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data with { Months = input.Data.Months ?? [] };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Watching,
                AwaitedEvents = Awaited(data),
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "watch-opened",
                        "barometer-opened",
                        Article,
                        $"{data.Region}纳入能耗“双控”和煤炭消费总量控制“晴雨表”监测 / {data.Region} is watched on the barometer."
                    ),
                ],
            }
        );

        while (true)
        {
            var wake = await flow.NextAsync(null);
            if (wake.Reason != WakeReason.Event)
            {
                continue;
            }

            var e = wake.Event!;
            data = e.Type switch
            {
                TwoHighEvents.MonthlyReading => await OnMonthAsync(flow, input, data, e),
                TwoHighEvents.AnnualAssessment when data.MissedYears?.Contains(Year(e)) != true => await OnAssessmentAsync(flow, input, data, e),
                TwoHighEvents.Restore when data.AnnualSuspensionId is not null => await OnRestoreAsync(flow, input, data, e),
                _ => await IgnoreAsync(flow, data, e),
            };
        }
    }

    private static async Task<TwoHighRegionData> OnMonthAsync(CaseFlow flow, TwoHighRegionInput input, TwoHighRegionData data, CaseEventEnvelope e)
    {
        var outcome = await flow.CallAsync(
            ActivityCalls.AssessTwoHighMonth,
            new TwoHighMonthRequest(
                input.CaseId,
                data.City,
                data.County,
                e.PayloadJson,
                data.Months ?? [],
                data.RestrictionId,
                ChinaTime.ToLegalDate(e.AcceptedUtc)
            )
        );
        if (outcome is not { Month: { } month, Grade: { } grade, Streak: { } streak }
            || (data.LastMonth is { } last && string.CompareOrdinal(month, last) <= 0))
        {
            var why = outcome.Errors.Count > 0 ? string.Join(" ", outcome.Errors) : $"{outcome.Month} 不晚于 {data.LastMonth} / not after {data.LastMonth}";
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    AwaitedEvents = Awaited(data),
                    Audit = [flow.EventAudit(e, "reading-refused", Article, $"未采用 / Not taken: {why}")],
                }
            );
            return data;
        }

        var imposed = outcome.RestrictionId is not null && data.RestrictionId is null;
        data = data with
        {
            Months = [.. data.Months ?? [], new MonthLight(month, grade.Light)],
            ConsecutiveRed = streak.ConsecutiveRed,
            RestrictionId = outcome.RestrictionId,
        };
        var lightZh = grade.Light switch
        {
            BarometerLight.Red => "红色",
            BarometerLight.Yellow => "黄色",
            _ => "绿色",
        };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = data.RestrictionId is not null ? Restricted : $"barometer-{grade.Light.ToString().ToLowerInvariant()}",
                AwaitedEvents = Awaited(data),
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        streak.Action switch
                        {
                            BarometerAction.Reminder => "barometer-reminder",
                            BarometerAction.Restriction => "restriction-imposed",
                            BarometerAction.LiftRestriction => "restriction-lifted",
                            _ => "barometer-published",
                        },
                        Article,
                        $"{data.Region}{month}预警{lightZh}：{streak.Explanation}"
                            + (imposed ? $"（限批 {outcome.RestrictionId}）" : "")
                            + $" / {data.Region} {month} is {grade.Light.ToString().ToLowerInvariant()}.",
                        new { month, grade, streak, restrictionId = outcome.RestrictionId }
                    ),
                ],
                Notifications = Notices(input, data, streak, $"{e.EventId}-{streak.Action}".ToLowerInvariant()),
            }
        );
        return data;
    }

    /// <summary>The reminder and the restriction go to the region's own office and to the office above it.</summary>
    private static IReadOnlyList<NotificationRequest> Notices(TwoHighRegionInput input, TwoHighRegionData data, StreakAssessment streak, string key)
    {
        if (streak.Action is not (BarometerAction.Reminder or BarometerAction.Restriction or BarometerAction.LiftRestriction))
        {
            return [];
        }

        var kind = streak.Action switch
        {
            BarometerAction.Reminder => "reminder",
            BarometerAction.Restriction => "restriction",
            _ => "restriction-lifted",
        };
        var (own, above, aboveAgency) = data.County is null
            ? (Role.MunicipalDrc, Role.ProvincialDrc, HenanDivisions.Province)
            : (Role.CountyOffice, Role.MunicipalDrc, HenanDivisions.CityCode(data.City));
        var message = $"{data.Region}：{streak.Explanation}";
        return
        [
            new NotificationRequest($"{key}-own", own, input.Agency, kind, message, Article),
            new NotificationRequest($"{key}-above", above, aboveAgency, kind, message, Article),
        ];
    }

    private static async Task<TwoHighRegionData> OnAssessmentAsync(
        CaseFlow flow,
        TwoHighRegionInput input,
        TwoHighRegionData data,
        CaseEventEnvelope e
    )
    {
        var payload = e.Payload();
        var missed = !(payload.TryGetProperty("dualControlMet", out var d) && d.ValueKind == JsonValueKind.True)
            || !(payload.TryGetProperty("pollutantTotalsMet", out var p) && p.ValueKind == JsonValueKind.True);
        var year = Year(e);
        var outcome = await flow.CallAsync(
            ActivityCalls.ApplyTwoHighAnnual,
            new TwoHighAnnualRequest(input.CaseId, data.City, data.County, year, missed, ChinaTime.ToLegalDate(e.AcceptedUtc))
        );
        data = missed
            ? data with { MissedYears = [.. data.MissedYears ?? [], year], AnnualSuspensionId = outcome.SuspensionId }
            : data;
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                AwaitedEvents = Awaited(data),
                DataJson = Json(data),
                Audit = [flow.EventAudit(e, missed ? "reviews-suspended" : "targets-met", Article, outcome.Summary)],
                Notifications = missed
                    ? [new NotificationRequest($"{e.EventId}-suspended", data.County is null ? Role.MunicipalDrc : Role.CountyOffice,
                        input.Agency, "suspension", outcome.Summary, Article)]
                    : [],
            }
        );
        return data;
    }

    private static async Task<TwoHighRegionData> OnRestoreAsync(CaseFlow flow, TwoHighRegionInput input, TwoHighRegionData data, CaseEventEnvelope e)
    {
        var outcome = await flow.CallAsync(
            ActivityCalls.ApplyTwoHighAnnual,
            new TwoHighAnnualRequest(
                input.CaseId,
                data.City,
                data.County,
                null,
                false,
                ChinaTime.ToLegalDate(e.AcceptedUtc),
                data.AnnualSuspensionId
            )
        );
        data = data with { AnnualSuspensionId = null };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                AwaitedEvents = Awaited(data),
                DataJson = Json(data),
                Audit = [flow.EventAudit(e, "reviews-restored", Article, $"{outcome.Summary} {e.Text("reason")}")],
            }
        );
        return data;
    }

    private static async Task<TwoHighRegionData> IgnoreAsync(CaseFlow flow, TwoHighRegionData data, CaseEventEnvelope e)
    {
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = flow.CaseId,
                AwaitedEvents = Awaited(data),
                Audit = [flow.EventAudit(e, "event-ignored", Article, $"此时不接受“{e.Type}” / '{e.Type}' does not apply now.")],
            }
        );
        return data;
    }

    internal static IReadOnlyList<string> Awaited(TwoHighRegionData data) =>
        data.AnnualSuspensionId is null
            ? [TwoHighEvents.MonthlyReading, TwoHighEvents.AnnualAssessment]
            : [TwoHighEvents.MonthlyReading, TwoHighEvents.AnnualAssessment, TwoHighEvents.Restore];

    private static int Year(CaseEventEnvelope e) =>
        e.Payload() is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("year", out var y) && y.TryGetInt32(out var n) ? n : 0;

    private static string Json(TwoHighRegionData data) => JsonSerializer.Serialize(data, CaseJson.Options);
}
