using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Calendar;

public sealed class CalendarDropHandlerTests : IDisposable
{
    private readonly InMemoryTableStore tables = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
    private readonly InMemoryBlobStore blobs;
    private readonly RecordingListener listener = new();
    private readonly DurableTaskClient client = new Mock<DurableTaskClient>(MockBehavior.Strict, "drop-host").Object;
    private readonly CalendarService calendars;
    private readonly CalendarDropHandler handler;

    public CalendarDropHandlerTests()
    {
        blobs = new InMemoryBlobStore(clock);
        calendars = new CalendarService(tables, [listener], clock, NullLogger<CalendarService>.Instance);
        handler = new CalendarDropHandler(
            calendars,
            new Quarantine(blobs, clock),
            Microsoft.Extensions.Options.Options.Create(new LimitsOptions())
        );
    }

    public void Dispose() => calendars.Dispose();

    private async Task<BlobDrop> DropAsync(string name, byte[] data)
    {
        var info = await blobs.PutAsync(StorageNames.Calendars, name, data, "application/json");
        return new BlobDrop(StorageNames.Calendars, name, info.ETag, data, "application/json", new Dictionary<string, string>());
    }

    [Fact]
    public async Task HandleAsync_Valid2027File_ActivatesYearAndEmitsChange()
    {
        var before = (await calendars.GetAsync()).AddWorkingDays(new DateOnly(2027, 2, 4), 1);
        Assert.True(before.Provisional);

        await handler.HandleAsync(
            await DropAsync("2027.json", RepoFiles.Read("samples", "calendars", "2027.json")),
            client,
            CancellationToken.None
        );

        var after = await calendars.GetAsync();
        Assert.Contains(2027, after.OfficialYears);
        var deadline = after.AddWorkingDays(new DateOnly(2027, 2, 4), 1);
        Assert.False(deadline.Provisional);
        Assert.Equal(new DateOnly(2027, 2, 12), deadline.Deadline); // 春节 2027-02-05..11 are rest days in the sample notice
        var change = Assert.Single(listener.Changes);
        Assert.Equal(2027, change.Year);
        Assert.Equal(YearStatus.Provisional, change.PreviousStatus);
        Assert.Contains(new DateOnly(2027, 2, 20), change.MakeUpDaysAdded);
        Assert.Same(client, Assert.Single(listener.Clients)); // the delivering host's client, not one remembered elsewhere
        Assert.Empty(await blobs.ListAsync(StorageNames.Quarantine));
    }

    [Fact]
    public async Task HandleAsync_ActivatedYear_SurvivesRestartThroughTheTable()
    {
        await handler.HandleAsync(
            await DropAsync("2027.json", RepoFiles.Read("samples", "calendars", "2027.json")),
            client,
            CancellationToken.None
        );

        using var restarted = new CalendarService(tables, [], clock, NullLogger<CalendarService>.Instance);
        Assert.Contains(2027, (await restarted.GetAsync()).OfficialYears);
    }

    [Theory]
    [InlineData("2027.json", "2027-missing-spring-festival.json", "statutory-holiday-covered")]
    [InlineData("2028.json", "2027.json", "year-matches")]
    public async Task HandleAsync_InvalidFile_QuarantinedWithReportAndCalendarUnchanged(string blobName, string sample, string rule)
    {
        var before = await calendars.GetAsync();

        await handler.HandleAsync(
            await DropAsync(blobName, RepoFiles.Read("samples", "calendars", sample)),
            client,
            CancellationToken.None
        );

        Assert.Same(before, await calendars.GetAsync());
        Assert.DoesNotContain(2027, (await calendars.GetAsync()).OfficialYears);
        Assert.Empty(listener.Changes);
        Assert.Null(await blobs.GetAsync(StorageNames.Calendars, blobName));
        Assert.NotNull(await blobs.GetAsync(StorageNames.Quarantine, $"calendars/{blobName}"));
        var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.Calendars, blobName));
        Assert.NotNull(report);
        using var doc = JsonDocument.Parse(report.Data);
        var rules = doc.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ToList();
        Assert.Contains(rule, rules);
    }

    [Fact]
    public async Task HandleAsync_ValidFileBeyondWhatOneTableRowHolds_QuarantinedEvenIfTheSettingAllowsIt()
    {
        // Issue 12: 40 KB of UTF-8 is 80 KB as the table's UTF-16, over Azure's 64 KiB property; a larger setting must
        // not let a valid file reach a write the store refuses.
        var generous = new CalendarDropHandler(
            calendars,
            new Quarantine(blobs, clock),
            Microsoft.Extensions.Options.Options.Create(new LimitsOptions { MaxCalendarFileBytes = 256 << 10 })
        );
        var padded = RepoFiles.Read("samples", "calendars", "2027.json").Concat(Enumerable.Repeat((byte)' ', 40_000)).ToArray();

        await generous.HandleAsync(await DropAsync("2027.json", padded), client, CancellationToken.None);

        Assert.DoesNotContain(2027, (await calendars.GetAsync()).OfficialYears);
        var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.Calendars, "2027.json"));
        var rule = JsonDocument.Parse(report!.Data).RootElement.GetProperty("errors")[0].GetProperty("rule").GetString();
        Assert.Equal("calendar.too-large", rule);
    }

    [Theory]
    [InlineData("calendar-2027.json", "calendar.file-name")]
    [InlineData("1999.json", "calendar.year-range")]
    public async Task HandleAsync_BadName_Quarantined(string blobName, string rule)
    {
        await handler.HandleAsync(await DropAsync(blobName, Encoding.UTF8.GetBytes("{}")), client, CancellationToken.None);

        var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.Calendars, blobName));
        Assert.NotNull(report);
        Assert.Contains(rule, Encoding.UTF8.GetString(report.Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_NotJson_QuarantinedAndCalendarUnchanged()
    {
        var before = await calendars.GetAsync();

        await handler.HandleAsync(await DropAsync("2027.json", Encoding.UTF8.GetBytes("not json at all")), client, CancellationToken.None);

        Assert.Same(before, await calendars.GetAsync());
        Assert.NotNull(await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.Calendars, "2027.json")));
    }

    [Fact]
    public async Task HandleAsync_RefusedFile_LogsAWarningNamingTheFileAndRule()
    {
        var log = new RecordingLogger();
        var logged = new CalendarDropHandler(
            calendars,
            new Quarantine(blobs, clock, logger: log),
            Microsoft.Extensions.Options.Options.Create(new LimitsOptions())
        );

        await logged.HandleAsync(await DropAsync("2027.json", Encoding.UTF8.GetBytes("not json at all")), client, CancellationToken.None);

        var (level, message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("calendars/2027.json", message, StringComparison.Ordinal);
        var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.Calendars, "2027.json"));
        var rule = JsonDocument.Parse(report!.Data).RootElement.GetProperty("errors")[0].GetProperty("rule").GetString();
        Assert.Contains(rule!, message, StringComparison.Ordinal);
    }

    private sealed class RecordingLogger : ILogger<Quarantine>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) => Entries.Add((logLevel, formatter(state, exception)));
    }

    private sealed class RecordingListener : ICalendarChangeListener
    {
        public List<CalendarYearChanged> Changes { get; } = [];

        public List<DurableTaskClient> Clients { get; } = [];

        public Task OnYearChangedAsync(
            CalendarYearChanged change,
            DateTimeOffset atUtc,
            DurableTaskClient client,
            CancellationToken cancellationToken
        )
        {
            Changes.Add(change);
            Clients.Add(client);
            return Task.CompletedTask;
        }
    }
}
