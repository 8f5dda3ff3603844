using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.ProofBench;

/// <summary>Options of one durability run (the CI test runs ~20 cases, the bench 500).</summary>
public sealed record DurabilityOptions
{
    public required int Cases { get; init; }

    public required string LocalHostDll { get; init; }

    public required string RepositoryRoot { get; init; }

    /// <summary>The storage both runs use (a private Azurite); null = the Azurite on 10000-10002.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>How many case scripts run at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The host is killed once this share of all event POSTs has been started (responses in flight are lost).</summary>
    public double KillAtShare { get; init; } = 0.4;

    /// <summary>How long every case may take to reach its final state (per run, after the last restart).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>What a case looked like at the end of a run: what the comparison looks at.</summary>
public sealed record CaseOutcome(int Index, string CaseId, string State, bool Closed, string? Outcome, bool Late, int Documents, IReadOnlyList<string> Actions, IReadOnlyList<string> Notes)
{
    public IReadOnlyDictionary<string, int> ActionCounts => Actions.GroupBy(a => a, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

public sealed record RunResult(string TaskHub, IReadOnlyList<CaseOutcome> Cases, TimeSpan Elapsed, int EventPosts, int RetriedPosts, TimeSpan? Downtime, string LogFile)
{
    /// <summary>The warnings LocalHost logged (e.g. the durable worker's "Channel to backend has stopped receiving traffic").</summary>
    public IReadOnlyList<string> Warnings()
    {
        var lines = File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];
        return lines.Select((line, n) => (line, n)).Where(x => x.line.StartsWith("warn:", StringComparison.Ordinal) || x.line.StartsWith("fail:", StringComparison.Ordinal) || x.line.StartsWith("--- start", StringComparison.Ordinal))
            .Select(x => x.line.StartsWith("---", StringComparison.Ordinal) || x.n + 1 >= lines.Length ? x.line : x.line + " " + lines[x.n + 1].Trim()).ToList();
    }
}

public sealed record DurabilityReport(RunResult Control, RunResult Interrupted, IReadOnlyList<string> Differences)
{
    public bool Identical => Differences.Count == 0;
}

/// <summary>
/// Item 1 of issue 8: registration cases in mixed states in flight, the LocalHost process killed hard (SIGKILL) while
/// events are being submitted, restarted on the same task hub, events whose response was lost resent with the same
/// Idempotency-Key — then every case is compared with an uninterrupted control run on another task hub: final state,
/// outcome, late flag, the audit action sequence (and the count per action: no lost, no duplicated rows) and the
/// number of documents. The script of case i is deterministic (each event waits for the state it answers):
/// <list type="bullet">
/// <item>i%4==0: accepted today, register within the limit (Decree 746 Art. 19 para 1) → registered, on time;</item>
/// <item>i%4==1: accepted 2024-02-08 (overdue), request-correction → resubmit (new 3-working-day period from today,
/// Art. 19 para 2) → register → registered, on time;</item>
/// <item>i%4==2: accepted 2024-02-08, overdue, extend after the limit (Art. 19 para 1: recorded as a late extension
/// that extends nothing, the case stays overdue) → refuse (Art. 20) → refused, late;</item>
/// <item>i%4==3: accepted 2024-02-08, no decision → overdue (escalation audit) → late register.</item>
/// </list>
/// </summary>
public static class DurabilityScenario
{
    public const string Officer = "dev-registration-officer";
    public const string Head = "dev-authority-head";
    public const string Enterprise = "dev-enterprise";
    public const string PastAcceptance = "2024-02-08";

    private static readonly string[] Materials = ["residence-proof"];
    private static readonly string[] Reasons = ["经营范围不符合规定"];

    /// <summary>One step of a case script: wait until <see cref="Ready"/> holds, then send <see cref="Event"/> as <see cref="ApiKey"/>.</summary>
    public sealed record Step(string Name, Func<JsonElement, bool> Ready, string ApiKey, object Event);

    public static string ExpectedOutcome(int i) => (i % 4) switch { 2 => "refused", _ => "registered" };

    public static bool ExpectedLate(int i) => (i % 4) is 2 or 3;

