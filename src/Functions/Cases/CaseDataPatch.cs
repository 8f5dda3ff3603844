using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Workflows.Functions.Cases;

/// <summary>
/// The part of a case's data a step changed (issue 22, orchestration version 6): the data written at intake is already
/// on the case record, so a step sends only the top-level members it changed instead of the whole data again, and the
/// durable history, which keeps every activity input for the life of the case, keeps the application once.
/// </summary>
/// <remarks>Members are compared and copied as the serializer wrote them (their raw JSON text), not through a JSON node
/// tree: the orchestration computes a patch on every replay of every step, and the node tree of the whole application
/// was one of a registration's largest allocations (issue 22 profile).</remarks>
public static class CaseDataPatch
{
    /// <summary>The members of <paramref name="after"/> whose JSON differs from <paramref name="before"/>'s, as one JSON
    /// object (deterministic: same data, same patch; replay-safe in an orchestration). Null when nothing changed.</summary>
    public static string? Between<T>(T before, T after) => Between(Members(before), Members(after));

    /// <summary>The data's top-level members as the case record stores them: name and raw JSON, in the serializer's order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Members<T>(T data)
    {
        using var document = JsonSerializer.SerializeToDocument(data, CaseJson.Options);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? [.. document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetRawText()))]
            : [];
    }

    /// <summary>As <see cref="Between{T}(T, T)"/>, on members already read (a step reads its data's members once).</summary>
    public static string? Between(IReadOnlyList<KeyValuePair<string, string>> old, IReadOnlyList<KeyValuePair<string, string>> next)
    {
        var was = old.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var now = next.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var changed = next.Where(m => !was.TryGetValue(m.Key, out var value) || !string.Equals(value, m.Value, StringComparison.Ordinal))
            .ToList();
        var removed = old.Where(m => !now.Contains(m.Key)).Select(m => m.Key).ToList();
        if (changed.Count == 0 && removed.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = CaseJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            foreach (var (name, raw) in changed)
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(raw, skipInputValidation: true);
            }

            foreach (var name in removed)
            {
                writer.WriteNull(name);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The stored data with <paramref name="patchJson"/>'s members put in place of its own (a null member
    /// removes it); the data's other members stay as stored, in their order, the patch's new members after them.</summary>
    public static JsonElement Apply(JsonElement? data, string patchJson)
    {
        using var patch = JsonDocument.Parse(patchJson);
        var members = patch.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = CaseJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            var stored = data is { ValueKind: JsonValueKind.Object } value ? value.EnumerateObject().ToList() : [];
            foreach (var member in stored)
            {
                var replaced = members.Remove(member.Name, out var next);
                if (!replaced)
                {
                    member.WriteTo(writer);
                }
                else if (next.ValueKind != JsonValueKind.Null)
                {
                    writer.WritePropertyName(member.Name);
                    next.WriteTo(writer);
                }
            }

            foreach (var (name, next) in members.Where(m => m.Value.ValueKind != JsonValueKind.Null))
            {
                writer.WritePropertyName(name);
                next.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using var result = JsonDocument.Parse(buffer.WrittenMemory);
        return result.RootElement.Clone();
    }
}
