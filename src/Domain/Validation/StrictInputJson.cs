using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.Domain.Validation;

/// <summary>
/// Serializer options for input from outside (request bodies, dropped files): a value the model declares
/// non-nullable may be neither null nor missing. System.Text.Json otherwise leaves a missing non-nullable list as
/// null, and a validator's <c>list.Select(...)</c> then fails with a 500 instead of a 400 naming the field.
/// Constructor parameters declared nullable (<c>Applicant?</c>) or with a default value stay optional.
/// </summary>
public static class StrictInputJson
{
    /// <summary>A copy of <paramref name="options"/> that refuses null or missing non-nullable values.</summary>
    public static JsonSerializerOptions From(JsonSerializerOptions options) => new(options)
    {
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireNonNullableConstructorParameters } },
    };

    private static void RequireNonNullableConstructorParameters(JsonTypeInfo info)
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
            if (parameter.HasDefaultValue || parameter.ParameterType.IsValueType || nullability.Create(parameter).WriteState != NullabilityState.NotNull)
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
