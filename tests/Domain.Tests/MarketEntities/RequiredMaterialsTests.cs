using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

public sealed class RequiredMaterialsTests
{
    [Theory]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "application-form,identity-documents,residence-proof,articles-of-association,officer-appointment"
    )]
    [InlineData(
        EntityType.JointStockCompany,
        "application-form,identity-documents,residence-proof,articles-of-association,officer-appointment"
    )]
    [InlineData(
        EntityType.NonCompanyEnterpriseLegalPerson,
        "application-form,identity-documents,residence-proof,articles-of-association,officer-appointment"
    )]
    [InlineData(
        EntityType.PartnershipEnterprise,
        "application-form,identity-documents,residence-proof,partnership-agreement,executive-partner-appointment"
    )]
    [InlineData(EntityType.SoleProprietorshipEnterprise, "application-form,identity-documents,residence-proof")]
    [InlineData(EntityType.FarmerCooperative, "application-form,identity-documents,residence-proof,articles-of-association,member-roster")]
    [InlineData(EntityType.IndividualBusiness, "application-form,identity-documents,residence-proof")]
    [InlineData(EntityType.Branch, "application-form,identity-documents,residence-proof,parent-licence,responsible-person-appointment")]
    [InlineData(
        EntityType.ForeignCompanyBranch,
        "application-form,identity-documents,residence-proof,foreign-parent-qualification,responsible-person-appointment"
    )]
    public void For_EntityType_ListsArticle16Materials(EntityType type, string expectedCodes)
    {
        var codes = RequiredMaterials.For(type).Select(m => m.Code);

        Assert.Equal(expectedCodes.Split(','), codes);
    }

    [Fact]
    public void Catalogue_EveryMaterial_HasBilingualNameAndArticle()
    {
        Assert.All(
            RequiredMaterials.Catalogue.Values,
            m =>
            {
                Assert.False(string.IsNullOrWhiteSpace(m.NameZh));
                Assert.False(string.IsNullOrWhiteSpace(m.NameEn));
                Assert.StartsWith("Decree 746 Art. ", m.Article, StringComparison.Ordinal);
            }
        );
    }

    [Theory]
    [InlineData(false, false, "")]
    [InlineData(true, false, "power-of-attorney")]
    [InlineData(false, true, "approval-documents")]
    [InlineData(true, true, "power-of-attorney,approval-documents")]
    public void For_Application_AddsConditionalMaterials(bool withAgent, bool withLicensedItem, string expectedExtra)
    {
        var app = Fixtures.Valid(EntityType.SoleProprietorshipEnterprise) with
        {
            Agent = withAgent ? Fixtures.Person("赵敏", Fixtures.ZhaoMin) : null,
            LicensedItems = withLicensedItem ? [new LicensedItem("烟草制品零售", "烟草专卖零售许可证")] : null,
        };

        var extra = RequiredMaterials.For(app).Select(m => m.Code).Except(RequiredMaterials.For(app.EntityType).Select(m => m.Code));

        Assert.Equal(expectedExtra.Split(',', StringSplitOptions.RemoveEmptyEntries), extra);
    }

    [Theory]
    [InlineData("", "application-form,identity-documents,residence-proof,partnership-agreement,executive-partner-appointment")]
    [InlineData("application-form", "identity-documents,residence-proof,partnership-agreement,executive-partner-appointment")]
    [InlineData("APPLICATION-FORM,residence-proof,unknown-thing", "identity-documents,partnership-agreement,executive-partner-appointment")]
    [InlineData("application-form,identity-documents,residence-proof,partnership-agreement,executive-partner-appointment", "")]
    public void MissingMaterials_PartiallySubmitted_ListsEveryMissingOneAtOnce(string submitted, string expectedMissing)
    {
        var app = Fixtures.Valid(EntityType.PartnershipEnterprise) with
        {
            Materials = submitted.Split(',', StringSplitOptions.RemoveEmptyEntries),
        };

        var missing = RequiredMaterials.MissingMaterials(app).Select(m => m.Code);

        Assert.Equal(expectedMissing.Split(',', StringSplitOptions.RemoveEmptyEntries), missing);
    }

    [Fact]
    public void MissingMaterials_NullMaterials_ListsAll()
    {
        var app = Fixtures.Valid(EntityType.IndividualBusiness) with { Materials = null };

        Assert.Equal(RequiredMaterials.For(app), RequiredMaterials.MissingMaterials(app));
    }

    [Theory]
    [InlineData("identity-documents", "residence-proof,partnership-agreement,executive-partner-appointment")]
    [InlineData("identity-documents,residence-proof", "partnership-agreement,executive-partner-appointment")]
    public void MissingMaterials_ObtainableFromSharedPlatform_AreNotAskedFor(string obtainable, string expectedMissing)
    {
        // Art. 16 para 3: what the authority can get through the sharing platform is not requested again.
        var app = Fixtures.Valid(EntityType.PartnershipEnterprise) with
        {
            Materials = ["application-form"],
        };

        var missing = RequiredMaterials.MissingMaterials(app, obtainable.Split(',')).Select(m => m.Code);
        var errors = RegistrationApplicationValidator.Validate(app, Fixtures.AsOf, obtainable.Split(','));

        Assert.Equal(expectedMissing.Split(','), missing);
        Assert.Equal(expectedMissing.Split(',').Length, errors.Count(e => e.Rule == RegistrationApplicationValidator.MaterialMissingRule));
    }
}
