using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 13: LocalHost's own settings follow the one options idiom: a bad rate limit stops start-up naming it.</summary>
public sealed class RateLimitSettingsTests
{
    [Theory]
    [InlineData("RateLimits:PermitsPerPrincipal", "0", "PermitsPerPrincipal")]
    [InlineData("RateLimits:Window", "00:00:00", "Window")]
    public void Validate_BadRateLimit_FailsAtStartNamingIt(string setting, string value, string name)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLocalRateLimiting(configuration);
        var validator = services.BuildServiceProvider().GetRequiredService<IStartupValidator>();

        var failure = Assert.Throws<OptionsValidationException>(validator.Validate);

        Assert.Contains(name, failure.Message, StringComparison.Ordinal);
    }
}
