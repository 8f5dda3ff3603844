using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workflows.ProofBench;

/// <summary>
/// A LocalHost running as a separate OS process (<c>dotnet Workflows.LocalHost.dll --port N --WORKFLOWS_TASKHUB=hub</c>),
/// so it can be killed hard (SIGKILL: no shutdown hooks, no flushing, leases left to expire) and restarted on the
/// same task hub. It uses the Azurite already answering on 10000-10002 (the caller makes sure one does).
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly string logFile;
    private Process? process;

    private readonly string? storageConnectionString;

    public LocalHostProcess(string dll, int port, string taskHub, string logFile, string? storageConnectionString = null)
    {
        this.dll = dll;
        this.storageConnectionString = storageConnectionString;
        this.logFile = logFile;
        Port = port;
        TaskHub = taskHub;
    }

    public int Port { get; }

    public string TaskHub { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public int? ProcessId => process is { HasExited: false } ? process.Id : null;

    /// <summary>The LocalHost dll of the given build configuration (src/LocalHost/bin/{configuration}/net10.0).</summary>
    public static string DefaultDll(string repositoryRoot, string configuration) =>
        Path.Combine(repositoryRoot, "src", "LocalHost", "bin", configuration, "net10.0", "Workflows.LocalHost.dll");

    /// <summary>The configuration this assembly was built in (the LocalHost dll of the same build sits next to the sources).</summary>
    public static string CurrentConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static int FreePort() => Workflows.Functions.Hosting.LoopbackPorts.Free();

    /// <summary>Starts the process and waits until <c>/api/health</c> answers.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"LocalHost is not built at {dll}; build src/LocalHost first.", dll);
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { dll, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--WORKFLOWS_TASKHUB={TaskHub}" })
        {
            psi.ArgumentList.Add(arg);
        }

        if (storageConnectionString is not null)
        {
            psi.ArgumentList.Add($"--AzureWebJobsStorage={storageConnectionString}");
        }

        psi.Environment["DOTNET_gcServer"] = "0";
        var started = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet for LocalHost.");
        process = started;
        var log = TextWriter.Synchronized(new StreamWriter(logFile, append: true) { AutoFlush = true });
        await log.WriteLineAsync($"--- start pid {started.Id} hub {TaskHub} port {Port}").ConfigureAwait(false);
        started.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine(e.Data); } };
        started.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine("ERR " + e.Data); } };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"LocalHost exited with code {started.ExitCode} before it answered; see {logFile}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"LocalHost did not answer on {BaseUrl} within {timeout}; see {logFile}.");
    }

    /// <summary>SIGKILL (Process.Kill): the host gets no chance to finish requests, activities or lease renewals.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: false);
            await p.WaitForExitAsync().ConfigureAwait(false);
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Working set of the process in bytes (0 when not running).</summary>
    public long WorkingSet()
    {
        if (process is not { HasExited: false } p)
        {
            return 0;
        }

        p.Refresh();
        return p.WorkingSet64;
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
