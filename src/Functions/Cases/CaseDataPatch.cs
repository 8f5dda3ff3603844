using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Functions.Cases;

/// <summary>
/// The part of a case's data a step changed (issue 22, orchestration version 6): the data written at intake is already
/// on the case record, so a step sends only the top-level members it changed instead of the whole data again, and the
/// durable history, which keeps every activity input for the life of the case, keeps the application once.
/// </summary>
public static class CaseDataPatch
{
    /// <summary>The members of <paramref name="after"/> whose JSON differs from <paramref name="before"/>'s, as one JSON
    /// object (deterministic: same data, same patch; replay-safe in an orchestration). Null when nothing changed.</summary>
    public static string? Between<T>(T before, T after) => Between(Node(before), Node(after));

    /// <summary>The data as the case record stores it, as a JSON object (for <see cref="Between(JsonObject, JsonObject)"/>).</summary>
    public static JsonObject Node<T>(T data) => JsonSerializer.SerializeToNode(data, CaseJson.Options)?.AsObject() ?? [];

    /// <summary>As <see cref="Between{T}(T, T)"/>, on data already serialized (a step serializes its data once).</summary>
    public static string? Between(JsonObject old, JsonObject next)
    {
        var patch = new JsonObject();
        foreach (var (name, value) in next)
        {
            if (!old.TryGetPropertyValue(name, out var was) || !JsonNode.DeepEquals(was, value))
            {
                patch[name] = value?.DeepClone();
            }
        }

        foreach (var (name, _) in old)
        {
            if (!next.ContainsKey(name))
            {
                patch[name] = null;
            }
        }

        return patch.Count == 0 ? null : patch.ToJsonString(CaseJson.Options);
    }

    /// <summary>The stored data with <paramref name="patchJson"/>'s members put in place of its own (a null member
    /// removes it); the data's other members stay as stored.</summary>
    public static JsonElement Apply(JsonElement? data, string patchJson)
    {
        var result = data is { ValueKind: JsonValueKind.Object } stored ? JsonNode.Parse(stored.GetRawText())!.AsObject() : [];
        foreach (var (name, value) in JsonNode.Parse(patchJson)!.AsObject())
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = value.DeepClone();
            }
        }

        return JsonSerializer.SerializeToElement(result, CaseJson.Options);
    }
}
