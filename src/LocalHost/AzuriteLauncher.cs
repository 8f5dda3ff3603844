using System.Diagnostics;
using System.Net.Sockets;

namespace Workflows.LocalHost;

/// <summary>
/// Starts Azurite for local runs and tests: installed from npm into tools/azurite (pinned by its committed
/// package-lock.json) on first use, data under a git-ignored folder. Not started when Azurite already answers on
/// 10000-10002. Stopping disposes the process it started (and only that).
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    /// <summary>Azurite's default blob port; queue and table are the next two.</summary>
    public const int DefaultPortBase = 10000;

    public const string DevelopmentConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    private Process? process;
    private volatile bool disposing;

    private AzuriteLauncher(string dataFolder, bool started, int portBase)
    {
        DataFolder = dataFolder;
        StartedHere = started;
        PortBase = portBase;
    }

    /// <summary>Where Azurite keeps its data (when started here).</summary>
    public string DataFolder { get; }

    /// <summary>True when this launcher started Azurite; false when one was already running.</summary>
    public bool StartedHere { get; }

    /// <summary>The blob port (queue and table on the next two).</summary>
    public int PortBase { get; }

    /// <summary>The process id of the Azurite started here (null when one was already running).</summary>
    public int? ProcessId => process?.Id;

    /// <summary>The well-known development account on Azurite listening from <paramref name="portBase"/>.</summary>
    public static string ConnectionStringFor(int portBase) =>
        portBase == DefaultPortBase
            ? DevelopmentConnectionString
            : DevelopmentConnectionString
                .Replace(":10000/", $":{portBase}/", StringComparison.Ordinal)
                .Replace(":10001/", $":{portBase + 1}/", StringComparison.Ordinal)
                .Replace(":10002/", $":{portBase + 2}/", StringComparison.Ordinal);

    public static async Task<bool> IsRunningAsync(int portBase = DefaultPortBase)
    {
        foreach (var port in new[] { portBase, portBase + 1, portBase + 2 })
        {
            if (!await IsListeningAsync(port).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ensures Azurite answers on 10000-10002, installing and starting it when needed.</summary>
    public static Task<AzuriteLauncher> EnsureRunningAsync(
        string repositoryRoot,
        string dataFolder,
        Action<string> log,
        CancellationToken cancellationToken = default
    ) => EnsureRunningAsync(repositoryRoot, dataFolder, DefaultPortBase, log, cancellationToken);

    /// <summary>Ensures Azurite answers on <paramref name="portBase"/> and the next two ports, installing and starting it when needed.</summary>
    public static async Task<AzuriteLauncher> EnsureRunningAsync(
        string repositoryRoot,
        string dataFolder,
        int portBase,
        Action<string> log,
        CancellationToken cancellationToken = default
    )
    {
        var ports = $"{portBase}-{portBase + 2}";
        if (await IsRunningAsync(portBase).ConfigureAwait(false))
        {
            log($"Azurite already answers on {ports}; using it.");
            return new AzuriteLauncher(dataFolder, started: false, portBase);
        }

        var entry = await EnsureInstalledAsync(repositoryRoot, log, cancellationToken).ConfigureAwait(false);
        var toolFolder = Path.Combine(repositoryRoot, "tools", "azurite");

        log($"Starting Azurite on {ports} (data in {dataFolder})...");
        Directory.CreateDirectory(dataFolder);
        var launcher = new AzuriteLauncher(dataFolder, started: true, portBase);
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = toolFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var arg in new[]
            {
                entry,
                "--location",
                dataFolder,
                "--silent",
                "--skipApiVersionCheck",
                "--loose",
                // Azurite 3.3x collects telemetry by default (every request passes its tracer, a sample is sent to
                // Application Insights); nothing of it serves LocalHost (issue 22, bench/README-proof.md).
                "--disableTelemetry",
                "--blobHost",
                "127.0.0.1",
                "--queueHost",
                "127.0.0.1",
                "--tableHost",
                "127.0.0.1",
                "--blobPort",
                Port(portBase),
                "--queuePort",
                Port(portBase + 1),
                "--tablePort",
                Port(portBase + 2),
            }
        )
        {
            psi.ArgumentList.Add(arg);
        }

        var started = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        launcher.process = started;
        started.EnableRaisingEvents = true;
        // Azurite's own errors also go to a file beside its data: a crash mid-run is otherwise visible only as
        // "connection refused" in whatever ran next.
        var errorLog = Path.Combine(dataFolder, "azurite-stderr.log");
        var errorLogGate = new object();
        void Keep(string line)
        {
            log(line);
            lock (errorLogGate)
            {
                File.AppendAllText(errorLog, $"{DateTimeOffset.UtcNow:O} {line}{Environment.NewLine}");
            }
        }

        started.OutputDataReceived += (_, _) => { };
        started.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Keep("azurite: " + e.Data);
            }
        };
        started.Exited += (_, _) =>
        {
            if (!launcher.disposing)
            {
                Keep($"azurite: exited unexpectedly with code {started.ExitCode}");
            }
        };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await IsRunningAsync(portBase).ConfigureAwait(false))
        {
            if (launcher.process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {launcher.process.ExitCode} before it answered on {ports}.");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await launcher.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"Azurite did not answer on {ports} within 60 seconds.");
            }

            try
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await launcher.DisposeAsync().ConfigureAwait(false); // stopped while starting: leave nothing running
                throw;
            }
        }

        log($"Azurite started (pid {launcher.process.Id}), data in {dataFolder}.");
        return launcher;
    }

    /// <summary>
    /// Installs the pinned Azurite into tools/azurite (npm ci) unless it is there; returns the path of azurite.js.
    /// Several processes (test assemblies, benches) may ask at once on a clean clone: a lock file makes one of them
    /// install while the others wait, because concurrent `npm ci` runs in one folder fail (ENOTEMPTY).
    /// "There" means the marker written after `npm ci` succeeded, not azurite.js: npm unpacks azurite.js before its
    /// dependencies, so a caller that saw only the entry started a half-installed Azurite (a cold npm cache in CI).
    /// </summary>
    public static async Task<string> EnsureInstalledAsync(
        string repositoryRoot,
        Action<string> log,
        CancellationToken cancellationToken = default
    )
    {
        var toolFolder = Path.Combine(repositoryRoot, "tools", "azurite");
        var entry = Path.Combine(toolFolder, "node_modules", "azurite", "dist", "src", "azurite.js");
        var marker = Path.Combine(toolFolder, "node_modules", InstalledMarkerName);
        var lockFile = Path.Combine(toolFolder, "package-lock.json");
        if (IsInstalled(marker, lockFile))
        {
            return entry;
        }

        var lockPath = Path.Combine(toolFolder, ".install.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            FileStream? held = null;
            try
            {
                // Never deleted: deleting a held lock file lets a waiter lock the unlinked file while a third locks a new one.
                held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await using (held.ConfigureAwait(false))
            {
                if (!IsInstalled(marker, lockFile))
                {
                    await InstallAsync(toolFolder, log, cancellationToken).ConfigureAwait(false);
                    await File.WriteAllTextAsync(marker, LockStamp(lockFile), cancellationToken).ConfigureAwait(false);
                }

                return entry;
            }
        }
    }

    /// <summary>The file in node_modules that says `npm ci` of this lock file finished.</summary>
    public const string InstalledMarkerName = ".workflows-installed";

    /// <summary>True when `npm ci` of tools/azurite's current lock file finished in this repository.</summary>
    public static bool IsInstalled(string repositoryRoot)
    {
        var toolFolder = Path.Combine(repositoryRoot, "tools", "azurite");
        return IsInstalled(Path.Combine(toolFolder, "node_modules", InstalledMarkerName), Path.Combine(toolFolder, "package-lock.json"));
    }

    private static bool IsInstalled(string marker, string lockFile) =>
        File.Exists(marker) && File.ReadAllText(marker) == LockStamp(lockFile);

    private static string LockStamp(string lockFile) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(lockFile)));

    private static async Task InstallAsync(string toolFolder, Action<string> log, CancellationToken cancellationToken)
    {
        const int attempts = 3; // the registry can drop a connection; npm ci starts from scratch each time
        for (var attempt = 1; ; attempt++)
        {
            log($"Installing Azurite from npm into tools/azurite (first run only, attempt {attempt} of {attempts})...");
            try
            {
                await RunToCompletionAsync("npm", "ci --no-audit --no-fund --loglevel=error", toolFolder, cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException e) when (attempt < attempts)
            {
                log($"npm ci failed, trying again: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        disposing = true;
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process?.Dispose();
        process = null;
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task RunToCompletionAsync(
        string file,
        string arguments,
        string workingDirectory,
        CancellationToken cancellationToken
    )
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stderr = p.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true); // an interrupted `npm ci` must not go on installing on its own
            throw;
        }

        _ = await stdout.ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{file} {arguments}' failed with exit code {p.ExitCode}: {await stderr.ConfigureAwait(false)}"
            );
        }
    }
}
