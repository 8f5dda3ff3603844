using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Workflows.Functions.Notifications;

/// <summary>How a robot wants its message: plain text (both robots), WeCom markdown or DingTalk markdown.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RobotFormat>))]
public enum RobotFormat
{
    Text,
    WeComMarkdown,
    DingTalkMarkdown,
}

/// <summary>
/// One row of the routing table (configuration <c>Notifications:Routes:n:…</c>): messages for <see cref="Agency"/>
/// (a division code; empty = any) and <see cref="Role"/> (empty = any) go to <see cref="WebhookUrl"/>. The URL and
/// <see cref="Secret"/> are Key Vault references in the app settings on Azure, never literals in the template.
/// </summary>
public sealed class NotificationRoute
{
    public string? Agency { get; set; }

    public string? Role { get; set; }

    public string WebhookUrl { get; set; } = string.Empty;

    public RobotFormat Format { get; set; } = RobotFormat.Text;

    /// <summary>DingTalk 加签 secret (SEC…): when set, each request carries <c>timestamp</c> and <c>sign</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>Mobile numbers (DingTalk atMobiles) or user ids (WeCom &lt;@userid&gt;) of the responsible officer.</summary>
    public List<string> Mentions { get; } = [];

    /// <summary>Specificity: agency and role beat agency alone, which beats role alone, which beats the catch-all.</summary>
    internal int Rank => (string.IsNullOrEmpty(Agency) ? 0 : 2) + (string.IsNullOrEmpty(Role) ? 0 : 1);

    internal bool Matches(string agency, string role) =>
        (string.IsNullOrEmpty(Agency) || string.Equals(Agency, agency, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(Role) || string.Equals(Role, role, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Picks the route of a message: the most specific matching row, else the single default webhook.</summary>
public static class NotificationRouter
{
    public static NotificationRoute? Route(NotificationOptions options, string agency, string role)
    {
        ArgumentNullException.ThrowIfNull(options);
        var routed = options
            .Routes.Where(route => route.Matches(agency, role) && NotificationOptions.IsDeliverableUrl(route.WebhookUrl))
            .OrderByDescending(route => route.Rank)
            .FirstOrDefault();
        return routed ?? (options.WebhookConfigured ? new NotificationRoute { WebhookUrl = options.WebhookUrl! } : null);
    }
}

/// <summary>
/// DingTalk signed robots (加签): sign = urlencode(base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret))),
/// timestamp in milliseconds since the epoch, both appended to the webhook URL as query parameters.
/// </summary>
public static class DingTalkSigner
{
    public static string Sign(long timestampMilliseconds, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var stringToSign = timestampMilliseconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(hash);
    }

    public static Uri SignedUrl(string webhookUrl, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds();
        var separator = webhookUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var query = $"timestamp={timestamp.ToString(CultureInfo.InvariantCulture)}&sign={Uri.EscapeDataString(Sign(timestamp, secret))}";
        return new Uri(webhookUrl + separator + query);
    }
}

/// <summary>The JSON body each robot format expects, with a link to the case page (Chinese first, English second).</summary>
public static class RobotMessages
{
    public static object Body(RobotFormat format, OutboxMessage message, string? caseLink, IReadOnlyList<string> mentions)
    {
        ArgumentNullException.ThrowIfNull(message);
        var link = string.IsNullOrEmpty(caseLink) ? string.Empty : $"\n\n[查看案件 / Open case {message.CaseId}]({caseLink})";
        return format switch
        {
            RobotFormat.WeComMarkdown => new
            {
                msgtype = "markdown",
                markdown = new { content = $"**{message.Kind}**\n{message.Message}\n> {message.Article}{link}{WeComMentions(mentions)}" },
            },
            RobotFormat.DingTalkMarkdown => new
            {
                msgtype = "markdown",
                markdown = new
                {
                    title = message.Kind,
                    text = $"### {message.Kind}\n{message.Message}\n> {message.Article}{link}{DingTalkMentions(mentions)}",
                },
                at = new { atMobiles = mentions, isAtAll = false },
            },
            _ => (object)new { msgtype = "text", text = new { content = message.Message } },
        };
    }

    private static string WeComMentions(IReadOnlyList<string> mentions) =>
        mentions.Count == 0 ? string.Empty : "\n" + string.Join(' ', mentions.Select(id => $"<@{id}>"));

    // DingTalk only notifies the @-mentioned mobiles that also appear in the text.
    private static string DingTalkMentions(IReadOnlyList<string> mentions) =>
        mentions.Count == 0 ? string.Empty : "\n\n" + string.Join(' ', mentions.Select(mobile => "@" + mobile));
}
