using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 12: a drop always ends somewhere. A blob that keeps failing is quarantined with its report after
/// the bounded retries; a blob whose name cannot be handled is quarantined at once, not skipped on every poll.</summary>
public sealed class BlobWatcherQuarantineTests
{
    private const string Container = StorageNames.RegistrationsInbox;

    private sealed class FailingHandler : IBlobDropHandler
    {
        public int Calls { get; private set; }

        public string Container => BlobWatcherQuarantineTests.Container;

        public Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("table property exceeds 64 KiB");
        }
    }

    /// <summary>A blob store holding names as Azurite lists them (no name rules), to simulate a name the watcher
    /// cannot handle; everything else delegates to the in-memory store.</summary>
    private sealed class ListedAsIsBlobStore(InMemoryBlobStore inner) : IBlobStore
    {
        private readonly Dictionary<string, BlobContent> raw = new(StringComparer.Ordinal);

        public void AddRaw(string container, string name, byte[] data) =>
            raw[$"{container}|{name}"] = new BlobContent(
                new BlobItemInfo(container, name, "\"0xRAW\"", data.Length, DateTimeOffset.UnixEpoch),
                data,
                "application/json",
                new Dictionary<string, string>()
            );

        public Task<BlobItemInfo> PutAsync(
            string container,
            string name,
            ReadOnlyMemory<byte> data,
            string contentType,
            IReadOnlyDictionary<string, string>? metadata = null,
            bool overwrite = true,
            CancellationToken cancellationToken = default
        ) => inner.PutAsync(container, name, data, contentType, metadata, overwrite, cancellationToken);

        public async Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default) =>
            raw.TryGetValue($"{container}|{name}", out var content) ? content : await inner.GetAsync(container, name, cancellationToken);

        public async Task<IReadOnlyList<BlobItemInfo>> ListAsync(
            string container,
            string? prefix = null,
            CancellationToken cancellationToken = default
        ) =>
            [
                .. (await inner.ListAsync(container, prefix, cancellationToken)),
                .. raw.Values.Select(v => v.Info).Where(i => i.Container == container),
            ];

        public async Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default) =>
            raw.Remove($"{container}|{name}") || await inner.DeleteAsync(container, name, cancellationToken);

        public Task EnsureContainersAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }

    [Fact]
    public async Task PollOnceAsync_HandlerFailsEveryTime_QuarantinedWithReportAfterMaxAttempts()
    {
        var blobs = new InMemoryBlobStore(TimeProvider.System);
        var tables = new InMemoryTableStore();
        var handler = new FailingHandler();
        var watcher = new BlobWatcher(
            [handler],
            blobs,
            tables,
            TimeProvider.System,
            NullLogger<BlobWatcher>.Instance,
            new Mock<DurableTaskClient>(MockBehavior.Strict, "unused").Object
        );
        await blobs.PutAsync(Container, "large.json", Encoding.UTF8.GetBytes("{}"), "application/json");

        for (var pass = 0; pass < BlobWatcher.MaxAttempts + 2; pass++)
        {
            await watcher.PollOnceAsync(CancellationToken.None);
        }

        Assert.Equal(BlobWatcher.MaxAttempts, handler.Calls);
        Assert.Null(await blobs.GetAsync(Container, "large.json"));
        Assert.NotNull(await blobs.GetAsync(StorageNames.Quarantine, $"{Container}/large.json"));
        var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(Container, "large.json"));
        Assert.Contains("64 KiB", Encoding.UTF8.GetString(report!.Data), StringComparison.Ordinal);
        Assert.Contains(DropRunner.HandlerFailedRule, Encoding.UTF8.GetString(report.Data), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sub\\application.json")]
    [InlineData("ends-with-dot.")]
    [InlineData("bell\u0007.json")]
    public async Task PollOnceAsync_NameTheWatcherCannotHandle_QuarantinedUnderASafeNameNotSkipped(string name)
    {
        var inner = new InMemoryBlobStore(TimeProvider.System);
        var blobs = new ListedAsIsBlobStore(inner);
        var handler = new FailingHandler();
        var watcher = new BlobWatcher(
            [handler],
            blobs,
            new InMemoryTableStore(),
            TimeProvider.System,
            NullLogger<BlobWatcher>.Instance,
            new Mock<DurableTaskClient>(MockBehavior.Strict, "unused").Object
        );
        blobs.AddRaw(Container, name, Encoding.UTF8.GetBytes("{}"));

        await watcher.PollOnceAsync(CancellationToken.None);

        Assert.Equal(0, handler.Calls);
        Assert.Empty(await blobs.ListAsync(Container));
        var safe = AzureStorageRules.SafeBlobName(name);
        Assert.NotNull(await inner.GetAsync(StorageNames.Quarantine, $"{Container}/{safe}"));
        var report = await inner.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(Container, name));
        Assert.Contains(AzureStorageRules.BlobNameRule, Encoding.UTF8.GetString(report!.Data), StringComparison.Ordinal);
    }
}
