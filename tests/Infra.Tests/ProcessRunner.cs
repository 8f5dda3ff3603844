using System.Diagnostics;

namespace Workflows.Infra.Tests;

/// <summary>Output of one finished process.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() =>
        $"`{Command}` exited {ExitCode}.{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}" +
        $"{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
}

/// <summary>Runs a command to completion with a time limit, capturing both streams.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout) =>
        Run(fileName, arguments, workingDirectory, timeout, new Dictionary<string, string?>());

    /// <summary>Runs with extra environment variables; a null value removes the variable from the child's environment.</summary>
    public static ProcessResult Run(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var command = string.Join(' ', [fileName, .. arguments]);
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start `{command}`.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {timeout}.");
        }

        process.WaitForExit();
        return new ProcessResult(command, process.ExitCode, standardOutput.Result, standardError.Result);
    }
}
