using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.LocalHost.Tests;

public sealed class BlobWatcherTests
{
    private const string Container = StorageNames.RegistrationsInbox;
    private static readonly DateTimeOffset Now = new(2024, 2, 8, 0, 30, 0, TimeSpan.Zero);

    /// <summary>Records every drop; fails the first <paramref name="failures"/> calls.</summary>
    private sealed class RecordingHandler(string container, int failures = 0) : IBlobDropHandler
    {
        public List<BlobDrop> Drops { get; } = [];

        public int Calls { get; private set; }

        public string Container => container;

        public Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
        {
            Calls++;
            if (Calls <= failures)
            {
                throw new InvalidOperationException($"handler failure {Calls}");
            }

            Drops.Add(drop);
            return Task.CompletedTask;
        }
    }

    private sealed record Rig(BlobWatcher Watcher, InMemoryBlobStore Blobs, InMemoryTableStore Tables, RecordingHandler Handler);

    private static Rig Create(int failures = 0)
    {
        var clock = new FakeTimeProvider(Now);
        var blobs = new InMemoryBlobStore(clock);
        var tables = new InMemoryTableStore();
        var handler = new RecordingHandler(Container, failures);
        return new Rig(
            new BlobWatcher(
                [handler],
                blobs,
                tables,
                clock,
                NullLogger<BlobWatcher>.Instance,
                new Mock<DurableTaskClient>(MockBehavior.Strict, "unused").Object
            ),
            blobs,
            tables,
            handler
        );
    }

    private static Task<BlobItemInfo> Put(Rig rig, string name, string text, string container = Container) =>
        rig.Blobs.PutAsync(
            container,
            name,
            Encoding.UTF8.GetBytes(text),
            "application/json",
            new Dictionary<string, string> { ["source"] = "test" }
        );

    [Fact]
    public async Task PollOnceAsync_NewBlob_HandledOnceWithItsContent()
    {
        var rig = Create();
        var info = await Put(rig, "2024/a.json", "{\"n\":1}");

        var handled = await rig.Watcher.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, handled);
        var drop = Assert.Single(rig.Handler.Drops);
        Assert.Equal(Container, drop.Container);
        Assert.Equal("2024/a.json", drop.Name);
        Assert.Equal(info.ETag, drop.ETag);
        Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString(drop.Data));
        Assert.Equal("application/json", drop.ContentType);
        Assert.Equal("test", drop.Metadata["source"]);
        var receipt = await rig.Tables.GetAsync(StorageNames.BlobReceiptsTable, Container, BlobWatcher.ReceiptKey("2024/a.json"));
        Assert.Equal("handled", receipt?.Get("Status"));
    }

    [Fact]
    public async Task PollOnceAsync_PolledAgain_NotHandledAgain()
    {
        var rig = Create();
        await Put(rig, "a.json", "1");
        await rig.Watcher.PollOnceAsync(CancellationToken.None);

        var handled = await rig.Watcher.PollOnceAsync(CancellationToken.None);

        Assert.Equal(0, handled);
        Assert.Single(rig.Handler.Drops);
    }

    [Fact]
    public async Task PollOnceAsync_BlobOverwritten_HandledAgainWithNewETag()
    {
        var rig = Create();
        var first = await Put(rig, "a.json", "1");
        await rig.Watcher.PollOnceAsync(CancellationToken.None);
        var second = await Put(rig, "a.json", "2");

        var handled = await rig.Watcher.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, handled);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal([first.ETag, second.ETag], rig.Handler.Drops.Select(d => d.ETag));
        Assert.Equal("2", Encoding.UTF8.GetString(rig.Handler.Drops[1].Data));
    }

    [Fact]
    public async Task PollOnceAsync_UnwatchedContainer_Ignored()
    {
        var rig = Create();
        await Put(rig, "a.json", "1", StorageNames.Documents);

        var handled = await rig.Watcher.PollOnceAsync(CancellationToken.None);

        Assert.Equal(0, handled);
        Assert.Equal(0, rig.Handler.Calls);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(BlobWatcher.MaxAttempts - 1)]
    public async Task PollOnceAsync_HandlerFailsThenSucceeds_RetriedOnNextPassUntilHandled(int failures)
    {
        var rig = Create(failures);
        await Put(rig, "a.json", "1");

        for (var pass = 1; pass <= failures; pass++)
        {
            Assert.Equal(0, await rig.Watcher.PollOnceAsync(CancellationToken.None));
            var receipt = await rig.Tables.GetAsync(StorageNames.BlobReceiptsTable, Container, BlobWatcher.ReceiptKey("a.json"));
            Assert.Equal("failed", receipt?.Get("Status"));
            Assert.Equal(pass.ToString(System.Globalization.CultureInfo.InvariantCulture), receipt?.Get("Attempts"));
            Assert.Equal($"handler failure {pass}", receipt?.Get("Error"));
        }

        Assert.Equal(1, await rig.Watcher.PollOnceAsync(CancellationToken.None));
        Assert.Equal(failures + 1, rig.Handler.Calls);
        Assert.Single(rig.Handler.Drops);
    }

    [Fact]
    public async Task PollOnceAsync_HandlerAlwaysFails_TriedMaxAttemptsThenLeftAsPoison()
    {
        var rig = Create(failures: int.MaxValue);
        await Put(rig, "a.json", "1");

        for (var pass = 0; pass < BlobWatcher.MaxAttempts + 3; pass++)
        {
            await rig.Watcher.PollOnceAsync(CancellationToken.None);
        }

        Assert.Equal(BlobWatcher.MaxAttempts, rig.Handler.Calls);
        var receipt = await rig.Tables.GetAsync(StorageNames.BlobReceiptsTable, Container, BlobWatcher.ReceiptKey("a.json"));
        Assert.Equal("poison", receipt?.Get("Status"));
        Assert.Equal(BlobWatcher.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), receipt?.Get("Attempts"));
    }

    [Fact]
    public async Task PollOnceAsync_PoisonBlobOverwritten_TriedAgain()
    {
        var rig = Create(failures: BlobWatcher.MaxAttempts);
        await Put(rig, "a.json", "bad");
        for (var pass = 0; pass < BlobWatcher.MaxAttempts; pass++)
        {
            await rig.Watcher.PollOnceAsync(CancellationToken.None);
        }

        await Put(rig, "a.json", "fixed");
        var handled = await rig.Watcher.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, handled);
        Assert.Equal("fixed", Encoding.UTF8.GetString(Assert.Single(rig.Handler.Drops).Data));
    }

    [Theory]
    [InlineData("a/b.json")]
    [InlineData("日报#1?.xlsx")]
    [InlineData("back\\slash")]
    public void ReceiptKey_NameWithCharactersTableKeysRefuse_HasOnlyHexDigits(string name)
    {
        var key = BlobWatcher.ReceiptKey(name);

        Assert.Matches("^[0-9A-F]+$", key);
        Assert.NotEqual(BlobWatcher.ReceiptKey(name + "x"), key);
    }
}
