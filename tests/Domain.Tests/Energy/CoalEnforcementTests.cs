using Workflows.Domain.Energy;

namespace Workflows.Domain.Tests.Energy;

public sealed class CoalEnforcementTests
{
    private static readonly DateOnly Approved = new(2025, 2, 3);
    private static readonly DateOnly Confirmed = new(2025, 2, 20);

    [Theory]
    [InlineData("2025-01-20", "coal.production.before-approval")]
    [InlineData("2025-02-10", "coal.production.before-confirmation")]
    public void CheckProductionDate_Art17DeclaredBeforeApprovalOrConfirmation_Refused(string declared, string rule)
    {
        var refused = CoalEnforcement.CheckProductionDate(
            DateOnly.Parse(declared, System.Globalization.CultureInfo.InvariantCulture),
            Approved,
            Confirmed
        );

        Assert.Equal(rule, refused?.Rule);
        Assert.EndsWith("Arts. 15, 17", refused!.Article, StringComparison.Ordinal);
        Assert.StartsWith("投产日期", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckProductionDate_Art17OnOrAfterBoth_Accepted() =>
        Assert.Null(CoalEnforcement.CheckProductionDate(Confirmed, Approved, Confirmed));

    [Fact]
    public void CheckWithdrawal_Art21WithoutGround_Refused() =>
        Assert.Equal("coal.withdrawal.ground", CoalEnforcement.CheckWithdrawal(null, "重复替代")?.Rule);

    [Fact]
    public void CheckWithdrawal_Art21GroundWithoutFinding_Refused() =>
        Assert.Equal("coal.withdrawal.finding", CoalEnforcement.CheckWithdrawal(WithdrawalGround.FalseMaterials, " ")?.Rule);

    [Fact]
    public void CheckWithdrawal_Art21GroundAndFinding_Accepted() =>
        Assert.Null(CoalEnforcement.CheckWithdrawal(WithdrawalGround.DoubleCounting, "S1 已用于另一项目"));
}
