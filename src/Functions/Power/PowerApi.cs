using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Domain.Identifiers;
using Workflows.Domain.Power;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.Power;

namespace Workflows.Functions.Power;

/// <summary>A user as the grid company enters it: who, at what voltage, the facts of 二(五) 第二段, and either the day
/// it was notified of the first proxy purchase (with the first proxy day of the contract, if signed) or the day it left
/// the market.</summary>
public sealed record ProxyUserRequest(
    string GridCompany,
    string UserName,
    string UserUscc,
    decimal VoltageKv,
    ProxyUserProfile? Profile = null,
    DateOnly? NotifiedOn = null,
    DateOnly? LeftMarketOn = null,
    DateOnly? FirstProxyOn = null
);

/// <summary>HTTP handlers of the proxy power family (发改办价格〔2021〕809号).</summary>
public sealed class PowerApi(
    RequestAuthorization authorization,
    CaseIntake intake,
    ProxyObligationProcedure obligations,
    ProxyUserProcedure users,
    TimeProvider clock
)
{
    private static readonly ProxyPowerRules Rules = ProxyPowerRules.Ndrc809;

    /// <summary><c>POST /api/proxy-power-obligations</c> <c>{"kind": "price-publication", "period": "2021-12"}</c> or
    /// <c>{"kind": "quarterly-report", "period": "2021-Q4"}</c>: the price office opens the obligation of every grid company
    /// of its jurisdiction (idempotent per company and period).</summary>
    public async Task<IResult> OpenObligationsAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization
            .RequireJsonAsync(request, cancellationToken, Role.MunicipalDrc, Role.ProvincialDrc)
            .ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var kind = EnergyPayload.Text(call.Json, "kind");
        if (kind is null || !PowerObligationKinds.All.Contains(kind))
        {
            return ApiProblems.Validation(
                "kind",
                "power.obligation.kind",
                $"“kind”应为 {string.Join(" 或 ", PowerObligationKinds.All)} / 'kind' is one of {string.Join(", ", PowerObligationKinds.All)}; got '{kind}'."
            );
        }

        var period = EnergyPayload.Text(call.Json, "period");
        if (PeriodProblem(kind, period) is { } problem)
        {
            return problem;
        }

        var grids = Rules.GridCompanies.Where(g => Jurisdiction.Covers(call.Principal.Agency, g.Agency)).ToList();
        var opened = new Dictionary<string, string>(StringComparer.Ordinal);
        var created = false;
        foreach (var grid in grids)
        {
            var data = new PowerObligationData(kind, period!, grid.Id, grid.Name, grid.Uscc);
            var result = await intake
                .OpenAsync(ObligationIntake(data, grid, call.Principal), client, cancellationToken)
                .ConfigureAwait(false);
            if (result.Refusal is { } refusal)
            {
                return ApiProblems.Forbidden(refusal);
            }

            opened[grid.Id] = result.CaseId;
            created |= result.Created;
        }

        return Results.Json(
            new
            {
                kind,
                period,
                cases = opened,
                created,
            },
            CaseJson.Options,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK
        );
    }

    private IntakeRequest ObligationIntake(PowerObligationData data, GridCompany grid, Principal actor) =>
        new()
        {
            Procedure = obligations,
            Agency = grid.Agency,
            Title =
                data.Kind == PowerObligationKinds.PricePublication
                    ? $"{grid.Name}{data.Period}代理购电价格公布 / {grid.Id} proxy prices {data.Period}"
                    : $"{grid.Name}{data.Period}代理购电情况报告 / {grid.Id} proxy purchase report {data.Period}",
            Parties = [new CaseParty("grid-company", grid.Name, grid.Uscc)],
            Usccs = [grid.Uscc],
            Data = data,
            OrchestrationInput = id => new ProxyObligationInput(id, grid.Agency, data),
            IdempotencyScope = ProxyObligationProcedure.ProcedureName,
            IdempotencyKey = $"{data.Kind}|{data.Period}|{grid.Id}",
            RequestHash = $"{data.Kind}|{data.Period}|{grid.Id}",
            Actor = actor,
            AcceptedUtc = clock.GetUtcNow(),
            Article = ProxyObligationOrchestration.Article(data),
            Summary =
                data.Kind == PowerObligationKinds.PricePublication
                    ? $"{grid.Name}公布{data.Period}代理购电价格（提前3日） / {grid.Name} publishes the {data.Period} proxy prices (3 days ahead)."
                    : $"{grid.Name}报送{data.Period}代理购电情况 / {grid.Name} reports {data.Period} proxy purchase.",
        };

    private static IResult? PeriodProblem(string kind, string? period)
    {
        var monthly = kind == PowerObligationKinds.PricePublication;
        if (monthly ? !PowerMonth.TryParse(period, out _) : !PowerQuarter.TryParse(period, out _))
        {
            return ApiProblems.Validation(
                "period",
                "power.period.format",
                monthly
                    ? $"“period”应写作 2021-12（年-月） / 'period' reads like 2021-12; got '{period}'."
                    : $"“period”应写作 2021-Q4（年-季度） / 'period' reads like 2021-Q4; got '{period}'."
            );
        }

        var covered = monthly
            ? PowerMonth.TryParse(period, out var m) && ProxyPowerClauses.Covers(Rules, m)
            : PowerQuarter.TryParse(period, out var q) && ProxyPowerClauses.Covers(Rules, q);
        return covered
            ? null
            : ApiProblems.Validation(
                "period",
                "power.period.outside-validity",
                $"{period} 不在通知的有效期内（{Rules.ValidFrom:yyyy-MM-dd} 印发，暂定有效期至 {Rules.ValidUntil:yyyy-MM-dd}） / {period} is outside "
                    + $"the notice's validity ({Rules.ValidFrom:yyyy-MM-dd} to {Rules.ValidUntil:yyyy-MM-dd}: {Rules.ValidityArticle})."
            );
    }

    /// <summary><c>POST /api/proxy-power-users</c>: the grid company enters a user it notified of the first proxy purchase
    /// (<c>notifiedOn</c>) or that left the market (<c>leftMarketOn</c>); one case per company and user.</summary>
    public async Task<IResult> OpenUserAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Role.Enterprise).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (body, errors) = Read(call.Json);
        if (body is null)
        {
            return EnergyApiProblems.Validation(errors);
        }

        var grid = Rules.Grid(body.GridCompany)!;
        if (!string.Equals(call.Principal.Uscc, grid.Uscc, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Forbidden($"用户由{grid.Name}自行登记 / {grid.Name} enters its own users ({Rules.Cite("二(六)")}).");
        }

        var notified = body.NotifiedOn is not null;
        var data = new ProxyUserData(
            grid.Id,
            grid.Name,
            grid.Uscc,
            body.UserName,
            body.UserUscc.ToUpperInvariant(),
            body.VoltageKv,
            (body.Profile ?? new ProxyUserProfile()) with
            {
                TradedDirectly = !notified || (body.Profile?.TradedDirectly ?? false),
            },
            body.NotifiedOn,
            body.LeftMarketOn,
            notified ? ProxyUserOrchestration.Notified : ProxyUserOrchestration.UnderProxy,
            ProxyFrom: notified ? body.FirstProxyOn : null
        );
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = users,
                    Agency = grid.Agency,
                    Title = $"{body.UserName}代理购电 / {data.UserUscc} proxy purchase",
                    Parties = [new CaseParty("user", body.UserName, data.UserUscc), new CaseParty("grid-company", grid.Name, grid.Uscc)],
                    Usccs = [data.UserUscc, grid.Uscc],
                    Data = data,
                    OrchestrationInput = id => new ProxyUserInput(id, grid.Agency, data),
                    IdempotencyScope = ProxyUserProcedure.ProcedureName,
                    IdempotencyKey = $"{grid.Id}|{data.UserUscc}",
                    RequestHash = JsonSerializer.Serialize(data, CaseJson.Options),
                    Actor = call.Principal,
                    AcceptedUtc = clock.GetUtcNow(),
                    Article = Rules.Cite("二(六)"),
                    Summary = notified
                        ? $"{grid.Name}于 {body.NotifiedOn:yyyy-MM-dd} 通知{body.UserName}首次代理购电 / {grid.Name} notified {body.UserName} of the "
                            + $"first proxy purchase on {body.NotifiedOn:yyyy-MM-dd}."
                        : $"{body.UserName}于 {body.LeftMarketOn:yyyy-MM-dd} 退出市场交易，默认由电网企业代理购电 / {body.UserName} left the market on "
                            + $"{body.LeftMarketOn:yyyy-MM-dd}: under proxy by default.",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return result.Refusal is { } refusal
            ? ApiProblems.Forbidden(refusal)
            : IntakeAnswer.Of(result.CaseId, ProxyUserProcedure.ProcedureName, result.Created, asynchronous: false);
    }

    private static (ProxyUserRequest? Body, IReadOnlyList<ValidationError> Errors) Read(JsonElement json)
    {
        ProxyUserRequest? body;
        try
        {
            body = json.Deserialize<ProxyUserRequest>(EnergyJson.InputOptions);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (
                null,
                [new(field, "power.body.shape", $"内容不符合格式 / The body does not match the form: {e.Message}", Rules.Cite("二(六)"))]
            );
        }

        var errors = body is null
            ? [new ValidationError("body", "power.body.shape", "内容为空 / The body is empty.", Rules.Cite("二(六)"))]
            : Check(body);
        return (errors.Count == 0 ? body : null, errors);
    }

    private static List<ValidationError> Check(ProxyUserRequest body)
    {
        var article = Rules.Cite("二(六)");
        var errors = new List<ValidationError>();
        if (Rules.Grid(body.GridCompany ?? "") is null)
        {
            errors.Add(
                new(
                    "gridCompany",
                    "power.grid.unknown",
                    $"电网企业应为 {string.Join("、", Rules.GridCompanies.Select(g => $"{g.Id}（{g.Name}）"))} / "
                        + $"'gridCompany' is one of {string.Join(", ", Rules.GridCompanies.Select(g => g.Id))}.",
                    article
                )
            );
        }

        if (string.IsNullOrWhiteSpace(body.UserName) || body.UserName.Length > 200)
        {
            errors.Add(
                new(
                    "userName",
                    "power.user.name",
                    "用户名称必填，最多200字 / The user's name is required, at most 200 characters.",
                    article
                )
            );
        }

        if (UnifiedSocialCreditCode.Validate(body.UserUscc ?? "").Error is { } uscc)
        {
            errors.Add(
                new("userUscc", "power.user.uscc", $"用户统一社会信用代码无效 / The user's USCC is not valid: {uscc.Message}", article)
            );
        }

        if (body.VoltageKv is <= 0m or > 1000m)
        {
            errors.Add(
                new("voltageKv", "power.user.voltage", "电压等级应为 0 至 1000 千伏 / The voltage is 0 to 1000 kV.", Rules.Cite("二(一)"))
            );
        }

        errors.AddRange(StartProblems(body));
        return errors;
    }

    /// <summary>Exactly one start: the notice of the first proxy purchase or the day the user left the market, inside the
    /// notice's validity.</summary>
    private static IEnumerable<ValidationError> StartProblems(ProxyUserRequest body)
    {
        if ((body.NotifiedOn is null) == (body.LeftMarketOn is null))
        {
            yield return new(
                "notifiedOn",
                "power.user.start",
                "应填写 notifiedOn（首次代理通知日）或 leftMarketOn（退出市场日）之一 / Give exactly one of "
                    + "'notifiedOn' (notified of the first proxy purchase) and 'leftMarketOn' (left the market).",
                Rules.Cite("二(六)")
            );
            yield break;
        }

        var (field, day) = body.NotifiedOn is { } n ? ("notifiedOn", n) : ("leftMarketOn", body.LeftMarketOn!.Value);
        if (day < Rules.ValidFrom || day > Rules.ValidUntil)
        {
            yield return new(
                field,
                "power.period.outside-validity",
                $"{day:yyyy-MM-dd} 不在通知的有效期内（{Rules.ValidFrom:yyyy-MM-dd} 至 "
                    + $"{Rules.ValidUntil:yyyy-MM-dd}） / {day:yyyy-MM-dd} is outside the notice's validity.",
                Rules.ValidityArticle
            );
        }

        // 二(六) 至少提前1个月通知: a contract's first proxy day less than a month after the notice is refused.
        if (
            body.NotifiedOn is { } notifiedOn
            && body.FirstProxyOn is { } first
            && ProxyPowerClauses.FirstProxy(Rules, notifiedOn, first) is { Allowed: false } d
        )
        {
            yield return new("firstProxyOn", "power.first-proxy.too-early", d.Message, Rules.Cite("二(六)"));
        }

        if (body.LeftMarketOn is not null && body.FirstProxyOn is not null)
        {
            yield return new(
                "firstProxyOn",
                "power.user.start",
                "退出市场的用户默认自次月起代理，无需首次代理日 / A user that left the market is under proxy "
                    + "from the next month by default: no first proxy day.",
                Rules.Cite(Rules.ReturnToProxy.Article)
            );
        }

        if (body.LeftMarketOn is not null && body.Profile is { HighEnergyConsuming: true })
        {
            yield return new(
                "profile.highEnergyConsuming",
                "power.high-energy.no-exit",
                "已直接参与市场交易的高耗能用户，不得退出市场交易 / A "
                    + "high-energy-consuming user that trades directly may not leave the market.",
                Rules.Cite(Rules.DoublePrice.HighEnergyNoExitArticle)
            );
        }
    }
}
