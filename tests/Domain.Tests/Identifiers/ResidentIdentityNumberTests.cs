using Workflows.Domain.Identifiers;

namespace Workflows.Domain.Tests.Identifiers;

public sealed class ResidentIdentityNumberTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 1);

    [Theory]
    [InlineData("11010519491231002X", "110105", "1949-12-31", Gender.Female)]
    [InlineData("11010519491231002x", "110105", "1949-12-31", Gender.Female)]
    public void Validate_PublishedExample_IsValid(string number, string address, string birth, Gender gender)
    {
        var result = ResidentIdentityNumber.Validate(number, AsOf);

        Assert.True(result.IsValid, result.Error?.Message);
        Assert.Equal(address, result.Number.Value.AddressCode);
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), result.Number.Value.BirthDate);
        Assert.Equal(gender, result.Number.Value.Gender);
        Assert.Equal("11010519491231002X", result.Number.Value.Value);
    }

    public static TheoryData<string, Gender> GeneratedNumbers()
    {
        // Luohe address codes, various birth dates (leap day included) and sequence codes.
        var bodies = new[]
        {
            "41110219850312001", "41110219920229004", "41110319760815123", "41110420000101222",
            "41112119630507357", "41112219991231468", "41110019001231016",
        };
        var data = new TheoryData<string, Gender>();
        foreach (var body in bodies)
        {
            data.Add(body + ResidentIdentityNumber.ComputeCheckCharacter(body), (body[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratedNumbers))]
    public void Validate_GeneratedNumber_IsValidWithGender(string number, Gender gender)
    {
        var result = ResidentIdentityNumber.Validate(number, AsOf);

        Assert.True(result.IsValid, result.Error?.Message);
        Assert.Equal(gender, result.Number.Value.Gender);
    }

    [Theory]
    [InlineData(null, "resident-id.length", null)]
    [InlineData("", "resident-id.length", null)]
    [InlineData("110105194912310", "resident-id.length", null)]
    [InlineData("11010519491231002X1", "resident-id.length", null)]
    [InlineData("1101051949123100AX", "resident-id.charset", 17)]
    [InlineData("A1010519491231002X", "resident-id.charset", 1)]
    [InlineData("11010519491231002Y", "resident-id.charset", 18)]
    [InlineData("110105194902300025", "resident-id.birth-date", 7)]
    [InlineData("110105194913310025", "resident-id.birth-date", 7)]
    [InlineData("110105189912310025", "resident-id.birth-date", 7)]
    [InlineData("110105202506020025", "resident-id.birth-date", 7)]
    [InlineData("110105190002290025", "resident-id.birth-date", 7)]
    [InlineData("110105194912310021", "resident-id.check-digit", 18)]
    [InlineData("110105194912310029", "resident-id.check-digit", 18)]
    public void Validate_BrokenNumber_ReportsRuleAndPosition(string? number, string rule, int? position)
    {
        var result = ResidentIdentityNumber.Validate(number, AsOf);

        Assert.False(result.IsValid);
        Assert.Equal(rule, result.Error.Rule);
        Assert.Equal(position, result.Error.Position);
    }

    [Fact]
    public void Validate_BornOnAsOfDate_IsValid()
    {
        const string body = "41110220250601001";
        var result = ResidentIdentityNumber.Validate(body + ResidentIdentityNumber.ComputeCheckCharacter(body), AsOf);

        Assert.True(result.IsValid, result.Error?.Message);
    }

    [Fact]
    public void Validate_WrongCheckDigit_NamesExpected()
    {
        var result = ResidentIdentityNumber.Validate("110105194912310021", AsOf);

        Assert.Equal("X", result.Error?.Expected);
        Assert.Equal("1", result.Error?.Given);
    }

    [Fact]
    public void TryParse_ValidNumber_ReturnsNormalisedValue()
    {
        Assert.True(ResidentIdentityNumber.TryParse("11010519491231002x", AsOf, out var parsed));
        Assert.Equal('X', parsed.CheckCharacter);
        Assert.Equal("002", parsed.SequenceCode);
    }
}
