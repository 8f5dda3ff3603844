using System.Text.Json;

namespace Workflows.Functions.Http;

/// <summary>
/// Rules every JSON input obeys before any handler reads it (HTTP bodies, event bodies and dropped JSON files alike):
/// every number fits a decimal within ±<see cref="MaxMagnitude"/> (so <c>1e400</c> or <c>7.9e28</c> is refused by
/// name instead of overflowing later), no array holds a null element, and no text is longer than
/// <see cref="MaxTextChars"/> (so no single value can outgrow a Table storage property). Field-specific ranges
/// (tonnes, years, percentages) are declared in <c>Workflows.Domain.Validation.NumberRange</c> and checked by the models.
/// </summary>
public static class JsonInputGuard
{
    /// <summary>10^15: the largest magnitude any field may carry; declared ranges are far narrower.</summary>
    public const decimal MaxMagnitude = 1_000_000_000_000_000m;

    /// <summary>10,000 characters (20 KB in UTF-16): a reason, a business scope, an address all fit.</summary>
    public const int MaxTextChars = 10_000;

    public const string NumberRule = "number.range";
    public const string NullElementRule = "array.element-null";
    public const string TextRule = "text.too-long";

    /// <summary>The first rule <paramref name="root"/> breaks, or null.</summary>
    public static ApiError? Check(JsonElement root) => Walk(root, string.Empty);

    private static ApiError? Walk(JsonElement element, string path) =>
        element.ValueKind switch
        {
            JsonValueKind.Object => WalkObject(element, path),
            JsonValueKind.Array => WalkArray(element, path),
            JsonValueKind.Number => CheckNumber(element, path),
            JsonValueKind.String => CheckText(element, path),
            _ => null,
        };

    private static ApiError? WalkObject(JsonElement element, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Length > MaxTextChars)
            {
                return new ApiError(Field(path), TextRule, $"属性名过长 / A property name is longer than {MaxTextChars} characters.");
            }

            var problem = Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static ApiError? WalkArray(JsonElement element, string path)
    {
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind == JsonValueKind.Null)
            {
                return new ApiError(
                    itemPath,
                    NullElementRule,
                    $"“{itemPath}”不能为 null / '{itemPath}' is null: every element of a list must be a value."
                );
            }

            var problem = Walk(item, itemPath);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static ApiError? CheckNumber(JsonElement element, string path) =>
        element.TryGetDecimal(out var value) && Math.Abs(value) <= MaxMagnitude
            ? null
            : new ApiError(
                Field(path),
                NumberRule,
                $"“{Field(path)}”的数值 {Truncate(element.GetRawText())} 超出允许范围 / '{Field(path)}' = {Truncate(element.GetRawText())} is outside ±10^15."
            );

    private static ApiError? CheckText(JsonElement element, string path) =>
        element.GetString() is { Length: > MaxTextChars } text
            ? new ApiError(
                Field(path),
                TextRule,
                $"“{Field(path)}”过长 / '{Field(path)}' has {text.Length} characters; at most {MaxTextChars} are accepted."
            )
            : null;

    private static string Field(string path) => path.Length == 0 ? "body" : path;

    private static string Truncate(string raw) => raw.Length > 40 ? raw[..40] + "…" : raw;
}
