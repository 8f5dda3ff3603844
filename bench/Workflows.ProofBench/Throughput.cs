using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.LocalHost;

namespace Workflows.ProofBench;

/// <summary>
/// Issue 8 item 5: (a) registration cases per second from intake to the final decision, against a bare orchestration of
/// the same shape on the same engine; (b) intake latency p50/p99 over HTTP and over a registrations-inbox drop (upload
/// to "case visible via GET /api/cases/{id}"); (c) memory with many open cases (in-memory backend). Hand-run only.
/// </summary>
public static class Throughput
{
    private const int Concurrency = 16;

    /// <summary>Polling of both workloads (issue 22: 100 ms capped 16 cases in flight near 80/s, so registration and
    /// the bare orchestration looked alike; 10 ms by default, <c>--poll-ms</c>).</summary>
    public static async Task<int> RunAsync(
        string root,
        int cases,
        string backend,
        int open,
        int latencySamples,
        int pollMs = 10,
        string wait = "both",
        int warmup = 100,
        bool bareWithApplication = false,
        bool azuriteOnDisk = true,
        bool openBare = false
    )
    {
        // Both workloads run `warmup` untimed cases first (issue 22: with 4, the registration was timed while its code was
        // still being compiled and recompiled by the tiered JIT, ~3 s of JIT per 5 s in its first half minute; the bare
        // orchestration's few methods were long compiled when it was timed).
        // "both": the registrations waited on over HTTP and in process, in one run, against one bare baseline.
        var waits = wait == "both" ? new[] { "http", "client" } : [wait];
        var poll = TimeSpan.FromMilliseconds(pollMs);
        // "events": both workloads wait on signals (WriteSignals), no polling; otherwise both poll.
        var signals = wait == "events" ? new WriteSignals() : null;
        Console.WriteLine(
            (signals is null ? $"polling every {pollMs} ms" : "waiting on write signals (no polling)")
                + $", {Concurrency} cases in flight, {warmup} untimed warm-up cases first (registration and bare alike)"
        );
        var rows = new List<string>();
        var memoryRows = new List<string>();
        var backends = backend switch
        {
            "in-memory" => new[] { true },
            "azurite" => [false],
            _ => [true, false],
        };
        PrivateAzurite? azurite = null;
        try
        {
            foreach (var inMemory in backends)
            {
                if (!inMemory)
                {
                    azurite = await PrivateAzurite.StartAsync(root, azuriteOnDisk).ConfigureAwait(false);
                }

                var name = inMemory ? "in-memory" : azuriteOnDisk ? "Azurite (disk)" : "Azurite (memory)";
                var cpu = new CpuClock(azurite);
                // The bare orchestration runs before the registrations and again after them, each on a task hub of its
                // own: on Azurite, whose cost grows with what it holds, neither workload gets the fresher emulator alone.
                var bareFirst = await BareBaselineAsync(inMemory, azurite?.ConnectionString, cases, warmup, poll, signals, cpu)
                    .ConfigureAwait(false);
                Console.WriteLine(
                    $"[{name}] bare orchestration, before the registrations: {cases} in {bareFirst.Elapsed.TotalSeconds:F1}s = "
                        + $"{cases / bareFirst.Elapsed.TotalSeconds:F2}/s, processor {bareFirst.PerCase(cases)} per case"
                );
                var app = await StartAsync(inMemory, azurite?.ConnectionString, signals).ConfigureAwait(false);
                using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
                var body = File.ReadAllText(Path.Combine(root, "samples", "registration", "application-complete.json"));
                var warmWait = signals is null ? "client" : "events";
                await RegistrationsAsync(
                        app,
                        http,
                        body,
                        "warm" + Guid.NewGuid().ToString("N")[..6],
                        Math.Max(4, warmup),
                        poll,
                        warmWait,
                        signals
                    )
                    .ConfigureAwait(false);
                var ours = new List<(string Wait, Phase Phase)>();
                foreach (var w in waits)
                {
                    var phase = await cpu.MeasureAsync(() =>
                            RegistrationsAsync(app, http, body, "tp" + Guid.NewGuid().ToString("N")[..6], cases, poll, w, signals)
                        )
                        .ConfigureAwait(false);
                    Console.WriteLine(
                        $"[{name}] registrations, waits {w}: {cases} in {phase.Elapsed.TotalSeconds:F1}s = "
                            + $"{cases / phase.Elapsed.TotalSeconds:F2}/s, processor {phase.PerCase(cases)} per case"
                    );
                    ours.Add((w, phase));
                }

                var httpLatency = await HttpLatencyAsync(http, body, latencySamples).ConfigureAwait(false);
                Console.WriteLine($"[{name}] HTTP intake latency: {Describe(httpLatency)}");
                var dropLatency = await DropLatencyAsync(
                        http,
                        app.App.Services.GetRequiredService<IBlobStore>(),
                        body,
                        Math.Min(latencySamples, 30)
                    )
                    .ConfigureAwait(false);
                Console.WriteLine($"[{name}] drop intake latency: {Describe(dropLatency)}");
                await app.App.StopAsync().ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);

                if (open > 0)
                {
                    memoryRows.Add(
                        openBare
                            ? await OpenBareAsync(inMemory, azurite?.ConnectionString, open).ConfigureAwait(false)
                            : await MemoryAsync(root, open, inMemory, azurite?.ConnectionString, poll).ConfigureAwait(false)
                    );
                }

                await using var bare = await BareEngine
                    .StartAsync(inMemory, "bare" + Guid.NewGuid().ToString("N")[..8], azurite?.ConnectionString, signals)
                    .ConfigureAwait(false);
                await BareAsync(bare.Client, Math.Max(4, warmup), poll, "case", signals).ConfigureAwait(false);
                var bareAfter = await cpu.MeasureAsync(() => BareAsync(bare.Client, cases, poll, "case", signals)).ConfigureAwait(false);
                Console.WriteLine(
                    $"[{name}] bare orchestration, after the registrations: {cases} in {bareAfter.Elapsed.TotalSeconds:F1}s = "
                        + $"{cases / bareAfter.Elapsed.TotalSeconds:F2}/s, processor {bareAfter.PerCase(cases)} per case"
                );
                var baseline = (bareFirst.Elapsed + bareAfter.Elapsed) / 2;
                var bareCpu = (bareFirst.Own + bareFirst.Azurite + bareAfter.Own + bareAfter.Azurite) / 2;
                if (bareWithApplication)
                {
                    // The same bare shape carrying the registration's application as its input: what the payload alone
                    // costs the engine (every episode sends the instance's history, input included, to the worker).
                    var carrying = await BareAsync(bare.Client, cases, poll, body, signals).ConfigureAwait(false);
                    Console.WriteLine(
                        $"[{name}] bare orchestration with the application ({body.Length} characters) as input: {cases} in "
                            + $"{carrying.TotalSeconds:F1}s = {cases / carrying.TotalSeconds:F2}/s"
                    );
                }

                foreach (var (w, phase) in ours)
                {
                    var elapsed = phase.Elapsed;
                    var spent = phase.Own + phase.Azurite;
                    rows.Add(
                        $"| {name} | {cases} | {w} | {cases / elapsed.TotalSeconds:F2} | {cases / baseline.TotalSeconds:F2} | "
                            + $"{baseline.TotalSeconds / elapsed.TotalSeconds:F2}x | {spent.TotalMilliseconds / cases:F2} / "
                            + $"{bareCpu.TotalMilliseconds / cases:F2} ({bareCpu.TotalMilliseconds / spent.TotalMilliseconds:F2}x) | "
                            + $"{Ms(httpLatency, 0.5)} / {Ms(httpLatency, 0.99)} (n={httpLatency.Count}) | "
                            + $"{Ms(dropLatency, 0.5)} / {Ms(dropLatency, 0.99)} (n={dropLatency.Count}) |"
                    );
                }
            }

            Console.WriteLine();
            Console.WriteLine(
                "| backend | N | registration waits | registrations/s (intake → registered) | bare orchestration/s (mean of before and after) | ratio (registration / bare) | "
                    + "processor ms per case, registration / bare (ratio) | HTTP intake p50 / p99 ms | blob-drop intake p50 / p99 ms |"
            );
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            rows.ForEach(Console.WriteLine);

            if (memoryRows.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine("| backend | open cases | opened in | GC heap before → after | per case | working set before → after |");
                Console.WriteLine("|---|---|---|---|---|---|");
                memoryRows.ForEach(Console.WriteLine);
            }

            return 0;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<LocalHostApp> StartAsync(bool inMemory, string? connectionString, WriteSignals? signals = null)
    {
        var app = await LocalHostApp
            .BuildAsync(
                new LocalHostSettings
                {
                    InMemory = inMemory,
                    Port = LocalHostProcess.FreePort(),
                    TaskHub = "tp" + Guid.NewGuid().ToString("N")[..10],
                    RunBackgroundServices = true,
                    StorageConnectionString = inMemory ? null : connectionString,
                    ConfigureServices = signals is null ? null : services => SignalWrites(services, signals),
                },
                [
                    "--Logging:LogLevel:Default=Error",
                    "--Logging:LogLevel:Workflows=Warning",
                    // The bench measures the engine, not the rate limit LocalHost applies per API key (1,200 a minute by default).
                    "--RateLimits:PermitsPerPrincipal=1000000000",
                    "--RateLimits:PermitsPerAddress=1000000000",
                ],
                _ => { }
            )
            .ConfigureAwait(false);
        await app.App.StartAsync().ConfigureAwait(false);
        return app;
    }

    /// <summary>(a) POST application (accepted today), wait until 'register' is awaited, POST register, wait until closed.
    /// The two HTTP acts are the workflow's; the waits between them are the bench's. With <paramref name="wait"/>
    /// "client" (issue 22, the default) they cost what the bare orchestration's cost: the first reads the case record
    /// in this process (the one row the event route checks 'register' against), the second asks the durable client for
    /// the instance's status, as <see cref="BareAsync"/> does. "http" polls GET /api/cases/{id} for both (the earlier
    /// bench: with 16 cases in flight at 10 ms, ~1,600 case reads a second over HTTP that are not the workflow).</summary>
    private static async Task<TimeSpan> RegistrationsAsync(
        LocalHostApp app,
        HttpClient http,
        string body,
        string tag,
        int count,
        TimeSpan poll,
        string wait = "client",
        WriteSignals? signals = null
    )
    {
        var store = app.App.Services.GetRequiredService<CaseStore>();
        async Task<bool> AwaitsRegisterAsync(string id) =>
            (await store.GetAsync(id).ConfigureAwait(false))?.AwaitedEvents.Contains("register") == true;
        var client = app.App.Services.GetRequiredService<DurableTaskClient>();
        var clock = Stopwatch.StartNew();
        await InFlightAsync(
                count,
                Concurrency,
                async i =>
                {
                    var id = await IntakeAsync(http, body, $"{tag}-{i}").ConfigureAwait(false);
                    if (wait == "http")
                    {
                        await UntilAsync(http, id, c => DurabilityScenario.Awaits(c, "register"), poll).ConfigureAwait(false);
                    }
                    else if (wait == "events")
                    {
                        await signals!.UntilAsync(id, AwaitsRegister).ConfigureAwait(false);
                    }
                    else
                    {
                        await UntilAsync(() => AwaitsRegisterAsync(id), id, poll).ConfigureAwait(false);
                    }

                    var (status, text) = await PostAsync(
                            http,
                            DurabilityScenario.Officer,
                            $"/api/cases/{id}/events",
                            $$"""{"type":"register","uscc":"{{NewUscc()}}"}""",
                            null
                        )
                        .ConfigureAwait(false);
                    Require(status == HttpStatusCode.Accepted, $"register {(int)status}: {text}");
                    if (wait == "http")
                    {
                        await UntilAsync(http, id, DurabilityScenario.Closed, poll).ConfigureAwait(false);
                    }
                    else if (wait == "events")
                    {
                        // Closed by the final case update, the workflow's last activity (the bare waits for its last too).
                        await signals!.UntilAsync(id, row => row.Get("Closed") == "true").ConfigureAwait(false);
                        signals.Forget(id);
                    }
                    else
                    {
                        await UntilAsync(
                                async () =>
                                    (await client.GetInstanceAsync(id).ConfigureAwait(false))?.RuntimeStatus
                                    == OrchestrationRuntimeStatus.Completed,
                                id,
                                poll
                            )
                            .ConfigureAwait(false);
                        Require((await store.GetAsync(id).ConfigureAwait(false))?.Closed == true, $"case {id} completed but not closed");
                    }
                }
            )
            .ConfigureAwait(false);
        return clock.Elapsed;
    }

    /// <summary>Whether a written case record awaits the officer's 'register' (what the event route checks it against).</summary>
    private static bool AwaitsRegister(TableRow row) =>
        row.Get("State") == "under-review"
        && (
            row.Get("Json") is not { } json // a record too large for its row (not the bench's): its state says enough
            || System.Text.Json.JsonSerializer.Deserialize<CaseRecord>(json, CaseJson.Options)?.AwaitedEvents.Contains("register") == true
        );

    /// <summary>The bare orchestration's time for <paramref name="cases"/> on an engine of its own (warm-up first).</summary>
    private static async Task<Phase> BareBaselineAsync(
        bool inMemory,
        string? connectionString,
        int cases,
        int warmup,
        TimeSpan poll,
        WriteSignals? signals,
        CpuClock cpu
    )
    {
        await using var bare = await BareEngine
            .StartAsync(inMemory, "bare" + Guid.NewGuid().ToString("N")[..8], connectionString, signals)
            .ConfigureAwait(false);
        await BareAsync(bare.Client, Math.Max(4, warmup), poll, "case", signals).ConfigureAwait(false);
        return await cpu.MeasureAsync(() => BareAsync(bare.Client, cases, poll, "case", signals)).ConfigureAwait(false);
    }

    /// <summary>The bare shape: start, wait until it awaits the event, raise it, wait until it is done. With
    /// <paramref name="signals"/>, "awaits" is its third activity having run and "done" its last (as a registration's
    /// waits are its case updates); otherwise its status is polled.</summary>
    private static async Task<TimeSpan> BareAsync(DurableTaskClient client, int count, TimeSpan poll, string input, WriteSignals? signals)
    {
        var (awaiting, done) = BareWaits(client, poll, signals);
        var clock = Stopwatch.StartNew();
        await InFlightAsync(
                count,
                Concurrency,
                async i =>
                {
                    var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(BareOrchestration), input).ConfigureAwait(false);
                    await awaiting(id).ConfigureAwait(false);
                    await client.RaiseEventAsync(id, "case-event", "register").ConfigureAwait(false);
                    await done(id).ConfigureAwait(false);
                }
            )
            .ConfigureAwait(false);
        return clock.Elapsed;
    }

