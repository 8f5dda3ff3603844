using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.Identity;

/// <summary>Registers identity the same way on both hosts; the platform flag comes only from the platform.</summary>
public static class WorkflowsIdentityRegistration
{
    /// <summary>The App Service setting that is "true" when App Service authentication fronts the app (the same
    /// variable Microsoft.Identity.Web reads to detect it).</summary>
    public const string PlatformAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    public static IServiceCollection AddWorkflowsIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdentityOptions>(configuration.GetSection(IdentityOptions.SectionName));

        // PostConfigure runs after every Configure: a bound "Identity:PlatformAuthenticationEnabled" cannot switch it on.
        services.PostConfigure<IdentityOptions>(o => o.PlatformAuthenticationEnabled = IsPlatformAuthenticationEnabled(configuration));
        services.AddSingleton<PrincipalResolver>();
        return services;
    }

    public static bool IsPlatformAuthenticationEnabled(IConfiguration configuration) =>
        bool.TryParse(configuration[PlatformAuthenticationSetting], out var enabled) && enabled;
}
