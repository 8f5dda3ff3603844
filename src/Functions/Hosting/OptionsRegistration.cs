using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Workflows.Functions.Hosting;

/// <summary>
/// The one way an options class is registered in both hosts: bound from its configuration section, checked by its
/// data annotations, and checked when the host starts (ValidateOnStart), so a bad setting stops start-up with a
/// message naming the setting instead of failing the first request that reads it.
/// </summary>
public static class OptionsRegistration
{
    /// <summary>The message of a range annotation: the setting, then the bounds (Chinese first).</summary>
    public const string RangeMessage = "设置 {0} 必须在 {1} 至 {2} 之间 / The setting {0} must be between {1} and {2}.";

    /// <summary>The message of a required annotation (Chinese first).</summary>
    public const string RequiredMessage = "设置 {0} 不能为空 / The setting {0} is required.";

    /// <summary>Binds <typeparamref name="T"/> to <paramref name="sectionName"/> of <paramref name="configuration"/> (a
    /// registration handed the configuration) or of the host's IConfiguration, and validates it on start.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(
        this IServiceCollection services,
        string sectionName,
        IConfiguration? configuration = null
    )
        where T : class
    {
        var builder = services.AddOptions<T>();
        builder = configuration is null ? builder.BindConfiguration(sectionName) : builder.Bind(configuration.GetSection(sectionName));
        return builder.ValidateDataAnnotations().ValidateOnStart();
    }
}

/// <summary>A whole-number setting within bounds, with the range message.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum) => ErrorMessage = OptionsRegistration.RangeMessage;

    public SettingRangeAttribute(double minimum, double maximum)
        : base(minimum, maximum) => ErrorMessage = OptionsRegistration.RangeMessage;

    public SettingRangeAttribute(Type type, string minimum, string maximum)
        : base(type, minimum, maximum) => ErrorMessage = OptionsRegistration.RangeMessage;
}
