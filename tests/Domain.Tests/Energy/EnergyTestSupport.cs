using System.Text;
using Workflows.Domain.Energy;
using Workflows.Domain.Identifiers;

namespace Workflows.Domain.Tests.Energy;

/// <summary>Test helpers: the USCC check delegate, sample file lookup and intake construction.</summary>
internal static class EnergyTestSupport
{
    public static CoalSubstitutionRuleTable Rules { get; } = CoalSubstitutionRuleTable.LoadRevision2021();

    /// <summary>The real GB 32100-2015 check (weights 3^(i-1) mod 31); null when valid.</summary>
    public static string? UsccError(string code) => UnifiedSocialCreditCode.Validate(code).Error?.Message;

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
        new("测试项目", "91410100170012345C", "测试单位", kind, industry, use, d, new ProjectLocation(city, county), tce,
            previousCity is null ? null : new ProjectLocation(previousCity));
}
