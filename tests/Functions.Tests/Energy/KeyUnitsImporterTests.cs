using System.IO.Compression;
using System.Security;
using System.Text;
using Microsoft.Extensions.Options;
using Workflows.Functions.Energy;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.Tests.Energy;

public sealed class KeyUnitsImporterTests
{
    private const string GoodUscc = "91411121786579758G";
    private const string OtherUscc = "914111029083016639";

    /// <summary>The documented <c>Limits</c> section's spreadsheet settings (defaults unless given).</summary>
    private static IOptions<LimitsOptions> Limits(int maxBytes = 5 << 20, int maxRows = 10_000, long maxExpandedBytes = 64L << 20) =>
        Options.Create(
            new LimitsOptions
            {
                MaxSpreadsheetBytes = maxBytes,
                MaxSpreadsheetRows = maxRows,
                MaxSpreadsheetExpandedBytes = maxExpandedBytes,
            }
        );

    /// <summary>A minimal XLSX written by hand so a cell can carry a formula with a cached value (as Excel saves it).</summary>
    private static byte[] Xlsx(params string[][] rows)
    {
        var sheet = new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        );
        for (var r = 0; r < rows.Length; r++)
        {
            sheet.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = rows[r][c];
                var reference = $"{(char)('A' + c)}{r + 1}";
                if (cell.StartsWith('=') && cell.Contains('|', StringComparison.Ordinal))
                {
                    var parts = cell[1..].Split('|'); // "=FORMULA|cached"
                    sheet.Append($"<c r=\"{reference}\"><f>{SecurityElement.Escape(parts[0])}</f><v>{parts[1]}</v></c>");
                }
                else if (
                    decimal.TryParse(
                        cell,
                        System.Globalization.NumberStyles.Number,
                        System.Globalization.CultureInfo.InvariantCulture,
                        out _
                    )
                    && r > 0
                    && c == 3
                )
                {
                    sheet.Append($"<c r=\"{reference}\"><v>{cell}</v></c>");
                }
                else
                {
                    sheet.Append($"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(cell)}</t></is></c>");
                }
            }

            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }

            Add(
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"
            );
            Add(
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            );
            Add(
                "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            );
            Add(
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            );
            Add("xl/worksheets/sheet1.xml", sheet.ToString());
        }

        return buffer.ToArray();
    }

    private static readonly string[] ChineseHeader = ["单位名称", "统一社会信用代码", "县区", "年综合能源消费量"];

    [Fact]
    public void Read_XlsxWithFormulaCell_UsesCachedValueNeverEvaluates()
    {
        // The formula would give 2; the cached value 310000 is what the sender saw, and is what we import.
        var file = Xlsx(ChineseHeader, ["舞阳县钢铁有限公司", GoodUscc, "舞阳县", "=1+1|310000"]);

        var result = new KeyUnitsImporter(Limits()).Read("units.xlsx", file);

        Assert.True(result.IsClean, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(310_000m, Assert.Single(result.Good).AnnualEnergyUseTce);
    }

    [Fact]
    public void Read_XlsxBadRows_ReportsEachRowWithItsNumber()
    {
        var file = Xlsx(
            ChineseHeader,
            ["甲公司", GoodUscc, "舞阳县", "100"],
            ["", OtherUscc, "源汇区", "200"],
            ["丙公司", GoodUscc, "舞阳县", "300"]
        );

        var result = new KeyUnitsImporter(Limits()).Read("units.xlsx", file);

        Assert.Equal([(3, "units.name.required"), (4, "units.uscc.duplicate")], result.Errors.Select(e => (e.Row, e.Rule)));
    }

    [Fact]
    public void Read_XlsxFormulaWithoutCachedValue_RowErrorNotEvaluated()
    {
        // A workbook saved by a generator that never calculated: the formula has no cached value. We do not evaluate
        // it (a formula engine is an attack surface and the sender never saw a number); the row is refused.
        var file = Xlsx(ChineseHeader, ["舞阳县钢铁有限公司", GoodUscc, "舞阳县", "=1+1|"]);

        var result = new KeyUnitsImporter(Limits()).Read("units.xlsx", file);

        Assert.Empty(result.Good);
        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "annualEnergyUseTce", "units.energy.required"), (error.Row, error.Field, error.Rule));
    }

    [Fact]
    public void Read_XlsxHugeSheet_RefusedAtTheRowLimitWithoutReadingTheRest()
    {
        var rows = Enumerable.Range(0, 5_000).Select(i => new[] { $"单位{i}", GoodUscc, "舞阳县", "100" });
        var file = Xlsx([ChineseHeader, .. rows]);

        var result = new KeyUnitsImporter(Limits(maxRows: 1_000)).Read("units.xlsx", file);

        Assert.Empty(result.Good);
        Assert.Equal((0, "units.file.too-many-rows"), (Assert.Single(result.Errors).Row, result.Errors[0].Rule));
    }

    [Fact]
    public void Read_XlsxExpandingPastLimit_RefusedBeforeAnyXmlIsParsed()
    {
        // 35 MB of cells deflate to well under 1 MB: small enough to pass the stored-size limit, a bomb for a reader.
        var filler = string.Concat(Enumerable.Repeat("<c r=\"Z1\" t=\"inlineStr\"><is><t>x</t></is></c>", 800_000));
        var file = Xlsx(ChineseHeader, ["甲公司", GoodUscc, "舞阳县", "100"]);
        file = WithSheetPadding(file, filler);

        var result = new KeyUnitsImporter(Limits(maxBytes: 5 << 20, maxExpandedBytes: 16L << 20)).Read("units.xlsx", file);

        Assert.True(file.Length < 1 << 20, $"the bomb should be small when stored, was {file.Length} bytes");
        Assert.Empty(result.Good);
        var error = Assert.Single(result.Errors);
        Assert.Equal("units.file.too-large", error.Rule);
        Assert.Contains("expands", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Rewrites the sheet part with <paramref name="cells"/> appended to its first row.</summary>
    private static byte[] WithSheetPadding(byte[] xlsx, string cells)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string sheet;
            using (var reader = new StreamReader(entry.Open()))
            {
                sheet = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(
                zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(),
                new UTF8Encoding(false)
            );
            writer.Write(sheet.Insert(sheet.IndexOf("</row>", StringComparison.Ordinal), cells));
        }

        return buffer.ToArray();
    }

    [Theory]
    [InlineData("units.csv", 5_000_000, 1, "units.file.too-many-rows")]
    [InlineData("units.csv", 20, 10_000, "units.file.too-large")]
    [InlineData("units.txt", 5_000_000, 10_000, "units.file.type")]
    public void Read_OverLimitsOrWrongType_SingleFileError(string name, int maxBytes, int maxRows, string rule)
    {
        var csv = Encoding.UTF8.GetBytes($"name,uscc,county,annualEnergyUseTce\n甲,{GoodUscc},舞阳县,1\n乙,{OtherUscc},源汇区,2\n");
        var importer = new KeyUnitsImporter(Limits(maxBytes, maxRows));

        var result = importer.Read(name, csv);

        Assert.Empty(result.Good);
        Assert.Equal(rule, Assert.Single(result.Errors).Rule);
    }
}
