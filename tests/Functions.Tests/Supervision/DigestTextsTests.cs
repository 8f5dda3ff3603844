using Workflows.Functions.Supervision;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Tests.Supervision;

/// <summary>Issue 16: the digest's headers and labels come from the text catalogue, Chinese first with English beside.</summary>
public sealed class DigestTextsTests
{
    [Fact]
    public void Csv_NoItems_HeaderIsEveryColumnChineseThenEnglish()
    {
        var header = DigestWriter.Csv([]).TrimEnd('\r', '\n');

        Assert.Equal(
            "类别(kind),案件编号(case),名称(title),事项(procedure),期限(deadline),到期日(due),逾期天数(days overdue),责任方(responsible),依据(legal basis)",
            header
        );
    }

    [Fact]
    public void Html_NoItems_TitleCountsAndColumnsFromTheCatalogue()
    {
        var html = DigestWriter.Html("411100", "energy", new DateOnly(2024, 3, 12), []);

        Assert.Contains("<h1>限时办结日报（Daily deadline digest）</h1>", html, StringComparison.Ordinal);
        Assert.Contains("机关 411100 · 节能（energy saving） · 2024-03-12 · 逾期 0 · 今日到期 0 · 预警 0", html, StringComparison.Ordinal);
        Assert.Contains(
            "<th>类别</th><th>案件编号</th><th>名称</th><th>期限</th><th>到期日</th><th>逾期天数</th><th>责任方</th><th>依据</th>",
            html,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("digest.title")]
    [InlineData("digest.agency")]
    [InlineData("digest.column.days-overdue")]
    [InlineData("digest.department.all")]
    public void Catalogue_DigestCode_HasChineseAndEnglish(string code)
    {
        Assert.NotNull(ServerTexts.Default.Template(code, TextLanguage.Zh));
        Assert.NotEqual(ServerTexts.Default.Template(code, TextLanguage.Zh), ServerTexts.Default.Template(code, TextLanguage.En));
    }
}
