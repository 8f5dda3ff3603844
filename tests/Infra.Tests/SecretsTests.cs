namespace Workflows.Infra.Tests;

/// <summary>No secret, key or keyed connection string anywhere in the infrastructure code or its compiled form.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class SecretsTests(BicepFixture bicep)
{
    [Fact]
    public void CompiledTemplate_EveryString_LooksLikeNoSecret()
    {
        var suspicious = bicep.Template.Strings()
            .SelectMany(item => SecretHeuristics.Suspicions(item.Text).Select(reason => $"{item.Path}: {reason}"))
            .ToList();

        Assert.Empty(suspicious);
    }

    [Theory]
    [InlineData("listKeys(")] // reading account keys at deployment time puts them into app settings
    [InlineData("listAccountSas(")]
    [InlineData("listServiceSas(")]
    [InlineData("listConnectionStrings(")]
    public void CompiledTemplate_KeyListingFunction_IsNeverCalled(string function)
    {
        var callers = bicep.Template.Strings()
            .Where(item => item.Text.Contains(function, StringComparison.OrdinalIgnoreCase))
            .Select(item => item.Path)
            .ToList();

        Assert.Empty(callers);
    }

    [Fact]
    public void InfraSourceFiles_EveryLine_LooksLikeNoSecret()
    {
        var files = Directory.EnumerateFiles(RepositoryRoot.Combine("infra"), "*", SearchOption.AllDirectories)
            .Append(RepositoryRoot.Combine("azure.yaml"))
            .ToList();
        Assert.Contains(files, file => file.EndsWith("main.bicep", StringComparison.Ordinal));

        var suspicious = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .SelectMany(entry => SecretHeuristics.Suspicions(entry.line)
                .Select(reason => $"{Path.GetRelativePath(RepositoryRoot.Path, entry.file)}:{entry.number}: {reason}"))
            .ToList();

        Assert.Empty(suspicious);
    }
}
