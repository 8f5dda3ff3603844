using Workflows.LocalHost;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// npm unpacks azurite.js before Azurite's dependencies: in CI (a cold npm cache) a test that saw the file started a
/// half-installed Azurite ("Cannot find module './common/Environment'"). Only the marker written after `npm ci`
/// succeeded, for the lock file in the repository, counts as installed.
/// </summary>
public sealed class AzuriteInstallTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("azurite-install-").FullName;

    private string ToolFolder => Path.Combine(root, "tools", "azurite");

    public AzuriteInstallTests()
    {
        Directory.CreateDirectory(Path.Combine(ToolFolder, "node_modules", "azurite", "dist", "src"));
        File.WriteAllText(Path.Combine(ToolFolder, "package-lock.json"), """{"lockfileVersion":3}""");
        File.WriteAllText(Path.Combine(ToolFolder, "node_modules", "azurite", "dist", "src", "azurite.js"), "// unpacked first");
    }

    [Fact]
    public void IsInstalled_EntryUnpackedButNpmCiNotFinished_False() =>
        Assert.False(AzuriteLauncher.IsInstalled(root));

    [Fact]
    public void IsInstalled_MarkerOfAnotherLockFile_False()
    {
        File.WriteAllText(Path.Combine(ToolFolder, "node_modules", AzuriteLauncher.InstalledMarkerName), "0123");
        Assert.False(AzuriteLauncher.IsInstalled(root));
    }

    [Fact]
    public async Task EnsureInstalled_MarkerOfThisLockFile_ReturnsEntryWithoutRunningNpm()
    {
        var lockBytes = await File.ReadAllBytesAsync(Path.Combine(ToolFolder, "package-lock.json"));
        var stamp = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(lockBytes));
        await File.WriteAllTextAsync(Path.Combine(ToolFolder, "node_modules", AzuriteLauncher.InstalledMarkerName), stamp);
        var logged = new List<string>();

        var entry = await AzuriteLauncher.EnsureInstalledAsync(root, logged.Add);

        Assert.True(AzuriteLauncher.IsInstalled(root));
        Assert.EndsWith(Path.Combine("azurite", "dist", "src", "azurite.js"), entry, StringComparison.Ordinal);
        Assert.Empty(logged); // nothing installed: a `npm ci` in this fake folder would have failed and been logged
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
