using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflows.Domain.Energy;

/// <summary>A structured validation failure: which field, which rule, a precise message and the article it rests on.</summary>
/// <param name="Field">camelCase path of the offending field, e.g. <c>location.city</c>.</param>
/// <param name="Rule">Stable rule id, e.g. <c>coal.location.outside-henan</c>.</param>
/// <param name="Message">English explanation, Chinese rule name in parentheses where helpful.</param>
/// <param name="Article">The provision the rule implements, e.g. "豫发改环资〔2021〕893号 Art. 5".</param>
public sealed record ValidationError(string Field, string Rule, string Message, string Article);

/// <summary>Shared JSON settings for energy records: camelCase names, camelCase enum strings.</summary>
public static class EnergyJson
{
    /// <summary>camelCase properties and enums, case-insensitive reading, comments and trailing commas allowed.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>For reading input from outside (request bodies, dropped files): as <see cref="Options"/>, and a value the
    /// model declares non-nullable may not be null, nor a list missing (issue 12: a JsonException, so a 400 naming the path,
    /// instead of a NullReferenceException later, a 500). Rule tables and stored state keep the lenient options.</summary>
    public static JsonSerializerOptions InputOptions { get; } = Validation.StrictInputJson.From(Options, listsOnly: true);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static Stream OpenResource(string fileName)
    {
        var name = "Workflows.Domain.Data.Energy/" + fileName;
        return typeof(EnergyJson).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded rule data '{name}' is missing from Workflows.Domain.");
    }

    /// <summary>Tonnes and tce in the explanation strings: thousands separators, up to three decimals.</summary>
    internal static string Amount(decimal value) => value.ToString("#,##0.###", CultureInfo.InvariantCulture);

    internal static string Coefficient(decimal value) => value.ToString("0.0#", CultureInfo.InvariantCulture);

    internal static string Percent(decimal share) => (share * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}

/// <summary>Document references used in article citations.</summary>
public static class EnergySources
{
    /// <summary>河南省耗煤项目煤炭消费替代管理办法（2021年修订）.</summary>
    public const string CoalSubstitution = "豫发改环资〔2021〕893号";

    /// <summary>漯河市重点用能单位节能降碳改造三年推进方案.</summary>
    public const string LuoheRetrofit = "漯节减办〔2021〕7号";

    internal static string Coal(string article) => $"{CoalSubstitution} {article}";

    internal static string Retrofit(string section) => $"{LuoheRetrofit} {section}";
}
