using Workflows.Domain.Validation;

namespace Workflows.Domain.Tests.Validation;

public sealed class InputBoundsTests
{
    [Theory]
    [InlineData("2020-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("2028-01-01")]
    public void LegalDateRange_OutsideTheCoveredYears_RefusedAsCalendarRange(string text)
    {
        var today = new DateOnly(2026, 12, 1);
        var last = LegalDateRange.LastDay(today, [2021, 2022, 2023, 2024, 2025, 2026]);

        var problem = LegalDateRange.Check(
            "acceptedOn",
            DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
            LegalDateRange.FirstDay,
            last
        );

        Assert.NotNull(problem);
        Assert.Equal("acceptedOn", problem.Field);
        Assert.Equal(LegalDateRange.Rule, problem.Rule);
        Assert.Contains("超出法定日历", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LegalDateRange_LastDay_IsEndOfNextYearOrOfTheLastOfficialYear()
    {
        Assert.Equal(new DateOnly(2027, 12, 31), LegalDateRange.LastDay(new DateOnly(2026, 12, 1), [2021, 2026]));
        Assert.Equal(new DateOnly(2029, 12, 31), LegalDateRange.LastDay(new DateOnly(2026, 12, 1), [2021, 2029]));
        Assert.Null(LegalDateRange.Check("d", new DateOnly(2021, 1, 1), LegalDateRange.FirstDay, new DateOnly(2027, 12, 31)));
        Assert.Null(LegalDateRange.Check("d", new DateOnly(2027, 12, 31), LegalDateRange.FirstDay, new DateOnly(2027, 12, 31)));
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(100_000_000.001)]
    public void NumberRange_Tonnes_OutsideRefusedWithField(double value)
    {
        var problem = NumberRange.Tonnes.Check("tonnes", (decimal)value);

        Assert.Equal("tonnes", problem?.Field);
        Assert.Equal(NumberRange.Rule, problem?.Rule);
    }

    [Fact]
    public void NumberRange_Bounds_ProductOfTwoMaximaCannotOverflowDecimal()
    {
        var product = NumberRange.Yuan.Max * NumberRange.Tonnes.Max;

        Assert.True(product < decimal.MaxValue);
        Assert.Null(NumberRange.Percent.Check("share", 100m));
        Assert.NotNull(NumberRange.Year.Check("targetYear", 1999m));
    }
}
