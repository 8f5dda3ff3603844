using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Tests.Support;

namespace Workflows.Functions.Tests.Supervision;

/// <summary>A local group-robot stand-in: answers each POST with the next scripted (status, body) and records what it got.</summary>
public sealed class RobotListener : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Queue<(int Status, string Body)> script;
    private readonly Task loop;

    public RobotListener(params (int Status, string Body)[] responses)
    {
        script = new Queue<(int, string)>(responses);
        Url = $"http://127.0.0.1:{TestPorts.Free()}/cgi-bin/webhook/send/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public List<string> Received { get; } = [];

    public void Dispose()
    {
        listener.Close();
        _ = loop.Exception;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            lock (Received)
            {
                Received.Add(reader.ReadToEnd());
            }

            var (status, body) = script.Count > 1 ? script.Dequeue() : script.Peek();
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

public sealed class NotificationDispatcherTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 12, 0, 1, 0, TimeSpan.Zero);

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static (NotificationDispatcher Dispatcher, NotificationOutbox Outbox, FakeTimeProvider Clock) Create(string? webhookUrl)
    {
        var kit = new SupervisionTestKit(Now);
        var options = Options.Create(new NotificationOptions { WebhookUrl = webhookUrl });
        var dispatcher = new NotificationDispatcher(
            kit.Outbox,
            new LogNotificationChannel(NullLogger<LogNotificationChannel>.Instance),
            new WebhookNotificationChannel(new Clients(), options),
            options,
            kit.Clock,
            NullLogger<NotificationDispatcher>.Instance
        );
        return (dispatcher, kit.Outbox, kit.Clock);
    }

    private static Task<bool> Enqueue(
        NotificationOutbox outbox,
        string key = "sweep-20240312-REG-411100-20240307-AAAAAAAA-due-RegistrationOfficer"
    ) =>
        outbox.EnqueueAsync(
            "REG-411100-20240307-AAAAAAAA",
            new NotificationRequest(
                key,
                Role.RegistrationOfficer,
                "411100",
                "sweep-due",
                "【今日到期提醒】案件 REG-411100-20240307-AAAAAAAA 今日 24:00 到期。",
                "市场主体登记管理条例第十九条"
            ),
            Now.AddMinutes(-1)
        );

    private static async Task<OutboxMessage> Single(NotificationOutbox outbox) =>
        Assert.Single(await outbox.ReadAsync(new DateOnly(2024, 3, 12))).Message;

    [Fact]
    public async Task RunAsync_WebhookAccepts_PostsRobotTextShapeAndMarksSent()
    {
        using var robot = new RobotListener((200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        var (dispatcher, outbox, _) = Create(robot.Url);
        await Enqueue(outbox);

        var result = await dispatcher.RunAsync(CancellationToken.None);

        Assert.Equal(1, result.Sent);
        var body = JsonDocument.Parse(Assert.Single(robot.Received)).RootElement;
        Assert.Equal("text", body.GetProperty("msgtype").GetString());
        Assert.StartsWith("【今日到期提醒】", body.GetProperty("text").GetProperty("content").GetString(), StringComparison.Ordinal);
        var message = await Single(outbox);
        Assert.Equal((NotificationOutbox.Sent, 1, "webhook"), (message.Status, message.Attempts, message.Channel));
    }

    [Fact]
    public async Task RunAsync_WebhookFailsFirst_KeepsErrorRetriesAfterBackoffThenSends()
    {
        using var robot = new RobotListener((500, "{\"error\":\"busy\"}"), (200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        var (dispatcher, outbox, clock) = Create(robot.Url);
        await Enqueue(outbox);

        var first = await dispatcher.RunAsync(CancellationToken.None);
        var afterFailure = await Single(outbox);
        var tooEarly = await dispatcher.RunAsync(CancellationToken.None);
        clock.SetUtcNow(Now + NotificationDispatcher.FirstRetryDelay);
        var retry = await dispatcher.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (first.Sent, first.Retrying));
        Assert.Equal(NotificationOutbox.Pending, afterFailure.Status);
        Assert.StartsWith("HTTP 500", afterFailure.LastError, StringComparison.Ordinal);
        Assert.Equal(Now + NotificationDispatcher.FirstRetryDelay, afterFailure.NextAttemptUtc);
        Assert.Equal(0, tooEarly.Attempted);
        Assert.Equal(1, retry.Sent);
        Assert.Equal(2, robot.Received.Count);
        var sent = await Single(outbox);
        Assert.Equal((NotificationOutbox.Sent, 2), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task RunAsync_RobotAnswersErrcode_FailsAfterMaxAttemptsWithLastErrorKept()
    {
        using var robot = new RobotListener((200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
        var (dispatcher, outbox, clock) = Create(robot.Url);
        await Enqueue(outbox);

        for (var attempt = 1; attempt <= NotificationDispatcher.MaxAttempts; attempt++)
        {
            await dispatcher.RunAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromHours(1));
        }

        var message = await Single(outbox);
        Assert.Equal((NotificationOutbox.Failed, NotificationDispatcher.MaxAttempts), (message.Status, message.Attempts));
        Assert.Equal("errcode 93000: invalid webhook url", message.LastError);
        Assert.Equal(0, (await dispatcher.RunAsync(CancellationToken.None)).Attempted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/webhook/)")]
    public async Task RunAsync_WebhookNotConfigured_DeliversToLogChannel(string? url)
    {
        var (dispatcher, outbox, _) = Create(url);
        await Enqueue(outbox);

        var result = await dispatcher.RunAsync(CancellationToken.None);

        Assert.Equal(1, result.Sent);
        Assert.Equal("log", (await Single(outbox)).Channel);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(4, 240)]
    [InlineData(30, 3600)]
    public void Backoff_Attempts_DoublesUpToOneHour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), NotificationDispatcher.Backoff(attempts));
}
