namespace Workflows.Functions.Hosting;

/// <summary>
/// Input size limits (configuration section <c>Limits</c>, e.g. <c>Limits__MaxJsonBodyBytes</c> as an app setting).
/// Anything larger is refused with a problem+json 400 (HTTP) or moved to quarantine with a report (drops).
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>JSON request bodies (applications, events).</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxJsonBodyBytes { get; set; } = 1 << 20;

    /// <summary>One uploaded or dropped document (a report, an attachment).</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxDocumentBytes { get; set; } = 20 << 20;

    /// <summary>A dropped package (.zip) as stored.</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxPackageBytes { get; set; } = 50 << 20;

    /// <summary>Entries in a package.</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxPackageEntries { get; set; } = 100;

    /// <summary>Total uncompressed bytes of a package, counted while reading (zip bombs stop here).</summary>
    [SettingRange(typeof(long), "1", "9223372036854775807")]
    public long MaxPackageUncompressedBytes { get; set; } = 50L << 20;

    /// <summary>A units list (CSV or XLSX) as stored.</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxSpreadsheetBytes { get; set; } = 5 << 20;

    /// <summary>Data rows in a units list.</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxSpreadsheetRows { get; set; } = 10_000;

    /// <summary>Total uncompressed size of an XLSX units list (its XML parts), checked before any part is parsed.</summary>
    [SettingRange(typeof(long), "1", "9223372036854775807")]
    public long MaxSpreadsheetExpandedBytes { get; set; } = 64L << 20;

    /// <summary>An official calendar year file (about 3 KB; at most <see cref="MaxStorableCalendarFileBytes"/>).</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxCalendarFileBytes { get; set; } = MaxStorableCalendarFileBytes;

    /// <summary>
    /// The activated file is stored in one table property, which Azure caps at 64 KiB of UTF-16: 32 KiB of UTF-8 is
    /// at most 32 Ki characters, so any file up to this size fits; a larger setting is not honoured.
    /// </summary>
    public const int MaxStorableCalendarFileBytes = 32 << 10;
}
