using Workflows.Domain.Identifiers;

namespace Workflows.Domain.Tests.Identifiers;

public sealed class UnifiedSocialCreditCodeTests
{
    /// <summary>Published codes (check characters as printed on licences / in GB 32100-2015 examples).</summary>
    [Theory]
    [InlineData("91350100M000100Y43", '9', '1', "350100", "M000100Y4", '3')]
    [InlineData("91110108551385082Q", '9', '1', "110108", "551385082", 'Q')]
    [InlineData("914403001922038216", '9', '1', "440300", "192203821", '6')]
    public void Validate_PublishedCode_IsValidWithParts(
        string code,
        char authority,
        char category,
        string division,
        string organisation,
        char check
    )
    {
        var result = UnifiedSocialCreditCode.Validate(code);

        Assert.True(result.IsValid, result.Error?.Message);
        var parsed = result.Code.Value;
        Assert.Equal(authority, parsed.RegistrationAuthority);
        Assert.Equal(category, parsed.Category);
        Assert.Equal(division, parsed.DivisionCode);
        Assert.Equal(organisation, parsed.OrganisationCode);
        Assert.Equal(check, parsed.CheckCharacter);
        Assert.Equal(code, parsed.Value);
    }

    public static TheoryData<string, string> GeneratedCodes()
    {
        // Real-shaped bodies for Luohe (411100 city, 411102 Yuanhui, 411103 Yancheng, 411104 Shaoling, 411121 Wuyang,
        // 411122 Linying) across the categories the registration authority issues.
        var bodies = new (string Pair, string Division, string Organisation)[]
        {
            ("91", "411100", "MA44TQ8U1"),
            ("91", "411102", "MA9FWXY12"),
            ("92", "411103", "MA4K3LN07"),
            ("93", "411104", "MA45R2D6X"),
            ("93", "411121", "08706K3P8"),
            ("11", "411122", "005331231"),
            ("12", "411100", "416000175"),
            ("51", "411100", "MJY062841"),
            ("52", "411102", "MJY1234A5"),
            ("53", "411100", "MJY001236"),
            ("N2", "411121", "MF0000127"),
            ("Y1", "411100", "000000000"),
        };
        var data = new TheoryData<string, string>();
        foreach (var (pair, division, organisation) in bodies)
        {
            var first17 = pair + division + organisation;
            data.Add(first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17), pair);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratedCodes))]
    public void Validate_GeneratedCodeWithComputedCheck_IsValid(string code, string pair)
    {
        var result = UnifiedSocialCreditCode.Validate(code);

        Assert.True(result.IsValid, result.Error?.Message);
        Assert.Equal(pair, result.Code.Value.CategoryPair);
        Assert.NotNull(UsccCategories.Find(pair[0], pair[1]));
    }

    [Theory]
    [InlineData(null, "uscc.length", null)]
    [InlineData("", "uscc.length", null)]
    [InlineData("91350100M000100Y4", "uscc.length", null)]
    [InlineData("91350100M000100Y433", "uscc.length", null)]
    [InlineData("B1350100M000100Y43", "uscc.charset", 1)]
    [InlineData("0135010000000000Y4", "uscc.charset", 1)]
    [InlineData("9I350100M000100Y43", "uscc.charset", 2)]
    [InlineData("9135A100M000100Y43", "uscc.charset", 5)]
    [InlineData("91350100M0O0100Y43", "uscc.charset", 11)]
    [InlineData("91350100M000100S43", "uscc.charset", 16)]
    [InlineData("91350100M000100Y4V", "uscc.charset", 18)]
    [InlineData("91350100M000100Y4 ", "uscc.charset", 18)]
    [InlineData("94350100M000100Y43", "uscc.category", 2)]
    [InlineData("15350100M000100Y43", "uscc.category", 2)]
    [InlineData("Y2350100M000100Y43", "uscc.category", 2)]
    [InlineData("91350100M000100Y44", "uscc.check-character", 18)]
    [InlineData("91350100M000100Y53", "uscc.check-character", 18)]
    public void Validate_BrokenCode_ReportsRuleAndPosition(string? code, string rule, int? position)
    {
        var result = UnifiedSocialCreditCode.Validate(code);

        Assert.False(result.IsValid);
        Assert.Equal(rule, result.Error.Rule);
        Assert.Equal(position, result.Error.Position);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Fact]
    public void Validate_WrongCheckCharacter_NamesExpectedAndGiven()
    {
        var result = UnifiedSocialCreditCode.Validate("91350100M000100Y44");

        Assert.Equal("3", result.Error?.Expected);
        Assert.Equal("4", result.Error?.Given);
        Assert.Contains("'3'", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Charset_NamesOffendingCharacter()
    {
        var result = UnifiedSocialCreditCode.Validate("91350100M0O0100Y43");

        Assert.Equal("O", result.Error?.Given);
        Assert.Contains("Position 11", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LowerCaseLetters_AreNormalisedToUpperCase()
    {
        var result = UnifiedSocialCreditCode.Validate("91350100m000100y43");

        Assert.True(result.IsValid);
        Assert.Equal("91350100M000100Y43", result.Code.Value.Value);
    }

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData(null, false)]
    public void TryParse_Code_MatchesValidate(string? code, bool expected)
    {
        Assert.Equal(expected, UnifiedSocialCreditCode.TryParse(code, out var parsed));
        Assert.Equal(expected, parsed.Value is not null);
    }

    [Fact]
    public void ComputeCheckCharacter_AnySingleCharacterChange_ChangesCheck()
    {
        // MOD 31 with weights coprime to 31 detects every single-character substitution.
        const string first17 = "91411100MA44TQ8U1";
        var original = UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
        for (var i = 8; i < 17; i++)
        {
            foreach (var c in UnifiedSocialCreditCode.Alphabet.Where(c => c != first17[i]))
            {
                var changed = first17[..i] + c + first17[(i + 1)..];
                Assert.NotEqual(original, UnifiedSocialCreditCode.ComputeCheckCharacter(changed));
            }
        }
    }

    [Theory]
    [InlineData("9135010")]
    [InlineData("91350100M000100YI")]
    public void ComputeCheckCharacter_BadInput_Throws(string first17)
    {
        Assert.Throws<ArgumentException>(() => UnifiedSocialCreditCode.ComputeCheckCharacter(first17));
    }
}
