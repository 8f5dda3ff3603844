using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>Small accessors for compiled-template JSON.</summary>
internal static class TemplateJson
{
    public static string? Text(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();

    /// <summary>The function app's siteConfig.appSettings as name → value (value is the literal or ARM expression), on
    /// Flex Consumption unless another plan is asked for. The settings both plans share are the module's variable
    /// <c>appSettings</c>; Elastic Premium concatenates its own (<c>premiumSettings</c>).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(
        this CompiledTemplate template,
        HostingPlan plan = HostingPlan.FlexConsumption
    )
    {
        var site = template.OnPlan("Microsoft.Web/sites", plan);
        var variables = site.DeclaringTemplate["variables"];
        var expression = site.Properties["siteConfig"]?["appSettings"].Text();
        var names = expression switch
        {
            "[variables('appSettings')]" => ["appSettings"],
            "[concat(variables('appSettings'), variables('premiumSettings'))]" => new[] { "appSettings", "premiumSettings" },
            _ => [],
        };
        var settings = names.SelectMany(n => (variables?[n] as JsonArray) ?? []).ToList();
        Assert.True(settings.Count > 0, $"The function app's siteConfig.appSettings is no list of literal settings: {expression}.");
        return settings
            .OfType<JsonObject>()
            .ToDictionary(
                setting => setting["name"].Text() ?? string.Empty,
                setting => setting["value"].Text() ?? string.Empty,
                StringComparer.Ordinal
            );
    }
}
