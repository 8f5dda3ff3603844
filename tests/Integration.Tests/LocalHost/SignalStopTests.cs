using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Workflows.Functions.Hosting;
using Workflows.LocalHost;
using Workflows.ProofBench;
using Workflows.Tests.Support;
using Xunit.Abstractions;

namespace Workflows.Integration.Tests.LocalHost;

/// <summary>
/// <c>kill -INT</c> or <c>kill -TERM</c> sent to the <c>dotnet run</c> process id (what scripts and process supervisors
/// do, rather than signalling the whole group) stops LocalHost and the Azurite it started. Runs the README's command
/// with an Azurite of its own on free ports, so the shared one on 10000-10002 is never touched.
/// </summary>
public sealed partial class SignalStopTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task DotnetRun_SignalToItsPidOnly_StopsLocalHostAndAzurite(string signal)
    {
        var root = RepositoryPaths.FindRoot();
        var azuritePorts = FreePortBase();
        var dataFolder = Path.Combine(root, ".local", $"azurite-{azuritePorts}");
        var lines = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var run = StartDotnetRun(root, TestPorts.Free(), azuritePorts, line =>
        {
            lock (lines)
            {
                lines.AppendLine(line);
            }

            if (line.Contains("is ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
            var (localHost, azurite) = ProcessIds(Text(lines));
            Assert.True(IsAlive(localHost) && IsAlive(azurite), Text(lines));

            Send(signal, run.Id);
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0, run.ExitCode);
            Assert.False(IsAlive(localHost), $"LocalHost (pid {localHost}) still runs after SIG{signal} to dotnet run.");
            Assert.False(IsAlive(azurite), $"Azurite (pid {azurite}) still runs after SIG{signal} to dotnet run.");
            Assert.Contains($"stopping Azurite (pid {azurite})", Text(lines), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(Text(lines));
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }

            TryDelete(dataFolder);
        }
    }

    /// <summary>
    /// <c>dotnet run --no-build</c> of the configuration this test was built in. <c>env --default-signal=INT</c>:
    /// a process started from a non-interactive shell's background job inherits SIGINT as ignored, and an ignored
    /// SIGINT could not test anything.
    /// </summary>
    private static Process StartDotnetRun(string root, int port, int azuritePorts, Action<string> onLine)
    {
        var psi = new ProcessStartInfo("env")
        {
            WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "--default-signal=INT", "dotnet", "run", "--no-build", "-c", LocalHostProcess.CurrentConfiguration,
            "--project", "src/LocalHost", "--",
            "--port", Invariant(port), "--azurite-ports", Invariant(azuritePorts),
        })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet run.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onLine("ERR " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static (int LocalHost, int Azurite) ProcessIds(string log)
    {
        var localHost = StartingLine().Match(log);
        var azurite = AzuriteLine().Match(log);
        Assert.True(localHost.Success && azurite.Success, "LocalHost should print its pid and the Azurite it started:\n" + log);
        return (int.Parse(localHost.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(azurite.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Send(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Alive: /proc has it and it is not a zombie waiting to be reaped (LocalHost waits for Azurite's exit).</summary>
    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    /// <summary>A base port with the next two free as well (Azurite's blob, queue and table).</summary>
    private static int FreePortBase() => LoopbackPorts.FreeRun(3);

    private static string Text(StringBuilder lines)
    {
        lock (lines)
        {
            return lines.ToString();
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Azurite may still be flushing; the folder is git-ignored.
        }
    }

    [GeneratedRegex(@"LocalHost starting \(pid (\d+);")]
    private static partial Regex StartingLine();

    [GeneratedRegex(@"Azurite started \(pid (\d+)\)")]
    private static partial Regex AzuriteLine();
}
