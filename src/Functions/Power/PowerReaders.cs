using System.Text.Json;
using Workflows.Domain.Energy;
using Workflows.Domain.Power;

namespace Workflows.Functions.Power;

/// <summary>What a grid company reports for a quarter (四(一) 代理购电及变化情况).</summary>
public sealed record PowerQuarterReport(string Summary, int ProxyUsers, decimal ProxyVolumeMwh, int UsersChangedToDirect);

/// <summary>Reads the bodies of the proxy power events and checks them on the table: the one reading the API's gate
/// and the activities share.</summary>
public static class PowerReaders
{
    public const int MaxSummaryLength = 2000;

    /// <summary>A <c>publish</c> body: <c>purchasePriceYuanPerKwh</c>, <c>userPriceYuanPerKwh</c>, <c>items</c>,
    /// <c>channels</c>, optional <c>url</c>.</summary>
    public static (PowerPublication? Publication, IReadOnlyList<ValidationError> Errors) Publication(
        ProxyPowerRules rules,
        JsonElement payload
    )
    {
        var (publication, shape) = Deserialize<PowerPublication>(rules, payload, "二(五)");
        if (publication is null)
        {
            return (null, shape);
        }

        var errors = ProxyPowerClauses.CheckPublication(rules, publication).ToList();
        if (publication.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            errors.Add(
                new("url", "power.publication.url", "公布网址应为 http(s) 地址 / The url is an http(s) address.", rules.Cite("二(五)"))
            );
        }

        return (errors.Count == 0 ? publication : null, errors);
    }

    /// <summary>A <c>report</c> body: <c>summary</c>, <c>proxyUsers</c>, <c>proxyVolumeMwh</c>, <c>usersChangedToDirect</c>.</summary>
    public static (PowerQuarterReport? Report, IReadOnlyList<ValidationError> Errors) Report(ProxyPowerRules rules, JsonElement payload)
    {
        var (report, shape) = Deserialize<PowerQuarterReport>(rules, payload, "四(一)");
        if (report is null)
        {
            return (null, shape);
        }

        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(report.Summary) || report.Summary.Length > MaxSummaryLength)
        {
            errors.Add(
                new(
                    "summary",
                    "power.report.summary",
                    $"报告内容必填，最多 {MaxSummaryLength} 字 / The summary is required, at most " + $"{MaxSummaryLength} characters.",
                    rules.Cite("四(一)")
                )
            );
        }

        if (report.ProxyUsers < 0 || report.ProxyVolumeMwh < 0 || report.UsersChangedToDirect < 0)
        {
            errors.Add(
                new(
                    "proxyUsers",
                    "power.report.figures",
                    "用户数、电量不得为负 / Users and volumes are not negative.",
                    rules.Cite("四(一)")
                )
            );
        }

        return (errors.Count == 0 ? report : null, errors);
    }

    private static (T? Value, IReadOnlyList<ValidationError> Errors) Deserialize<T>(
        ProxyPowerRules rules,
        JsonElement payload,
        string section
    )
        where T : class
    {
        try
        {
            return payload.Deserialize<T>(EnergyJson.InputOptions) is { } value
                ? (value, [])
                : (null, [new("body", "power.body.shape", "内容为空 / The body is empty.", rules.Cite(section))]);
        }
        catch (JsonException e)
        {
            return (
                null,
                [
                    new(
                        e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body",
                        "power.body.shape",
                        $"内容不符合格式 / The body does not match the form: {e.Message}",
                        rules.Cite(section)
                    ),
                ]
            );
        }
    }
}
