using System.Collections.Frozen;
using System.Text.Json;
using Workflows.Domain.Access;

namespace Workflows.Functions.Supervision;

/// <summary>
/// The agencies a jurisdiction has, from the same GB/T 2260 division table the dashboard names them by
/// (<c>Web/divisions-henan.json</c>, its source and date inside): the ranking lists every agency of the jurisdiction,
/// those without a case too (issue 16: an agency with nothing to show is ranked last, not left out).
/// </summary>
public sealed class AdministrativeDivisions
{
    private const string Resource = "Workflows.Web.divisions-henan.json";

    private readonly FrozenSet<string> codes;

    public AdministrativeDivisions(IEnumerable<string> codes) => this.codes = codes.Where(Jurisdiction.IsDivisionCode).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The table embedded with the dashboard.</summary>
    public static AdministrativeDivisions Henan { get; } = Load();

    /// <summary>Every division in <paramref name="agency"/>'s jurisdiction, its own code included, in code order.</summary>
    public IReadOnlyList<string> Within(string agency) =>
        Jurisdiction.IsDivisionCode(agency) ? [.. codes.Where(c => Jurisdiction.Covers(agency, c)).Order(StringComparer.Ordinal)] : [];

    private static AdministrativeDivisions Load()
    {
        using var stream = typeof(AdministrativeDivisions).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The division table {Resource} is not embedded.");
        using var json = JsonDocument.Parse(stream);
        return new AdministrativeDivisions(json.RootElement.GetProperty("divisions").EnumerateObject().Select(p => p.Name).ToList());
    }
}
