using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Power;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.Power;

namespace Workflows.Functions.Power;

/// <summary>A grid company's tracked obligation: a month's price publication (二(五)) or a quarter's report (四(一)).</summary>
public sealed class ProxyObligationProcedure : ICaseProcedure
{
    public const string ProcedureName = "proxy-power-obligation";

    private static readonly ProxyPowerRules Rules = ProxyPowerRules.Ndrc809;

    public string Name => ProcedureName;

    public string CasePrefix => "PPO";

    public string OrchestratorName => nameof(ProxyObligationOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            PowerEvents.Publish,
            [Role.Enterprise],
            Rules.Cite("二(五)"),
            ["purchasePriceYuanPerKwh", "userPriceYuanPerKwh", "items", "channels"],
            "公布次月代理购电价格、代理购电用户电价及相关信息 / Publish next month's proxy prices and information."
        ),
        new(
            PowerEvents.Report,
            [Role.Enterprise],
            Rules.Cite("四(一)"),
            ["summary", "proxyUsers", "proxyVolumeMwh", "usersChangedToDirect"],
            "按季度向价格主管部门报送代理购电及变化情况 / Report the quarter's proxy purchase to the price office."
        ),
    ];

    /// <summary>Only the grid company itself records its publication or report; the body is checked on the table before
    /// the event claims a stage, so the company learns every problem (400) at once.</summary>
    public Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        if (PowerObligationData.From(record) is not { } data)
        {
            return Task.FromResult<IResult?>(null);
        }

        if (!string.Equals(actor.Uscc, data.GridUscc, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult<IResult?>(
                ApiProblems.Forbidden($"由{data.GridName}自行记录 / {data.GridName} records this itself ({Rules.Cite("二(五)")}).")
            );
        }

        var errors =
            type == PowerEvents.Publish ? PowerReaders.Publication(Rules, payload).Errors : PowerReaders.Report(Rules, payload).Errors;
        return Task.FromResult(errors.Count > 0 ? EnergyApiProblems.Validation(errors) : null);
    }
}

/// <summary>A user of a grid company: the first proxy purchase, the quarterly choice, the return (二(六)).</summary>
public sealed class ProxyUserProcedure(TimeProvider clock) : ICaseProcedure
{
    public const string ProcedureName = "proxy-power-user";

    private static readonly ProxyPowerRules Rules = ProxyPowerRules.Ndrc809;

    public string Name => ProcedureName;

    public string CasePrefix => "PPU";

    public string OrchestratorName => nameof(ProxyUserOrchestration);

    public IReadOnlyList<CaseEventRule> Events { get; } =
    [
        new(
            PowerEvents.StartProxy,
            [Role.Enterprise],
            Rules.Cite("二(六)"),
            ["firstProxyOn"],
            "签订代理购电合同，首次代理购电（至少提前1个月通知） / Proxy contract signed: the first proxy purchase (1 month's notice)."
        ),
        new(
            PowerEvents.ChooseDirect,
            [Role.Enterprise],
            Rules.Cite("二(六)"),
            [],
            "选择下一季度起直接参与市场交易（每季度最后15日前） / Choose direct trading from the next quarter (before the last 15 days)."
        ),
        new(
            PowerEvents.ChangeNoticeReceived,
            [Role.Enterprise],
            Rules.Cite("二(六)"),
            [],
            "收到电力交易机构的变更信息（2日内） / Told of the change by the trading institution (within 2 days)."
        ),
        new(
            PowerEvents.ReturnToProxy,
            [Role.Enterprise],
            Rules.Cite("二(一)、二(六)"),
            ["leftMarketOn"],
            "用户退出市场交易，默认由电网企业代理购电 / The user left the market: under proxy by default."
        ),
    ];

    public Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    ) => Task.FromResult(ProxyUserData.From(record) is { } data ? Check(data, type, payload, actor) : null);

    /// <summary>The form offers the choice only while a window is open (the case still names it, so a late choice is
    /// answered with its rule).</summary>
    public bool Offers(CaseRecord record, string type) =>
        type != PowerEvents.ChooseDirect || (ProxyUserData.From(record) is { } data && CheckChoice(data) is null);

    private IResult? Check(ProxyUserData data, string type, JsonElement payload, Principal actor)
    {
        var byUser = type == PowerEvents.ChooseDirect;
        var expected = byUser ? data.UserUscc : data.GridUscc;
        if (!string.Equals(actor.Uscc, expected, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Forbidden(
                byUser
                    ? $"选择直接参与市场交易由{data.UserName}自行提出 / {data.UserName} makes this choice itself ({Rules.Cite("二(六)")})."
                    : $"由{data.GridName}记录 / {data.GridName} records this ({Rules.Cite("二(六)")})."
            );
        }

        return type switch
        {
            PowerEvents.StartProxy => CheckStart(data, payload),
            PowerEvents.ChooseDirect => CheckChoice(data),
            PowerEvents.ReturnToProxy => CheckReturn(data, payload),
            _ => null,
        };
    }

    /// <summary>二(六): the first proxy purchase at least one month after the notice; earlier is refused naming the rule.</summary>
    private static IResult? CheckStart(ProxyUserData data, JsonElement payload)
    {
        if (EnergyPayload.Date(payload, "firstProxyOn") is not { } first)
        {
            return ApiProblems.Validation(
                "firstProxyOn",
                "power.first-proxy.date",
                "“firstProxyOn”应为首次代理购电日期，如 2022-01-01 / 'firstProxyOn' is the first proxy day, like 2022-01-01."
            );
        }

        var decision = ProxyPowerClauses.FirstProxy(Rules, data.NotifiedOn ?? first, first);
        return decision.Allowed
            ? null
            : ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "power.first-proxy.too-early",
                $"{decision.Message} ({Rules.Cite("二(六)")})",
                new Dictionary<string, object?>
                {
                    ["earliest"] = decision.Earliest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                }
            );
    }

    /// <summary>二(六) 每季度最后15日前: a choice after the open window's last day is refused, naming it; no window is open
    /// once the notice no longer reaches the quarter.</summary>
    private IResult? CheckChoice(ProxyUserData data)
    {
        if (data.Status == ProxyUserOrchestration.Notified)
        {
            return null;
        }

        var today = ChinaTime.Today(clock);
        if (data.Status != ProxyUserOrchestration.UnderProxy || data.WindowClosesOn is not { } closes || today > closes)
        {
            var last = data.WindowClosesOn is { } c ? $"（期限 {c:yyyy-MM-dd}）" : "";
            return ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "power.choice.window-closed",
                $"现无开放的选择期{last}：应在每季度最后15日前选择下一季度起直接参与市场交易 / No choice window is open{last}: the choice "
                    + $"is made before the quarter's last 15 days ({Rules.Cite("二(六)")}; {Rules.ValidityArticle})."
            );
        }

        return null;
    }

    /// <summary>二(五) 第二段: a high-energy user that trades directly may not leave the market.</summary>
    private static IResult? CheckReturn(ProxyUserData data, JsonElement payload)
    {
        if (EnergyPayload.Date(payload, "leftMarketOn") is null)
        {
            return ApiProblems.Validation(
                "leftMarketOn",
                "power.left-market.date",
                "“leftMarketOn”应为退出市场交易的日期，如 2022-06-30 / 'leftMarketOn' is the day the user left, like 2022-06-30."
            );
        }

        return ProxyPowerClauses.LeaveMarket(Rules, data.Profile with { TradedDirectly = true }) is { } refusal
            ? ApiProblems.Create(StatusCodes.Status409Conflict, refusal.Rule, $"{refusal.Message} ({refusal.Article})")
            : null;
    }
}
