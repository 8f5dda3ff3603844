using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.App.Tests.Support;
using Workflows.Functions.Hosting;
using Workflows.LocalHost;

namespace Workflows.Functions.App.Tests;

/// <summary>
/// Issue 21 item 2: every timer trigger, fired with a <c>TimerInfo</c> as the host fires it, has the effect
/// LocalHost's scheduler has when it runs the same job (<see cref="IScheduledJob"/>), seen through the same API.
/// </summary>
public sealed class TimerTriggerParityTests
{
    private const string Enterprise = "dev-enterprise";
    private const string Officer = "dev-registration-officer";
    private const string Admin = "dev-admin";

    private static readonly string Root = new LocalHostSettings().RepositoryRoot;

    /// <summary>Each timer function, the LocalHost job it stands for, the case it needs, what both hosts must then show
    /// alike (a path with {0} names each host's own case), and settings both hosts run with.</summary>
    private static readonly Dictionary<string, TimerScenario> Timers = new()
    {
        // The sweep skips rest days of the legal calendar: both hosts run on a working day (the next one on a weekend).
        ["ComplianceSweepTimer"] = new("compliance-sweep", OverdueRegistrationAsync, "GetDigests", Admin, "/api/reports/digests",
            OnAWorkingDay: true),
        ["NotificationDispatchTimer"] = new("notification-dispatch", OverdueRegistrationAsync, "ListNotifications", Officer,
            "/api/notifications"),
        // A closed case's engine history is purged once it ended longer ago than HistoryPurge:RetainCompletedDays (0 here,
        // since the trigger reads the host's clock): the instance is gone, the case itself is not.
        ["HistoryPurgeTimer"] = new("history-purge", RegisteredOnTheSpotAsync, "GetInstance", Admin, "/api/instances/{0}",
            new Dictionary<string, string?> { ["HistoryPurge:RetainCompletedDays"] = "0" }),
        // Issue 14: the void licence a revocation owes (Decree 746 Art. 37 para 3), queued by the register hook, is opened
        // as a case by the timer: the list of publication duties shows it on both hosts.
        // The case is listed from its first write; its orchestration then sets the 10-working-day deadline, so both
        // hosts are compared once each shows the licence awaited.
        ["RegisterObligationsTimer"] = new("register-obligations", QueuedLicenceVoidAsync, "ListCases", Officer,
            "/api/cases?procedure=publication-duty",
            Settled: json => json?["items"]?[0]?["state"]?.ToString() == "awaiting-licence-return"),
    };

    public static TheoryData<string> TimerFunctions() => new(FunctionCatalog.OfKind(TriggerKind.Timer).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(TimerFunctions))]
    public async Task TimerTrigger_FiredLikeLocalHostsScheduler_HasTheSameEffect(string function)
    {
        Assert.True(Timers.TryGetValue(function, out var timer), $"Timer trigger {function} has no parity scenario here.");
        var hosts = new TwoHosts();
        var clock = timer.OnAWorkingDay ? ShiftedClock.OnAWorkingDay() : TimeProvider.System;
        await hosts.InitializeAsync(timer.Settings ?? new Dictionary<string, string?>(), clock);
        try
        {
            var created = await timer.Arrange(hosts);
            var before = await ObserveAsync(hosts, timer, created);

            var firedAt = clock.GetUtcNow().UtcDateTime;
            var job = hosts.Local.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == timer.Job);
            await job.RunAsync(firedAt, hosts.Local.App.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
            await hosts.Functions.Invoker.InvokeTimerAsync(FunctionCatalog.Named(function), firedAt);
            var after = timer.Settled is null
                ? await ObserveAsync(hosts, timer, created)
                : await hosts.SettledGetAsync(timer.Function, timer.Key, timer.Path, timer.Settled);

            Assert.True(hosts.DifferencesText().Length == 0, hosts.DifferencesText());
            Assert.True(before.Functions.Text != after.Functions.Text,
                $"{function} changed nothing that {timer.Path} shows: {after.Functions.Text}");
        }
        finally
        {
            await hosts.DisposeAsync();
        }
    }

    private static Task<AnswerPair> ObserveAsync(TwoHosts hosts, TimerScenario timer, AnswerPair created) =>
        timer.Path.Contains("{0}", StringComparison.Ordinal)
            ? hosts.SendOwnAsync(timer.Function, timer.Key, created, "caseId", "GET", timer.Path)
            : hosts.GetAsync(timer.Function, timer.Key, timer.Path);

    /// <summary>A registration decided on the spot (Decree 746 Art. 19 para 1): the case closes at once.</summary>
    private static async Task<AnswerPair> RegisteredOnTheSpotAsync(TwoHosts hosts)
    {
        var application = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "samples", "registration", "application-complete.json")))!;
        application["acceptedOn"] = "2024-03-04";
        application["registerOnTheSpot"] = true;
        var created = await hosts.PostAsync("PostRegistration", Officer, "/api/registrations", application.ToJsonString(),
            "timer-purge");
        await hosts.SettledAsync("GetInstance", Admin, created, "caseId", "/api/instances/{0}",
            json => json?["runtimeStatus"]?.ToString() == "Completed");
        return created;
    }

    /// <summary>The obligation the register hook queues after a revocation decision (both hosts' outboxes).</summary>
    private static async Task<AnswerPair> QueuedLicenceVoidAsync(TwoHosts hosts)
    {
        var data = new Functions.MarketEntities.PublicationDutyData
        {
            Kind = Functions.MarketEntities.PublicationDutyKinds.LicenceVoid,
            Uscc = "91411100MA47B3H25Y",
            EntityName = "漯河市恒通物流有限公司",
            DecidedOn = new DateOnly(2025, 7, 1),
            Decision = "REV-411100-20250515-TIMERPAR 撤销登记 / registration revoked",
            SourceCaseId = "REV-411100-20250515-TIMERPAR",
        };
        var request = new Functions.MarketEntities.ObligationRequest("REV-411100-20250515-TIMERPAR|Revoked|licence-void", "411100", data);
        foreach (var services in new[] { hosts.Local.App.Services, hosts.Functions.Services })
        {
            await services.GetRequiredService<Functions.MarketEntities.ObligationOutbox>().AddAsync(request);
        }

        return await hosts.GetAsync("ListCases", Officer, "/api/cases?procedure=publication-duty");
    }

    private sealed record TimerScenario(
        string Job, Func<TwoHosts, Task<AnswerPair>> Arrange, string Function, string Key, string Path,
        IReadOnlyDictionary<string, string?>? Settings = null, Func<JsonNode?, bool>? Settled = null, bool OnAWorkingDay = false);

    /// <summary>A registration accepted in February 2024 is long past its 3 working days (Art. 19): red, escalated,
    /// with notifications waiting in the outbox and an overdue case for the sweep.</summary>
    private static async Task<AnswerPair> OverdueRegistrationAsync(TwoHosts hosts)
    {
        var application = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "samples", "registration", "application-complete.json")))!;
        application["acceptedOn"] = "2024-02-08";
        var created = await hosts.PostAsync("PostRegistration", Enterprise, "/api/registrations", application.ToJsonString(),
            "timer-overdue");
        await hosts.SettledAsync("GetCase", Officer, created, "caseId", "/api/cases/{0}",
            json => json?["state"]?.ToString() == "overdue");
        return created;
    }
}
