namespace Workflows.LocalHost;

/// <summary>Finds the repository root (the folder holding Workflows.sln) from the running binary or the current folder.</summary>
public static class RepositoryPaths
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workflows.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Could not find Workflows.sln above the current folder or the binary.");
    }
}
