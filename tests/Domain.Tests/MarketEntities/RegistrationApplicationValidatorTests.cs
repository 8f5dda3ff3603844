using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

public sealed class RegistrationApplicationValidatorTests
{
    public static TheoryData<EntityType> AllTypes() => new(Enum.GetValues<EntityType>());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Validate_CompleteApplication_HasNoErrors(EntityType type)
    {
        var errors = RegistrationApplicationValidator.Validate(Fixtures.Valid(type), Fixtures.AsOf);

        Assert.Empty(errors);
    }

    private static readonly Dictionary<string, Func<RegistrationApplication, RegistrationApplication>> Mutations = new()
    {
        ["no-name"] = a => a with { Name = " " },
        ["no-scope"] = a => a with { BusinessScope = null },
        ["no-residence"] = a => a with { Residence = "" },
        ["no-capital"] = a => a with { RegisteredCapital = null },
        ["zero-capital"] = a => a with { RegisteredCapital = 0m },
        ["capital-mismatch"] = a => a with { RegisteredCapital = 900_000m },
        ["no-legal-rep"] = a => a with { LegalRepresentative = null },
        ["legal-rep-no-id"] = a => a with { LegalRepresentative = a.LegalRepresentative! with { IdNumber = null } },
        ["legal-rep-bad-check"] = a => a with { LegalRepresentative = a.LegalRepresentative! with { IdNumber = "411102198503120011" } },
        ["legal-rep-bad-date"] = a => a with { LegalRepresentative = a.LegalRepresentative! with { IdNumber = "411102198502300015" } },
        ["legal-rep-organisation"] = a =>
            a with
            {
                LegalRepresentative = new PersonRef("河南沙澧实业有限公司", IdType.UnifiedSocialCreditCode, Fixtures.ShaliUscc),
            },
        ["legal-rep-child"] = a => a with { LegalRepresentative = Fixtures.Person("周小宝", WithCheck("41110220120101001")) },
        ["no-parties"] = a => a with { Parties = [] },
        ["party-bad-uscc"] = a =>
            a with
            {
                Parties =
                [
                    .. a.PartiesOrEmpty.Select(p =>
                        p.IdType == IdType.UnifiedSocialCreditCode ? p with { IdNumber = "91411100MA44TQ8U1E" } : p
                    ),
                ],
            },
        ["party-no-contribution"] = a =>
            a with
            {
                Parties = [.. a.PartiesOrEmpty.Select((p, i) => i == 0 ? p with { Contribution = null } : p)],
            },
        ["party-negative-contribution"] = a =>
            a with
            {
                Parties = [.. a.PartiesOrEmpty.Select((p, i) => i == 0 ? p with { Contribution = -1m } : p)],
            },
        ["party-goodwill"] = a =>
            a with
            {
                Parties = [.. a.PartiesOrEmpty.Select((p, i) => i == 0 ? p with { ContributionMethod = ContributionMethod.Goodwill } : p)],
            },
        ["party-duplicate"] = a => a with { Parties = [.. a.PartiesOrEmpty, a.PartiesOrEmpty[^1]] },
        ["partner-no-domicile"] = a => a with { Parties = [.. a.PartiesOrEmpty.Select((p, i) => i == 1 ? p with { Domicile = null } : p)] },
        ["partner-no-liability"] = a =>
            a with
            {
                Parties = [.. a.PartiesOrEmpty.Select((p, i) => i == 1 ? p with { Liability = null } : p)],
            },
        ["partner-no-due-date"] = a =>
            a with
            {
                Parties = [.. a.PartiesOrEmpty.Select((p, i) => i == 1 ? p with { ContributionDueDate = null } : p)],
            },
        ["partners-all-limited"] = a =>
            a with
            {
                Parties = [.. a.PartiesOrEmpty.Select(p => p with { Liability = PartnerLiability.Limited })],
            },
        ["single-partner"] = a => a with { Parties = [a.PartiesOrEmpty[0] with { Contribution = 1_000_000m }] },
        ["two-sole-investors"] = a =>
            a with
            {
                Parties =
                [
                    a.PartiesOrEmpty[0] with
                    {
                        Contribution = 500_000m,
                    },
                    a.PartiesOrEmpty[0] with
                    {
                        Name = "王强",
                        IdNumber = Fixtures.WangQiang,
                        Contribution = 500_000m,
                    },
                ],
            },
        ["no-operator"] = a => a with { IndividualBusiness = a.IndividualBusiness! with { Operator = null } },
        ["operator-no-domicile"] = a =>
            a with
            {
                IndividualBusiness = a.IndividualBusiness! with { Operator = a.IndividualBusiness.Operator! with { Domicile = null } },
            },
        ["no-premises"] = a => a with { IndividualBusiness = a.IndividualBusiness! with { BusinessPremises = null } },
        ["family-without-members"] = a =>
            a with
            {
                IndividualBusiness = a.IndividualBusiness! with { Form = IndividualBusinessForm.Family },
            },
        ["no-ib-details"] = a => a with { IndividualBusiness = null },
        ["no-branch"] = a => a with { Branch = null },
        ["branch-no-parent-uscc"] = a => a with { Branch = a.Branch! with { ParentUscc = null } },
        ["branch-bad-parent-uscc"] = a => a with { Branch = a.Branch! with { ParentUscc = "94411100MA44TQ8U1D" } },
        ["foreign-branch-no-country"] = a => a with { Branch = a.Branch! with { ParentCountry = null } },
        ["licensed-item-without-approval"] = a =>
            a with
            {
                LicensedItems = [new LicensedItem("危险化学品经营", null)],
                Materials = [.. a.Materials!, "approval-documents"],
            },
        ["agent-bad-id"] = a =>
            a with
            {
                Agent = Fixtures.Person("赵敏", "41112119920716004"),
                Materials = [.. a.Materials!, "power-of-attorney"],
            },
        ["existing-uscc-bad"] = a => a with { ExistingUscc = "91411100MA44TQ8U1" },
        ["future-birth"] = a => a with { LegalRepresentative = Fixtures.Person("张伟", WithCheck("41110220250602001")) },
    };

