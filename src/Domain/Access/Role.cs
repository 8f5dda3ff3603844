namespace Workflows.Domain.Access;

/// <summary>Who may act. Every state-changing request carries exactly one role, an agency (jurisdiction) and,
/// for enterprises, their USCC.</summary>
public enum Role
{
    /// <summary>登记机关经办人: registers, refuses, requests corrections (Decree 746 Arts. 19-20).</summary>
    RegistrationOfficer,

    /// <summary>登记机关负责人: approves an extension (Art. 19), receives escalations.</summary>
    AuthorityHead,

    /// <summary>An enterprise or its agent (申请人/代理人): files, resubmits, uploads, applies.</summary>
    Enterprise,

    /// <summary>有关部门、债权人或其他利害关系人: objects during a public-notice window (Art. 33).</summary>
    ObjectingParty,

    /// <summary>受虚假登记影响的利害关系人: applies for revocation of a fraudulent registration (Art. 40).</summary>
    AffectedParty,

    /// <summary>项目单位: owner of a coal-using project.</summary>
    ProjectOwner,

    /// <summary>市发展改革委 (municipal development and reform commission, energy office).</summary>
    MunicipalDrc,

    /// <summary>省发展改革委 (provincial development and reform commission).</summary>
    ProvincialDrc,

    /// <summary>县（区）节能主管部门 (county energy-saving office).</summary>
    CountyOffice,

    /// <summary>System administrator: calendars, configuration, the sweep; reads cases of its jurisdiction, masked,
    /// never acts on them.</summary>
    Administrator,

    /// <summary>督查人员 (supervision office): reads every procedure of its jurisdiction, masked, and never acts.</summary>
    Supervisor,

    /// <summary>市长专利奖评审委员会办公室 (市市场监督管理局（市知识产权局）, 漯政〔2021〕22号 第六条): runs the rounds of the
    /// mayor's patent award, records the committee's and the city government's decisions.</summary>
    IntellectualPropertyOffice,
}

/// <summary>The authenticated caller, the same shape on both hosts.</summary>
/// <param name="Id">Stable principal id (user id, API key id).</param>
/// <param name="Name">Display name for audit entries.</param>
/// <param name="Role">The one role this principal acts in.</param>
/// <param name="Agency">Jurisdiction code (e.g. "411100" for Luohe); agencies see only their own cases.</param>
/// <param name="Uscc">For enterprises: their Unified Social Credit Code; they see only their own cases.</param>
public sealed record Principal(string Id, string Name, Role Role, string Agency, string? Uscc = null);
