using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;

namespace Workflows.Functions.Notifications;

/// <summary>Where notifications go (setting <c>WORKFLOWS_NOTIFICATION_WEBHOOK_URL</c>).</summary>
public sealed class NotificationOptions
{
    public string? WebhookUrl { get; set; }

    /// <summary>Empty, or an unresolved Key Vault reference (the app setting was not resolved), is "not configured".</summary>
    public bool WebhookConfigured =>
        !string.IsNullOrWhiteSpace(WebhookUrl) && !WebhookUrl.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
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
        logger.LogInformation("Notification {Key} to {Role}@{Agency}: {Message}",
            message.Key, message.RecipientRole, message.RecipientAgency, PersonalData.MaskText(message.Message));
        return Task.FromResult(DeliveryResult.Ok);
    }
}

/// <summary>
/// Posts the group-robot text message both WeCom (企业微信) and DingTalk (钉钉) accept:
/// <c>{"msgtype":"text","text":{"content":"…"}}</c>. Accepted only on HTTP 2xx and, when the body carries an
/// <c>errcode</c> (both robots answer 200 with errcode ≠ 0 for a bad token or rate limit), errcode 0.
/// </summary>
public sealed class WebhookNotificationChannel(IHttpClientFactory httpClients, IOptions<NotificationOptions> options) : INotificationChannel
{
    /// <summary>Name of the HttpClient registration (timeout set there).</summary>
    public const string HttpClientName = "notification-webhook";

    public string Name => "webhook";

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var url = options.Value.WebhookUrl!;
        var body = new { msgtype = "text", text = new { content = message.Message } };
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
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt64(out var value))
            {
                var msg = doc.RootElement.TryGetProperty("errmsg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
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
