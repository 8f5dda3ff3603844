using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Workflows.Functions.Hosting;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Hosting;

/// <summary>Issue 12: on the Functions BlobTrigger path a failing drop is retried a bounded number of times and then
/// quarantined with its error report, and the uploader's agency is told through the outbox.</summary>
public sealed class DropRunnerTests
{
    private static readonly DateTimeOffset Now = new(2024, 2, 8, 1, 0, 0, TimeSpan.Zero);
    private readonly InMemoryBlobStore blobs = new(new FakeTimeProvider(Now));
    private readonly InMemoryTableStore tables = new();

    private DropRunner Runner() =>
        new(
            tables,
            new Quarantine(blobs, new FakeTimeProvider(Now), new NotificationOutbox(tables)),
            new FakeTimeProvider(Now),
            NullLogger.Instance
        );

    [Fact]
    public async Task DispatchAsync_HandlerAlwaysFails_RethrownUntilTheLastAttemptThenQuarantinedWithReport()
    {
        var info = await blobs.PutAsync(
            StorageNames.CoalInbox,
            "filing.json",
            Encoding.UTF8.GetBytes("{}"),
            "application/json",
            new Dictionary<string, string> { ["agency"] = "411102" }
        );
        var drop = new BlobDrop(
            StorageNames.CoalInbox,
            "filing.json",
            info.ETag,
            Encoding.UTF8.GetBytes("{}"),
            "application/json",
            new Dictionary<string, string> { ["agency"] = "411102" }
        );
        var runner = Runner();
        var calls = 0;
        Task Fail(BlobDrop d, CancellationToken ct) => throw new InvalidOperationException($"boom {++calls}");

        for (var attempt = 1; attempt < DropRunner.MaxAttempts; attempt++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => runner.DispatchAsync(Fail, drop, CancellationToken.None));
            Assert.NotNull(await blobs.GetAsync(StorageNames.CoalInbox, "filing.json"));
        }

        await runner.DispatchAsync(Fail, drop, CancellationToken.None);
        await runner.DispatchAsync(Fail, drop, CancellationToken.None); // a late redelivery of the same version: nothing more

        Assert.Equal(DropRunner.MaxAttempts, calls);
        Assert.Null(await blobs.GetAsync(StorageNames.CoalInbox, "filing.json"));
        Assert.NotNull(await blobs.GetAsync(StorageNames.Quarantine, "coal-inbox/filing.json"));
        var report = JsonDocument
            .Parse((await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.CoalInbox, "filing.json")))!.Data)
            .RootElement;
        Assert.Equal(DropRunner.HandlerFailedRule, report.GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.Equal("411102", report.GetProperty("agency").GetString());
        var (message, _) = Assert.Single(await new NotificationOutbox(tables).ReadAsync(new DateOnly(2024, 2, 8)));
        Assert.Equal(Quarantine.NotificationKind, message.Kind);
        Assert.Equal("411102", message.RecipientAgency);
        Assert.Contains("coal-inbox/filing.json", message.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_HandlerSucceeds_ReceiptHandledAndNothingQuarantined()
    {
        var info = await blobs.PutAsync(StorageNames.CoalInbox, "ok.json", Encoding.UTF8.GetBytes("{}"), "application/json");
        var drop = new BlobDrop(
            StorageNames.CoalInbox,
            "ok.json",
            info.ETag,
            Encoding.UTF8.GetBytes("{}"),
            "application/json",
            new Dictionary<string, string>()
        );

        await Runner().DispatchAsync((_, _) => Task.CompletedTask, drop, CancellationToken.None);

        Assert.Equal(
            "handled",
            (await tables.GetAsync(StorageNames.BlobReceiptsTable, StorageNames.CoalInbox, DropRunner.ReceiptKey("ok.json")))?.Get("Status")
        );
        Assert.Empty(await blobs.ListAsync(StorageNames.Quarantine));
    }

    [Fact]
    public void ReceiptKey_NameLongerThanAKeyHolds_HashedToAValidKey()
    {
        var key = DropRunner.ReceiptKey(new string('名', 1000));

        Assert.Null(AzureStorageRules.KeyProblem(key));
        Assert.NotEqual(key, DropRunner.ReceiptKey(new string('名', 999)));
    }
}
