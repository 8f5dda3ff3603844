using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.Identity;

/// <summary>Registers identity the same way on both hosts; the platform flag comes only from the platform.</summary>
public static class WorkflowsIdentityRegistration
{
    /// <summary>The App Service setting that is "true" when App Service authentication fronts the app (the same
    /// variable Microsoft.Identity.Web reads to detect it).</summary>
    public const string PlatformAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    // Roles by name only, never by number: "9" is not Administrator.
    private static readonly JsonSerializerOptions MappingJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    public static IServiceCollection AddWorkflowsIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<IdentityOptions>(IdentityOptions.SectionName, configuration);

        // PostConfigure runs after every Configure: a bound "Identity:PlatformAuthenticationEnabled" cannot switch it on.
        services.PostConfigure<IdentityOptions>(o =>
        {
            o.PlatformAuthenticationEnabled = IsPlatformAuthenticationEnabled(configuration);
            o.ClaimMappings.AddRange(ParseClaimMappings(o.ClaimMappingsJson));
        });
        services.AddSingleton<PrincipalResolver>();
        return services;
    }

    /// <summary>Reads <see cref="IdentityOptions.ClaimMappingsJson"/>; a malformed mapping stops start-up rather than
    /// silently granting nothing (or the wrong thing).</summary>
    public static IReadOnlyList<ClaimMappingOptions> ParseClaimMappings(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        List<ClaimMappingOptions> mappings;
        try
        {
            mappings = JsonSerializer.Deserialize<List<ClaimMappingOptions>>(json, MappingJson) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Identity:ClaimMappingsJson is not a JSON array of claim mappings: {e.Message}", e);
        }

        var invalid = mappings.FirstOrDefault(m =>
            m.ClaimType.Length == 0
            || m.ClaimValue.Length == 0
            || (m.Role is null && string.IsNullOrEmpty(m.Agency))
            || (m.Agency is { Length: > 0 } agency && !Jurisdiction.IsDivisionCode(agency))
        );
        return invalid is null
            ? mappings
            : throw new InvalidOperationException(
                $"Identity:ClaimMappingsJson: the mapping of claim '{invalid.ClaimType}' = '{invalid.ClaimValue}' needs a claim type, "
                    + "a value, and a role or a 6-digit agency code."
            );
    }

    public static bool IsPlatformAuthenticationEnabled(IConfiguration configuration) =>
        bool.TryParse(configuration[PlatformAuthenticationSetting], out var enabled) && enabled;
}
