using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;
using Workflows.LocalHost;

namespace Workflows.Integration.Tests.BadInput;

/// <summary>Issue 12 item 3 over Azurite: a blob uploaded by another system under a name with a backslash ends
/// somewhere (handled under the name Azurite lists, or quarantined with a report), never skipped on every poll.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteBlobNameTests(AzuriteFixture azurite)
{
    private sealed class RecordingHandler(string container) : IBlobDropHandler
    {
        public List<string> Names { get; } = [];

        public string Container => container;

        public Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
        {
            Names.Add(drop.Name);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Poll_BackslashNameUploadedDirectly_EndsHandledOrQuarantinedAndIsNotPolledAgain()
    {
        var service = new BlobServiceClient(azurite.ConnectionString);
        var container = "bs" + Guid.NewGuid().ToString("N")[..12];
        await service.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        await service.GetBlobContainerClient(StorageNames.Quarantine).CreateIfNotExistsAsync();
        await service.GetBlobContainerClient(container).UploadBlobAsync("sub\\application.json", BinaryData.FromString("{}"));
        var blobs = new AzureBlobStore(service);
        var tables = new InMemoryTableStore();
        var handler = new RecordingHandler(container);
        var watcher = new BlobWatcher(
            [handler],
            blobs,
            tables,
            TimeProvider.System,
            NullLogger<BlobWatcher>.Instance,
            new Mock<DurableTaskClient>(MockBehavior.Strict, "unused").Object
        );

        await watcher.PollOnceAsync(CancellationToken.None);
        await watcher.PollOnceAsync(CancellationToken.None);

        var listed = (await blobs.ListAsync(container)).Select(b => b.Name).ToList();
        var reports = (await blobs.ListAsync(StorageNames.Quarantine, container + "/")).Count(b =>
            b.Name.EndsWith(".error.json", StringComparison.Ordinal)
        );
        var handledOnceUnderItsListedName = handler.Names.Count == 1 && listed.SequenceEqual(handler.Names);
        var quarantinedWithReport = handler.Names.Count == 0 && listed.Count == 0 && reports == 1;
        Assert.True(
            handledOnceUnderItsListedName || quarantinedWithReport,
            $"listed: [{string.Join(", ", listed)}], handled: [{string.Join(", ", handler.Names)}], reports: {reports}"
        );
    }
}