    /// <summary>How the bench learns that a bare orchestration awaits its event, and that it is done: from the signals of
    /// its activities, or by polling its status.</summary>
    private static (Func<string, Task> Awaiting, Func<string, Task> Done) BareWaits(
        DurableTaskClient client,
        TimeSpan poll,
        WriteSignals? signals
    ) =>
        signals is not null
            ? (
                id => signals.UntilFiredAsync(BareActivity.Ran(id, BareOrchestration.AwaitingAfter)),
                id => signals.UntilFiredAsync(BareActivity.Ran(id, BareOrchestration.Last))
            )
            : (
                id =>
                    UntilAsync(
                        async () =>
                            (
                                await client.GetInstanceAsync(id, getInputsAndOutputs: true).ConfigureAwait(false)
                            )?.SerializedCustomStatus?.Contains("awaiting", StringComparison.Ordinal) == true,
                        id,
                        poll
                    ),
                id =>
                    UntilAsync(
                        async () =>
                            (await client.GetInstanceAsync(id).ConfigureAwait(false))?.RuntimeStatus
                            == OrchestrationRuntimeStatus.Completed,
                        id,
                        poll
                    )
            );

    /// <summary>LocalHost's table store, decorated to signal each written case row (<see cref="SignallingTableStore"/>).</summary>
    private static void SignalWrites(IServiceCollection services, WriteSignals signals)
    {
        var original = services.Last(d => d.ServiceType == typeof(ITableStore));
        services.Remove(original);
        services.AddSingleton<ITableStore>(sp =>
        {
            var inner =
                original.ImplementationInstance as ITableStore
                ?? original.ImplementationFactory?.Invoke(sp) as ITableStore
                ?? (ITableStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            return new SignallingTableStore(inner, signals);
        });
    }

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1, at most <paramref name="inFlight"/> at a time.</summary>
    private static async Task InFlightAsync(int count, int inFlight, Func<int, Task> body)
    {
        using var gate = new SemaphoreSlim(inFlight);
        await Task.WhenAll(
                Enumerable
                    .Range(0, count)
                    .Select(async i =>
                    {
                        await gate.WaitAsync().ConfigureAwait(false);
                        try
                        {
                            await body(i).ConfigureAwait(false);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    })
            )
            .ConfigureAwait(false);
    }

    /// <summary>Files the application as the enterprise under <paramref name="idempotencyKey"/>; the new case's id.</summary>
    private static async Task<string> IntakeAsync(HttpClient http, string body, string idempotencyKey)
    {
        var (status, text) = await PostAsync(http, DurabilityScenario.Enterprise, "/api/registrations", body, idempotencyKey)
            .ConfigureAwait(false);
        Require(status == HttpStatusCode.Accepted, $"intake {(int)status}: {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("caseId").GetString()!;
    }

    /// <summary>(b) POST then GET until the case answers 200, one at a time.</summary>
    private static async Task<List<double>> HttpLatencyAsync(HttpClient http, string body, int samples)
    {
        var result = new List<double>();
        var tag = "lat" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            var id = await IntakeAsync(http, body, $"{tag}-{i}").ConfigureAwait(false);
            while (await DurabilityScenario.GetCaseAsync(http, id, CancellationToken.None).ConfigureAwait(false) is null)
            {
                await Task.Delay(10).ConfigureAwait(false);
            }

            result.Add(clock.Elapsed.TotalMilliseconds);
        }

        return result;
    }

    /// <summary>(b) Upload to registrations-inbox, then GET the (deterministic) case id until it answers 200.</summary>
    private static async Task<List<double>> DropLatencyAsync(HttpClient http, IBlobStore blobs, string body, int samples)
    {
        var result = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            // A distinct package per sample (the drop's idempotency key is the package's hash; each run has a fresh store).
            var day = new DateOnly(2024, 1, 2).AddDays(i);
            var package = Encoding.UTF8.GetBytes(
                DurabilityScenario.With(body, "acceptedOn", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            );
            var id = CaseIds.FromKey("REG", "411100", day, $"drop|{StorageNames.RegistrationsInbox}|{IdempotencyStore.Hash(package)}");
            var clock = Stopwatch.StartNew();
            var blobName = $"latency-{Guid.NewGuid():N}.json";
            await blobs.PutAsync(StorageNames.RegistrationsInbox, blobName, package, "application/json").ConfigureAwait(false);
            while (await DurabilityScenario.GetCaseAsync(http, id, CancellationToken.None).ConfigureAwait(false) is null)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    var report = await blobs
                        .GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.RegistrationsInbox, blobName))
                        .ConfigureAwait(false);
                    Console.WriteLine(
                        $"[drop] {blobName} did not become case {id} within 30 s; quarantine report: {(report is null ? "none" : Encoding.UTF8.GetString(report.Data))}"
                    );
                    return result;
                }

                await Task.Delay(20).ConfigureAwait(false);
            }

