using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Factories;
using Workflows.Functions.Activities.Factories;
using Workflows.Functions.Cases;
using Workflows.Functions.Factories;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.Factories;

public sealed record FactoryRoundInput(string CaseId, FactoryRoundData Data);

/// <summary>
/// 漯政〔2021〕17号 二(二) and 三(一): the city's half-yearly round. It waits for <c>rank</c> (accepted once every county is
/// verified or past its deadline, checked by the procedure), ranks the counties in an activity (50:30:20; the table is
/// read there), records the ranking and its report, notifies the three rewarded and the two criticised counties (land
/// quota deducted), and closes.
/// </summary>
public sealed class FactoryRoundOrchestration : TaskOrchestrator<FactoryRoundInput, string>
{
    private const string Article = "漯政〔2021〕17号 二(二)";

    [Function(nameof(FactoryRoundOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new FactoryRoundOrchestration().RunAsync(
            context,
            context.GetInput<FactoryRoundInput>() ?? throw new InvalidOperationException("FactoryRoundOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, FactoryRoundInput input)
    {
        var inbox = new CaseEventInbox(context);
        await PublishAsync(context, input, input.Data, "collecting", [FactoryEvents.Rank], [], []);
        while (true)
        {
            var e = await inbox.NextAsync();
            if (e.Type != FactoryEvents.Rank)
            {
                await PublishAsync(
                    context,
                    input,
                    input.Data,
                    "collecting",
                    [FactoryEvents.Rank],
                    [Entry(input, e, "event-ignored", $"此时不接受“{e.Type}” / '{e.Type}' does not apply now.")],
                    []
                );
                continue;
            }

            var ranked = await ActivityCalls.RankFactoryRound.RunAsync(
                context,
                new FactoryRankingRequest(input.CaseId, input.Data.HalfYear, input.Data.Submissions)
            );
            var data = input.Data with { Ranking = ranked.Ranking, ReportBlob = ranked.ReportBlob };
            var summary = string.Join(
                "；",
                ranked.Ranking.Counties.Select(c => $"{c.Rank}. {c.CountyName} {c.Score.ToString("0.##", CultureInfo.InvariantCulture)}")
            );
            await PublishAsync(
                context,
                input,
                data,
                "ranked",
                [],
                [
                    Entry(
                        input,
                        e,
                        "ranked",
                        $"{HalfYearZh(data)}综合排序 / {data.HalfYear} ranking: {summary}. Report: {ranked.ReportBlob}."
                    ),
                ],
                Notifications(input, data, ranked),
                close: true
            );
            return "ranked";
        }
    }

    private static List<NotificationRequest> Notifications(FactoryRoundInput input, FactoryRoundData data, FactoryRankingOutcome ranked) =>
        ranked
            .Ranking.Counties.Where(c => c.Outcome != RankingOutcome.Neutral)
            .Select(c =>
            {
                var agency = ranked.Agencies.GetValueOrDefault(c.CountyId) ?? FactoryRounds.CityAgency;
                return c.Outcome == RankingOutcome.Rewarded
                    ? new NotificationRequest(
                        $"{input.CaseId}-rewarded-{c.CountyId}",
                        Role.CountyOffice,
                        agency,
                        "notice",
                        $"{c.CountyName}{HalfYearZh(data)}综合排序第 {c.Rank} 名，给予奖励 / ranked {c.Rank} for {data.HalfYear}: rewarded.",
                        Article
                    )
                    : new NotificationRequest(
                        $"{input.CaseId}-criticised-{c.CountyId}",
                        Role.CountyOffice,
                        agency,
                        "escalation",
                        $"{c.CountyName}{HalfYearZh(data)}综合排序第 {c.Rank} 名，予以通报批评并扣减用地指标 / ranked {c.Rank} for "
                            + $"{data.HalfYear}: criticised, land quota deducted.",
                        Article
                    );
            })
            .ToList();

    private static string HalfYearZh(FactoryRoundData data) => HalfYear.TryParse(data.HalfYear, out var h) ? h.Zh : data.HalfYear;

    private static AuditEntry Entry(FactoryRoundInput input, CaseEventEnvelope e, string action, string summary) =>
        new(input.CaseId, e.EventId, e.AcceptedUtc, e.ActorId, e.ActorName, e.ActorRole, action, Article, summary);

    private static Task<CaseWritten> PublishAsync(
        TaskOrchestrationContext context,
        FactoryRoundInput input,
        FactoryRoundData data,
        string state,
        IReadOnlyList<string> awaited,
        IReadOnlyList<AuditEntry> audit,
        IReadOnlyList<NotificationRequest> notifications,
        bool close = false
    ) =>
        ActivityCalls.UpdateCase.RunAsync(
            context,
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = state,
                AwaitedEvents = awaited,
                DataJson = JsonSerializer.Serialize(data, CaseJson.Options),
                Audit = audit,
                Notifications = notifications,
                Close = close,
                Outcome = close ? state : null,
                AtUtc = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero),
            }
        );
}
