using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Power;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Power;
using Workflows.Functions.Cases;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Power;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.Power;

public sealed record ProxyObligationInput(string CaseId, string Agency, PowerObligationData Data);

/// <summary>
/// A grid company's tracked obligation under 发改办价格〔2021〕809号: a month's proxy prices published at least 3 days
/// before the month (二(五), period <c>proxy-price-publication</c>, counted back from the month's first day and never
/// moved), or a quarter's report to the price department (四(一), period <c>proxy-quarterly-report</c>). Deadlines are
/// computed in ComputeDeadlineActivity; reminders go to the company, a missed day turns the case red and is escalated to
/// the price office of its division; a late publication is still recorded and marked late, with what, where and when.
/// </summary>
public sealed class ProxyObligationOrchestration : TaskOrchestrator<ProxyObligationInput, string>
{
    public const string Awaiting = "awaiting";
    public const string Overdue = "overdue";

    [Function(nameof(ProxyObligationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ProxyObligationOrchestration().RunAsync(
            context,
            context.GetInput<ProxyObligationInput>() ?? throw new InvalidOperationException("ProxyObligationOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ProxyObligationInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        var request = Request(data);
        var deadline = await flow.ComputeAsync(request);
        var watch = new DeadlineWatch(request, deadline, Reminders(data, deadline).Where(r => r.AtUtc > flow.Now));
        data = data with { DueOn = deadline.Due };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Awaiting,
                AwaitedEvents = [EventOf(data)],
                Deadline = deadline,
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "deadline-0",
                        "deadline-set",
                        Article(data),
                        $"{data.GridName}应于 {deadline.Due:yyyy-MM-dd} 前{WhatZh(data)} / {data.GridName} {WhatEn(data)} by "
                            + $"{deadline.Due:yyyy-MM-dd} ({deadline.Rule}).",
                        deadline.Explanation
                    ),
                ],
            }
        );

        while (true)
        {
            var wake = await flow.NextAsync(watch.NextWake);
            switch (wake.Reason)
            {
                case WakeReason.CalendarChanged:
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, d => Reminders(data, d));
                    data = data with { DueOn = watch.Deadline.Due };
                    break;
                case WakeReason.Timer:
                    await OnTimerAsync(flow, input, data, watch);
                    break;
                case WakeReason.Event when wake.Event!.Type == EventOf(data):
                    var (recorded, outcome) = await RecordAsync(flow, input, data, watch, wake.Event);
                    data = recorded;
                    if (outcome is not null)
                    {
                        return outcome;
                    }

                    break;
                case WakeReason.Event:
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            AwaitedEvents = [EventOf(data)],
                            Audit =
                            [
                                flow.EventAudit(
                                    wake.Event!,
                                    "event-ignored",
                                    Article(data),
                                    $"此时不接受“{wake.Event.Type}” / '{wake.Event.Type}' does not apply now."
                                ),
                            ],
                        }
                    );
                    break;
            }
        }
    }

    private static async Task OnTimerAsync(CaseFlow flow, ProxyObligationInput input, PowerObligationData data, DeadlineWatch watch)
    {
        var now = flow.Now;
        if (watch.MarkOverdue(now))
        {
            var due = watch.Deadline.Due;
            var office = PriceOffices.Of(input.Agency);
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = Overdue,
                    Audit =
                    [
                        flow.SystemAudit(
                            $"overdue-{due:yyyyMMdd}",
                            "overdue",
                            Article(data),
                            $"{data.GridName}未在 {due:yyyy-MM-dd} 前{WhatZh(data)}，已报价格主管部门 / {data.GridName} did not "
                                + $"{WhatEn(data)} by {due:yyyy-MM-dd}; escalated to the price office."
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            $"overdue-{due:yyyyMMdd}-grid",
                            Role.Enterprise,
                            input.Agency,
                            "overdue",
                            $"{data.GridName}：{WhatZh(data)}的期限 {due:yyyy-MM-dd} 已过 / {data.GridName}: {WhatEn(data)} was due "
                                + $"{due:yyyy-MM-dd}.",
                            Article(data)
                        ),
                        new NotificationRequest(
                            $"overdue-{due:yyyyMMdd}-office",
                            office,
                            input.Agency,
                            "escalation",
                            $"{data.GridName}逾期未{WhatZh(data)}（期限 {due:yyyy-MM-dd}） / {data.GridName} missed: {WhatEn(data)} "
                                + $"(due {due:yyyy-MM-dd}).",
                            Article(data)
                        ),
                    ],
                }
            );
            return;
        }

        foreach (var reminder in watch.TakeDueReminders(now))
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    Audit = [flow.SystemAudit(reminder.Key, "reminder", Article(data), reminder.Message)],
                    Notifications =
                    [
                        new NotificationRequest(reminder.Key, Role.Enterprise, input.Agency, "reminder", reminder.Message, Article(data)),
                    ],
                }
            );
        }
    }

    private static async Task<(PowerObligationData Data, string? Outcome)> RecordAsync(
        CaseFlow flow,
        ProxyObligationInput input,
        PowerObligationData data,
        DeadlineWatch watch,
        CaseEventEnvelope e
    )
    {
        var checkedBody = await flow.CallAsync(
            ActivityCalls.CheckPowerObligation,
            new PowerObligationCheckRequest(data.Kind, e.PayloadJson)
        );
        if (checkedBody.Errors.Count > 0)
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    AwaitedEvents = [EventOf(data)],
                    Audit = [flow.EventAudit(e, "refused", Article(data), string.Join(" ", checkedBody.Errors))],
                }
            );
            return (data, null);
        }

        // When: the server's acceptance, never a day the company states (nothing a client can forge).
        var late = watch.IsPast(e.AcceptedUtc);
        data = data with
        {
            Publication = checkedBody.Publication,
            ReportSummary = checkedBody.Report?.Summary,
            RecordedUtc = e.AcceptedUtc,
            Late = late,
        };
        var outcome = (data.Kind == PowerObligationKinds.PricePublication ? "published" : "reported") + (late ? "-late" : "");
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = outcome,
                Outcome = outcome,
                Close = true,
                ClearDeadline = true,
                Late = late,
                DataJson = Json(data),
                Audit = [flow.EventAudit(e, outcome, Article(data), RecordedSummary(data, checkedBody, watch, late), late: late)],
            }
        );
        return (data, outcome);
    }

    private static string RecordedSummary(PowerObligationData data, PowerObligationCheckOutcome body, DeadlineWatch watch, bool late)
    {
        var lateZh = late ? $"，逾期（期限 {watch.Deadline.Due:yyyy-MM-dd}）" : "";
        var lateEn = late ? $", late (due {watch.Deadline.Due:yyyy-MM-dd})" : "";
        if (body.Publication is { } p)
        {
            return $"已公布{data.Period}代理购电价格 {Num(p.PurchasePriceYuanPerKwh)} 元/千瓦时、用户电价 {Num(p.UserPriceYuanPerKwh)} 元/千瓦时，"
                + $"{p.Items.Count} 项信息，渠道 {string.Join("、", p.Channels)}{lateZh} / Published the {data.Period} proxy purchase price "
                + $"{Num(p.PurchasePriceYuanPerKwh)} and user price {Num(p.UserPriceYuanPerKwh)} yuan/kWh, {p.Items.Count} items, "
                + $"channels {string.Join(", ", p.Channels)}{lateEn}.";
        }

        var r = body.Report!;
        return $"已报送{data.Period}代理购电情况：代理用户 {r.ProxyUsers} 户，电量 {Num(r.ProxyVolumeMwh)} 兆瓦时，转直接交易 {r.UsersChangedToDirect} 户"
            + $"{lateZh} / Reported {data.Period}: {r.ProxyUsers} proxy users, {Num(r.ProxyVolumeMwh)} MWh, {r.UsersChangedToDirect} "
            + $"changed to direct trading{lateEn}.";
    }

    /// <summary>The deadline of the obligation: the publication counts back from the month's first day (二(五)), the
    /// report forward from the quarter's last day (四(一), the table's reading).</summary>
    internal static DeadlineRequest Request(PowerObligationData data)
    {
        if (data.Kind == PowerObligationKinds.PricePublication && PowerMonth.TryParse(data.Period, out var month))
        {
            var (opens, fixedDay) = ProxyPowerClauses.PublicationWindow(month);
            return new DeadlineRequest(
                "proxy-price-publication",
                $"公布{month.Zh}代理购电价格 / Publish the {month} proxy prices",
                "proxy-price-publication",
                opens,
                Role.Enterprise
            )
            {
                FixedDay = fixedDay,
            };
        }

        if (data.Kind == PowerObligationKinds.QuarterlyReport && PowerQuarter.TryParse(data.Period, out var quarter))
        {
            return new DeadlineRequest(
                "proxy-quarterly-report",
                $"报送{quarter.Zh}代理购电情况 / Report {quarter} proxy purchase",
                "proxy-quarterly-report",
                quarter.LastDay,
                Role.Enterprise
            );
        }

        throw new InvalidOperationException($"Bad obligation {data.Kind} {data.Period}.");
    }

    internal static string EventOf(PowerObligationData data) =>
        data.Kind == PowerObligationKinds.PricePublication ? PowerEvents.Publish : PowerEvents.Report;

    /// <summary>Reminders N days before the deadline, on the days the table sets; none before the obligation opens.</summary>
    internal static IEnumerable<Reminder> Reminders(PowerObligationData data, CaseDeadline d) =>
        (d.ReminderDaysBefore ?? [])
            .Where(n => d.Due.AddDays(-n) > d.Start)
            .Select(n => new Reminder(
                ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
                $"reminder-{d.Due:yyyyMMdd}-{n}",
                $"还有 {n} 天：{data.GridName}应于 {d.Due:yyyy-MM-dd} 前{WhatZh(data)} / {n} day(s) left: {data.GridName} "
                    + $"{WhatEn(data)} by {d.Due:yyyy-MM-dd} ({Article(data)})."
            ));

    private static string WhatZh(PowerObligationData data) =>
        data.Kind == PowerObligationKinds.PricePublication
            ? $"公布{data.Period}代理购电价格和代理购电用户电价"
            : $"向价格主管部门报送{data.Period}代理购电及变化情况";

    private static string WhatEn(PowerObligationData data) =>
        data.Kind == PowerObligationKinds.PricePublication
            ? $"publishes the {data.Period} proxy prices"
            : $"reports {data.Period} proxy purchase to the price office";

    internal static string Article(PowerObligationData data) =>
        data.Kind == PowerObligationKinds.PricePublication ? "发改办价格〔2021〕809号 二(五)" : "发改办价格〔2021〕809号 四(一)";

    private static string Num(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Json(PowerObligationData data) => JsonSerializer.Serialize(data, CaseJson.Options);
}