    private static string WithCheck(string first17) =>
        first17 + Workflows.Domain.Identifiers.ResidentIdentityNumber.ComputeCheckCharacter(first17);

    [Theory]
    [InlineData(EntityType.LimitedLiabilityCompany, "no-name", "name", "registration.required", "Art. 8(1)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "no-scope", "businessScope", "registration.required", "Art. 8(3)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "no-residence", "residence", "registration.required", "Art. 8(4)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "no-capital", "registeredCapital", "registration.required", "Art. 8(5)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "zero-capital", "registeredCapital", "registration.capital-positive", "Art. 8(5)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "capital-mismatch", "registeredCapital", "registration.capital-sum", "Art. 9(3)")]
    [InlineData(EntityType.PartnershipEnterprise, "capital-mismatch", "registeredCapital", "registration.capital-sum", "Art. 9(3)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "no-legal-rep", "legalRepresentative", "registration.required", "Art. 8(6)")]
    [InlineData(EntityType.Branch, "no-legal-rep", "legalRepresentative", "registration.required", "Art. 8(6)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "legal-rep-no-id", "legalRepresentative.idNumber", "registration.required", "Art. 15")]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "legal-rep-bad-check",
        "legalRepresentative.idNumber",
        "resident-id.check-digit",
        "Art. 15"
    )]
    [InlineData(EntityType.JointStockCompany, "legal-rep-bad-date", "legalRepresentative.idNumber", "resident-id.birth-date", "Art. 15")]
    [InlineData(EntityType.LimitedLiabilityCompany, "future-birth", "legalRepresentative.idNumber", "resident-id.birth-date", "Art. 15")]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "legal-rep-organisation",
        "legalRepresentative.idType",
        "registration.legal-representative-natural-person",
        "Art. 12"
    )]
    [InlineData(
        EntityType.NonCompanyEnterpriseLegalPerson,
        "legal-rep-child",
        "legalRepresentative.idNumber",
        "registration.legal-representative-capacity",
        "Art. 12(1)"
    )]
    [InlineData(EntityType.LimitedLiabilityCompany, "no-parties", "parties", "registration.required", "Art. 8 para 2")]
    [InlineData(EntityType.JointStockCompany, "no-parties", "parties", "registration.required", "Art. 8 para 2")]
    [InlineData(EntityType.FarmerCooperative, "no-parties", "parties", "registration.required", "Art. 9(5)")]
    [InlineData(EntityType.LimitedLiabilityCompany, "party-bad-uscc", "parties[1].idNumber", "uscc.check-character", "Art. 15")]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "party-no-contribution",
        "parties[0].contribution",
        "registration.required",
        "Art. 9(3)"
    )]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "party-negative-contribution",
        "parties[0].contribution",
        "registration.contribution-positive",
        "Art. 9(3)"
    )]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "party-goodwill",
        "parties[0].contributionMethod",
        "registration.contribution-method",
        "Art. 13 para 2"
    )]
    [InlineData(
        EntityType.FarmerCooperative,
        "party-goodwill",
        "parties[0].contributionMethod",
        "registration.contribution-method",
        "Art. 13 para 2"
    )]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "party-duplicate",
        "parties[3].idNumber",
        "registration.duplicate-party",
        "Art. 8 para 2"
    )]
    [InlineData(EntityType.PartnershipEnterprise, "partner-no-domicile", "parties[1].domicile", "registration.required", "Art. 8 para 2")]
    [InlineData(
        EntityType.PartnershipEnterprise,
        "partner-no-liability",
        "parties[1].liability",
        "registration.required",
        "Art. 8 para 2(3)"
    )]
    [InlineData(
        EntityType.PartnershipEnterprise,
        "partner-no-due-date",
        "parties[1].contributionDueDate",
        "registration.required",
        "Art. 9(3)"
    )]
    [InlineData(
        EntityType.PartnershipEnterprise,
        "partners-all-limited",
        "parties",
        "registration.general-partner",
        "Partnership Enterprise Law Art. 2"
    )]
    [InlineData(
        EntityType.PartnershipEnterprise,
        "single-partner",
        "parties",
        "registration.partners-minimum",
        "Partnership Enterprise Law Art. 14"
    )]
    [InlineData(EntityType.SoleProprietorshipEnterprise, "two-sole-investors", "parties", "registration.sole-investor", "Art. 8 para 2(2)")]
    [InlineData(EntityType.IndividualBusiness, "no-operator", "individualBusiness.operator", "registration.required", "Art. 8 para 2(4)")]
    [InlineData(
        EntityType.IndividualBusiness,
        "operator-no-domicile",
        "individualBusiness.operator.domicile",
        "registration.required",
        "Art. 8 para 2(4)"
    )]
    [InlineData(
        EntityType.IndividualBusiness,
        "no-premises",
        "individualBusiness.businessPremises",
        "registration.required",
        "Art. 8 para 2(4)"
    )]
    [InlineData(EntityType.IndividualBusiness, "family-without-members", "parties", "registration.family-members", "Art. 9(6)")]
    [InlineData(EntityType.IndividualBusiness, "no-ib-details", "individualBusiness", "registration.required", "Art. 8 para 2(4)")]
    [InlineData(EntityType.IndividualBusiness, "no-capital", "registeredCapital", "registration.required", "Art. 8(5)")]
    [InlineData(EntityType.Branch, "no-branch", "branch", "registration.required", "Art. 23")]
    [InlineData(EntityType.Branch, "branch-no-parent-uscc", "branch.parentUscc", "registration.required", "Art. 23")]
    [InlineData(EntityType.Branch, "branch-bad-parent-uscc", "branch.parentUscc", "uscc.category", "Art. 23")]
    [InlineData(EntityType.ForeignCompanyBranch, "foreign-branch-no-country", "branch.parentCountry", "registration.required", "Art. 2(5)")]
    [InlineData(
        EntityType.LimitedLiabilityCompany,
        "licensed-item-without-approval",
        "licensedItems[0].approvalDocument",
        "registration.licensed-item-approval",
        "Art. 14"
    )]
    [InlineData(EntityType.LimitedLiabilityCompany, "agent-bad-id", "agent.idNumber", "resident-id.length", "Art. 15")]
    [InlineData(EntityType.LimitedLiabilityCompany, "existing-uscc-bad", "existingUscc", "uscc.length", "Art. 24")]
    public void Validate_OneDefect_ReportsExactlyThatError(
        EntityType type,
        string mutation,
        string field,
        string rule,
        string articleFragment
    )
    {
        var app = Mutations[mutation](Fixtures.Valid(type));

        var errors = RegistrationApplicationValidator.Validate(app, Fixtures.AsOf);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
        Assert.Contains(articleFragment, error.Article, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData(EntityType.PartnershipEnterprise, ContributionMethod.Labour)]
    [InlineData(EntityType.PartnershipEnterprise, ContributionMethod.Credit)]
    public void Validate_PartnerContributesLabourOrCredit_IsAllowed(EntityType type, ContributionMethod method)
    {
        // Art. 13 para 2 names company shareholders, non-company enterprise legal person investors and cooperative
        // members only; partners are not restricted by it.
        var app = Fixtures.Valid(type);
        app = app with { Parties = [.. app.PartiesOrEmpty.Select(p => p with { ContributionMethod = method })] };

        Assert.Empty(RegistrationApplicationValidator.Validate(app, Fixtures.AsOf));
    }

    [Fact]
    public void Validate_SixteenYearOldLegalRepresentative_IsLeftToTheOfficer()
    {
        const string body = "41110220090601001";
        var app = Fixtures.Valid(EntityType.LimitedLiabilityCompany) with
        {
            LegalRepresentative = Fixtures.Person(
                "周小宝",
                body + Workflows.Domain.Identifiers.ResidentIdentityNumber.ComputeCheckCharacter(body)
            ),
        };

        Assert.Empty(RegistrationApplicationValidator.Validate(app, Fixtures.AsOf));
    }

    [Fact]
    public void Validate_ManyDefects_ReportsAllAtOnce()
    {
        var app = Fixtures.Valid(EntityType.LimitedLiabilityCompany) with { Name = null, Residence = null, Materials = [] };

        var errors = RegistrationApplicationValidator.Validate(app, Fixtures.AsOf);

        Assert.Contains(errors, e => e.Field == "name");
        Assert.Contains(errors, e => e.Field == "residence");
        Assert.Equal(
            RequiredMaterials.For(EntityType.LimitedLiabilityCompany).Count,
            errors.Count(e => e.Rule == RegistrationApplicationValidator.MaterialMissingRule)
        );
    }

    [Fact]
    public void Validate_UndefinedEntityType_ReportsEntityType()
    {
        var app = Fixtures.Valid(EntityType.LimitedLiabilityCompany) with { EntityType = (EntityType)99 };

        var error = Assert.Single(RegistrationApplicationValidator.Validate(app, Fixtures.AsOf));
        Assert.Equal("registration.entity-type", error.Rule);
    }
}
