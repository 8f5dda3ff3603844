using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>
/// Installs the Bicep CLI (scripts/install-bicep.sh, once per test run), then compiles and lints
/// infra/bicep/main.bicep. Tests read the compiled ARM template and the diagnostics.
/// </summary>
public sealed class BicepFixture
{
    /// <summary>Main template, relative to the repository root.</summary>
    public static readonly string MainTemplateRelativePath = Path.Combine("infra", "bicep", "main.bicep");

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BicepTimeout = TimeSpan.FromMinutes(3);

    public BicepFixture()
    {
        var root = RepositoryRoot.Path;
        var install = ProcessRunner.Run("bash", [Path.Combine(root, "scripts", "install-bicep.sh")], root, InstallTimeout);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("install-bicep.sh failed: " + install.Describe());
        }

        BicepPath = install.StandardOutput.Trim();
        if (!File.Exists(BicepPath))
        {
            throw new InvalidOperationException($"install-bicep.sh printed '{BicepPath}', which is not a file.");
        }

        var mainTemplate = Path.Combine(root, MainTemplateRelativePath);
        Build = RunBicep(["build", mainTemplate, "--stdout"]);
        Lint = RunBicep(["lint", mainTemplate]);
        Template = Build.ExitCode == 0
            ? new CompiledTemplate(JsonNode.Parse(Build.StandardOutput)?.AsObject()
                ?? throw new InvalidOperationException("bicep build printed no JSON object."))
            : throw new InvalidOperationException("bicep build failed: " + Build.Describe());
    }

    /// <summary>Absolute path of the installed bicep binary.</summary>
    public string BicepPath { get; }

    /// <summary><c>bicep build infra/bicep/main.bicep --stdout</c>.</summary>
    public ProcessResult Build { get; }

    /// <summary><c>bicep lint infra/bicep/main.bicep</c>.</summary>
    public ProcessResult Lint { get; }

    /// <summary>The compiled ARM template.</summary>
    public CompiledTemplate Template { get; }

    /// <summary>Runs the installed Bicep CLI from the repository root.</summary>
    public ProcessResult RunBicep(IReadOnlyList<string> arguments) =>
        ProcessRunner.Run(BicepPath, arguments, RepositoryRoot.Path, BicepTimeout);
}

/// <summary>Shares one <see cref="BicepFixture"/> (one install, one build, one lint) across the test classes.</summary>
[CollectionDefinition(Name)]
public sealed class BicepTestGroup : ICollectionFixture<BicepFixture>
{
    public const string Name = "Bicep";
}
