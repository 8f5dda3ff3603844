using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Workflows.Tests.Support;

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
        var schema = compiled.GetOrAdd(name, Compile);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        options.SchemaRegistry.Register(Root);
        var result = schema.Evaluate(instance, options);
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private readonly ConcurrentDictionary<string, JsonSchema> compiled = new(StringComparer.Ordinal);

    private readonly string baseUri = $"https://workflows.invalid/openapi/{Guid.NewGuid():N}";

    private JsonSchema? rootSchema;

    /// <summary>Every component once, as <c>$defs</c> of one schema the per-name schemas refer into (built on first
    /// use; two threads building it at once build the same thing).</summary>
    private JsonSchema Root =>
        rootSchema ??= JsonSchema.FromText(
            new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = baseUri,
                ["$defs"] = components.DeepClone(),
            }.ToJsonString()
        );

    private JsonSchema Compile(string name)
    {
        _ = Schema(name);
        var reference = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{baseUri}/ref/{Uri.EscapeDataString(name)}",
            ["$ref"] = $"{baseUri}#/$defs/{name}",
        };
        return JsonSchema.FromText(reference.ToJsonString());
    }
}
