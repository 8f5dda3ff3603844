using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.Domain.Validation;

/// <summary>
/// Serializer options for input from outside (request bodies, dropped files): a value the model declares
/// non-nullable may not be null, and may not be missing either. System.Text.Json otherwise leaves a missing
/// constructor parameter as null, and a validator's <c>list.Select(...)</c> or <c>text.Trim()</c> then fails with a
/// 500 instead of a 400 naming the field. Parameters declared nullable (<c>Applicant?</c>) or with a default value
/// stay optional. Models whose validators name the rule a missing scalar breaks (the energy filings:
/// <c>coal.industry.unknown</c>) require only their lists, so those messages stay.
/// </summary>
public static class StrictInputJson
{
    /// <summary>A copy of <paramref name="options"/> that refuses null non-nullable values and missing non-nullable
    /// constructor parameters (only lists when <paramref name="listsOnly"/>).</summary>
    public static JsonSerializerOptions From(JsonSerializerOptions options, bool listsOnly = false) =>
        new(options)
        {
            RespectNullableAnnotations = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { info => RequireNonNullableParameters(info, listsOnly) } },
        };

    private static bool IsList(Type type) => type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static void RequireNonNullableParameters(JsonTypeInfo info, bool listsOnly)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var constructor = info.Type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var parameter in constructor.GetParameters())
        {
            var type = parameter.ParameterType;
            if (
                parameter.HasDefaultValue
                || type.IsValueType
                || (listsOnly && !IsList(type))
                || nullability.Create(parameter).WriteState != NullabilityState.NotNull
            )
            {
                continue;
            }

            var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (property is not null)
            {
                property.IsRequired = true;
            }
        }
    }
}
