using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>Small accessors for compiled-template JSON.</summary>
internal static class TemplateJson
{
    public static string? Text(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();

    /// <summary>The function app's siteConfig.appSettings as name → value (value is the literal or ARM expression).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(this CompiledTemplate template)
    {
        var site = template.SingleOfType("Microsoft.Web/sites");
        var settings = site.Properties["siteConfig"]?["appSettings"] as JsonArray;
        Assert.True(settings is not null, "The function app has no literal siteConfig.appSettings array.");
        return settings.OfType<JsonObject>().ToDictionary(
            setting => setting["name"].Text() ?? string.Empty,
            setting => setting["value"].Text() ?? string.Empty,
            StringComparer.Ordinal);
    }
}
