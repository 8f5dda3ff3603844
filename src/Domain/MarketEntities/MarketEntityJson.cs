using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflows.Domain.MarketEntities;

/// <summary>The one JSON shape for market-entity documents: camelCase properties, enums as camelCase strings,
/// comments and trailing commas tolerated (samples are hand-edited).</summary>
public static class MarketEntityJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>For reading input from outside (request bodies, dropped files): as <see cref="Options"/>, and a value the
    /// model declares non-nullable may be neither null nor missing (issue 12: a JsonException, so a 400 naming the path,
    /// instead of a NullReferenceException later, a 500). Rule tables and stored state keep the lenient options.</summary>
    public static JsonSerializerOptions InputOptions { get; } = Validation.StrictInputJson.From(Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
