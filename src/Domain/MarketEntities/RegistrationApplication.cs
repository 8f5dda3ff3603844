using System.Text.Json.Serialization;

namespace Workflows.Domain.MarketEntities;

/// <summary>How a person or organisation is identified (Art. 15 real-name registration).</summary>
public enum IdType
{
    /// <summary>居民身份证 (GB 11643-1999 number).</summary>
    ResidentIdentityCard,

    /// <summary>统一社会信用代码 of a corporate investor, partner or parent (GB 32100-2015).</summary>
    UnifiedSocialCreditCode,

    /// <summary>护照 (foreign investors); checked only for presence.</summary>
    Passport,

    /// <summary>港澳台居民证件 and other documents; checked only for presence.</summary>
    Other,
}

/// <summary>The capacity in which a party appears in the application (Arts. 8-9).</summary>
public enum PartyKind
{
    /// <summary>有限责任公司股东 (Art. 8 para 2(1)).</summary>
    Shareholder,

    /// <summary>股份有限公司发起人 (Art. 8 para 2(1)).</summary>
    Promoter,

    /// <summary>非公司企业法人出资人 / 个人独资企业投资人 (Art. 8 para 2(1)-(2)).</summary>
    Investor,

    /// <summary>合伙人 (Art. 8 para 2(3)).</summary>
    Partner,

    /// <summary>农民专业合作社（联合社）成员 (Art. 9(5)).</summary>
    CooperativeMember,

    /// <summary>董事 (Art. 9(4)).</summary>
    Director,

    /// <summary>监事 (Art. 9(4)).</summary>
    Supervisor,

    /// <summary>高级管理人员 (Art. 9(4)).</summary>
    SeniorManager,

    /// <summary>参加经营的个体工商户家庭成员 (Art. 9(6)).</summary>
    FamilyMember,

    /// <summary>市场主体登记联络员 (Art. 9(7)).</summary>
    Liaison,
}

/// <summary>出资方式 (Art. 13 para 2).</summary>
public enum ContributionMethod
{
    Currency,
    InKind,
    IntellectualProperty,
    LandUseRight,
    Equity,
    CreditorRights,

    /// <summary>劳务: forbidden for company shareholders, non-company LP investors and cooperative members (Art. 13 para 2).</summary>
    Labour,

    /// <summary>信用 (forbidden, Art. 13 para 2).</summary>
    Credit,

    /// <summary>自然人姓名 (forbidden, Art. 13 para 2).</summary>
    PersonalName,

    /// <summary>商誉 (forbidden, Art. 13 para 2).</summary>
    Goodwill,

    /// <summary>特许经营权 (forbidden, Art. 13 para 2).</summary>
    Franchise,

    /// <summary>设定担保的财产 (forbidden, Art. 13 para 2).</summary>
    EncumberedProperty,
}

/// <summary>承担责任方式 of a partner (Art. 8 para 2(3)).</summary>
public enum PartnerLiability
{
    Unlimited,
    Limited,
}

/// <summary>个体工商户组成形式: run by one person or by a family (Art. 9(6) family members).</summary>
public enum IndividualBusinessForm
{
    Individual,
    Family,
}

/// <summary>A natural person named in the application (legal representative, operator, agent, applicant).</summary>
/// <param name="Domicile">住所/居所, required for a sole-proprietorship investor, partner and operator (Art. 8 para 2).</param>
public sealed record PersonRef(string? Name, IdType IdType, string? IdNumber, string? Domicile = null, string? Phone = null);

/// <summary>An investor, partner, member, officer or family member (Arts. 8-9).</summary>
/// <param name="Contribution">认缴/实缴出资数额 in RMB yuan (Art. 9(3), Art. 13: expressed in RMB).</param>
/// <param name="ContributionDueDate">出资期限 / 缴付期限 (Art. 9(3)).</param>
public sealed record Party(
    string? Name,
    IdType IdType,
    string? IdNumber,
    PartyKind Kind,
    decimal? Contribution = null,
    ContributionMethod? ContributionMethod = null,
    DateOnly? ContributionDueDate = null,
    PartnerLiability? Liability = null,
    string? Domicile = null
);

