using Workflows.Domain.MarketEntities;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>The repository's samples/ documents (the same files the walk-through uses).</summary>
public static class MarketSamples
{
    public static string Directory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.Directory.Exists(Path.Combine(dir.FullName, "samples", "registration")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(
            dir?.FullName ?? throw new DirectoryNotFoundException("samples/ not found above the test binaries."),
            "samples"
        );
    }

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(Directory(), relativePath));

    public static T Load<T>(string relativePath) => MarketEntityJson.Deserialize<T>(Text(relativePath))!;
}
