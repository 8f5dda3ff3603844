using System.Text.Json.Nodes;
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

    /// <summary>Each timer function, the LocalHost job it stands for, and what both must then show alike.</summary>
    private static readonly Dictionary<string, (string Job, string Function, string Key, string Path)> Timers = new()
    {
        ["ComplianceSweepTimer"] = ("compliance-sweep", "GetDigests", Admin, "/api/reports/digests"),
        ["NotificationDispatchTimer"] = ("notification-dispatch", "ListNotifications", Officer, "/api/notifications"),
    };

    public static TheoryData<string> TimerFunctions() => new(FunctionCatalog.OfKind(TriggerKind.Timer).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(TimerFunctions))]
    public async Task TimerTrigger_FiredLikeLocalHostsScheduler_HasTheSameEffect(string function)
    {
        Assert.True(Timers.TryGetValue(function, out var timer), $"Timer trigger {function} has no parity scenario here.");
        var hosts = new TwoHosts();
        await hosts.InitializeAsync();
        try
        {
            await OverdueRegistrationAsync(hosts);
            var before = await hosts.GetAsync(timer.Function, timer.Key, timer.Path);

            var firedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
            var job = hosts.Local.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == timer.Job);
            await job.RunAsync(firedAt, CancellationToken.None);
            await hosts.Functions.Invoker.InvokeTimerAsync(FunctionCatalog.Named(function), firedAt);
            var after = await hosts.GetAsync(timer.Function, timer.Key, timer.Path);

            Assert.True(hosts.DifferencesText().Length == 0, hosts.DifferencesText());
            Assert.True(before.Functions.Text != after.Functions.Text,
                $"{function} changed nothing that {timer.Path} shows: {after.Functions.Text}");
        }
        finally
        {
            await hosts.DisposeAsync();
        }
    }

    /// <summary>A registration accepted in February 2024 is long past its 3 working days (Art. 19): red, escalated,
    /// with notifications waiting in the outbox and an overdue case for the sweep.</summary>
    private static async Task OverdueRegistrationAsync(TwoHosts hosts)
    {
        var application = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "samples", "registration", "application-complete.json")))!;
        application["acceptedOn"] = "2024-02-08";
        var created = await hosts.PostAsync("PostRegistration", Enterprise, "/api/registrations", application.ToJsonString(),
            "timer-overdue");
        await hosts.SettledAsync("GetCase", Officer, created, "caseId", "/api/cases/{0}",
            json => json?["state"]?.ToString() == "overdue");
    }
}
