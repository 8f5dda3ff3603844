using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Access;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// PIPL Art. 28 in the logs: registration and revocation run end to end on the in-memory engine with every log line
/// of the host captured, and none carries a full resident ID number or mobile number (the samples carry six IDs and
/// three phones; a reason text adds one more).
/// </summary>
public sealed class LogRedactionTests : IAsyncLifetime
{
    private readonly CapturingProvider logs = new();
    private PolicyHost host = null!;

    // Every category at Information and above, whatever appsettings.json turns down: what an operator could switch on.
    public async Task InitializeAsync() => host = await PolicyHost.StartAsync(s => s.AddLogging(b =>
    {
        b.AddProvider(logs);
        b.AddFilter<CapturingProvider>(null, LogLevel.Information);
    }));

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static string Sample(string relative) => File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "samples", relative));

    /// <summary>Blocks: a full ID number reaching the application log (and from there App Insights) from intake,
    /// orchestration, notifications or an officer's free-text reasons.</summary>
    [Fact]
    public async Task RegistrationAndRevocation_EndToEnd_NoLogLineCarriesAFullIdOrMobileNumber()
    {
        var registration = await OpenAsync("/api/registrations", Role.Enterprise, Sample("registration/application-complete.json"));
        var revocation = await OpenAsync("/api/revocations", Role.AffectedParty, Sample("revocation/application.json"));
        await WaitForAwaitedAsync(registration, "refuse");
        await WaitForAwaitedAsync(revocation, "investigation-finding");

        var refusal = PolicyHost.Json(new { type = "refuse", reasons = new[] { "法定代表人411102198503120015另案处理，联系13839512345" } });
        var officer = PolicyHost.Key(Role.RegistrationOfficer, PolicyHost.City);
        var (refused, body) = await host.SendAsync(HttpMethod.Post, $"/api/cases/{registration}/events", officer, refusal);
        Assert.True(refused == HttpStatusCode.Accepted, body);
        await WaitForCaseAsync(registration, c => c.GetProperty("closed").GetBoolean());

        var lines = logs.Lines.ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => PersonalData.ContainsResidentIdNumber(l) || l.Contains("13839512345", StringComparison.Ordinal));
    }

    private async Task<string> OpenAsync(string route, Role role, string body)
    {
        var (status, text) = await host.SendAsync(HttpMethod.Post, route, PolicyHost.Key(role, PolicyHost.City), body);
        Assert.True(status == HttpStatusCode.Accepted, $"{route}: {(int)status} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("caseId").GetString()!;
    }

    private Task WaitForAwaitedAsync(string caseId, string type) =>
        WaitForCaseAsync(caseId, c => c.GetProperty("awaitedEvents").EnumerateArray().Any(e => e.GetString() == type));

    /// <summary>Polls the case as its responsible officer until <paramref name="done"/> holds (each poll waits for
    /// the previous answer; the engine publishes asynchronously).</summary>
    private async Task WaitForCaseAsync(string caseId, Func<JsonElement, bool> done)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        var last = string.Empty;
        while (DateTimeOffset.UtcNow < until)
        {
            var (status, body) = await host.GetAsync($"/api/cases/{caseId}", PolicyHost.Key(Role.RegistrationOfficer, PolicyHost.City));
            last = body;
            if (status == HttpStatusCode.OK && done(JsonDocument.Parse(body).RootElement))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Case {caseId} did not reach the expected state: {last}");
    }

    public sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
