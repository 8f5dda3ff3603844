namespace Workflows.Infra.Tests;

/// <summary>Paths and runners for the postdeploy hook scripts under scripts/.</summary>
internal static class DeployHook
{
    public const string HookRun = "./scripts/create-blob-subscriptions.sh";

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static string ScriptPath => RepositoryRoot.Combine("scripts", "create-blob-subscriptions.sh");

    public static string ExtractorPath => RepositoryRoot.Combine("scripts", "blob-trigger-targets.py");

    /// <summary>Runs <c>python3 scripts/blob-trigger-targets.py &lt;metadata&gt;</c>.</summary>
    public static ProcessResult ListTargets(string metadataPath) =>
        ProcessRunner.Run("python3", [ExtractorPath, metadataPath], RepositoryRoot.Path, Timeout);

    /// <summary>Writes <paramref name="json"/> to a temporary functions.metadata, runs <paramref name="run"/> on it, deletes it.</summary>
    public static T WithMetadataFile<T>(string json, Func<string, T> run)
    {
        var directory = Directory.CreateTempSubdirectory("workflows-metadata-");
        try
        {
            var path = Path.Combine(directory.FullName, "functions.metadata");
            File.WriteAllText(path, json);
            return run(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Non-empty stdout lines.</summary>
    public static IReadOnlyList<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
