using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.Tests.Hosting;

/// <summary>Issue 13: every options class is bound one way and checked when the host starts (ValidateOnStart), so a
/// bad setting stops start-up with a message naming it.</summary>
public sealed class OptionsValidationTests
{
    private static IStartupValidator StartupValidator(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddWorkflowsApplication(configuration, StorageMode.InMemory);
        return services.BuildServiceProvider().GetRequiredService<IStartupValidator>();
    }

    [Theory]
    [InlineData("Limits:MaxJsonBodyBytes", "0", "MaxJsonBodyBytes")]
    [InlineData("Limits:MaxSpreadsheetExpandedBytes", "-1", "MaxSpreadsheetExpandedBytes")]
    [InlineData("HistoryPurge:BatchSize", "5000", "BatchSize")]
    [InlineData("MarketEntities:InboxAgency", "Luohe", "InboxAgency")]
    public void Validate_BadSetting_FailsAtStartNamingIt(string setting, string value, string name)
    {
        var validator = StartupValidator(new() { [setting] = value });

        var failure = Assert.Throws<OptionsValidationException>(validator.Validate);

        Assert.Contains(name, failure.Message, StringComparison.Ordinal);
        Assert.Contains("设置", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DocumentedDefaultsAndAZeroRetention_Start()
    {
        var validator = StartupValidator(new() { ["HistoryPurge:RetainCompletedDays"] = "0", ["Limits:MaxJsonBodyBytes"] = "2097152" });

        var failure = Record.Exception(validator.Validate);

        Assert.Null(failure);
    }
}
