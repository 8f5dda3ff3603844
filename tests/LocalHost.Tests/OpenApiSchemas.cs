using System.Text.Json.Nodes;
using Json.Schema;

namespace Workflows.LocalHost.Tests;

/// <summary>Validates JSON against one component schema of the served OpenAPI 3.1 document (JSON Schema 2020-12): the
/// components become <c>$defs</c> of one schema, so their <c>$ref</c>s resolve inside it.</summary>
public sealed class OpenApiSchemas(string openApiText)
{
    private const string ComponentsPrefix = "#/components/schemas/";

    private readonly JsonNode components = JsonNode.Parse(
        JsonNode.Parse(openApiText)!["components"]!["schemas"]!.ToJsonString().Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal))!;

    public JsonNode Schema(string name) => components[name] ?? throw new KeyNotFoundException($"No schema '{name}' in the document.");

    /// <summary>The errors of <paramref name="instance"/> against schema <paramref name="name"/> (empty: valid).</summary>
    public IReadOnlyList<string> Errors(string name, JsonNode? instance)
    {
        _ = Schema(name);
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://workflows.invalid/openapi/{Uri.EscapeDataString(name)}",
            ["$defs"] = components.DeepClone(),
            ["$ref"] = "#/$defs/" + name,
        };
        var schema = JsonSchema.FromText(document.ToJsonString());
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}
