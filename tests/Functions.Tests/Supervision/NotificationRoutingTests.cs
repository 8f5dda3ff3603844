using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflows.Functions.Notifications;
using Workflows.Tests.Support;

namespace Workflows.Functions.Tests.Supervision;

/// <summary>Routing by agency and role, robot markdown with a case link, and DingTalk signed robots (加签), issue 18.</summary>
public sealed class NotificationRoutingTests
{
    private const string Secret = "SECtest0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2024, 3, 12, 0, 1, 0, TimeSpan.Zero);

    /// <summary>A loopback robot that checks DingTalk's signature the way DingTalk does and answers its errcode.</summary>
    private sealed class SignedRobot : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task<(string Query, string Body)> request;

        public SignedRobot(string path)
        {
            Url = $"http://127.0.0.1:{TestPorts.Free()}/{path}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            request = ServeOneAsync();
        }

        public string Url { get; }

        public Task<(string Query, string Body)> Request => request;

        public void Dispose() => listener.Close();

        private async Task<(string, string)> ServeOneAsync()
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var query = context.Request.Url!.Query;
            var valid = Verify(HttpUtility.ParseQueryString(query));
            var answer = valid ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
            return (query, body);
        }

        // DingTalk's check: HMAC-SHA256(secret, timestamp + "\n" + secret), base64, within an hour of its clock.
        private static bool Verify(System.Collections.Specialized.NameValueCollection query)
        {
            if (!long.TryParse(query["timestamp"], out var timestamp) || query["sign"] is not { } sign)
            {
                return false;
            }

            var expected = Convert.ToBase64String(
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}\n{Secret}"))
            );
            return expected == sign && Math.Abs(timestamp - Now.ToUnixTimeMilliseconds()) < 3_600_000;
        }
    }

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static OutboxMessage Message(string agency, string role) =>
        new(
            "k1",
            "REG-411100-20240307-AAAAAAAA",
            role,
            agency,
            "今日到期提醒",
            "【今日到期提醒】案件今日 24:00 到期。",
            "市场主体登记管理条例第十九条",
            Now,
            NotificationOutbox.Pending,
            0,
            Now,
            null,
            null
        );

    private static WebhookNotificationChannel Channel(NotificationOptions options) =>
        new(new Clients(), Options.Create(options), new FakeTimeProvider(Now));

    [Fact]
    public async Task DeliverAsync_DingTalkSignedRouteOfTheAgency_IsSignedAndAcceptedByTheRobot()
    {
        using var luohe = new SignedRobot("luohe");
        var options = new NotificationOptions
        {
            WebhookUrl = "http://127.0.0.1:9/never",
            CaseLinkTemplate = "https://example.test/cases/{caseId}",
        };
        var route = new NotificationRoute
        {
            Agency = "411100",
            WebhookUrl = luohe.Url + "?access_token=t",
            Format = RobotFormat.DingTalkMarkdown,
            Secret = Secret,
        };
        route.Mentions.Add("13800000000");
        options.Routes.Add(route);

        var result = await Channel(options).DeliverAsync(Message("411100", "RegistrationOfficer"), CancellationToken.None);

        Assert.True(result.Accepted, result.Error);
        var (query, body) = await luohe.Request;
        Assert.Contains("access_token=t&timestamp=", query, StringComparison.Ordinal);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("markdown", json.GetProperty("msgtype").GetString());
        Assert.Contains(
            "(https://example.test/cases/REG-411100-20240307-AAAAAAAA)",
            json.GetProperty("markdown").GetProperty("text").GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal("13800000000", json.GetProperty("at").GetProperty("atMobiles")[0].GetString());
    }

    [Fact]
    public async Task DeliverAsync_WrongSecret_IsRejectedByTheRobotsSignatureCheck()
    {
        using var robot = new SignedRobot("wrong");
        var options = new NotificationOptions();
        options.Routes.Add(
            new NotificationRoute
            {
                WebhookUrl = robot.Url,
                Format = RobotFormat.DingTalkMarkdown,
                Secret = "SECsomethingelse",
            }
        );

        var result = await Channel(options).DeliverAsync(Message("411100", "RegistrationOfficer"), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.StartsWith("errcode 310000", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("411100", "RegistrationOfficer", "agency-and-role")]
    [InlineData("411100", "EnergyOfficer", "agency")]
    [InlineData("411000", "RegistrationOfficer", "role")]
    [InlineData("410100", "EnergyOfficer", "default")]
    public void Route_MostSpecificRow_Wins(string agency, string role, string expectedPath)
    {
        var options = new NotificationOptions { WebhookUrl = "https://robot.test/default" };
        options.Routes.Add(new NotificationRoute { Role = "RegistrationOfficer", WebhookUrl = "https://robot.test/role" });
        options.Routes.Add(new NotificationRoute { Agency = "411100", WebhookUrl = "https://robot.test/agency" });
        options.Routes.Add(
            new NotificationRoute
            {
                Agency = "411100",
                Role = "RegistrationOfficer",
                WebhookUrl = "https://robot.test/agency-and-role",
            }
        );

        var route = NotificationRouter.Route(options, agency, role);

        Assert.Equal("https://robot.test/" + expectedPath, route?.WebhookUrl);
    }

    [Fact]
    public void Route_UnresolvedKeyVaultReference_IsSkipped()
    {
        var options = new NotificationOptions();
        options.Routes.Add(new NotificationRoute { Agency = "411100", WebhookUrl = "@Microsoft.KeyVault(SecretUri=https://kv/secrets/x)" });

        Assert.Null(NotificationRouter.Route(options, "411100", "RegistrationOfficer"));
        Assert.False(options.AnyWebhookConfigured);
    }

    [Fact]
    public void Body_WeComMarkdown_CarriesTheCaseLinkAndMentions()
    {
        var body = JsonSerializer.SerializeToElement(
            RobotMessages.Body(
                RobotFormat.WeComMarkdown,
                Message("411100", "RegistrationOfficer"),
                "https://example.test/cases/REG-1",
                ["zhangsan"]
            )
        );

        var content = body.GetProperty("markdown").GetProperty("content").GetString();
        Assert.Equal("markdown", body.GetProperty("msgtype").GetString());
        Assert.Contains(
            "[查看案件 / Open case REG-411100-20240307-AAAAAAAA](https://example.test/cases/REG-1)",
            content,
            StringComparison.Ordinal
        );
        Assert.Contains("<@zhangsan>", content, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_KnownVector_MatchesAnIndependentlyComputedSignature()
    {
        // Python: base64(hmac.new(b"SEC1", b"1700000000000\nSEC1", sha256).digest()), then urllib.parse.quote(safe="").
        Assert.Equal("ukR4+WoOOBTGaOauYqugxVrMSFyr92q4hPxJxuOkiio=", DingTalkSigner.Sign(1700000000000, "SEC1"));
        Assert.Equal(
            "https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1700000000000&sign=ukR4%2BWoOOBTGaOauYqugxVrMSFyr92q4hPxJxuOkiio%3D",
            DingTalkSigner
                .SignedUrl(
                    "https://oapi.dingtalk.com/robot/send?access_token=x",
                    "SEC1",
                    DateTimeOffset.FromUnixTimeMilliseconds(1700000000000)
                )
                .OriginalString
        );
    }
}
