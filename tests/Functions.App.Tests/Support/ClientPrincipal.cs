using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Workflows.Functions.Identity;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>The <c>x-ms-client-principal</c> header App Service authentication sends for a person (base64 JSON with
/// the claims <see cref="PrincipalResolver"/> reads), for the people LocalHost's development API keys stand for.</summary>
public static class ClientPrincipal
{
    public static string Of(ApiKeyOptions key)
    {
        var claims = new List<object>
        {
            new { typ = "oid", val = key.Id },
            new { typ = "name", val = key.Name },
            new { typ = PrincipalResolver.RoleClaim, val = key.Role.ToString() },
            new { typ = PrincipalResolver.AgencyClaim, val = key.Agency },
        };
        if (key.Uscc is not null)
        {
            claims.Add(new { typ = PrincipalResolver.UsccClaim, val = key.Uscc });
        }

        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>The person of a LocalHost development API key (src/LocalHost/appsettings.json, copied beside the tests).</summary>
    public static string Of(string apiKey)
    {
        var options = new IdentityOptions();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build()
            .GetSection(IdentityOptions.SectionName).Bind(options);
        return Of(options.ApiKeys.Single(k => k.Key == apiKey));
    }
}
