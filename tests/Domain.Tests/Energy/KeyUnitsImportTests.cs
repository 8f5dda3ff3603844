using System.Text;
using Workflows.Domain.Energy;
using Workflows.Domain.Validation;
using static Workflows.Domain.Tests.Energy.EnergyTestSupport;

namespace Workflows.Domain.Tests.Energy;

public sealed class KeyUnitsImportTests
{
    private const string Header = "name,uscc,county,annualEnergyUseTce\n";

    [Fact]
    public void Parse_SampleKeyUnits_AllRowsGoodWithChineseNames()
    {
        using var file = File.OpenRead(Path.Combine(SamplesDirectory(), "key-units.csv"));

        var result = KeyUnitsCsvParser.Parse(file, UsccError);

        Assert.True(result.IsClean, string.Join("; ", result.Errors));
        Assert.Equal(11, result.Good.Count);
        Assert.Equal("漯河市源汇区食品有限公司", result.Good[0].Name);
        Assert.Equal(12_500.5m, result.Good[0].AnnualEnergyUseTce);
        Assert.All(result.Good, u => Assert.StartsWith("914111", u.Uscc, StringComparison.Ordinal));
        Assert.Equal(5, result.Good.Select(u => u.County).Distinct().Count());
    }

    [Fact]
    public void Parse_SampleBadRows_GoodRowsKeptAndEachBadRowReported()
    {
        using var file = File.OpenRead(Path.Combine(SamplesDirectory(), "key-units-bad-rows.csv"));

        var result = KeyUnitsCsvParser.Parse(file, UsccError);

        Assert.False(result.IsClean);
        Assert.Equal(["漯河市源汇区食品有限公司", "漯河市郾城区化工有限公司，二厂"], result.Good.Select(u => u.Name));
        Assert.Equal(
            [
                (4, "units.name.required"),
                (5, "units.uscc.invalid"),
                (6, "units.energy.not-number"),
                (7, "units.energy.not-positive"),
                (8, "units.uscc.duplicate"),
                (9, "units.row.column-count"),
            ],
            result.Errors.Select(e => (e.Row, e.Rule))
        );
        Assert.Contains("row 2", result.Errors.Single(e => e.Rule == "units.uscc.duplicate").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parse_WithOrWithoutBom_SameResult(bool bom)
    {
        using var stream = Utf8(Header + "舞阳县钢铁有限公司,91411121786579758G,舞阳县,310000\n", bom);

        var result = KeyUnitsCsvParser.Parse(stream, UsccError);

        Assert.True(result.IsClean);
        Assert.Equal("舞阳县钢铁有限公司", Assert.Single(result.Good).Name);
    }

    [Fact]
    public void Parse_SampleSavedAsGb18030_DetectedAndSameUnitsAsUtf8()
    {
        using var utf8 = File.OpenRead(Path.Combine(SamplesDirectory(), "key-units.csv"));
        using var gb18030 = File.OpenRead(Path.Combine(SamplesDirectory(), "key-units-gb18030.csv"));

        var expected = KeyUnitsCsvParser.Parse(utf8, UsccError);
        var result = KeyUnitsCsvParser.Parse(gb18030, UsccError);

        Assert.True(result.IsClean, string.Join("; ", result.Errors));
        Assert.Equal(expected.Good, result.Good);
        Assert.Equal("漯河市源汇区食品有限公司", result.Good[0].Name);
    }

    [Theory]
    [InlineData(TextEncodingChoice.Detect)]
    [InlineData(TextEncodingChoice.Gb18030)]
    public void Parse_Gb18030Bytes_DetectedOrStated_ChineseNamesIntact(TextEncodingChoice choice)
    {
        using var stream = Gb18030(Header + "舞阳县钢铁有限公司,91411121786579758G,舞阳县,310000\n");

        var result = KeyUnitsCsvParser.Parse(stream, UsccError, choice);

        Assert.True(result.IsClean, string.Join("; ", result.Errors));
        Assert.Equal(("舞阳县钢铁有限公司", "舞阳县"), (Assert.Single(result.Good).Name, result.Good[0].County));
    }

    [Fact]
    public void Parse_Gb18030BytesStatedAsUtf8_SingleNotUtf8Error()
    {
        using var stream = Gb18030(Header + "舞阳县钢铁有限公司,91411121786579758G,舞阳县,310000\n");

        var result = KeyUnitsCsvParser.Parse(stream, UsccError, TextEncodingChoice.Utf8);

        Assert.Empty(result.Good);
        var error = Assert.Single(result.Errors);
        Assert.Equal((0, "file", "units.file.not-utf8"), (error.Row, error.Field, error.Rule));
    }

    [Fact]
    public void Parse_BytesValidInNeitherEncoding_SingleEncodingErrorInChineseFirst()
    {
        // 0x80 is a lone continuation byte in UTF-8 and never a lead byte in GB18030.
        using var stream = new MemoryStream([.. Encoding.ASCII.GetBytes(Header), 0x80, (byte)',', 0xFF]);

        var result = KeyUnitsCsvParser.Parse(stream, UsccError);

        Assert.Empty(result.Good);
        var error = Assert.Single(result.Errors);
        Assert.Equal((0, "file", "units.file.encoding"), (error.Row, error.Field, error.Rule));
        Assert.StartsWith("文件既不是 UTF-8 也不是 GB18030", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name,uscc,county\n", "units.header.missing-columns")]
    [InlineData("", "units.file.empty")]
    public void Parse_BadHeaderOrEmpty_FileLevelError(string text, string rule)
    {
        using var stream = Utf8(text);

        var result = KeyUnitsCsvParser.Parse(stream, UsccError);

        Assert.Equal(rule, Assert.Single(result.Errors).Rule);
    }

    [Theory]
    [InlineData("", TextEncodingChoice.Detect)]
    [InlineData("utf-8", TextEncodingChoice.Utf8)]
    [InlineData("GBK", TextEncodingChoice.Gb18030)]
    [InlineData("\"gb18030\"", TextEncodingChoice.Gb18030)]
    [InlineData("latin1", null)]
    public void ParseStated_Charset_ChoiceOrNullWhenUnsupported(string charset, TextEncodingChoice? expected)
    {
        Assert.Equal(expected, ChineseTextEncodings.ParseStated(charset));
    }

    private static MemoryStream Gb18030(string text) => new(ChineseTextEncodings.StrictGb18030.GetBytes(text));

    [Fact]
    public void Parse_DuplicateUscc_LaterRowIsError()
    {
        using var stream = Utf8(
            Header
                + "甲公司,91411121786579758G,舞阳县,100\r\n"
                + "乙公司,914111029083016639,源汇区,200\r\n"
                + "丙公司,91411121786579758g,舞阳县,300\r\n"
        );

        var result = KeyUnitsCsvParser.Parse(stream, UsccError);

        Assert.Equal(2, result.Good.Count);
        var error = Assert.Single(result.Errors);
        Assert.Equal((4, "uscc", "units.uscc.duplicate"), (error.Row, error.Field, error.Rule));
    }

    [Theory]
    [InlineData("", "91411121786579758G", "舞阳县", "1", "name", "units.name.required")]
    [InlineData("甲", "", "舞阳县", "1", "uscc", "units.uscc.required")]
    [InlineData("甲", "91411121786579758", "舞阳县", "1", "uscc", "units.uscc.invalid")]
    [InlineData("甲", "91411121786579758G", " ", "1", "county", "units.county.required")]
    [InlineData("甲", "91411121786579758G", "舞阳县", "", "annualEnergyUseTce", "units.energy.required")]
    [InlineData("甲", "91411121786579758G", "舞阳县", "1万", "annualEnergyUseTce", "units.energy.not-number")]
    [InlineData("甲", "91411121786579758G", "舞阳县", "0", "annualEnergyUseTce", "units.energy.not-positive")]
    public void RowValidator_BadCell_ReportsFieldAndRule(string name, string uscc, string county, string tce, string field, string rule)
    {
        var cells = new Dictionary<string, string?>
        {
            ["name"] = name,
            ["uscc"] = uscc,
            ["county"] = county,
            ["annualEnergyUseTce"] = tce,
        };

        var (unit, errors) = KeyUnitsRowValidator.Validate(7, cells, UsccError);

        Assert.Null(unit);
        var error = Assert.Single(errors);
        Assert.Equal((7, field, rule), (error.Row, error.Field, error.Rule));
    }

    [Fact]
    public void RowValidator_GoodCells_ReturnsUnit()
    {
        var cells = new Dictionary<string, string?>
        {
            ["name"] = " 甲公司 ",
            ["uscc"] = "91411121786579758g",
            ["county"] = "舞阳县",
            ["annualEnergyUseTce"] = "1,234.5",
        };

        var (unit, errors) = KeyUnitsRowValidator.Validate(2, cells, UsccError);

        Assert.Empty(errors);
        Assert.Equal(new KeyEnergyUnit("甲公司", "91411121786579758G", "舞阳县", 1_234.5m), unit);
    }
}

public sealed class KeyUnitsHeaderTests
{
    [Theory]
    [InlineData("name", "name")]
    [InlineData(" USCC ", "uscc")]
    [InlineData("单位名称", "name")]
    [InlineData("统一社会信用代码", "uscc")]
    [InlineData("县区", "county")]
    [InlineData("年综合能源消费量（吨标准煤）", "annualEnergyUseTce")]
    [InlineData("备注", "备注")]
    public void CanonicalColumn_EnglishOrChineseHeader_MapsToColumn(string header, string expected)
    {
        Assert.Equal(expected, KeyUnitsRowValidator.CanonicalColumn(header));
    }

    [Fact]
    public void Parse_ChineseHeaderWithExtraColumn_Accepted()
    {
        using var stream = EnergyTestSupport.Utf8(
            "单位名称,统一社会信用代码,县区,年综合能源消费量,备注\n舞阳县钢铁有限公司,91411121786579758G,舞阳县,310000,\n"
        );

        var result = KeyUnitsCsvParser.Parse(stream, EnergyTestSupport.UsccError);

        Assert.True(result.IsClean);
        Assert.Equal(310_000m, Assert.Single(result.Good).AnnualEnergyUseTce);
    }
}
