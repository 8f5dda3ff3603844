using System.Diagnostics;
using System.Net.Sockets;

namespace Workflows.ProofBench;

/// <summary>
/// An Azurite of our own on free ports, in-memory persistence (the durability runs kill LocalHost, never Azurite).
/// The machine's shared Azurite on 10000-10002 belongs to other runs, can be slow (large data) and can be restarted
/// under us; a private one makes the proof depend only on this run. Installed from tools/azurite (pinned lock file).
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private readonly Process process;
    private bool profiling;
    private string? location;

    private PrivateAzurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>The processor time Azurite's process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Starts Azurite in memory, or with <paramref name="onDisk"/> in a folder of its own, as LocalHost runs it
    /// (issue 22: in memory, Azurite 3.37 keeps every queue message as an extent of its own and sweeps the extents of
    /// deleted messages every 60 s one at a time, a sweep that grows faster than the messages handled since the last;
    /// on disk, messages share extent files; bench/README-proof.md).</summary>
    public static async Task<PrivateAzurite> StartAsync(string repositoryRoot, bool onDisk = false)
    {
        var toolFolder = Path.Combine(repositoryRoot, "tools", "azurite");
        var entry = await Workflows.LocalHost.AzuriteLauncher.EnsureInstalledAsync(repositoryRoot, _ => { }).ConfigureAwait(false);

        var ports = new[] { LocalHostProcess.FreePort(), LocalHostProcess.FreePort(), LocalHostProcess.FreePort() };
        var location = onDisk ? Directory.CreateTempSubdirectory("workflows-azurite-").FullName : null;
        var psi = new ProcessStartInfo("node") { WorkingDirectory = toolFolder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // Issue 22: WORKFLOWS_AZURITE_CPU_PROF=<folder> profiles Azurite's one JavaScript thread (node --cpu-prof); the
        // profile is written when Azurite exits, so the dispose below then stops it with SIGTERM instead of a kill.
        var profileFolder = Environment.GetEnvironmentVariable("WORKFLOWS_AZURITE_CPU_PROF");
        if (profileFolder is { Length: > 0 })
        {
            psi.ArgumentList.Add("--cpu-prof");
            psi.ArgumentList.Add("--cpu-prof-dir");
            psi.ArgumentList.Add(profileFolder);
        }

        string[] arguments =
        [
            entry, .. onDisk ? ["--location", location!] : new[] { "--inMemoryPersistence" },
            "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var arg in arguments)
        {
            psi.ArgumentList.Add(arg);
        }

        // Issue 22: WORKFLOWS_AZURITE_DEBUG=<file> writes Azurite's debug log (every request with its method, URL and
        // filter) there, to count what a run asks of the emulator. Slows Azurite; for counting runs only, not timings.
        if (Environment.GetEnvironmentVariable("WORKFLOWS_AZURITE_DEBUG") is { Length: > 0 } debugLog)
        {
            psi.ArgumentList.Add("--debug");
            psi.ArgumentList.Add(debugLog);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new PrivateAzurite(process, ports[0], ports[1], ports[2])
        {
            profiling = profileFolder is { Length: > 0 },
            location = location,
        };
        var clock = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (!await ListeningAsync(port).ConfigureAwait(false))
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    await azurite.DisposeAsync().ConfigureAwait(false);
                    throw new InvalidOperationException($"Azurite did not answer on {string.Join(",", ports)}.");
                }

                await Task.Delay(200).ConfigureAwait(false);
            }
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (profiling && !process.HasExited)
        {
            // Azurite shuts down on SIGTERM and node then writes the CPU profile; a kill would lose it.
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync().ConfigureAwait(false);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Not stopped in a minute: killed below, without a profile.
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
        if (location is not null && Directory.Exists(location))
        {
            Directory.Delete(location, recursive: true);
        }
    }

    private static async Task<bool> ListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
