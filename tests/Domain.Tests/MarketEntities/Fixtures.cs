using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

/// <summary>Valid applications for every entity type; tests mutate one thing at a time.</summary>
internal static class Fixtures
{
    public static readonly DateOnly AsOf = new(2025, 6, 1);

    // Check characters computed with ResidentIdentityNumber/UnifiedSocialCreditCode.ComputeCheckCharacter.
    public const string ZhangWei = "411102198503120015";
    public const string LiNa = "411103199002140027";
    public const string WangQiang = "411104197811050037";
    public const string ZhaoMin = "411121199207160040";
    public const string LiuJianguo = "411102197010230051";
    public const string SunZhenhua = "41110419660925009X";
    public const string ShaliUscc = "91411100MA44TQ8U1D";

    public static PersonRef Person(string name, string id, string? domicile = null) => new(name, IdType.ResidentIdentityCard, id, domicile);

    public static RegistrationApplication Valid(EntityType type)
    {
        var baseApp = new RegistrationApplication(
            type,
            "漯河市源汇区测试有限公司",
            Applicant: null,
            Agent: null,
            LegalRepresentative: Person("张伟", ZhangWei),
            Parties: [],
            Residence: "河南省漯河市源汇区黄河路126号",
            BusinessScope: "一般项目：食品销售",
            RegisteredCapital: 1_000_000m,
            OperatingTerm: "长期",
            IndividualBusiness: null,
            Branch: null,
            LicensedItems: null,
            Materials: null,
            Attachments: null
        );

        var app = type switch
        {
            EntityType.LimitedLiabilityCompany => baseApp with
            {
                Parties =
                [
                    new Party("张伟", IdType.ResidentIdentityCard, ZhangWei, PartyKind.Shareholder, 600_000m, ContributionMethod.Currency),
                    new Party(
                        "河南沙澧实业有限公司",
                        IdType.UnifiedSocialCreditCode,
                        ShaliUscc,
                        PartyKind.Shareholder,
                        400_000m,
                        ContributionMethod.InKind
                    ),
                    new Party("李娜", IdType.ResidentIdentityCard, LiNa, PartyKind.Supervisor),
                ],
            },
            EntityType.JointStockCompany => baseApp with
            {
                Parties =
                [
                    new Party("张伟", IdType.ResidentIdentityCard, ZhangWei, PartyKind.Promoter, 5_000_000m, ContributionMethod.Currency),
                    new Party("王强", IdType.ResidentIdentityCard, WangQiang, PartyKind.Promoter, 5_000_000m, ContributionMethod.Currency),
                ],
                RegisteredCapital = 10_000_000m,
            },
            EntityType.NonCompanyEnterpriseLegalPerson => baseApp with
            {
                Parties =
                [
                    new Party(
                        "河南沙澧实业有限公司",
                        IdType.UnifiedSocialCreditCode,
                        ShaliUscc,
                        PartyKind.Investor,
                        1_000_000m,
                        ContributionMethod.Currency
                    ),
                ],
            },
            EntityType.PartnershipEnterprise => baseApp with
            {
                LegalRepresentative = Person("刘建国", LiuJianguo),
                Parties =
                [
                    new Party(
                        "刘建国",
                        IdType.ResidentIdentityCard,
                        LiuJianguo,
                        PartyKind.Partner,
                        600_000m,
                        ContributionMethod.Currency,
                        new DateOnly(2030, 12, 31),
                        PartnerLiability.Unlimited,
                        "漯河市郾城区嵩山路66号"
                    ),
                    new Party(
                        "孙振华",
                        IdType.ResidentIdentityCard,
                        SunZhenhua,
                        PartyKind.Partner,
                        400_000m,
                        ContributionMethod.Labour,
                        new DateOnly(2030, 12, 31),
                        PartnerLiability.Unlimited,
                        "漯河市召陵区人民东路9号"
                    ),
                ],
            },
            EntityType.SoleProprietorshipEnterprise => baseApp with
            {
                Parties =
                [
                    new Party(
                        "张伟",
                        IdType.ResidentIdentityCard,
                        ZhangWei,
                        PartyKind.Investor,
                        1_000_000m,
                        ContributionMethod.Currency,
                        Domicile: "漯河市源汇区黄河路88号"
                    ),
                ],
            },
            EntityType.FarmerCooperative => baseApp with
            {
                Parties =
                [
                    new Party(
                        "孙振华",
                        IdType.ResidentIdentityCard,
                        SunZhenhua,
                        PartyKind.CooperativeMember,
                        500_000m,
                        ContributionMethod.Currency
                    ),
                    new Party(
                        "王强",
                        IdType.ResidentIdentityCard,
                        WangQiang,
                        PartyKind.CooperativeMember,
                        500_000m,
                        ContributionMethod.InKind
                    ),
                ],
            },
            EntityType.IndividualBusiness => baseApp with
            {
                LegalRepresentative = null,
                Residence = null,
                RegisteredCapital = 50_000m,
                IndividualBusiness = new IndividualBusinessDetails(
                    Person("赵敏", ZhaoMin, "漯河市临颍县颍川大道1号"),
                    IndividualBusinessForm.Individual,
                    "漯河市源汇区受降路19号"
                ),
            },
            EntityType.Branch => baseApp with { RegisteredCapital = null, Branch = new BranchDetails("河南沙澧实业有限公司", ShaliUscc) },
            EntityType.ForeignCompanyBranch => baseApp with
            {
                RegisteredCapital = null,
                Branch = new BranchDetails("Example Trading GmbH", null, "德国"),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };

        return app with
        {
            Materials = RequiredMaterials.For(app).Select(m => m.Code).ToList(),
        };
    }

    public static string SamplesDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Workflows.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new DirectoryNotFoundException("Repository root (Workflows.sln) not found above " + AppContext.BaseDirectory)
            : Path.Combine(dir.FullName, "samples");
    }
}
