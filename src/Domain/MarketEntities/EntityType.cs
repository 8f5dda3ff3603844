namespace Workflows.Domain.MarketEntities;

/// <summary>Kinds of market entity (市场主体) in Decree 746 Art. 2.</summary>
public enum EntityType
{
    /// <summary>有限责任公司 (Art. 2(1)).</summary>
    LimitedLiabilityCompany,

    /// <summary>股份有限公司 (Art. 2(1)).</summary>
    JointStockCompany,

    /// <summary>非公司企业法人 (Art. 2(1)).</summary>
    NonCompanyEnterpriseLegalPerson,

    /// <summary>合伙企业 (Art. 2(2)).</summary>
    PartnershipEnterprise,

    /// <summary>个人独资企业 (Art. 2(2)).</summary>
    SoleProprietorshipEnterprise,

    /// <summary>农民专业合作社（联合社） (Art. 2(3)).</summary>
    FarmerCooperative,

    /// <summary>个体工商户 (Art. 2(4)).</summary>
    IndividualBusiness,

    /// <summary>分支机构 of a domestic market entity (Art. 2(1)-(3), Art. 23).</summary>
    Branch,

    /// <summary>外国公司分支机构 (Art. 2(5)).</summary>
    ForeignCompanyBranch,
}

/// <summary>Groupings the rules use.</summary>
public static class EntityTypes
{
    /// <summary>公司、非公司企业法人: Art. 12 (legal-representative disqualifications) and Art. 13 para 2 apply.</summary>
    public static bool IsCorporateLegalPerson(this EntityType type) =>
        type is EntityType.LimitedLiabilityCompany or EntityType.JointStockCompany or EntityType.NonCompanyEnterpriseLegalPerson;

    /// <summary>Entities with a legal representative (法定代表人) in Art. 8(6): corporate legal persons and cooperatives.</summary>
    public static bool HasLegalRepresentative(this EntityType type) =>
        type.IsCorporateLegalPerson() || type == EntityType.FarmerCooperative;

    public static bool IsBranch(this EntityType type) => type is EntityType.Branch or EntityType.ForeignCompanyBranch;

    /// <summary>The Chinese name of the Art. 8(6) person for this type.</summary>
    public static string PrincipalPersonTitleZh(this EntityType type) =>
        type switch
        {
            EntityType.PartnershipEnterprise => "执行事务合伙人",
            EntityType.SoleProprietorshipEnterprise => "投资人",
            EntityType.IndividualBusiness => "经营者",
            EntityType.Branch or EntityType.ForeignCompanyBranch => "负责人",
            _ => "法定代表人",
        };

    public static string PrincipalPersonTitleEn(this EntityType type) =>
        type switch
        {
            EntityType.PartnershipEnterprise => "executive partner",
            EntityType.SoleProprietorshipEnterprise => "investor",
            EntityType.IndividualBusiness => "operator",
            EntityType.Branch or EntityType.ForeignCompanyBranch => "responsible person",
            _ => "legal representative",
        };
}
