namespace Workflows.Functions.MarketEntities;

/// <summary>Settings of the market-entity area (configuration section <c>MarketEntities</c>).</summary>
public sealed class MarketEntitiesOptions
{
    public const string SectionName = "MarketEntities";

    /// <summary>The registration authority that handles packages dropped into <c>registrations-inbox</c>.</summary>
    public string InboxAgency { get; set; } = "411100";

    // Package size limits live in the one Limits section (Hosting.LimitsOptions) with every other input limit.
}
