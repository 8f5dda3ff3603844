using System.Text.Json;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// <c>GET /api/calendar/{year}</c> tells every user where the data comes from: the State Council notice and the
/// upstream dataset with its release, never a folder of the machine the files were generated on.
/// </summary>
public sealed class CalendarSourceTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    public static TheoryData<int, string> OfficialYears => new()
    {
        { 2021, "国办发明电〔2020〕27号" },
        { 2022, "国办发明电〔2021〕11号" },
        { 2023, "国办发明电〔2022〕16号" },
        { 2024, "国办发明电〔2023〕7号" },
        { 2025, "国办发明电〔2024〕12号" },
        { 2026, "国办发明电〔2025〕7号" },
    };

    [Theory]
    [MemberData(nameof(OfficialYears))]
    public async Task GetYear_Official_SourceNamesNoticeAndUpstreamReleaseButNoLocalPath(int year, string notice)
    {
        using var response = await host.Http.GetAsync($"/api/calendar/{year}");
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var source = doc.RootElement.GetProperty("source").GetString()!;
        Assert.Contains($"国务院办公厅关于{year}年部分节假日安排的通知（{notice}）", source, StringComparison.Ordinal);
        Assert.Contains("holiday-cn release 2026.01.01", source, StringComparison.Ordinal);
        Assert.Contains("commit 51527f6a20f6", source, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(^|[\s(])(/|[A-Za-z]:\\)[\w.-]+", source);
        Assert.DoesNotContain("/work/", doc.RootElement.GetRawText(), StringComparison.Ordinal);
    }
}
