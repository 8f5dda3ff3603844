using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Power;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Power;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Power;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.Power;

public sealed record ProxyUserInput(string CaseId, string Agency, ProxyUserData Data);

/// <summary>
/// A commercial or industrial user of a grid company under 发改办价格〔2021〕809号 二(六): notified at least one month
/// before the first proxy purchase (under proxy by default from that day if it neither trades directly nor signs);
/// under proxy it may choose, by the quarter's last 15 days (period <c>proxy-direct-trading-choice</c>, counted back from
/// the next quarter's first day, never moved), to trade directly from the next quarter; the trading institution tells
/// the grid company within 2 days (<c>proxy-change-notice</c>); a user that leaves the market again is back under proxy
/// by default, at 1.5 times the price when it left without a legitimate reason (二(五) 第二段, resolved in an activity).
/// </summary>
public sealed class ProxyUserOrchestration : TaskOrchestrator<ProxyUserInput, string>
{
    public const string Notified = "notified";
    public const string UnderProxy = "under-proxy";
    public const string Leaving = "leaving";
    public const string Direct = "direct";

    private const string Article = "发改办价格〔2021〕809号 二(六)";

    [Function(nameof(ProxyUserOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ProxyUserOrchestration().RunAsync(
            context,
            context.GetInput<ProxyUserInput>() ?? throw new InvalidOperationException("ProxyUserOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ProxyUserInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        data = data.Status == Notified ? await NotifiedAsync(flow, input, data) : await ReturnedAsync(flow, input, data, null);
        while (true)
        {
            data = data.Status switch
            {
                UnderProxy => await UnderProxyAsync(flow, input, data),
                Leaving => await LeavingAsync(flow, input, data),
                _ => await DirectAsync(flow, input, data),
            };
        }
    }

    /// <summary>The month of notice: the grid company starts proxy purchase on a day the notice allows, the user chooses to
    /// trade directly, or, at the first day allowed, the user is under proxy by default (二(六) 默认由电网企业代理购电).</summary>
    private static async Task<ProxyUserData> NotifiedAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data)
    {
        var plan = await flow.CallAsync(ActivityCalls.PlanProxyUser, new ProxyUserPlanRequest(data.Profile, flow.Today, data.NotifiedOn));
        var earliest = plan.FirstProxyEarliest!.Value;
        // A contract's first day (checked at intake, never before the earliest), else the earliest day by default.
        var contracted = data.ProxyFrom is { } asked && asked >= earliest ? asked : (DateOnly?)null;
        var first = contracted ?? earliest;
        data = data with { Multiplier = plan.Multiplier, PriceKinds = plan.Kinds, ProxyFrom = first };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Notified,
                AwaitedEvents = [PowerEvents.StartProxy, PowerEvents.ChooseDirect],
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "notified",
                        "notified",
                        Article,
                        $"{data.UserName}于 {data.NotifiedOn:yyyy-MM-dd} 接到通知，最早 {earliest:yyyy-MM-dd} 起由电网企业代理购电，按代理购电价格的 "
                            + $"{Times(plan.Multiplier)} 倍 / {data.UserName} notified on {data.NotifiedOn:yyyy-MM-dd}: under proxy from "
                            + $"{earliest:yyyy-MM-dd} at the earliest, at {Times(plan.Multiplier)} times the proxy purchase price.",
                        new
                        {
                            earliest,
                            plan.Multiplier,
                            plan.Kinds,
                            plan.PriceExplanation,
                            priceArticle = plan.PriceArticle,
                        }
                    ),
                ],
            }
        );