    public static IReadOnlyList<Step> Script(int i)
    {
        var register = new { type = "register", uscc = "91411100MA44X1Y23P" };
        var materials = Materials;
        var reasons = Reasons;
        return (i % 4) switch
        {
            0 => [new Step("register", c => Awaits(c, "register"), Officer, register)],
            1 =>
            [
                new Step("request-correction", c => State(c) == "overdue" && Awaits(c, "request-correction"), Officer, new { type = "request-correction", missingMaterials = materials }),
                new Step("resubmit", c => State(c) == "awaiting-correction" && Awaits(c, "resubmit"), Enterprise, new { type = "resubmit", materials }),
                new Step("register", c => State(c) == "under-review" && Awaits(c, "register"), Officer, register),
            ],
            2 =>
            [
                new Step("extend", c => State(c) == "overdue" && Awaits(c, "extend"), Head, new { type = "extend", reason = "情形复杂 (durability test)" }),
                new Step("refuse", c => State(c) == "overdue" && Count(c, "extension-late") == 1 && Awaits(c, "refuse"), Officer, new { type = "refuse", reasons }),
            ],
            _ => [new Step("register", c => State(c) == "overdue" && Awaits(c, "register"), Officer, register)],
        };
    }

    /// <summary>Control run, then the interrupted run, then the comparison.</summary>
    public static async Task<DurabilityReport> RunAsync(DurabilityOptions options, CancellationToken cancellationToken = default)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var logDir = Path.Combine(options.RepositoryRoot, ".local", "proof");
        Directory.CreateDirectory(logDir);
        var control = await RunOnceAsync(options, "ctl" + tag, kill: false, Path.Combine(logDir, $"control-{tag}.log"), cancellationToken).ConfigureAwait(false);
        var interrupted = await RunOnceAsync(options, "dur" + tag, kill: true, Path.Combine(logDir, $"interrupted-{tag}.log"), cancellationToken).ConfigureAwait(false);
        return new DurabilityReport(control, interrupted, Compare(control, interrupted));
    }

    public static IReadOnlyList<string> Compare(RunResult control, RunResult interrupted)
    {
        var differences = new List<string>();
        foreach (var (c, d) in control.Cases.Zip(interrupted.Cases))
        {
            var label = $"case {c.Index} ({d.CaseId})";
            if (!c.Closed || c.Outcome != ExpectedOutcome(c.Index) || c.Late != ExpectedLate(c.Index))
            {
                differences.Add($"{label}: the CONTROL run ended {c.State}/{c.Outcome}/late={c.Late}, expected {ExpectedOutcome(c.Index)}/late={ExpectedLate(c.Index)}; {string.Join("; ", c.Notes)}");
            }

            if (c.State != d.State || c.Closed != d.Closed || c.Outcome != d.Outcome || c.Late != d.Late)
            {
                differences.Add($"{label}: state {d.State}/{d.Outcome}/closed={d.Closed}/late={d.Late}, control {c.State}/{c.Outcome}/closed={c.Closed}/late={c.Late}; {string.Join("; ", d.Notes)}");
            }

            if (!c.Actions.SequenceEqual(d.Actions, StringComparer.Ordinal))
            {
                differences.Add($"{label}: audit actions [{string.Join(", ", d.Actions)}], control [{string.Join(", ", c.Actions)}]");
            }

            var counts = c.ActionCounts.Keys.Union(d.ActionCounts.Keys)
                .Where(a => c.ActionCounts.GetValueOrDefault(a) != d.ActionCounts.GetValueOrDefault(a))
                .Select(a => $"{a}: {d.ActionCounts.GetValueOrDefault(a)} vs {c.ActionCounts.GetValueOrDefault(a)}").ToList();
            if (counts.Count > 0)
            {
                differences.Add($"{label}: audit rows per action differ ({string.Join(", ", counts)})");
            }

            if (c.Documents != d.Documents)
            {
                differences.Add($"{label}: {d.Documents} documents, control {c.Documents}");
            }
        }

        return differences;
    }

