using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>A resource of the compiled template, with the (nested) template that declares it.</summary>
public sealed record TemplateResource(JsonObject Resource, JsonObject DeclaringTemplate)
{
    public string Type => Resource["type"]?.GetValue<string>() ?? string.Empty;

    public string Name => Resource["name"]?.GetValue<string>() ?? string.Empty;

    public JsonObject Properties => Resource["properties"]?.AsObject() ?? [];
}

/// <summary>
/// Read access to a compiled ARM template: resources of every nested module deployment (both the classic array
/// layout and the languageVersion 2.0 symbolic-name layout), and every string in it.
/// </summary>
public sealed class CompiledTemplate(JsonObject root)
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    public JsonObject Root { get; } = root;

    /// <summary>All resources, depth first, including those inside module deployments.</summary>
    public IReadOnlyList<TemplateResource> Resources { get; } = Collect(root).ToList();

    public IEnumerable<TemplateResource> OfType(string resourceType) =>
        Resources.Where(r => string.Equals(r.Type, resourceType, StringComparison.OrdinalIgnoreCase));

    public TemplateResource SingleOfType(string resourceType)
    {
        var matches = OfType(resourceType).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {resourceType}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The one resource of a type deployed on the chosen hosting plan (parameter <c>hostingPlan</c>): the
    /// function app and its plan exist once per plan, each under its condition.</summary>
    public TemplateResource OnPlan(string resourceType, HostingPlan plan)
    {
        var condition = plan == HostingPlan.FlexConsumption ? "[variables('flex')]" : "[not(variables('flex'))]";
        var matches = OfType(resourceType).Where(r => r.Resource["condition"]?.GetValue<string>() == condition).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {resourceType} on {plan}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The module deployment with the given deployment name (the <c>name:</c> of a Bicep module).</summary>
    public TemplateResource Module(string deploymentName)
    {
        var module = OfType(DeploymentType).SingleOrDefault(r => r.Name == deploymentName);
        Assert.True(module is not null, $"No module deployment named '{deploymentName}'.");
        return module;
    }

    /// <summary>Every string in the template (values and property names) with its JSON path.</summary>
    public IEnumerable<(string Path, string Text)> Strings() => StringsOf(Root);

    public static IEnumerable<(string Path, string Text)> StringsOf(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    yield return (node.GetPath(), key);
                    foreach (var inner in StringsOf(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var inner in StringsOf(item))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (value.GetPath(), text);
                break;
        }
    }

    private static IEnumerable<TemplateResource> Collect(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(pair => pair.Value).OfType<JsonObject>(),
            _ => [],
        };

        foreach (var resource in resources)
        {
            yield return new TemplateResource(resource, template);
            if (resource["type"]?.GetValue<string>() == DeploymentType
                && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Collect(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>The values of the template's <c>hostingPlan</c> parameter.</summary>
public enum HostingPlan
{
    FlexConsumption,
    ElasticPremium,
}
