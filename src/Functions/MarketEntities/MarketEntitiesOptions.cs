using System.ComponentModel.DataAnnotations;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.MarketEntities;

/// <summary>Settings of the market-entity area (configuration section <c>MarketEntities</c>).</summary>
public sealed class MarketEntitiesOptions
{
    public const string SectionName = "MarketEntities";

    /// <summary>The registration authority that handles packages dropped into <c>registrations-inbox</c>.</summary>
    [Required(ErrorMessage = OptionsRegistration.RequiredMessage)]
    [RegularExpression("^[0-9]{6}$", ErrorMessage = "设置 {0} 必须是六位行政区划代码 / The setting {0} must be a six-digit division code.")]
    public string InboxAgency { get; set; } = "411100";

    // Package size limits live in the one Limits section (Hosting.LimitsOptions) with every other input limit.
}
