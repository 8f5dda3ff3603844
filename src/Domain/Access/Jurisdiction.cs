namespace Workflows.Domain.Access;

/// <summary>
/// Agencies are identified by administrative division codes (GB/T 2260): "410000" Henan province, "411100" Luohe
/// city, "411102" Yuanhui district. An agency's jurisdiction covers its own code and every code below it.
/// </summary>
public static class Jurisdiction
{
    /// <summary>The significant prefix of a division code: 2 digits for a province, 4 for a city, 6 for a county.</summary>
    public static string Prefix(string agency)
    {
        if (!IsDivisionCode(agency))
        {
            throw new ArgumentException($"'{agency}' is not a 6-digit administrative division code.", nameof(agency));
        }

        if (agency.EndsWith("0000", StringComparison.Ordinal))
        {
            return agency[..2];
        }

        return agency.EndsWith("00", StringComparison.Ordinal) ? agency[..4] : agency;
    }

    public static bool IsDivisionCode(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit) && code[..2] != "00";

    /// <summary>True when <paramref name="agency"/>'s jurisdiction includes <paramref name="caseAgency"/>.</summary>
    public static bool Covers(string agency, string caseAgency) =>
        IsDivisionCode(agency) && IsDivisionCode(caseAgency) && caseAgency.StartsWith(Prefix(agency), StringComparison.Ordinal);

    /// <summary>The half-open range of division codes [from, to) in the jurisdiction, for partition range scans.</summary>
    public static (string From, string To) CodeRange(string agency)
    {
        var prefix = Prefix(agency);
        var last = prefix[^1];
        var upper = prefix[..^1] + (char)(last + 1);
        return (prefix.PadRight(6, '0'), upper.PadRight(6, '0'));
    }
}
