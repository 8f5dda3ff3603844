using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Functions.Access;

namespace Workflows.Functions.Tests.Access;

/// <summary>漯节减办〔2021〕7号 五(二): a county office lists only its own county's units.</summary>
public sealed class KeyUnitsOwnershipTests
{
    private static readonly Principal Yuanhui = new("county-1", "源汇区节能办", Role.CountyOffice, "411102");
    private static readonly Principal City = new("mdrc-1", "漯河市发展改革委", Role.MunicipalDrc, "411100");
    private static readonly KeyEnergyUnit YuanhuiUnit = new("漯河市源汇区食品有限公司", "9141110252601815X9", "源汇区", 12500.5m);
    private static readonly KeyEnergyUnit YanchengUnit = new("漯河市郾城区化工有限公司", "91411103390996033Q", "郾城区", 15200m);

    [Fact]
    public void Check_CountyOfficeListsOwnCountysUnit_NoErrors() =>
        Assert.Empty(KeyUnitsOwnership.Check(Yuanhui, [YuanhuiUnit], []));

    /// <summary>Blocks: a county office importing a unit of another county (it would count in that county's shares).</summary>
    [Fact]
    public void Check_CountyOfficeListsAnotherCountysUnit_RefusedNamingTheUnit()
    {
        var error = Assert.Single(KeyUnitsOwnership.Check(Yuanhui, [YuanhuiUnit, YanchengUnit], []));

        Assert.Equal("units.county.outside-jurisdiction", error.Rule);
        Assert.Contains(YanchengUnit.Uscc, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Blocks: a county office re-homing another county's listed unit into its own county by re-listing it.</summary>
    [Fact]
    public void Check_CountyOfficeRehomesAnotherCountysListedUnit_Refused()
    {
        var rehomed = YanchengUnit with { County = "源汇区" };

        var error = Assert.Single(KeyUnitsOwnership.Check(Yuanhui, [rehomed], [YanchengUnit]));

        Assert.Equal("units.county.rehome", error.Rule);
    }

    [Fact]
    public void Check_MunicipalDrcMovesAUnitBetweenItsCounties_Allowed() =>
        Assert.Empty(KeyUnitsOwnership.Check(City, [YanchengUnit with { County = "源汇区" }], [YanchengUnit]));
}