            result.Add(clock.Elapsed.TotalMilliseconds);
        }

        return result;
    }

    /// <summary>The floor under (c) (issue 22, <c>--open-bare</c>): <paramref name="count"/> bare orchestrations of the
    /// registration's shape on a task hub of their own, 32 in flight, each slot starting the next once its orchestration
    /// awaits its event. No work of ours runs, so no change of ours opens registrations faster than the engine does this.
    /// (Starting all of them at once is slower: on Azurite, 2,000 started in 8 s and none awaited its event for 2 minutes.)
    /// </summary>
    private static async Task<string> OpenBareAsync(bool inMemory, string? connectionString, int count)
    {
        var name = inMemory ? "in-memory" : "Azurite";
        var signals = new WriteSignals(TimeSpan.FromMinutes(25));
        await using var bare = await BareEngine
            .StartAsync(inMemory, "open" + Guid.NewGuid().ToString("N")[..8], connectionString, signals)
            .ConfigureAwait(false);
        var awaiting = 0;
        var clock = Stopwatch.StartNew();
        var all = InFlightAsync(
            count,
            32,
            async i =>
            {
                var id = await bare.Client.ScheduleNewOrchestrationInstanceAsync(nameof(BareOrchestration), "case").ConfigureAwait(false);
                await signals.UntilFiredAsync(BareActivity.Ran(id, BareOrchestration.AwaitingAfter)).ConfigureAwait(false);
                Interlocked.Increment(ref awaiting);
            }
        );
        while (await Task.WhenAny(all, Task.Delay(5000)).ConfigureAwait(false) != all)
        {
            Console.WriteLine(
                $"[open bare {name}] {Volatile.Read(ref awaiting)} of {count} awaiting their event after {clock.Elapsed.TotalSeconds:F0}s"
            );
        }

        await all.ConfigureAwait(false);
        var row =
            $"| {name}, bare orchestration (no work of ours), 32 in flight | {count} awaiting their event | "
            + $"all awaiting after {clock.Elapsed.TotalSeconds:F0}s ({count / clock.Elapsed.TotalSeconds:F1}/s) | | | |";
        Console.WriteLine($"[open bare {name}] {row}");
        return row;
    }

    /// <summary>(c) Open <paramref name="count"/> registration cases (accepted today: all wait for a decision with
    /// pending reminder and deadline timers) on a LocalHost in this process (the backend's state lives in this process
    /// for in-memory, in Azurite otherwise); GC heap and working set before/after. Returns the table row.</summary>
    private static async Task<string> MemoryAsync(string root, int count, bool inMemory, string? connectionString, TimeSpan poll)
    {
        var name = inMemory ? "in-memory" : "Azurite";
        var app = await StartAsync(inMemory, connectionString).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        var body = File.ReadAllText(Path.Combine(root, "samples", "registration", "application-complete.json"));
        var run = Guid.NewGuid().ToString("N")[..6];
        await RegistrationsAsync(app, http, body, "memwarm" + run, 4, poll).ConfigureAwait(false);
        var (heap0, ws0) = Measure();
        var clock = Stopwatch.StartNew();
        await InFlightAsync(
                count,
                32,
                async i =>
                {
                    await IntakeAsync(http, body, $"mem-{run}-{i}").ConfigureAwait(false);
                }
            )
            .ConfigureAwait(false);
        var opened = clock.Elapsed;
        Console.WriteLine($"[memory {name}] {count} cases opened in {opened.TotalSeconds:F0}s");
        var store = app.App.Services.GetRequiredService<CaseStore>();
        // Counted from the list index's open rows (issue 22), not by scanning the Cases table: on Azurite a scan every
        // 5 s was itself load on the emulator being measured.
        var officer = new Workflows.Domain.Access.Principal("bench", "登记员", Workflows.Domain.Access.Role.RegistrationOfficer, "411100");
        var query = new CaseListQuery
        {
            Sort = CaseSort.Due,
            Procedure = "registration",
            Today = Workflows.Domain.Calendar.ChinaTime.Today(TimeProvider.System),
        };
        async Task<int> UnderReviewAsync() =>
            (await store.OpenFactsAsync(officer, query).ConfigureAwait(false)).Count(f => f.State == "under-review");
        var baseline = await UnderReviewAsync().ConfigureAwait(false) - count;
        int waiting;
        do
        {
            await Task.Delay(5000).ConfigureAwait(false);
            waiting = await UnderReviewAsync().ConfigureAwait(false) - Math.Max(0, baseline);
            Console.WriteLine(
                $"[memory {name}] {Math.Min(waiting, count)} of {count} cases under review after {clock.Elapsed.TotalSeconds:F0}s"
            );
        } while (waiting < count && clock.Elapsed < opened + TimeSpan.FromMinutes(20));

        var (heap1, ws1) = Measure();
        if (Environment.GetEnvironmentVariable("WORKFLOWS_BENCH_DUMP_PAUSE_SECONDS") is { } pause)
        {
            // For a heap dump of the waiting cases (`dotnet-dump collect -p <pid>`, then `dumpheap -stat`): what the
            // engine holds per instance is not visible from here.
            Console.WriteLine($"[memory {name}] pid {Environment.ProcessId}: heap measured; pausing {pause} s for a dump");
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(pause, CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }

        if (app.App.Services.GetRequiredService<ITableStore>() is InMemoryTableStore tables)
        {
            // What the tables hold (packed: UTF-8, before object overheads); the rest is mostly the engine.
            foreach (var (table, (rowCount, bytes)) in tables.Footprint().OrderByDescending(t => t.Value.Bytes))
            {
                Console.WriteLine(
                    $"[memory {name}] table {table}: {rowCount} rows, {bytes / 1048576.0:F1} MB packed, {bytes / (double)count / 1024:F1} KB per case"
                );
            }

            // Attribution (issue 22 item 4): delete every row through the store's own API, collect again; what the heap
            // loses is what our tables held (objects included), what stays is the engine and the host.
            await DeleteAllRowsAsync(tables).ConfigureAwait(false);
            var (heap2, _) = Measure();
            Console.WriteLine(
                $"[memory {name}] without our tables' rows: {heap2 / 1048576.0:F0} MB; the tables held {(heap1 - heap2) / (double)count / 1024:F1} KB "
                    + $"per case, the rest (engine, host) {(heap2 - heap0) / (double)count / 1024:F1} KB per case"
            );
        }

        await app.App.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        var row =
            $"| {name} (LocalHost in-process) | {count} opened, {Math.Min(waiting, count)} under review | {opened.TotalSeconds:F0}s ({count / opened.TotalSeconds:F0}/s), all under review after {clock.Elapsed.TotalSeconds:F0}s | {heap0 / 1048576.0:F0} MB → {heap1 / 1048576.0:F0} MB | {(heap1 - heap0) / (double)count / 1024:F1} KB | {ws0 / 1048576.0:F0} MB → {ws1 / 1048576.0:F0} MB |";
        Console.WriteLine($"[memory {name}] {row}");
        return row;
    }

    /// <summary>In its own method: the rows a query read back are unreachable once it returns, where a loop in the
    /// caller would keep the last list alive in its state machine through the measurement.</summary>
    private static async Task DeleteAllRowsAsync(InMemoryTableStore tables)
    {
        foreach (var table in tables.Footprint().Keys)
        {
            foreach (var r in await tables.QueryPartitionRangeAsync(table, string.Empty, "\uffff").ConfigureAwait(false))
            {
                await tables.DeleteAsync(table, r.PartitionKey, r.RowKey).ConfigureAwait(false);
            }
        }
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }

    private static async Task UntilAsync(HttpClient http, string id, Func<System.Text.Json.JsonElement, bool> condition, TimeSpan poll)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await DurabilityScenario.GetCaseAsync(http, id, CancellationToken.None).ConfigureAwait(false) is { } c && condition(c))
            {
                return;
            }

            Require(clock.Elapsed < TimeSpan.FromMinutes(5), $"case {id} stuck");
            await Task.Delay(poll).ConfigureAwait(false);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string id, TimeSpan poll)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            Require(clock.Elapsed < TimeSpan.FromMinutes(5), $"case {id} stuck");
            await Task.Delay(poll).ConfigureAwait(false);
        }
    }

    private static async Task<(HttpStatusCode Status, string Text)> PostAsync(
        HttpClient http,
        string apiKey,
        string path,
        string json,
        string? key
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await http.SendAsync(request).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    private static long usccCounter;

    /// <summary>A valid USCC not given before in this process: each registration enters the register as a new entity
    /// (one code for all made every decision after the first a "register not changed" warning, a path of its own).</summary>
    private static string NewUscc()
    {
        var n = Interlocked.Increment(ref usccCounter);
        var body = "91411100MA";
        for (var k = 0; k < 7; k++, n /= 31)
        {
            body += Workflows.Domain.Identifiers.UnifiedSocialCreditCode.Alphabet[(int)(n % 31)];
        }

        return Workflows
            .Domain.Identifiers.UnifiedSocialCreditCode.Alphabet.Select(c => body + c)
            .First(code => Workflows.Domain.Identifiers.UnifiedSocialCreditCode.Validate(code).IsValid);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static string Describe(List<double> ms) =>
        $"p50 {Ms(ms, 0.5)} ms, p99 {Ms(ms, 0.99)} ms, max {(ms.Count == 0 ? 0 : ms.Max()):F0} ms (n={ms.Count})";

    private static string Ms(List<double> ms, double q)
    {
        if (ms.Count == 0)
        {
            return "n/a";
        }

        var sorted = ms.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)]
            .ToString("F0", CultureInfo.InvariantCulture);
    }
}
