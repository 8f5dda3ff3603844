using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.PatentAward;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Tests.Web;

/// <summary>Every code a person reads on the workbench (procedures, states, events, roles, form fields) has a
/// Chinese text and an English one in the dashboard's label file; a new code without Chinese fails here.</summary>
public sealed partial class ChineseTextCoverageTests
{
    private static readonly JsonElement Labels = Load("labels.json");

    private static readonly ICaseProcedure[] Procedures =
    [
        new RegistrationProcedure(), new SimplifiedDeregistrationProcedure(), new IndividualBusinessDeregistrationProcedure(),
        new RevocationProcedure(), new TrackerProcedure(), new CoalSubstitutionProcedure(null!, TimeProvider.System),
        new RetrofitProgrammeProcedure(), new RetrofitProjectProcedure(),
        new PatentAwardRoundProcedure(null!, TimeProvider.System), new PatentAwardApplicationProcedure(null!),
    ];

    [Fact]
    public void Labels_EveryProcedure_HasChineseAndEnglish() =>
        AssertCovered("procedures", Procedures.Select(p => p.Name));

    [Fact]
    public void Labels_EveryEventOfEveryProcedureAndCatalogue_HasChineseAndEnglish() =>
        AssertCovered("events", Procedures.SelectMany(p => p.Events).Select(e => e.Type)
            .Concat(EventCatalog.Procedures.SelectMany(EventCatalog.EventsOf).Select(e => e.EventType)));

    [Fact]
    public void Labels_EveryRole_HasChineseAndEnglish() =>
        AssertCovered("roles", Enum.GetValues<Role>().Select(r => JsonNamingPolicy.CamelCase.ConvertName(r.ToString())));

    [Fact]
    public void Labels_EveryFormField_HasChineseAndEnglish() =>
        AssertCovered("fields", Procedures.SelectMany(p => p.Events).SelectMany(e => e.RequiredFields).Append("note"));

    /// <summary>States are written by the orchestrations as literals, coal phases as constants, and retrofit
    /// remediation states from their enum: all three sources are read, so a state added anywhere needs its text.</summary>
    [Fact]
    public void Labels_EveryStateTheOrchestrationsWrite_HasChineseAndEnglish()
    {
        var literals = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "Functions"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => StateLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value));
        Type[] declared = [typeof(CoalPhases), typeof(RegistrationStates), typeof(RevocationStates), typeof(SimplifiedDeregistrationStates),
            typeof(TrackerStates), typeof(IndividualBusinessStates)];
        var phases = declared.SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);
        var remediation = Enum.GetValues<RemediationState>().Where(s => s != RemediationState.ResumptionAllowed).Select(s => $"remediation-{s}");
        var states = literals.Concat(phases).Concat(remediation).Concat(["tracking", "completed", "in-progress", "planned"]).ToList();

        Assert.Contains("awaiting-correction", states);
        AssertCovered("states", states);
    }

    [Fact]
    public void Divisions_LuoheAndItsCounties_NamedInChineseWithSourceAndDate()
    {
        var divisions = Load("divisions-henan.json");

        Assert.Contains("民政部", divisions.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", divisions.GetProperty("date").GetString()!);
        var names = divisions.GetProperty("divisions");
        Assert.Equal("漯河市", names.GetProperty("411100").GetProperty("zh").GetString());
        Assert.Equal(["漯河市源汇区", "漯河市郾城区", "漯河市召陵区", "舞阳县", "临颍县"],
            new[] { "411102", "411103", "411104", "411121", "411122" }.Select(c => names.GetProperty(c).GetProperty("zh").GetString()));
    }

    private static void AssertCovered(string section, IEnumerable<string> codes)
    {
        var table = Labels.GetProperty(section);
        var missing = codes.Distinct(StringComparer.Ordinal)
            .Where(code => !table.TryGetProperty(code, out var text) || !HasChinese(text) || string.IsNullOrWhiteSpace(Text(text, "en")))
            .ToList();
        Assert.True(missing.Count == 0, $"labels.json \"{section}\" lacks Chinese or English text for: {string.Join(", ", missing)}");
    }

    private static bool HasChinese(JsonElement text) => Text(text, "zh") is { } zh && zh.Any(c => c is >= '\u4e00' and <= '\u9fff');

    private static string? Text(JsonElement text, string language) =>
        text.ValueKind == JsonValueKind.Object && text.TryGetProperty(language, out var value) ? value.GetString() : null;

    private static JsonElement Load(string asset)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Workflows.Web." + asset)
            ?? throw new InvalidOperationException($"Dashboard asset {asset} is not embedded.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Workflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Workflows.sln not found above the test output directory.");
    }

    [GeneratedRegex("\\bState = \"([a-z][a-z-]*)\"")]
    private static partial Regex StateLiteral();
}
