using System.Text.Json;

namespace Workflows.Domain.MarketEntities;

/// <summary>Loads the embedded rule tables under <c>Data/</c> (see the Domain csproj: logical name
/// <c>Workflows.Domain.Data.&lt;subdir&gt;/&lt;file&gt;.json</c>).</summary>
internal static class EmbeddedData
{
    public static T Load<T>(string relativePath)
    {
        var resourceName = "Workflows.Domain.Data." + relativePath;
        using var stream =
            typeof(EmbeddedData).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded data file '{resourceName}' is missing from the Domain assembly.");
        return JsonSerializer.Deserialize<T>(stream, MarketEntityJson.Options)
            ?? throw new InvalidOperationException($"Embedded data file '{resourceName}' is empty.");
    }
}
