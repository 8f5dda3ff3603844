using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Texts;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Registry;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Orchestrations.Energy;

public sealed record RetrofitProgrammeInput(string CaseId, string Agency, RetrofitProgrammeData Data);

/// <summary>
/// 漯节减办〔2021〕7号 section 三 (每县区按年度比例组织实施): before each year end (30 and 7 days before) the counties
/// behind their cumulative share are reminded; at the year end each county's and the city's result against the share
/// and the section 二 saving target is recorded (case Data + a report blob). Reminders of a year end that had already
/// passed when the programme started are skipped (reminding the past helps nobody); its result is still recorded.
/// </summary>
public sealed class RetrofitProgrammeOrchestration : TaskOrchestrator<RetrofitProgrammeInput, int>
{
    /// <summary>The reminder days of programmes started before the programme table declared them: frozen, as their
    /// timers were created from them.</summary>
    internal static readonly int[] RecordedReminderDays = [30, 7];

    [Function(nameof(RetrofitProgrammeOrchestration))]
    public static Task<int> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RetrofitProgrammeOrchestration().RunAsync(
            context,
            context.GetInput<RetrofitProgrammeInput>()
                ?? throw new InvalidOperationException("RetrofitProgrammeOrchestration needs an input.")
        );

    public override async Task<int> RunAsync(TaskOrchestrationContext context, RetrofitProgrammeInput input)
    {
        var data = input.Data;
        var started = context.CurrentUtcDateTime;
        await PublishAsync(context, input, data, "tracking", [], [], close: false);
        foreach (var checkpoint in data.Checkpoints)
        {
            var yearEndUtc = ChinaTime.EndOfDayUtc(checkpoint.YearEnd).UtcDateTime;
            foreach (var days in data.ReminderDaysBefore ?? RecordedReminderDays)
            {
                var at = ChinaTime.StartOfDayUtc(checkpoint.YearEnd.AddDays(-days)).UtcDateTime;
                if (yearEndUtc <= started)
                {
                    break;
                }

                if (at > context.CurrentUtcDateTime)
                {
                    await context.WaitUntilAsync(new DateTimeOffset(at, TimeSpan.Zero), CancellationToken.None);
                }

                var key = $"checkpoint-{checkpoint.Year}-reminder-{days}";
                var outcome = await ActivityCalls.EvaluateRetrofitCheckpoint.RunAsync(
                    context,
                    new CheckpointRequest(input.CaseId, data.ProgrammeId, checkpoint.Year, false, key)
                );
                var behind = outcome.Result.Counties.Where(c => !c.Met).ToList();
                var notifications = behind
                    .Select(c => new NotificationRequest(
                        $"{input.CaseId}-{key}-{c.County}",
                        Role.CountyOffice,
                        HenanDivisions.LuoheCounty(c.County),
                        "reminder",
                        $"{c.County}：{c.StartedByYearEnd}/{c.Units} 家重点用能单位已实施改造（{Pct(c.Share)}），{checkpoint.YearEnd:yyyy-MM-dd} 前"
                            + $"应达 {Pct(c.RequiredCumulativeShare)}（{c.RequiredUnits} 家），尚差 {c.Shortfall} 家 / {c.County}: "
                            + $"{c.StartedByYearEnd}/{c.Units} key units have started retrofits ({Pct(c.Share)}); "
                            + $"{Pct(c.RequiredCumulativeShare)} ({c.RequiredUnits}) are due by {checkpoint.YearEnd:yyyy-MM-dd}, "
                            + $"{c.Shortfall} to go ({checkpoint.Article}).",
                        checkpoint.Article
                    ))
                    .ToList();
                await PublishAsync(
                    context,
                    input,
                    data,
                    "tracking",
                    [
                        Audit(
                            input,
                            key,
                            at,
                            "checkpoint-reminder",
                            checkpoint.Article,
                            TextLine.Of(
                                "audit.retrofit.checkpoint-reminder",
                                ("days", days),
                                ("yearEnd", checkpoint.YearEnd),
                                ("behind", behind.Count),
                                ("counties", string.Join("、", behind.Select(c => $"{c.County} −{c.Shortfall}")))
                            )
                        ),
                    ],
                    notifications,
                    close: false
                );
            }

            if (yearEndUtc > context.CurrentUtcDateTime)
            {
                // A checkpoint is judged only once the year's last day has ended in China time (never a timer's early second).
                await context.WaitUntilAsync(new DateTimeOffset(yearEndUtc, TimeSpan.Zero), CancellationToken.None);
            }

            var finalKey = $"checkpoint-{checkpoint.Year}";
            var final = await ActivityCalls.EvaluateRetrofitCheckpoint.RunAsync(
                context,
                new CheckpointRequest(input.CaseId, data.ProgrammeId, checkpoint.Year, true, finalKey)
            );
            var r = final.Result;
            data = data with { Results = [.. data.Results, new CheckpointRecord(finalKey, checkpoint.YearEnd, true, r, final.ReportBlob)] };
            var missed = r.Counties.Where(c => !c.Met).ToList();
            await PublishAsync(
                context,
                input,
                data,
                "tracking",
                [
                    Audit(
                        input,
                        finalKey,
                        yearEndUtc,
                        "checkpoint-recorded",
                        checkpoint.Article,
                        TextLine.Of(
                            "audit.retrofit.checkpoint-recorded",
                            ("year", checkpoint.Year),
                            ("started", r.StartedByYearEnd),
                            ("units", r.Units),
                            ("share", Pct(r.Share)),
                            ("required", Pct(r.RequiredCumulativeShare)),
                            ("met", r.Counties.Count - missed.Count),
                            ("counties", r.Counties.Count),
                            ("capacity", r.SavingCapacityTcePerYear.ToString("#,##0.##", CultureInfo.InvariantCulture)),
                            ("target", Pct(r.SavingCapacityShareOfTarget)),
                            ("report", final.ReportBlob ?? "")
                        )
                    ),
                ],
                missed
                    .Select(c => new NotificationRequest(
                        $"{input.CaseId}-{finalKey}-{c.County}",
                        Role.CountyOffice,
                        HenanDivisions.LuoheCounty(c.County),
                        "escalation",
                        $"{c.County}未完成 {checkpoint.Year} 年改造比例：已实施 {c.StartedByYearEnd}/{c.Units} 家，应达 {c.RequiredUnits} 家 / "
                            + $"{c.County} missed the {checkpoint.Year} share: {c.StartedByYearEnd}/{c.Units} started, "
                            + $"{c.RequiredUnits} required ({checkpoint.Article}).",
                        checkpoint.Article
                    ))
                    .ToList(),
                close: false
            );
        }

        await PublishAsync(
            context,
            input,
            data,
            "completed",
            [
                Audit(
                    input,
                    "programme-completed",
                    context.CurrentUtcDateTime,
                    "completed",
                    data.SourceDocument,
                    TextLine.Of("audit.retrofit.programme-completed", ("checkpoints", data.Checkpoints.Count))
                ),
            ],
            [],
            close: true
        );
        return data.Results.Count;
    }

    private static string Pct(decimal share) => (share * 100m).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>An entry by the workflow whose summary is a catalogue text (issue 16): written "中文 / English", kept as its
    /// code and arguments so each reader gets their language.</summary>
    private static AuditEntry Audit(RetrofitProgrammeInput input, string key, DateTime at, string action, string article, TextLine line) =>
        AuditEntry.BySystem(input.CaseId, key, new DateTimeOffset(at, TimeSpan.Zero), action, article, ServerTexts.Default.Pair(line)) with
        {
            SummaryLine = line,
        };

    private static Task<CaseWritten> PublishAsync(
        TaskOrchestrationContext context,
        RetrofitProgrammeInput input,
        RetrofitProgrammeData data,
        string state,
        IReadOnlyList<AuditEntry> audit,
        IReadOnlyList<NotificationRequest> notifications,
        bool close
    ) =>
        new CaseFlow(context, input.CaseId).PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = state,
                AwaitedEvents = [],
                DataJson = JsonSerializer.Serialize(data, CaseJson.Options),
                Audit = audit,
                Notifications = notifications,
                Close = close,
                Outcome = close ? "completed" : null,
            }
        );
}
