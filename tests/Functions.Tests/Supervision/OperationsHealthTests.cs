using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Supervision;

/// <summary>The /api/health sections on notifications and quarantine (issue 18).</summary>
public sealed class OperationsHealthTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 12, 0, 1, 0, TimeSpan.Zero);

    private static async Task Enqueue(NotificationOutbox outbox, string key) =>
        await outbox.EnqueueAsync(
            "REG-411100-20240307-AAAAAAAA",
            new NotificationRequest(
                key,
                Role.RegistrationOfficer,
                "411100",
                "sweep-due",
                "【今日到期提醒】",
                "市场主体登记管理条例第十九条"
            ),
            Now.AddMinutes(-1)
        );

    [Fact]
    public async Task NotificationHealth_PendingAndFailedMessages_ReportsBacklogAndTheFailingChannel()
    {
        var kit = new SupervisionTestKit(Now);
        await Enqueue(kit.Outbox, "a");
        await Enqueue(kit.Outbox, "b");
        var (message, etag) = (await kit.Outbox.ReadAsync(new DateOnly(2024, 3, 12)))[0];
        await kit.Outbox.SaveAsync(
            message with
            {
                Status = NotificationOutbox.Failed,
                Channel = "webhook",
                LastError = "errcode 310000",
            },
            etag
        );

        var (ok, detail) = await new NotificationHealth(kit.Outbox, kit.Clock).CheckAsync(CancellationToken.None);

        var json = JsonSerializer.SerializeToElement(detail);
        Assert.False(ok);
        Assert.Equal(1, json.GetProperty("backlog").GetInt32());
        var channel = Assert.Single(json.GetProperty("failingChannels").EnumerateArray().ToList());
        Assert.Equal("webhook", channel.GetProperty("channel").GetString());
        Assert.Equal("errcode 310000", channel.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task NotificationHealth_OnlyPendingMessages_IsHealthyWithTheBacklog()
    {
        var kit = new SupervisionTestKit(Now);
        await Enqueue(kit.Outbox, "a");

        var (ok, detail) = await new NotificationHealth(kit.Outbox, kit.Clock).CheckAsync(CancellationToken.None);

        Assert.True(ok);
        Assert.Equal(1, JsonSerializer.SerializeToElement(detail).GetProperty("backlog").GetInt32());
    }

    [Fact]
    public async Task QuarantineHealth_ReportsOfTheLastDay_AreCountedAndOlderOnesAreNot()
    {
        var kit = new SupervisionTestKit(Now.AddDays(-2));
        await kit.Blobs.PutAsync(
            StorageNames.Quarantine,
            Quarantine.ReportName("coal-inbox", "old.xlsx"),
            new byte[] { 1 },
            "application/json"
        );
        kit.Clock.SetUtcNow(Now);
        await kit.Blobs.PutAsync(StorageNames.Quarantine, "registrations-inbox/new.json", new byte[] { 1 }, "application/json");
        await kit.Blobs.PutAsync(
            StorageNames.Quarantine,
            Quarantine.ReportName("registrations-inbox", "new.json"),
            new byte[] { 1 },
            "application/json"
        );

        var (ok, detail) = await new QuarantineHealth(kit.Blobs, kit.Clock).CheckAsync(CancellationToken.None);

        var json = JsonSerializer.SerializeToElement(detail);
        Assert.True(ok);
        Assert.Equal(1, json.GetProperty("lastDay").GetInt32());
        Assert.Equal("registrations-inbox/new.json", Assert.Single(json.GetProperty("files").EnumerateArray().ToList()).GetString());
    }
}
