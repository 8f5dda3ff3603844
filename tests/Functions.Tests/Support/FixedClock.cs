namespace Workflows.Functions.Tests.Support;

public static class RepoFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Workflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Workflows.sln not found above the test binary.");
    }

    public static byte[] Read(params string[] relative) => File.ReadAllBytes(Path.Combine([Root(), .. relative]));
}
