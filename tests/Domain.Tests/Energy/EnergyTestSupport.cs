using System.Text;
using Workflows.Domain.Energy;

namespace Workflows.Domain.Tests.Energy;

/// <summary>Test helpers: a local GB 32100 check (the real one lives in Workflows.Domain.Identifiers, written in parallel),
/// sample file lookup and intake construction.</summary>
internal static class EnergyTestSupport
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 28, 24, 7, 21, 12, 25, 10];

    public static CoalSubstitutionRuleTable Rules { get; } = CoalSubstitutionRuleTable.LoadRevision2021();

    /// <summary>GB 32100-2015 check character over the first 17 characters; null when valid.</summary>
    public static string? UsccError(string code)
    {
        if (code.Length != 18)
        {
            return $"must have 18 characters, has {code.Length}";
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (v < 0)
            {
                return $"character '{code[i]}' at position {i + 1} is not allowed";
            }

            sum += v * Weights[i];
        }

        var expected = Alphabet[(31 - (sum % 31)) % 31];
        return code[17] == expected ? null : $"check character should be '{expected}', is '{code[17]}'";
    }

    public static string SamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "energy");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/energy not found above the test output directory.");
    }

    public static Stream Utf8(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
    }

    public static CoalProjectIntake Intake(
        string industry = "steel",
        CoalUse use = CoalUse.Fuel,
        decimal d = 10_000m,
        string city = "郑州市",
        string? county = null,
        string? previousCity = null,
        decimal tce = 4_000m,
        ProjectKind kind = ProjectKind.New) =>
        new("测试项目", "91410100170012345Y", "测试单位", kind, industry, use, d, new ProjectLocation(city, county), tce,
            previousCity is null ? null : new ProjectLocation(previousCity));
}
