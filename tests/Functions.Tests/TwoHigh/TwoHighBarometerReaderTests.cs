using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Workflows.Domain.TwoHigh;
using Workflows.Functions.Energy;
using Workflows.Functions.Hosting;
using Workflows.Functions.TwoHigh;

namespace Workflows.Functions.Tests.TwoHigh;

/// <summary>The barometer as a file (豫政办〔2021〕65号 （十八）): XLSX with the Chinese headings, CSV, and the refusals
/// that keep a file all or nothing.</summary>
public sealed class TwoHighBarometerReaderTests
{
    private static readonly TwoHighBarometerReader Reader = new(Options.Create(new LimitsOptions()));

    private static byte[] Xlsx(params Dictionary<string, object>[] rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows);
        return stream.ToArray();
    }

    private static Dictionary<string, object> Row(string county, string month, double reduction, double coal) => new()
    {
        ["省辖市"] = "漯河市",
        ["县区"] = county,
        ["月份"] = month,
        ["能耗强度降低率（%）"] = reduction,
        ["能耗强度降低进度目标（%）"] = 2.3,
        ["能耗总量（吨标准煤）"] = 611900,
        ["能耗总量控制目标（吨标准煤）"] = 585000,
        ["煤炭消费量（吨）"] = coal,
        ["煤炭消费总量控制目标（吨）"] = 320000,
    };

    [Fact]
    public void Read_XlsxWithChineseHeadings_ReadsEveryRegionsMonth()
    {
        var result = Reader.Read("2021-09.xlsx", Xlsx(Row("源汇区", "2021-09", -1.2, 344100), Row("郾城区", "2021-09", 2.4, 258200)));

        Assert.Empty(result.Errors);
        Assert.Equal(["源汇区", "郾城区"], result.Rows.Select(r => r.Region.County));
        Assert.Equal(-1.2m, result.Rows[0].Figures.IntensityReductionPercent);
        Assert.Equal(BarometerLight.Red, BarometerGrading.Grade(TwoHighRules.Henan, result.Rows[0].Figures).Light);
    }

    [Fact]
    public void Read_XlsxWithABadRow_NothingTakenAndTheRowNamed()
    {
        var result = Reader.Read("2021-09.xlsx", Xlsx(Row("源汇区", "2021-09", -1.2, 344100), Row("郾城区", "2021年9月", 2.4, 258200)));

        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "month", "twohigh.month.format"), (error.Row, error.Field, error.Rule));
    }

    [Theory]
    [InlineData("barometer.pdf", "twohigh.file.type")]
    [InlineData("barometer.xlsx", "twohigh.file.not-xlsx")]
    public void Read_NotASpreadsheet_RefusedNamingTheRule(string name, string rule)
    {
        var result = Reader.Read(name, "%PDF-1.7 not a sheet"u8.ToArray());

        Assert.Equal(rule, Assert.Single(result.Errors).Rule);
    }

    [Fact]
    public void Read_FileOverTheLimit_RefusedBeforeReading()
    {
        var small = new TwoHighBarometerReader(Options.Create(new LimitsOptions { MaxSpreadsheetBytes = 16 }));

        var result = small.Read("barometer.csv", new byte[17]);

        Assert.Equal("twohigh.file.too-large", Assert.Single(result.Errors).Rule);
    }
}
