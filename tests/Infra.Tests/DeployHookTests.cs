namespace Workflows.Infra.Tests;

/// <summary>azure.yaml runs scripts/create-blob-subscriptions.sh after every deploy, and the scripts are well formed.</summary>
public sealed class DeployHookTests
{
    [Fact]
    public void AzureYaml_PostdeployHook_RunsTheSubscriptionScript()
    {
        var lines = File.ReadLines(RepositoryRoot.Combine("azure.yaml")).ToList();
        var hooks = lines.FindIndex(line => line == "hooks:");
        Assert.True(hooks >= 0, "azure.yaml has no top-level hooks: section.");

        // The postdeploy entry and its run: line, indented under hooks: (until the next top-level key).
        var section = lines.Skip(hooks + 1).TakeWhile(line => line.Length == 0 || char.IsWhiteSpace(line[0])).ToList();
        var postdeploy = section.FindIndex(line => line.Trim() == "postdeploy:");
        Assert.True(postdeploy >= 0, "azure.yaml hooks: has no postdeploy: entry.");
        var entry = section.Skip(postdeploy + 1)
            .TakeWhile(line => Indent(line) > Indent(section[postdeploy]))
            .Select(line => line.Trim())
            .ToList();

        Assert.Contains($"run: {DeployHook.HookRun}", entry);
        Assert.Contains("shell: sh", entry);
    }

    [Fact]
    public void HookScript_File_ExistsAndIsExecutable()
    {
        // azd runs a posix hook file directly (its shebang picks bash), so it needs the executable bit.
        var script = RepositoryRoot.Combine(DeployHook.HookRun.TrimStart('.', '/').Split('/'));

        Assert.True(File.Exists(script), $"{script} does not exist.");
        Assert.Equal(DeployHook.ScriptPath, script);
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute),
            $"{script} is not executable (chmod +x, and commit the mode).");
        Assert.StartsWith("#!/usr/bin/env bash", File.ReadLines(script).First(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create-blob-subscriptions.sh")]
    [InlineData("install-bicep.sh")]
    public void ShellScript_Syntax_PassesBashNoExec(string fileName)
    {
        var check = ProcessRunner.Run("bash", ["-n", RepositoryRoot.Combine("scripts", fileName)], RepositoryRoot.Path, DeployHook.Timeout);

        Assert.True(check.ExitCode == 0 && string.IsNullOrWhiteSpace(check.StandardError), check.Describe());
    }

    [Fact]
    public void ExtractorScript_Syntax_ParsesAsPython()
    {
        var check = ProcessRunner.Run(
            "python3",
            ["-c", "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1])", DeployHook.ExtractorPath],
            RepositoryRoot.Path,
            DeployHook.Timeout);

        Assert.True(check.ExitCode == 0, check.Describe());
    }

    [Fact]
    public void HookScript_SubscriptionPrefix_MatchesTheExtractor()
    {
        // The script deletes stale subscriptions by this prefix; the extractor names subscriptions with it.
        Assert.Contains("readonly subscription_prefix=\"blob-\"", File.ReadAllText(DeployHook.ScriptPath), StringComparison.Ordinal);
        Assert.Contains("SUBSCRIPTION_PREFIX = \"blob-\"", File.ReadAllText(DeployHook.ExtractorPath), StringComparison.Ordinal);
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;
}
