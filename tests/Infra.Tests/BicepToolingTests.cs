namespace Workflows.Infra.Tests;

/// <summary>The template compiles and lints clean with the repository's bicepconfig.json.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class BicepToolingTests(BicepFixture bicep)
{
    [Fact]
    public void Build_MainTemplate_SucceedsWithoutDiagnostics()
    {
        Assert.True(bicep.Build.ExitCode == 0, bicep.Build.Describe());
        Assert.True(string.IsNullOrWhiteSpace(bicep.Build.StandardError), bicep.Build.Describe());
    }

    [Fact]
    public void Lint_MainTemplate_ReportsNoWarningsOrErrors()
    {
        Assert.True(bicep.Lint.ExitCode == 0, bicep.Lint.Describe());
        Assert.True(
            string.IsNullOrWhiteSpace(bicep.Lint.StandardOutput) && string.IsNullOrWhiteSpace(bicep.Lint.StandardError),
            bicep.Lint.Describe());
    }

    /// <summary>
    /// Guards the clean-lint assertion above: with the repository's bicepconfig.json, a file that breaks a rule does
    /// produce a warning naming that rule (so an empty lint output means a clean template, not a silenced linter).
    /// </summary>
    [Theory]
    [InlineData("no-unused-params", "param unused string\n")]
    [InlineData("no-hardcoded-env-urls", "output portal string = 'https://management.azure.com/'\n")]
    [InlineData("secure-parameter-default", "@secure()\nparam token string = 'not-empty'\noutput size int = length(token)\n")]
    [InlineData("outputs-should-not-contain-secrets", "@secure()\nparam token string\noutput leaked string = token\n")]
    [InlineData("no-hardcoded-location",
        "resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {\n  name: 'id-probe'\n  location: 'westus'\n}\n")]
    public void Lint_ProbeBreakingRule_ReportsWarningForThatRule(string ruleId, string bicepSource)
    {
        var probeDirectory = Directory.CreateTempSubdirectory("workflows-bicep-probe-");
        try
        {
            File.Copy(
                RepositoryRoot.Combine("infra", "bicep", "bicepconfig.json"),
                Path.Combine(probeDirectory.FullName, "bicepconfig.json"));
            var probe = Path.Combine(probeDirectory.FullName, "probe.bicep");
            File.WriteAllText(probe, bicepSource);

            var lint = bicep.RunBicep(["lint", probe]);

            var output = lint.StandardOutput + lint.StandardError;
            Assert.True(output.Contains($"Warning {ruleId}:", StringComparison.Ordinal), lint.Describe());
        }
        finally
        {
            probeDirectory.Delete(recursive: true);
        }
    }
}
