using System.Text.Json;
using Microsoft.DurableTask;
using Moq;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.Power;
using Workflows.Functions.Cases;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Tests.Power;

/// <summary>
/// A mocked TaskOrchestrationContext for the proxy power orchestrations, driven by a script of case events at China-time
/// instants (the shape of MarketEntities' ScriptedOrchestrationContext, with this family's activities answered by the
/// real activities): timers complete when no scripted event comes first and the clock jumps to whichever fires, so the
/// notice's 2021-2022 days can be lived through inside a window.
/// </summary>
public sealed class PowerScript
{
    private readonly Queue<(DateTime At, CaseEventEnvelope Event)> script = new();
    private readonly Mock<TaskOrchestrationContext> mock = new(MockBehavior.Strict);
    private DateTime now;
    private TaskCompletionSource<CaseEventEnvelope>? pendingEvent;
    private (DateTime At, TaskCompletionSource Tcs)? pendingTimer;
    private int eventCount;

    public PowerScript(string startChinaTime, string caseId)
    {
        now = ChinaInstant(startChinaTime).UtcDateTime;
        CaseId = caseId;
        mock.SetupGet(c => c.InstanceId).Returns(caseId);
        mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        mock.SetupGet(c => c.Version).Returns(string.Empty);
        mock.Setup(c => c.WaitForExternalEvent<CaseEventEnvelope>(CaseEventEnvelope.EventName, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                pendingEvent = new TaskCompletionSource<CaseEventEnvelope>();
                return pendingEvent.Task;
            });
        // No calendar change is scripted: that wait never completes.
        mock.Setup(c => c.WaitForExternalEvent<CalendarChangedSignal>(CaseFlow.CalendarChangedEvent, It.IsAny<CancellationToken>()))
            .Returns(() => new TaskCompletionSource<CalendarChangedSignal>().Task);
        mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime at, CancellationToken _) =>
            {
                var tcs = new TaskCompletionSource();
                pendingTimer = (at, tcs);
                return tcs.Task;
            });
        mock.Setup(c => c.CallActivityAsync<CaseWritten>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                Updates.Add((CaseUpdate)input!);
                return Task.FromResult(new CaseWritten("case", "written", false));
            });
        mock.Setup(c => c.CallActivityAsync<CaseDeadline>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
                Task.FromResult(ComputeDeadlineActivity.Compute(LegalCalendar.LoadEmbedded(), (DeadlineRequest)input!)));
        mock.Setup(c => c.CallActivityAsync<ProxyUserPlan>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
                new PlanProxyUserActivity().RunAsync((ProxyUserPlanRequest)input!, CancellationToken.None));
        mock.Setup(c => c.CallActivityAsync<PowerObligationCheckOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
                new CheckPowerObligationActivity().RunAsync((PowerObligationCheckRequest)input!, CancellationToken.None));
    }

    public string CaseId { get; }

    public List<CaseUpdate> Updates { get; } = [];

    public IEnumerable<AuditEntry> Audit => Updates.SelectMany(u => u.Audit);

    public IEnumerable<NotificationRequest> Notifications => Updates.SelectMany(u => u.Notifications);

    public IEnumerable<CaseDeadline> PublishedDeadlines => Updates.Where(u => u.Deadline is not null).Select(u => u.Deadline!);

    /// <summary>Schedules a case event at <paramref name="chinaTime"/> (yyyy-MM-dd HH:mm, China time).</summary>
    public PowerScript Event(string chinaTime, string type, object? payload = null, string role = "Enterprise")
    {
        var at = ChinaInstant(chinaTime);
        var json = JsonSerializer.SerializeToElement(payload ?? new { }, CaseJson.Options);
        var fields = json.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        fields["type"] = type;
        eventCount++;
        var envelope = new CaseEventEnvelope(
            $"{CaseId}-e{eventCount}",
            type,
            $"actor-{role}",
            role,
            role,
            at,
            JsonSerializer.Serialize(fields, CaseJson.Options)
        );
        script.Enqueue((at.UtcDateTime, envelope));
        return this;
    }

    public static DateTimeOffset ChinaInstant(string chinaTime) =>
        new DateTimeOffset(
            DateTime.ParseExact(chinaTime, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ChinaTime.Offset
        ).ToUniversalTime();

    /// <summary>Runs until the orchestration returns or waits with nothing left to deliver (Completed = false); every
    /// answer completes inline, so a returned step means the orchestrator reached its next wait.</summary>
    public Task<(bool Completed, string? Output)> RunAsync(Func<TaskOrchestrationContext, Task<string>> orchestration) =>
        Task.Run(async () =>
        {
            var run = orchestration(mock.Object);
            while (!run.IsCompleted)
            {
                if (!Step())
                {
                    return (false, (string?)null);
                }
            }

            return (true, await run);
        });

    private bool Step()
    {
        var hasNext = script.TryPeek(out var next);
        if (pendingTimer is { } timer && (!hasNext || next.At > timer.At))
        {
            pendingTimer = null;
            now = timer.At;
            timer.Tcs.SetResult();
            return true;
        }

        if (!hasNext)
        {
            return false;
        }

        script.Dequeue();
        pendingTimer = null;
        if (next.At > now)
        {
            now = next.At;
        }

        (pendingEvent ?? throw new InvalidOperationException("The orchestration is not waiting for a case event.")).SetResult(next.Event);
        return true;
    }
}
