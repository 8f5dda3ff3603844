using System.Diagnostics;
using System.Text;

namespace Workflows.Integration.Tests.Walkthroughs;

/// <summary>
/// One bash session for a whole walkthrough (its variables and functions carry from block to block, as in a
/// reader's terminal), started in the repository root. Each block's standard output is read up to an end marker.
/// </summary>
public sealed class WalkthroughShell : IDisposable
{
    private const string EndMarker = "__WALKTHROUGH_BLOCK_END__";
    private readonly Process bash;
    private readonly StringBuilder errors = new();
    private readonly object gate = new();
    private readonly List<string> lines = [];
    private TaskCompletionSource blockEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WalkthroughShell(string workingDirectory)
    {
        var psi = new ProcessStartInfo("bash", "--noprofile --norc")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        bash = Process.Start(psi) ?? throw new InvalidOperationException("Could not start bash.");
        bash.OutputDataReceived += (_, e) => OnLine(e.Data);
        bash.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { errors.AppendLine(e.Data); } } };
        bash.BeginOutputReadLine();
        bash.BeginErrorReadLine();
    }

    /// <summary>What the session wrote to standard error so far (shown when a step differs).</summary>
    public string Errors
    {
        get
        {
            lock (gate)
            {
                return errors.ToString();
            }
        }
    }

    /// <summary>Runs one block and returns its standard output (trailing blank lines removed).</summary>
    public async Task<string> RunAsync(string block, TimeSpan timeout)
    {
        TaskCompletionSource ended;
        lock (gate)
        {
            lines.Clear();
            blockEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ended = blockEnded;
        }

        // The marker goes on a line of its own even when the block's last output has no newline.
        await bash.StandardInput.WriteAsync(block + $"\nprintf '\\n%s\\n' {EndMarker}\n");
        await bash.StandardInput.FlushAsync();
        await ended.Task.WaitAsync(timeout);
        lock (gate)
        {
            return string.Join('\n', lines).TrimEnd();
        }
    }

    public void Dispose()
    {
        try
        {
            bash.StandardInput.Close();
            if (!bash.WaitForExit(5000))
            {
                bash.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            bash.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            if (line == EndMarker)
            {
                blockEnded.TrySetResult();
            }
            else
            {
                lines.Add(line);
            }
        }
    }
}