    private static async Task<RunResult> RunOnceAsync(DurabilityOptions options, string taskHub, bool kill, string logFile, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var host = new LocalHostProcess(options.LocalHostDll, LocalHostProcess.FreePort(), taskHub, logFile, options.StorageConnectionString);
        await host.StartAsync(TimeSpan.FromSeconds(180), cancellationToken).ConfigureAwait(false);
        options.Log($"[{taskHub}] LocalHost pid {host.ProcessId} on {host.BaseUrl} ({(kill ? "will be killed" : "control, uninterrupted")}); log {logFile}");

        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var application = File.ReadAllText(Path.Combine(options.RepositoryRoot, "samples", "registration", "application-complete.json"));
        var totalEvents = Enumerable.Range(0, options.Cases).Sum(i => Script(i).Count);
        var killAt = Math.Max(1, (int)(totalEvents * options.KillAtShare));
        var state = new RunState();
        TimeSpan? downtime = null;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var killer = kill
            ? Task.Run(
                async () =>
                {
                    while (Volatile.Read(ref state.EventPosts) < killAt)
                    {
                        await Task.Delay(20, stop.Token).ConfigureAwait(false);
                    }

                    var down = Stopwatch.StartNew();
                    var pid = host.ProcessId;
                    await host.KillAsync().ConfigureAwait(false);
                    options.Log($"[{taskHub}] SIGKILL pid {pid} after {state.EventPosts} of {totalEvents} event POSTs had started");
                    await Task.Delay(500, stop.Token).ConfigureAwait(false);
                    // The restarted host first replays every interrupted instance over the one Azurite process; when the
                    // test suite runs beside it (CI runs the test assemblies in parallel) its health answers later.
                    await host.StartAsync(TimeSpan.FromSeconds(180), stop.Token).ConfigureAwait(false);
                    downtime = down.Elapsed;
                    options.Log($"[{taskHub}] restarted as pid {host.ProcessId} on the same task hub after {down.Elapsed.TotalSeconds:F1}s");
                },
                stop.Token)
            : Task.CompletedTask;

        var outcomes = new CaseOutcome[options.Cases];
        using var gate = new SemaphoreSlim(options.Concurrency);
        var deadline = Stopwatch.StartNew();
        var scripts = Enumerable.Range(0, options.Cases).Select(async i =>
        {
            await gate.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                outcomes[i] = await RunCaseAsync(http, application, taskHub, i, state, () => deadline.Elapsed > options.Timeout + (downtime ?? TimeSpan.Zero) + TimeSpan.FromSeconds(options.Cases / 5.0), stop.Token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
                if (Interlocked.Increment(ref state.Done) % Math.Max(10, options.Cases / 10) == 0)
                {
                    options.Log($"[{taskHub}] {state.Done} of {options.Cases} cases done after {clock.Elapsed.TotalSeconds:F0}s");
                }
            }
        }).ToList();
        await Task.WhenAll(scripts).ConfigureAwait(false);
        await killer.ConfigureAwait(false);
        options.Log($"[{taskHub}] {options.Cases} cases done in {clock.Elapsed.TotalSeconds:F1}s ({state.EventPosts} event POSTs, {state.Retries} resent)");
        return new RunResult(taskHub, outcomes, clock.Elapsed, state.EventPosts, state.Retries, downtime, logFile);
    }

    private sealed class RunState
    {
        public int EventPosts;
        public int Retries;
        public int Done;
    }

