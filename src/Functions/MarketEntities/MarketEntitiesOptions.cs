namespace Workflows.Functions.MarketEntities;

/// <summary>Settings of the market-entity area (configuration section <c>MarketEntities</c>).</summary>
public sealed class MarketEntitiesOptions
{
    public const string SectionName = "MarketEntities";

    /// <summary>The registration authority that handles packages dropped into <c>registrations-inbox</c>.</summary>
    public string InboxAgency { get; set; } = "411100";

    /// <summary>Largest uncompressed total of a dropped package, counted while reading (headers are not trusted).</summary>
    public long MaxPackageUncompressedBytes { get; set; } = 50L * 1024 * 1024;

    public int MaxPackageEntries { get; set; } = 100;
}
