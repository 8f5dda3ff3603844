using System.Globalization;
using System.Net;
using System.Text.Json;
using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Domain.Calendar;
using Workflows.Functions.Storage;
using Workflows.LocalHost;
using Workflows.Tests.Support;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;
using ProtoEvent = Microsoft.DurableTask.Protobuf.HistoryEvent;

namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// An in-memory LocalHost (the real Durable Task engine: sidecar dispatcher, SDK worker, activities, stores) whose
/// orchestration service is wrapped by a <see cref="HistoryRecorder"/>, and the calls the capture scenarios make.
/// </summary>
public sealed class ReplayCaptureHost : IAsyncDisposable
{
    public const string Admin = "dev-admin";

    private readonly LocalHostApp local;

    private ReplayCaptureHost(LocalHostApp local, HistoryRecorder recorder)
    {
        this.local = local;
        Recorder = recorder;
        Http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(60));
    }

    public HttpClient Http { get; }

    public HistoryRecorder Recorder { get; }

    public IBlobStore Blobs => local.App.Services.GetRequiredService<IBlobStore>();

    public static DateOnly Today => ChinaTime.ToLegalDate(TimeProvider.System.GetUtcNow());

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<ReplayCaptureHost> StartAsync()
    {
        var recorder = HistoryRecorder.Wrap(InMemoryEngineConcurrency.Create(null));
        var local = await LocalHostApp.BuildAsync(new LocalHostSettings
        {
            InMemory = true,
            Port = TestPorts.Free(),
            TaskHub = TestPorts.UniqueTaskHub("replay"),
            RunBackgroundServices = true,
            ConfigureServices = s => s.Replace(ServiceDescriptor.Singleton(recorder.Service)),
        }, [], _ => { });
        await local.App.StartAsync();
        return new ReplayCaptureHost(local, recorder);
    }

    public Task<string> OpenAsync(string apiKey, string path, string json) => MarketEntities.MarketApi.OpenAsync(Http, apiKey, path, json, Guid.NewGuid().ToString("N"));

    public async Task<string> CreateAsync(string apiKey, string path, object body)
    {
        var (status, created) = await PostAsync(Http, apiKey, path, JsonSerializer.Serialize(body));
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.Accepted, $"{path}: {(int)status} {created}");
        return created.TryGetProperty("caseId", out var id) ? id.GetString()! : string.Empty;
    }

    public async Task SendAsync(string apiKey, string caseId, object evt)
    {
        var (status, body) = await EventAsync(Http, apiKey, caseId, evt);
        Assert.True(status == HttpStatusCode.Accepted, $"event on {caseId}: {(int)status} {body}");
    }

    public Task<JsonElement> WaitAsync(string caseId, Func<JsonElement, bool> condition) => WaitForCaseAsync(Http, caseId, condition, Admin, 60);

    public Task<JsonElement> AwaitingAsync(string caseId, string eventType) => WaitAsync(caseId, c => Awaits(c, eventType));

    /// <summary>The instance's history once it is at rest: every activity answered, no due timer pending, the episode committed.</summary>
    public async Task<ReplayHistoryFile> CaptureAsync(ReplayScenario scenario, string instanceId)
    {
        var now = TimeProvider.System.GetUtcNow();
        var history = await Recorder.WaitAsync(instanceId, h => AtRest(h, now), TimeSpan.FromSeconds(60));
        var started = history.First(e => e.EventTypeCase == ProtoEvent.EventTypeOneofCase.ExecutionStarted).ExecutionStarted;
        return ReplayHistoryFile.From(scenario.Procedure, scenario.WaitingPoint, started.Name, started.Version ?? string.Empty, instanceId, history);
    }

    private static bool AtRest(IReadOnlyList<ProtoEvent> history, DateTimeOffset now)
    {
        if (history.Count == 0 || history.Any(e => e.EventTypeCase == ProtoEvent.EventTypeOneofCase.ExecutionCompleted))
        {
            return history.Count > 0;
        }

        var answered = history.Where(e => e.EventTypeCase is ProtoEvent.EventTypeOneofCase.TaskCompleted or ProtoEvent.EventTypeOneofCase.TaskFailed)
            .Select(e => e.TaskCompleted?.TaskScheduledId ?? e.TaskFailed.TaskScheduledId).ToHashSet();
        var fired = history.Where(e => e.EventTypeCase == ProtoEvent.EventTypeOneofCase.TimerFired).Select(e => e.TimerFired.TimerId).ToHashSet();
        return history[^1].EventTypeCase == ProtoEvent.EventTypeOneofCase.OrchestratorCompleted
            && history.Where(e => e.EventTypeCase == ProtoEvent.EventTypeOneofCase.TaskScheduled).All(e => answered.Contains(e.EventId))
            && history.Where(e => e.EventTypeCase == ProtoEvent.EventTypeOneofCase.TimerCreated && e.TimerCreated.FireAt.ToDateTimeOffset() <= now)
                .All(e => fired.Contains(e.EventId));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await local.App.StopAsync();
        await local.DisposeAsync();
    }
}