    private static async Task<CaseOutcome> RunCaseAsync(HttpClient http, string application, string taskHub, int i, RunState state, Func<bool> timedOut, CancellationToken cancellationToken)
    {
        var notes = new ConcurrentQueue<string>();
        var body = (i % 4) == 0 ? application : With(application, "acceptedOn", PastAcceptance);
        var (_, opened) = await PostUntilAnsweredAsync(http, Enterprise, "/api/registrations", body, $"{taskHub}-{i}-open", notes, state, timedOut, countAsEvent: false, cancellationToken).ConfigureAwait(false);
        if (opened.ValueKind != JsonValueKind.Object)
        {
            return new CaseOutcome(i, "?", "not-opened", false, null, false, 0, [], [.. notes]);
        }

        var caseId = opened.GetProperty("caseId").GetString()!;
        foreach (var step in Script(i))
        {
            var ready = await PollAsync(http, caseId, step.Ready, timedOut, cancellationToken).ConfigureAwait(false);
            if (ready is null)
            {
                notes.Enqueue($"timed out waiting to send '{step.Name}'");
                return await SnapshotAsync(http, i, caseId, notes, cancellationToken).ConfigureAwait(false);
            }

            var (status, answer) = await PostUntilAnsweredAsync(http, step.ApiKey, $"/api/cases/{caseId}/events", JsonSerializer.Serialize(step.Event), $"{taskHub}-{i}-{step.Name}", notes, state, timedOut, countAsEvent: true, cancellationToken).ConfigureAwait(false);
            if (status != HttpStatusCode.Accepted)
            {
                notes.Enqueue($"'{step.Name}' answered {(int)status}: {answer}");
            }
        }

        if (await PollAsync(http, caseId, Closed, timedOut, cancellationToken).ConfigureAwait(false) is null)
        {
            notes.Enqueue("timed out waiting for the case to close");
        }

        return await SnapshotAsync(http, i, caseId, notes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs until an HTTP answer arrives; a lost response (connection refused/reset while the host is down) is resent with the same Idempotency-Key.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostUntilAnsweredAsync(HttpClient http, string apiKey, string path, string json, string idempotencyKey,
        ConcurrentQueue<string> notes, RunState state, Func<bool> timedOut, bool countAsEvent, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (countAsEvent)
            {
                Interlocked.Increment(ref state.EventPosts);
            }

            if (attempt > 0)
            {
                Interlocked.Increment(ref state.Retries);
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Api-Key", apiKey);
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500)
                {
                    throw new HttpRequestException($"{(int)response.StatusCode}: {text}");
                }

                if (attempt > 0)
                {
                    notes.Enqueue($"POST {path} resent {attempt}x, then {(int)response.StatusCode}");
                }

                return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
            }
            catch (Exception e) when (e is HttpRequestException or IOException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (timedOut())
                {
                    notes.Enqueue($"POST {path} never answered: {e.Message}");
                    return (HttpStatusCode.ServiceUnavailable, default);
                }

                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<JsonElement?> PollAsync(HttpClient http, string caseId, Func<JsonElement, bool> condition, Func<bool> timedOut, CancellationToken cancellationToken)
    {
        while (!timedOut())
        {
            var c = await GetCaseAsync(http, caseId, cancellationToken).ConfigureAwait(false);
            if (c is { } found && condition(found))
            {
                return found;
            }

            await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    public static async Task<JsonElement?> GetCaseAsync(HttpClient http, string caseId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
            request.Headers.Add("X-Api-Key", Officer);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).RootElement.Clone() : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null; // the host is down or restarting
        }
    }

    private static async Task<CaseOutcome> SnapshotAsync(HttpClient http, int i, string caseId, ConcurrentQueue<string> notes, CancellationToken cancellationToken)
    {
        JsonElement? c = null;
        for (var attempt = 0; attempt < 20 && c is null; attempt++)
        {
            c = await GetCaseAsync(http, caseId, cancellationToken).ConfigureAwait(false);
            if (c is null)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }

        if (c is not { } x)
        {
            return new CaseOutcome(i, caseId, "unreadable", false, null, false, 0, [], [.. notes]);
        }

        notes.Enqueue($"last state {State(x)}, awaiting [{string.Join(",", x.GetProperty("awaitedEvents").EnumerateArray().Select(e => e.GetString()))}], stage {x.GetProperty("stage")}");
        return new CaseOutcome(i, caseId, State(x), Closed(x), x.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.String ? outcome.GetString() : null,
            x.TryGetProperty("late", out var late) && late.ValueKind == JsonValueKind.True, x.TryGetProperty("documents", out var docs) ? docs.GetArrayLength() : 0, Actions(x).ToList(), [.. notes]);
    }

    public static bool Awaits(JsonElement c, string type) => c.GetProperty("awaitedEvents").EnumerateArray().Any(e => e.GetString() == type);

    public static string State(JsonElement c) => c.GetProperty("state").GetString()!;

    public static bool Closed(JsonElement c) => c.GetProperty("closed").GetBoolean();

    public static IEnumerable<string> Actions(JsonElement c) =>
        c.TryGetProperty("history", out _) && c.GetProperty("history").ValueKind == JsonValueKind.Array ? c.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()!) : [];

    public static int Count(JsonElement c, string action) => Actions(c).Count(a => a == action);

    public static string With(string json, string property, string value)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node[property] = value;
        return node.ToJsonString();
    }
}
