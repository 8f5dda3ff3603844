using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;

namespace Workflows.Functions.Notifications;

/// <summary>
/// Where notifications go: the default webhook (setting <c>WORKFLOWS_NOTIFICATION_WEBHOOK_URL</c>) and the routing
/// table by agency and role (<c>Notifications:Routes</c>, see <see cref="NotificationRoute"/>).
/// </summary>
public sealed class NotificationOptions
{
    public string? WebhookUrl { get; set; }

    public List<NotificationRoute> Routes { get; } = [];

    /// <summary>Link to a case page, with <c>{caseId}</c> replaced (e.g. https://…/api/dashboard/#/cases/{caseId}).</summary>
    public string? CaseLinkTemplate { get; set; }

    /// <summary>Empty, or an unresolved Key Vault reference (the app setting was not resolved), is "not configured".</summary>
    public bool WebhookConfigured => IsDeliverableUrl(WebhookUrl);

    /// <summary>The webhook channel is used when a default webhook or any routing row is deliverable.</summary>
    public bool AnyWebhookConfigured => WebhookConfigured || Routes.Any(route => IsDeliverableUrl(route.WebhookUrl));

    public string? CaseLink(string caseId) =>
        string.IsNullOrWhiteSpace(CaseLinkTemplate)
            ? null
            : CaseLinkTemplate.Replace("{caseId}", Uri.EscapeDataString(caseId), StringComparison.Ordinal);

    public static bool IsDeliverableUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url)
        && !url.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

/// <summary>The outcome of one delivery attempt: accepted, or the error to keep on the message.</summary>
public sealed record DeliveryResult(bool Accepted, string? Error)
{
    public static readonly DeliveryResult Ok = new(true, null);

    public static DeliveryResult Fail(string error) => new(false, error);
}

/// <summary>A delivery channel.</summary>
public interface INotificationChannel
{
    string Name { get; }

    Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>Writes the message to the application log (always accepted): the channel when no webhook is configured.</summary>
public sealed class LogNotificationChannel(ILogger<LogNotificationChannel> logger) : INotificationChannel
{
    public string Name => "log";

    public Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        // No log line carries a full ID or mobile number, whatever queued the message (PIPL Art. 28).
        logger.LogInformation(
            "Notification {Key} to {Role}@{Agency}: {Message}",
            message.Key,
            message.RecipientRole,
            message.RecipientAgency,
            PersonalData.MaskText(message.Message)
        );
        return Task.FromResult(DeliveryResult.Ok);
    }
}

/// <summary>
/// Posts to the group robot of the message's route (<see cref="NotificationRouter"/>): plain text both WeCom (企业微信)
/// and DingTalk (钉钉) accept, or either robot's markdown with a case link and @mentions; a DingTalk route with a
/// secret is signed (<see cref="DingTalkSigner"/>). Accepted only on HTTP 2xx and, when the body carries an
/// <c>errcode</c> (both robots answer 200 with errcode ≠ 0 for a bad token or rate limit), errcode 0.
/// </summary>
public sealed class WebhookNotificationChannel(
    IHttpClientFactory httpClients,
    IOptions<NotificationOptions> options,
    TimeProvider? clock = null
) : INotificationChannel
{
    /// <summary>Name of the HttpClient registration (timeout set there).</summary>
    public const string HttpClientName = "notification-webhook";

    public string Name => "webhook";

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var route = NotificationRouter.Route(options.Value, message.RecipientAgency, message.RecipientRole);
        if (route is null)
        {
            return DeliveryResult.Fail($"No webhook routes agency {message.RecipientAgency} role {message.RecipientRole}.");
        }

        var url = string.IsNullOrEmpty(route.Secret)
            ? new Uri(route.WebhookUrl)
            : DingTalkSigner.SignedUrl(route.WebhookUrl, route.Secret, (clock ?? TimeProvider.System).GetUtcNow());
        var body = RobotMessages.Body(route.Format, message, options.Value.CaseLink(message.CaseId), route.Mentions);
        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.PostAsJsonAsync(url, body, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return DeliveryResult.Fail($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text)}");
            }

            return ErrCode(text) is { } code && code.Code != 0
                ? DeliveryResult.Fail($"errcode {code.Code}: {code.Message}")
                : DeliveryResult.Ok;
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Fail($"HTTP error: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Fail($"Timeout: {e.Message}");
        }
    }

    /// <summary>The robot's errcode/errmsg when the body is a JSON object carrying one.</summary>
    public static (long Code, string Message)? ErrCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (
                doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("errcode", out var code)
                && code.TryGetInt64(out var value)
            )
            {
                var msg =
                    doc.RootElement.TryGetProperty("errmsg", out var m) && m.ValueKind == JsonValueKind.String
                        ? m.GetString() ?? string.Empty
                        : string.Empty;
                return (value, msg);
            }
        }
        catch (JsonException)
        {
            // Not JSON: a 2xx without an errcode is an acceptance (plain receivers).
        }

        return null;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
