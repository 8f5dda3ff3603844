using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Supervision;

public sealed class NotificationOutboxTests
{
    private static readonly DateTimeOffset QueuedUtc = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Enqueue_ReasonsLongerThanATableProperty_StoredWithTheTextCut()
    {
        // Issue 12: texts joined from many reasons (string.Join("; ", reasons)) once grew past what Azure stores in one
        // property; the in-memory store refuses exactly what Azure refuses.
        var tables = new InMemoryTableStore();
        var outbox = new NotificationOutbox(tables);
        var reasons = string.Join("；", Enumerable.Repeat("申请材料不齐全，缺少章程", 2000));

        var queued = await outbox.EnqueueAsync(
            "REG-411100-20261201-ABCDEFGH",
            new NotificationRequest("long-1", Role.RegistrationOfficer, "411100", "overdue", reasons, "Decree 746 Art. 19"),
            QueuedUtc);

        Assert.True(queued);
        var (message, _) = Assert.Single(await outbox.ReadAsync(DateOnly.FromDateTime(QueuedUtc.DateTime)));
        Assert.Equal(NotificationOutbox.MaxTextChars, message.Message.Length);
        Assert.StartsWith("申请材料不齐全", message.Message, StringComparison.Ordinal);
        Assert.EndsWith(NotificationOutbox.TruncatedSuffix, message.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_OrdinaryText_KeptWhole()
    {
        var outbox = new NotificationOutbox(new InMemoryTableStore());

        await outbox.EnqueueAsync(
            "REG-411100-20261201-ABCDEFGH",
            new NotificationRequest("short-1", Role.RegistrationOfficer, "411100", "overdue", "登记决定已逾期 / overdue", "Decree 746 Art. 19"),
            QueuedUtc);

        var (message, _) = Assert.Single(await outbox.ReadAsync(DateOnly.FromDateTime(QueuedUtc.DateTime)));
        Assert.Equal("登记决定已逾期 / overdue", message.Message);
    }
}
