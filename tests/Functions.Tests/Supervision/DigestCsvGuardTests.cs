using Workflows.Functions.Supervision;

namespace Workflows.Functions.Tests.Supervision;

/// <summary>Issue 12: the digest CSV guards every character a spreadsheet reads as the start of a formula.</summary>
public sealed class DigestCsvGuardTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("\n=1+1")]
    [InlineData("＝1+1")]
    [InlineData("  =1+1")]
    [InlineData("\u3000=1+1")]
    public void Field_FormulaStart_PrefixedWithApostrophe(string value)
    {
        var field = DigestWriter.Field(value);

        Assert.StartsWith("'", field.TrimStart('"'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("漯河市源汇区鑫禾食品有限公司", "漯河市源汇区鑫禾食品有限公司")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("", "")]
    public void Field_PlainText_UnchangedOrQuoted(string value, string expected) => Assert.Equal(expected, DigestWriter.Field(value));
}
