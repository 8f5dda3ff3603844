using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;
using Workflows.Functions.Telemetry;
using Workflows.Functions.Tests.Supervision;
using Workflows.Tests.Support;

namespace Workflows.Functions.Tests.Telemetry;

/// <summary>Metrics and traces read through the OpenTelemetry in-memory exporter (issue 18).</summary>
public sealed class WorkflowsTelemetryTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 12, 0, 1, 0, TimeSpan.Zero);

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The telemetry of one host: its services with in-memory exporters for metrics and spans.</summary>
    private sealed class Capture : IDisposable
    {
        public Capture()
        {
            var services = new ServiceCollection();
            services.AddWorkflowsTelemetry(new ConfigurationBuilder().Build(), TelemetryHost.LocalHost);
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            Services = services.BuildServiceProvider();
            MeterProvider = Services.GetRequiredService<MeterProvider>();
            TracerProvider = Services.GetRequiredService<TracerProvider>();
        }

        public ServiceProvider Services { get; }

        public MeterProvider MeterProvider { get; }

        public TracerProvider TracerProvider { get; }

        public List<Metric> Metrics { get; } = [];

        public List<Activity> Spans { get; } = [];

        public WorkflowsMetrics WorkflowsMetrics => Services.GetRequiredService<WorkflowsMetrics>();

        /// <summary>Sum of a counter's points after a flush (exported cumulatively).</summary>
        public long Sum(string name, string? tag = null, string? tagValue = null)
        {
            MeterProvider.ForceFlush();
            var metric = Metrics.LastOrDefault(m => m.Name == name);
            Assert.True(metric is not null, $"No metric {name} was exported.");
            long total = 0;
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (tag is null || HasTag(point, tag, tagValue))
                {
                    total += metric.MetricType is MetricType.LongGauge ? point.GetGaugeLastValueLong() : point.GetSumLong();
                }
            }

            return total;
        }

        /// <summary>Count and sum of a histogram's recordings after a flush (optionally of one tag value).</summary>
        public (long Count, double Sum) Histogram(string name, string? tag = null, string? tagValue = null)
        {
            MeterProvider.ForceFlush();
            var metric = Metrics.LastOrDefault(m => m.Name == name);
            Assert.True(metric is not null, $"No metric {name} was exported.");
            var (count, sum) = (0L, 0d);
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (tag is null || HasTag(point, tag, tagValue))
                {
                    (count, sum) = (count + point.GetHistogramCount(), sum + point.GetHistogramSum());
                }
            }

            return (count, sum);
        }

        public void Dispose() => Services.Dispose();

        private static bool HasTag(MetricPoint point, string tag, string? value)
        {
            foreach (var pair in point.Tags)
            {
                if (pair.Key == tag && Equals(pair.Value, value))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static NotificationDispatcher Dispatcher(SupervisionTestKit kit, string webhookUrl, WorkflowsMetrics metrics)
    {
        var options = Options.Create(new NotificationOptions { WebhookUrl = webhookUrl });
        return new NotificationDispatcher(
            kit.Outbox,
            new LogNotificationChannel(NullLogger<LogNotificationChannel>.Instance),
            new WebhookNotificationChannel(new Clients(), options),
            options,
            kit.Clock,
            NullLogger<NotificationDispatcher>.Instance,
            metrics
        );
    }

    private static Task<bool> Enqueue(NotificationOutbox outbox, string key) =>
        outbox.EnqueueAsync(
            "REG-411100-20240307-AAAAAAAA",
            new NotificationRequest(
                key,
                Role.RegistrationOfficer,
                "411100",
                "sweep-due",
                "【今日到期提醒】案件今日到期。",
                "市场主体登记管理条例第十九条"
            ),
            Now.AddMinutes(-1)
        );

    [Fact]
    public async Task Dispatcher_RobotAcceptsOneAndRejectsOne_ExportsSentFailedAndPending()
    {
        using var capture = new Capture();
        using var robot = new RobotListener((200, "{\"errcode\":0,\"errmsg\":\"ok\"}"), (500, "{\"error\":\"busy\"}"));
        var kit = new SupervisionTestKit(Now);
        await Enqueue(kit.Outbox, "a");
        await Enqueue(kit.Outbox, "b");

        await Dispatcher(kit, robot.Url, capture.WorkflowsMetrics).RunAsync(CancellationToken.None);

        Assert.Equal(1, capture.Sum(WorkflowsTelemetry.NotificationsSent, WorkflowsTelemetry.ChannelTag, "webhook"));
        Assert.Equal(1, capture.Sum(WorkflowsTelemetry.NotificationsFailed, WorkflowsTelemetry.ChannelTag, "webhook"));
        Assert.Equal(2, capture.Sum(WorkflowsTelemetry.NotificationsPending));
    }

    [Fact]
    public async Task Dispatcher_Run_ExportsADispatchSpanWithItsChannel()
    {
        using var capture = new Capture();
        using var robot = new RobotListener((200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        var kit = new SupervisionTestKit(Now);
        await Enqueue(kit.Outbox, "a");
        // The activity source is process-wide: only spans of this test's trace count (other tests dispatch too).
        // Recorded, so that the parent-based sampler keeps the child.
        using var parent = new Activity("test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();

        await Dispatcher(kit, robot.Url, capture.WorkflowsMetrics).RunAsync(CancellationToken.None);
        capture.TracerProvider.ForceFlush();

        var span = Assert.Single(capture.Spans, s => s.OperationName == "notifications.dispatch" && s.TraceId == parent.TraceId);
        Assert.Equal("webhook", span.GetTagItem(WorkflowsTelemetry.ChannelTag));
    }

    [Theory]
    [InlineData("市场主体登记", 2)]
    [InlineData("固定资产投资项目节能审查", 1)]
    public void Metrics_CasesOpenedPerProcedure_AreCountedByProcedureTag(string procedure, int expected)
    {
        using var capture = new Capture();
        var metrics = capture.WorkflowsMetrics;

        metrics.CaseOpened("市场主体登记");
        metrics.CaseOpened("市场主体登记");
        metrics.CaseOpened("固定资产投资项目节能审查");

        Assert.Equal(expected, capture.Sum(WorkflowsTelemetry.CasesOpened, WorkflowsTelemetry.ProcedureTag, procedure));
    }

    [Fact]
    public void Metrics_QuarantineOverdueAndOpenPerLight_AreExported()
    {
        using var capture = new Capture();
        var metrics = capture.WorkflowsMetrics;

        metrics.DropQuarantined("registrations-inbox");
        metrics.OverdueCases(3);
        metrics.OpenCases("red", 4);
        metrics.OpenCases("green", 9);

        Assert.Equal(1, capture.Sum(WorkflowsTelemetry.DropsQuarantined, WorkflowsTelemetry.ContainerTag, "registrations-inbox"));
        Assert.Equal(3, capture.Sum(WorkflowsTelemetry.CasesOverdue));
        Assert.Equal(4, capture.Sum(WorkflowsTelemetry.CasesOpen, WorkflowsTelemetry.LightTag, "red"));
    }

    /// <summary>Where the events happen: the sweep records the overdue count, the open cases per light it sees and its
    /// own duration.</summary>
    [Fact]
    public async Task Sweep_Run_RecordsOverdueOpenPerLightAndDuration()
    {
        using var capture = new Capture();
        var kit = new SupervisionTestKit(Now);
        await kit.SeedAsync(
            "REG-411100-20240301-AAAAAAAA",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 8), new DateOnly(2024, 3, 7))
        );
        await kit.SeedAsync(
            "REG-411100-20240301-BBBBBBBB",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 12), new DateOnly(2024, 3, 11))
        );
        await kit.SeedAsync(
            "REG-411100-20240301-CCCCCCCC",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 14), new DateOnly(2024, 3, 11))
        );
        await kit.SeedAsync(
            "REG-411100-20240301-DDDDDDDD",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 29), new DateOnly(2024, 3, 26))
        );
        await kit.SeedAsync(
            "REG-411100-20240301-EEEEEEEE",
            SupervisionTestKit.Deadline(new DateOnly(2024, 4, 9), new DateOnly(2024, 4, 2))
        );
        var sweep = new ComplianceSweep(
            kit.Cases,
            kit.Index,
            kit.Outbox,
            kit.Calendars,
            new DigestWriter(kit.Blobs),
            NullLogger<ComplianceSweep>.Instance,
            capture.WorkflowsMetrics
        );

        await sweep.RunAsync(new DateOnly(2024, 3, 12), CancellationToken.None);

        Assert.Equal(1, capture.Sum(WorkflowsTelemetry.CasesOverdue));
        Assert.Equal(1, capture.Sum(WorkflowsTelemetry.CasesOpen, WorkflowsTelemetry.LightTag, "red"));
        Assert.Equal(2, capture.Sum(WorkflowsTelemetry.CasesOpen, WorkflowsTelemetry.LightTag, "yellow"));
        Assert.Equal(2, capture.Sum(WorkflowsTelemetry.CasesOpen, WorkflowsTelemetry.LightTag, "green"));
        Assert.Equal(1, capture.Histogram(WorkflowsTelemetry.SweepDuration).Count);
    }

    /// <summary>A quarantined drop is counted by its container, where the quarantine moves it.</summary>
    [Fact]
    public async Task Quarantine_Move_CountsTheDropByContainer()
    {
        using var capture = new Capture();
        var kit = new SupervisionTestKit(Now);
        var quarantine = new Quarantine(kit.Blobs, kit.Clock, kit.Outbox, capture.WorkflowsMetrics);
        var drop = new BlobDrop("coal-inbox", "bad.json", "\"0x1\"", "{"u8.ToArray(), "application/json", new Dictionary<string, string>());

        await quarantine.MoveAsync(drop, [new Workflows.Functions.Http.ApiError("body", "json.invalid", "无效的 JSON / invalid JSON")]);

        Assert.Equal(1, capture.Sum(WorkflowsTelemetry.DropsQuarantined, WorkflowsTelemetry.ContainerTag, "coal-inbox"));
    }

    /// <summary>The update that closes a case counts it closed per procedure and records its decision time over the
    /// legal limit; the same update retried (an activity runs at least once) counts nothing more.</summary>
    [Fact]
    public async Task UpdateCase_CloseThenRetried_CountsOneClosureAndItsDecisionTime()
    {
        using var capture = new Capture();
        var kit = new SupervisionTestKit(Now);
        var deadline = SupervisionTestKit.Deadline(new DateOnly(2024, 3, 14), new DateOnly(2024, 3, 13));
        await kit.SeedAsync("REG-411100-20240301-DDDDDDDD", deadline);
        var activity = new Workflows.Functions.Activities.UpdateCaseActivity(
            kit.Cases,
            kit.Index,
            new AuditLog(kit.Tables),
            kit.Outbox,
            capture.WorkflowsMetrics
        );
        // Decided 3 of the 6 legal days in (the period starts 2024-03-09 00:00 China time, ends 2024-03-14 24:00).
        var decided = ChinaTimeStart(deadline.Start).AddDays(3);
        var update = new CaseUpdate
        {
            CaseId = "REG-411100-20240301-DDDDDDDD",
            State = "registered",
            Close = true,
            AtUtc = decided,
        };

        await activity.RunAsync(update, CancellationToken.None);
        await activity.RunAsync(update, CancellationToken.None);

        Assert.Equal(1, capture.Sum(WorkflowsTelemetry.CasesClosed, WorkflowsTelemetry.ProcedureTag, "registration"));
        var (count, sum) = capture.Histogram(WorkflowsTelemetry.DecisionTimeRatio, WorkflowsTelemetry.ProcedureTag, "registration");
        Assert.Equal((1, 0.5), (count, sum));
    }

    private static DateTimeOffset ChinaTimeStart(DateOnly day) => Workflows.Domain.Calendar.ChinaTime.StartOfDayUtc(day);

    /// <summary>A logger that keeps every line with the scope fields open when it was written.</summary>
    private sealed class ScopeCapture<T> : Microsoft.Extensions.Logging.ILogger<T>
    {
        private readonly Stack<IReadOnlyDictionary<string, object>> scopes = new();

        public List<(string Message, IReadOnlyDictionary<string, object> Scope)> Lines { get; } = [];

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            scopes.Push(state as IReadOnlyDictionary<string, object> ?? new Dictionary<string, object>());
            return new Pop(scopes);
        }

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(
            Microsoft.Extensions.Logging.LogLevel logLevel,
            Microsoft.Extensions.Logging.EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) => Lines.Add((formatter(state, exception), scopes.SelectMany(d => d).ToDictionary(p => p.Key, p => p.Value)));

        private sealed class Pop(Stack<IReadOnlyDictionary<string, object>> scopes) : IDisposable
        {
            public void Dispose() => scopes.Pop();
        }
    }

    /// <summary>Issue 18: the sweep's per-case lines carry case id, procedure and agency as structured fields.</summary>
    [Fact]
    public async Task Sweep_QueuedNotice_LogsUnderTheCasesScope()
    {
        var kit = new SupervisionTestKit(Now);
        await kit.SeedAsync(
            "REG-411100-20240301-AAAAAAAA",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 8), new DateOnly(2024, 3, 7))
        );
        var logger = new ScopeCapture<ComplianceSweep>();
        var sweep = new ComplianceSweep(kit.Cases, kit.Index, kit.Outbox, kit.Calendars, new DigestWriter(kit.Blobs), logger);

        await sweep.RunAsync(new DateOnly(2024, 3, 12), CancellationToken.None);

        var line = Assert.Single(logger.Lines, l => l.Message.Contains("RegistrationOfficer", StringComparison.Ordinal));
        Assert.Equal("REG-411100-20240301-AAAAAAAA", line.Scope[Workflows.Functions.Registry.LogScopes.CaseId]);
        Assert.Equal("registration", line.Scope[Workflows.Functions.Registry.LogScopes.Procedure]);
        Assert.Equal("411100", line.Scope[Workflows.Functions.Registry.LogScopes.Agency]);
    }

    [Fact]
    public async Task UpdateCase_Close_LogsTheClosureUnderTheCasesScope()
    {
        var kit = new SupervisionTestKit(Now);
        await kit.SeedAsync(
            "REG-411100-20240301-EEEEEEEE",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 14), new DateOnly(2024, 3, 13))
        );
        var logger = new ScopeCapture<Workflows.Functions.Activities.UpdateCaseActivity>();
        var activity = new Workflows.Functions.Activities.UpdateCaseActivity(
            kit.Cases,
            kit.Index,
            new AuditLog(kit.Tables),
            kit.Outbox,
            null,
            logger
        );

        await activity.RunAsync(
            new CaseUpdate
            {
                CaseId = "REG-411100-20240301-EEEEEEEE",
                State = "registered",
                Close = true,
                AtUtc = Now,
            },
            CancellationToken.None
        );

        var line = Assert.Single(logger.Lines);
        Assert.Contains("closed in state registered", line.Message, StringComparison.Ordinal);
        Assert.Equal("registration", line.Scope[Workflows.Functions.Registry.LogScopes.Procedure]);
        Assert.Equal("REG-411100-20240301-EEEEEEEE", line.Scope[Workflows.Functions.Registry.LogScopes.CaseId]);
    }
}