/// <summary>Individual-business items (Art. 8 para 2(4), Art. 9(6)).</summary>
/// <param name="BusinessPremises">经营场所.</param>
public sealed record IndividualBusinessDetails(PersonRef? Operator, IndividualBusinessForm Form, string? BusinessPremises);

/// <summary>The entity a branch belongs to (Art. 23).</summary>
/// <param name="ParentUscc">Required for a domestic branch; a foreign company has none.</param>
public sealed record BranchDetails(string? ParentName, string? ParentUscc, string? ParentCountry = null);

/// <summary>A business-scope item that needs approval before registration, and its approval document (Art. 14).</summary>
public sealed record LicensedItem(string Item, string? ApprovalDocument);

/// <summary>
/// 市场主体登记申请: the items of Decree 746 Art. 8 (registration items), Art. 9 (filing items) and the materials of
/// Art. 16. JSON: camelCase, enums as camelCase strings (<see cref="MarketEntityJson.Options"/>).
/// </summary>
/// <param name="EntityType">主体类型 (Art. 8(2)).</param>
/// <param name="Name">名称 (Art. 8(1), Art. 10: one name, declared by the applicant).</param>
/// <param name="Applicant">申请人 when a natural person applies (Art. 15 real name).</param>
/// <param name="Agent">委托代理人 (Art. 18); triggers the power-of-attorney material.</param>
/// <param name="LegalRepresentative">Art. 8(6) person: 法定代表人 / 执行事务合伙人 / 投资人 / 负责人 (not used for
/// individual businesses, whose operator is in <see cref="IndividualBusiness"/>).</param>
/// <param name="Parties">Investors, partners, members, officers, family members, liaison (Arts. 8-9).</param>
/// <param name="Residence">住所或者主要经营场所 (Art. 8(4); Art. 11 only one).</param>
/// <param name="BusinessScope">经营范围 (Art. 8(3), Art. 14).</param>
/// <param name="RegisteredCapital">注册资本或者出资额 in RMB yuan (Art. 8(5), Art. 13).</param>
/// <param name="OperatingTerm">经营期限或者合伙期限, free text such as "长期" (Art. 9(2)).</param>
/// <param name="Materials">Codes of submitted materials (see <see cref="RequiredMaterials"/>).</param>
/// <param name="Attachments">File names of the uploaded attachments.</param>
/// <param name="ExistingUscc">For change or re-registration: the entity's code.</param>
public sealed record RegistrationApplication(
    EntityType EntityType,
    string? Name,
    PersonRef? Applicant,
    PersonRef? Agent,
    PersonRef? LegalRepresentative,
    IReadOnlyList<Party>? Parties,
    string? Residence,
    string? BusinessScope,
    decimal? RegisteredCapital,
    string? OperatingTerm,
    IndividualBusinessDetails? IndividualBusiness,
    BranchDetails? Branch,
    IReadOnlyList<LicensedItem>? LicensedItems,
    IReadOnlyList<string>? Materials,
    IReadOnlyList<string>? Attachments,
    string? ExistingUscc = null
)
{
    [JsonIgnore]
    public IReadOnlyList<Party> PartiesOrEmpty => Parties ?? [];
}

/// <summary>One problem found in an application.</summary>
/// <param name="Field">JSON path of the field, e.g. <c>parties[2].idNumber</c>.</param>
/// <param name="Rule">Stable rule id, e.g. <c>registration.required</c>, <c>resident-id.check-digit</c>.</param>
/// <param name="Message">Precise English message, Chinese term in parentheses.</param>
/// <param name="Article">The provision the rule rests on, e.g. "Decree 746 Art. 8(1)".</param>
public sealed record ValidationError(string Field, string Rule, string Message, string Article);
