using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Power;
using Workflows.Functions.Power;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities.Power;

/// <summary>A <c>publish</c> or <c>report</c> body to check for an obligation of <paramref name="Kind"/>.</summary>
public sealed record PowerObligationCheckRequest(string Kind, string PayloadJson);

/// <summary>The publication or the report as taken, or why not.</summary>
public sealed record PowerObligationCheckOutcome(PowerPublication? Publication, PowerQuarterReport? Report, IReadOnlyList<string> Errors);

/// <summary>Checks a publication (二(五), 四(二)) or a quarterly report (四(一)) on the table of 发改办价格〔2021〕809号: the
/// table read the orchestration may not do itself (the API has checked the body already).</summary>
public sealed class CheckPowerObligationActivity : IActivity<PowerObligationCheckRequest, PowerObligationCheckOutcome>
{
    [Function(nameof(CheckPowerObligationActivity))]
    public Task<PowerObligationCheckOutcome> RunFunction(
        [ActivityTrigger] PowerObligationCheckRequest input,
        CancellationToken cancellationToken
    ) => RunAsync(input, cancellationToken);

    public Task<PowerObligationCheckOutcome> RunAsync(PowerObligationCheckRequest input, CancellationToken cancellationToken)
    {
        var rules = ProxyPowerRules.Ndrc809;
        using var payload = JsonDocument.Parse(input.PayloadJson);
        if (input.Kind == PowerObligationKinds.PricePublication)
        {
            var (publication, errors) = PowerReaders.Publication(rules, payload.RootElement);
            return Task.FromResult(new PowerObligationCheckOutcome(publication, null, Lines(errors)));
        }

        var (report, reportErrors) = PowerReaders.Report(rules, payload.RootElement);
        return Task.FromResult(new PowerObligationCheckOutcome(null, report, Lines(reportErrors)));
    }

    private static string[] Lines(IReadOnlyList<Domain.Energy.ValidationError> errors) =>
        [.. errors.Select(e => $"{e.Field}: {e.Message} ({e.Article})")];
}

/// <summary>What the user orchestration asks of the table: the price for the user, whether the notice reaches the
/// quarter whose window would open (and which quarter that is, from <paramref name="From"/>).</summary>
public sealed record ProxyUserPlanRequest(ProxyUserProfile Profile, DateOnly From, DateOnly? NotifiedOn = null);

/// <summary>The price multiplier and its explanation; the quarter whose choice window is open on the day, null when the
/// notice no longer reaches it (暂定有效期至2022年12月31日); the first proxy day a notice allows (二(六)).</summary>
public sealed record ProxyUserPlan(
    decimal Multiplier,
    IReadOnlyList<string> Kinds,
    string PriceExplanation,
    string PriceArticle,
    string? Quarter,
    DateOnly? FirstProxyEarliest
);

/// <summary>The 1.5 times price (二(五) 第二段) and the quarter of the choice window (二(六)) for a user under proxy.</summary>
public sealed class PlanProxyUserActivity : IActivity<ProxyUserPlanRequest, ProxyUserPlan>
{
    [Function(nameof(PlanProxyUserActivity))]
    public Task<ProxyUserPlan> RunFunction([ActivityTrigger] ProxyUserPlanRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public Task<ProxyUserPlan> RunAsync(ProxyUserPlanRequest input, CancellationToken cancellationToken)
    {
        var rules = ProxyPowerRules.Ndrc809;
        var price = ProxyPowerClauses.Price(rules, input.Profile);
        var quarter = PowerQuarter.Of(input.From);
        return Task.FromResult(
            new ProxyUserPlan(
                price.Multiplier,
                price.Kinds,
                price.Explanation,
                price.Article,
                ProxyPowerClauses.Covers(rules, quarter) ? quarter.ToString() : null,
                input.NotifiedOn is { } notified ? ProxyPowerClauses.FirstProxy(rules, notified, notified).Earliest : null
            )
        );
    }
}
