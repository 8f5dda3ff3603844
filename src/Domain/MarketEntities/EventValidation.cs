using System.Text.Json;
using Workflows.Domain.Access;

namespace Workflows.Domain.MarketEntities;

/// <summary>An event as it arrives at an orchestration: procedure, event type, the caller's role and a JSON payload.</summary>
public sealed record EventEnvelope(string Procedure, string EventType, Role Role, JsonElement Payload);

/// <summary>
/// Checks an incoming event against the <see cref="EventCatalog"/>: the event exists, the role may raise it, every
/// required field is present and non-empty, the occurrence limit holds (one extension, Art. 19), and the fields with
/// a closed vocabulary are valid (an Art. 41 ground; material codes in a correction request, Art. 19 para 2).
/// State (whether the event is allowed now) is the orchestration's business, not this check's.
/// </summary>
public static class EventValidation
{
    public const string MaterialCodeRule = "event.material-code";

    public const string Art41GroundRule = "event.art41-ground";

    /// <param name="priorOccurrences">How often this event already occurred in the case.</param>
    public static IReadOnlyList<ValidationError> Validate(EventEnvelope envelope, int priorOccurrences = 0)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var definition = EventCatalog.Find(envelope.Procedure, envelope.EventType);
        if (definition is null)
        {
            return
            [
                new(
                    "eventType",
                    "event.unknown",
                    $"'{envelope.EventType}' is not an event of procedure '{envelope.Procedure}'.",
                    "Decree 746"
                ),
            ];
        }

        var errors = new List<ValidationError>();
        if (!definition.Allows(envelope.Role))
        {
            errors.Add(
                new(
                    "role",
                    "event.role-not-allowed",
                    $"Role {envelope.Role} may not raise '{definition.EventType}'; allowed: {string.Join(", ", definition.AllowedRoles)}.",
                    definition.Article
                )
            );
        }

        if (definition.MaxOccurrences is { } max && priorOccurrences >= max)
        {
            errors.Add(
                new(
                    "eventType",
                    "event.max-occurrences",
                    $"'{definition.EventType}' may occur at most {max} time(s) in a case; it already occurred {priorOccurrences} time(s).",
                    definition.Article
                )
            );
        }

        var payload = envelope.Payload;
        foreach (var field in definition.RequiredFields)
        {
            if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(field, out var value) || IsEmpty(value))
            {
                errors.Add(
                    new(
                        $"payload.{field}",
                        "event.required-field",
                        $"'{definition.EventType}' requires a non-empty '{field}'.",
                        definition.Article
                    )
                );
            }
        }

        if (payload.ValueKind == JsonValueKind.Object)
        {
            ValidateVocabulary(errors, definition, payload);
        }

        return errors;
    }

    private static void ValidateVocabulary(List<ValidationError> errors, EventDefinition definition, JsonElement payload)
    {
        // Art. 41: a decision not to revoke names one of the three grounds.
        if (
            payload.TryGetProperty("ground", out var ground)
            && ground.ValueKind == JsonValueKind.String
            && !Enum.GetValues<Art41Ground>()
                .Any(g => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(g.ToString()), ground.GetString(), StringComparison.Ordinal))
        )
        {
            errors.Add(
                new(
                    "payload.ground",
                    Art41GroundRule,
                    $"'{ground.GetString()}' is not an Art. 41 ground; expected one of {string.Join(", ", Enum.GetValues<Art41Ground>().Select(g => JsonNamingPolicy.CamelCase.ConvertName(g.ToString())))}.",
                    "Decree 746 Art. 41"
                )
            );
        }

        // Art. 19 para 2: the correction notice lists materials from the catalogue.
        if (payload.TryGetProperty("missingMaterials", out var materials) && materials.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in materials.EnumerateArray())
            {
                var code = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (code is null || !RequiredMaterials.Catalogue.ContainsKey(code))
                {
                    errors.Add(
                        new(
                            $"payload.missingMaterials[{index}]",
                            MaterialCodeRule,
                            $"'{item}' is not a material code of the catalogue.",
                            definition.Article
                        )
                    );
                }

                index++;
            }
        }
    }

    private static bool IsEmpty(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => true,
            JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()),
            JsonValueKind.Array => value.GetArrayLength() == 0,
            JsonValueKind.Object => !value.EnumerateObject().Any(),
            _ => false,
        };
}