        while (true)
        {
            var wake = await flow.NextAsync(ChinaTime.StartOfDayUtc(first));
            if (wake.Reason == WakeReason.Timer)
            {
                return await StartProxyAsync(flow, input, data, first, null, contracted is null ? "default" : "contract");
            }

            if (wake.Reason != WakeReason.Event)
            {
                continue;
            }

            var e = wake.Event!;
            switch (e.Type)
            {
                case PowerEvents.StartProxy when EnergyPayload.Date(e.Payload(), "firstProxyOn") is { } signed && signed >= earliest:
                    return await StartProxyAsync(flow, input, data, signed, e, "contract");
                case PowerEvents.ChooseDirect:
                    return await ChoseDirectBeforeProxyAsync(flow, input, data, e);
                default:
                    await IgnoreAsync(flow, input, e, [PowerEvents.StartProxy, PowerEvents.ChooseDirect]);
                    break;
            }
        }
    }

    private static async Task<ProxyUserData> StartProxyAsync(
        CaseFlow flow,
        ProxyUserInput input,
        ProxyUserData data,
        DateOnly from,
        CaseEventEnvelope? e,
        string how
    )
    {
        data = data with { Status = UnderProxy, ProxyFrom = from };
        var summary =
            how == "default"
                ? $"通知期满，{data.UserName}未直接参与市场交易，也未签订代理购电合同，自 {from:yyyy-MM-dd} 起默认由电网企业代理购电 / The notice "
                    + $"month ended: {data.UserName} neither trades directly nor signed, so it is under proxy from {from:yyyy-MM-dd} by default."
                : $"签订代理购电合同，自 {from:yyyy-MM-dd} 起由电网企业代理购电 / Proxy contract signed: under proxy from {from:yyyy-MM-dd}.";
        var audit = e is null
            ? flow.SystemAudit($"proxy-from-{from:yyyyMMdd}", "proxy-started", Article, summary)
            : flow.EventAudit(e, "proxy-started", Article, summary);
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = UnderProxy,
                AwaitedEvents = [PowerEvents.ChooseDirect],
                DataJson = Json(data),
                Audit = [audit],
            }
        );
        return data;
    }

    private static async Task<ProxyUserData> ChoseDirectBeforeProxyAsync(
        CaseFlow flow,
        ProxyUserInput input,
        ProxyUserData data,
        CaseEventEnvelope e
    )
    {
        data = data with { Status = Direct, ChoiceOn = ChinaTime.ToLegalDate(e.AcceptedUtc), ProxyFrom = null };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Direct,
                AwaitedEvents = [PowerEvents.ReturnToProxy],
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "chose-direct",
                        Article,
                        $"{data.UserName}在通知期内选择直接参与市场交易，不由电网企业代理购电 / {data.UserName} chose direct trading within the "
                            + "notice month: no proxy purchase."
                    ),
                ],
            }
        );
        return data;
    }

    /// <summary>Under proxy: the open quarter's choice window with its reminders; its close keeps the user under proxy for
    /// the next quarter and opens that quarter's window, while the notice reaches it.</summary>
    private static async Task<ProxyUserData> UnderProxyAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data)
    {
        // From the first day under proxy, quarter by quarter: a window that closed before now closes at once (on the record).
        var from = data.ProxyFrom ?? flow.Today;
        var plan = await flow.CallAsync(ActivityCalls.PlanProxyUser, new ProxyUserPlanRequest(data.Profile, from));
        if (plan.Quarter is null || !PowerQuarter.TryParse(plan.Quarter, out var quarter))
        {
            return await WithoutWindowAsync(flow, input, data);
        }

        var (opens, fixedDay) = ProxyPowerClauses.ChoiceWindow(quarter);
        var request = new DeadlineRequest(
            "proxy-direct-trading-choice",
            $"选择{quarter.Next.Zh}起直接参与市场交易 / Choose direct trading from {quarter.Next}",
            "proxy-direct-trading-choice",
            opens,
            Role.Enterprise
        )
        {
            FixedDay = fixedDay,
        };
        var deadline = await flow.ComputeAsync(request);
        if (deadline.Due < from)
        {
            // The user came under proxy after this quarter's window closed: its first window is the next quarter's.
            return data with { ProxyFrom = quarter.Next.FirstDay };
        }

        var watch = new DeadlineWatch(request, deadline, Reminders(data, quarter, deadline).Where(r => r.AtUtc > flow.Now));
        data = data with { Window = quarter.ToString(), WindowClosesOn = deadline.Due };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = UnderProxy,
                AwaitedEvents = [PowerEvents.ChooseDirect],
                Deadline = deadline,
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        $"window-{quarter}",
                        "window-opened",
                        Article,
                        $"{data.UserName}可于 {deadline.Due:yyyy-MM-dd} 前选择{quarter.Next.Zh}起直接参与市场交易 / {data.UserName} may choose by "
                            + $"{deadline.Due:yyyy-MM-dd} to trade directly from {quarter.Next}.",
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
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, d => Reminders(data, quarter, d));
                    break;
                case WakeReason.Timer when watch.IsPast(flow.Now):
                    return await WindowClosedAsync(flow, input, data, quarter, watch);
                case WakeReason.Timer:
                    await RemindAsync(flow, input, watch);
                    break;
                case WakeReason.Event when wake.Event!.Type == PowerEvents.ChooseDirect && !watch.IsPast(wake.Event.AcceptedUtc):
                    return await ChoseDirectAsync(flow, input, data, quarter, wake.Event);
                case WakeReason.Event:
                    await IgnoreAsync(flow, input, wake.Event!, [PowerEvents.ChooseDirect]);
                    break;
            }
        }
    }

    private static async Task RemindAsync(CaseFlow flow, ProxyUserInput input, DeadlineWatch watch)
    {
        foreach (var reminder in watch.TakeDueReminders(flow.Now))
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    Audit = [flow.SystemAudit(reminder.Key, "reminder", Article, reminder.Message)],
                    Notifications =
                    [
                        new NotificationRequest(reminder.Key, Role.Enterprise, input.Agency, "reminder", reminder.Message, Article),
                    ],
                }
            );
        }
    }

    private static async Task<ProxyUserData> WindowClosedAsync(
        CaseFlow flow,
        ProxyUserInput input,
        ProxyUserData data,
        PowerQuarter quarter,
        DeadlineWatch watch
    )
    {
        data = data with { ProxyFrom = quarter.Next.FirstDay, Window = null, WindowClosesOn = null };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                ClearDeadline = true,
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        $"window-{quarter}-closed",
                        "window-closed",
                        Article,
                        $"{quarter.Zh}选择期限 {watch.Deadline.Due:yyyy-MM-dd} 已过，{quarter.Next.Zh}继续由电网企业代理购电 / The {quarter} window "
                            + $"closed on {watch.Deadline.Due:yyyy-MM-dd}: still under proxy in {quarter.Next}."
                    ),
                ],
            }
        );
        return data;
    }

    private static async Task<ProxyUserData> WithoutWindowAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data)
    {
        data = data with { Window = null, WindowClosesOn = null };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                ClearDeadline = true,
                // Still named, so a late choice is refused by the procedure with its rule (power.choice.window-closed).
                AwaitedEvents = [PowerEvents.ChooseDirect],
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "window-beyond-validity",
                        "window-beyond-validity",
                        "发改办价格〔2021〕809号 暂定有效期至2022年12月31日",
                        "通知暂定有效期至2022年12月31日，此后的季度不再开启选择期 / The notice runs until 2022-12-31 for now: no choice window "
                            + "opens for a later quarter."
                    ),
                ],
            }
        );
        while (true)
        {
            var wake = await flow.NextAsync(null);
            if (wake.Reason == WakeReason.Event)
            {
                await IgnoreAsync(flow, input, wake.Event!, [PowerEvents.ChooseDirect]);
            }
        }
    }

    private static async Task<ProxyUserData> ChoseDirectAsync(
        CaseFlow flow,
        ProxyUserInput input,
        ProxyUserData data,
        PowerQuarter quarter,
        CaseEventEnvelope e
    )
    {
        var chosenOn = ChinaTime.ToLegalDate(e.AcceptedUtc);
        data = data with
        {
            Status = Leaving,
            ChoiceOn = chosenOn,
            DirectFrom = quarter.Next.FirstDay,
            Window = null,
            WindowClosesOn = null,
        };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Leaving,
                AwaitedEvents = [PowerEvents.ChangeNoticeReceived],
                ClearDeadline = true,
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "chose-direct",
                        Article,
                        $"{data.UserName}于 {chosenOn:yyyy-MM-dd} 选择自 {quarter.Next.FirstDay:yyyy-MM-dd} 起直接参与市场交易，电网企业代理购电相应终止 / "
                            + $"{data.UserName} chose on {chosenOn:yyyy-MM-dd} to trade directly from {quarter.Next.FirstDay:yyyy-MM-dd}; "
                            + "proxy purchase ends then."
                    ),
                ],
            }
        );
        return data;
    }

    /// <summary>Chosen: the trading institution tells the grid company within 2 days (tracked, red when missed) and proxy
    /// purchase ends on the next quarter's first day.</summary>
    private static async Task<ProxyUserData> LeavingAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data)
    {
        var request = new DeadlineRequest(
            "proxy-change-notice",
            "电力交易机构告知电网企业变更信息 / The trading institution tells the grid company",
            "proxy-change-notice",
            data.ChoiceOn!.Value,
            Role.Enterprise
        );
        var deadline = await flow.ComputeAsync(request);
        var watch = new DeadlineWatch(request, deadline, []);
        data = data with { ChangeNoticeDueOn = deadline.Due };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                Deadline = deadline,
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        "change-notice-due",
                        "deadline-set",
                        Article,
                        $"电力交易机构应于 {deadline.Due:yyyy-MM-dd} 前将变更信息告知{data.GridName} / The trading institution tells {data.GridName} by "
                            + $"{deadline.Due:yyyy-MM-dd}.",
                        deadline.Explanation
                    ),
                ],
            }
        );

        var directFrom = ChinaTime.StartOfDayUtc(data.DirectFrom!.Value);
        while (true)
        {
            var noticed = data.ChangeNoticeOn is not null;
            var next = noticed || watch.Overdue ? directFrom : (watch.NextWake is { } w && w < directFrom ? w : directFrom);
            var wake = await flow.NextAsync(next);
            if (wake.Reason == WakeReason.Timer && flow.Now >= directFrom)
            {
                return await BecameDirectAsync(flow, input, data);
            }

            if (wake.Reason == WakeReason.Timer && watch.MarkOverdue(flow.Now))
            {
                await ChangeNoticeOverdueAsync(flow, input, data, deadline);
            }
            else if (wake.Reason == WakeReason.Event && wake.Event!.Type == PowerEvents.ChangeNoticeReceived && !noticed)
            {
                data = await ChangeNoticedAsync(flow, input, data, watch, wake.Event);
            }
            else if (wake.Reason == WakeReason.Event)
            {
                await IgnoreAsync(flow, input, wake.Event!, noticed ? [] : [PowerEvents.ChangeNoticeReceived]);
            }
        }
    }

    private static async Task ChangeNoticeOverdueAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data, CaseDeadline deadline) =>
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                Audit =
                [
                    flow.SystemAudit(
                        $"change-notice-overdue-{deadline.Due:yyyyMMdd}",
                        "overdue",
                        Article,
                        $"电力交易机构未在 {deadline.Due:yyyy-MM-dd} 前告知{data.GridName}变更信息，已报价格主管部门 / The trading institution did not "
                            + $"tell {data.GridName} by {deadline.Due:yyyy-MM-dd}; escalated to the price office."
                    ),
                ],
                Notifications =
                [
                    new NotificationRequest(
                        $"change-notice-overdue-{deadline.Due:yyyyMMdd}",
                        PriceOffices.Of(input.Agency),
                        input.Agency,
                        "escalation",
                        $"{data.UserName}转直接交易的变更信息逾期未告知电网企业（期限 {deadline.Due:yyyy-MM-dd}） / {data.UserName}'s change was not "
                            + $"told to the grid company by {deadline.Due:yyyy-MM-dd}.",
                        Article
                    ),
                ],
            }
        );

    private static async Task<ProxyUserData> ChangeNoticedAsync(
        CaseFlow flow,
        ProxyUserInput input,
        ProxyUserData data,
        DeadlineWatch watch,
        CaseEventEnvelope e
    )
    {
        var late = watch.IsPast(e.AcceptedUtc);
        data = data with { ChangeNoticeOn = ChinaTime.ToLegalDate(e.AcceptedUtc) };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                AwaitedEvents = [],
                ClearDeadline = true,
                Late = late ? true : null,
                DataJson = Json(data),
                Audit =
                [
                    flow.EventAudit(
                        e,
                        "change-notice-received",
                        Article,
                        $"{data.GridName}于 {data.ChangeNoticeOn:yyyy-MM-dd} 收到电力交易机构的变更信息{(late ? "，逾期" : "")} / {data.GridName} was told "
                            + $"on {data.ChangeNoticeOn:yyyy-MM-dd}{(late ? ", late" : "")}.",
                        late: late
                    ),
                ],
            }
        );
        return data;
    }

    private static async Task<ProxyUserData> BecameDirectAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data)
    {
        data = data with
        {
            Status = Direct,
            Profile = data.Profile with { TradedDirectly = true },
            ProxyFrom = null,
            ChangeNoticeDueOn = null,
        };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = Direct,
                AwaitedEvents = [PowerEvents.ReturnToProxy],
                ClearDeadline = true,
                DataJson = Json(data),
                Audit =
                [
                    flow.SystemAudit(
                        $"direct-from-{data.DirectFrom:yyyyMMdd}",
                        "direct",
                        Article,
                        $"自 {data.DirectFrom:yyyy-MM-dd} 起直接参与市场交易，电网企业代理购电终止 / Trading directly from {data.DirectFrom:yyyy-MM-dd}; "
                            + "proxy purchase ended."
                    ),
                ],
            }
        );
        return data;
    }

    /// <summary>Trading directly until the grid company records that the user left the market (the API refuses it for a
    /// high-energy user, 二(五) 第二段 不得退出).</summary>
    private static async Task<ProxyUserData> DirectAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data)
    {
        while (true)
        {
            var wake = await flow.NextAsync(null);
            if (wake.Reason != WakeReason.Event)
            {
                continue;
            }

            var e = wake.Event!;
            if (e.Type == PowerEvents.ReturnToProxy && EnergyPayload.Date(e.Payload(), "leftMarketOn") is { } left)
            {
                var without = e.Payload().TryGetProperty("withoutLegitimateReason", out var w) && w.ValueKind == JsonValueKind.True;
                data = data with
                {
                    LeftMarketOn = left,
                    Profile = data.Profile with { TradedDirectly = true, ReturnedWithoutLegitimateReason = without },
                };
                return await ReturnedAsync(flow, input, data, e);
            }

            await IgnoreAsync(flow, input, e, [PowerEvents.ReturnToProxy]);
        }
    }

    /// <summary>二(一)、二(六): a user that left the market is under proxy by default from the next month, at the price the
    /// table gives it (1.5 times without a legitimate reason).</summary>
    private static async Task<ProxyUserData> ReturnedAsync(CaseFlow flow, ProxyUserInput input, ProxyUserData data, CaseEventEnvelope? e)
    {
        var from = PowerMonth.Of(data.LeftMarketOn!.Value).Next.FirstDay;
        var plan = await flow.CallAsync(ActivityCalls.PlanProxyUser, new ProxyUserPlanRequest(data.Profile, from));
        data = data with
        {
            Status = UnderProxy,
            ProxyFrom = from,
            Multiplier = plan.Multiplier,
            PriceKinds = plan.Kinds,
            DirectFrom = null,
            ChoiceOn = null,
            ChangeNoticeOn = null,
        };
        var summary =
            $"{data.UserName}于 {data.LeftMarketOn:yyyy-MM-dd} 退出市场交易，自 {from:yyyy-MM-dd} 起默认由电网企业代理购电，按代理购电价格的 "
            + $"{Times(plan.Multiplier)} 倍 / {data.UserName} left the market on {data.LeftMarketOn:yyyy-MM-dd}: under proxy from "
            + $"{from:yyyy-MM-dd} by default, at {Times(plan.Multiplier)} times the proxy purchase price.";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = UnderProxy,
                AwaitedEvents = [PowerEvents.ChooseDirect],
                DataJson = Json(data),
                Audit =
                [
                    e is null
                        ? flow.SystemAudit(
                            "returned",
                            "returned-to-proxy",
                            plan.PriceArticle,
                            summary,
                            new
                            {
                                plan.Multiplier,
                                plan.Kinds,
                                plan.PriceExplanation,
                            }
                        )
                        : flow.EventAudit(
                            e,
                            "returned-to-proxy",
                            plan.PriceArticle,
                            summary,
                            new
                            {
                                plan.Multiplier,
                                plan.Kinds,
                                plan.PriceExplanation,
                            }
                        ),
                ],
            }
        );
        return data;
    }

    private static async Task IgnoreAsync(CaseFlow flow, ProxyUserInput input, CaseEventEnvelope e, IReadOnlyList<string> awaited) =>
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                AwaitedEvents = awaited,
                Audit = [flow.EventAudit(e, "event-ignored", Article, $"此时不接受“{e.Type}” / '{e.Type}' does not apply now.")],
            }
        );

    /// <summary>Reminders to the user N days before the window closes, on the days the table sets.</summary>
    internal static IEnumerable<Reminder> Reminders(ProxyUserData data, PowerQuarter quarter, CaseDeadline d) =>
        (d.ReminderDaysBefore ?? [])
            .Where(n => d.Due.AddDays(-n) > d.Start)
            .Select(n => new Reminder(
                ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
                $"reminder-{d.Due:yyyyMMdd}-{n}",
                $"还有 {n} 天：{data.UserName}如选择{quarter.Next.Zh}起直接参与市场交易，应于 {d.Due:yyyy-MM-dd} 前提出 / {n} day(s) left: "
                    + $"{data.UserName} chooses by {d.Due:yyyy-MM-dd} to trade directly from {quarter.Next} ({Article})."
            ));

    private static string Times(decimal multiplier) => multiplier.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static string Json(ProxyUserData data) => JsonSerializer.Serialize(data, CaseJson.Options);
}
