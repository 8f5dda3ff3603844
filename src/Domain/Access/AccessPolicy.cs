namespace Workflows.Domain.Access;

/// <summary>How a role's cases are bounded: by the division codes of its agency, or by its own part in each case.</summary>
public enum CaseScope
{
    /// <summary>An agency: every case of its procedures whose division code its own covers (see <see cref="Jurisdiction"/>).</summary>
    Jurisdiction,

    /// <summary>A party (enterprise, individual business, project owner, objector, affected party, complainant): only
    /// the cases it is a party to.</summary>
    Party,
}

/// <summary>How a principal is a party to a case (none, for an agency or a stranger).</summary>
public enum PartyRelation
{
    None,

    /// <summary>The case is about the principal's unit: its USCC is one of the case's.</summary>
    Subject,

    /// <summary>The principal filed the case or took part in it (applied for revocation, objected).</summary>
    Participant,

    /// <summary>The case is in a public notice the principal's role may answer (Decree 746 Art. 33 para 2, Art. 42:
    /// the notice is public, so any creditor of the jurisdiction may read it, masked, and object).</summary>
    PublicNotice,
}

/// <summary>The facts of a case that access decisions rest on, and nothing else.</summary>
/// <param name="Procedure">Procedure id, e.g. <c>registration</c>.</param>
/// <param name="Agency">The division code of the responsible agency.</param>
/// <param name="Usccs">USCCs of the units the case is about.</param>
/// <param name="ParticipantIds">Principal ids of the parties who filed the case or took part in it.</param>
/// <param name="AwaitedEvents">Events the case accepts now (a public notice awaits <c>object</c>).</param>
public sealed record CaseFacts(
    string Procedure,
    string Agency,
    IReadOnlyList<string> Usccs,
    IReadOnlyList<string> ParticipantIds,
    IReadOnlyList<string> AwaitedEvents
);

/// <summary>One role's share of the cases.</summary>
/// <param name="Role">The role.</param>
/// <param name="Procedures">Procedures whose cases the role may see at all (its department's part).</param>
/// <param name="Scope">Jurisdiction (agencies) or party relation (parties).</param>
/// <param name="MayAct">False for read-only roles (supervision, administration).</param>
/// <param name="SeesPersonalData">True only for officers of the responsible agency: they see resident ID numbers,
/// phone numbers and home addresses in full on the case page (PIPL Art. 28: only where necessary).</param>
/// <param name="PublicNoticeEvents">Events a party of this role may answer on a case it is not yet party to,
/// because the case is in a public notice (objections).</param>
public sealed record RolePolicy(
    Role Role,
    IReadOnlyList<string> Procedures,
    CaseScope Scope,
    bool MayAct,
    bool SeesPersonalData,
    IReadOnlyList<string> PublicNoticeEvents
);

/// <summary>
/// Least privilege as data: who may list, read, act on and drop what. Every route and drop container asks this one
/// policy (through the Functions' <c>CaseAccess</c>); a case outside a caller's share does not exist for them (404).
/// </summary>
public static class AccessPolicy
{
    /// <summary>Procedures of the market regulation bureau (Decree 746).</summary>
    public static readonly IReadOnlyList<string> MarketRegulation =
    [
        "registration",
        "simplified-deregistration",
        "individual-business-deregistration",
        "revocation",
        "tracker",
        "publication-duty",
    ];

    /// <summary>Procedures of the energy-saving offices (豫发改环资〔2021〕893号; 漯节减办〔2021〕7号) and of the standard
    /// factories (漯政〔2021〕17号 三(一): the counties report, the city's development and reform commission is one of the
    /// four departments that verify; the county office reports for its county).</summary>
    public static readonly IReadOnlyList<string> Energy =
    [
        "coal-substitution",
        "retrofit-programme",
        "retrofit-project",
        "standard-factory-submission",
        "standard-factory-round",
        // 豫政办〔2021〕65号 （十八）（六）（十）: the DRCs' energy offices publish the barometer and keep the two-high list;
        // a county's office sees its own region.
        "two-high-region",
        "two-high-project",
    ];

    /// <summary>Procedures of the mayor's patent award (漯政〔2021〕22号 第六条: the award committee's office in the city's
    /// market regulation bureau, 市知识产权局); a unit applies and sees its own applications only.</summary>
    public static readonly IReadOnlyList<string> PatentAward = ["patent-award-round", "patent-award-application"];

    /// <summary>Procedures of the price offices (发改办价格〔2021〕809号 四(一)、四(五): 价格主管部门 supervise the grid companies'
    /// proxy purchase); the grid company and its users are parties (enterprises), each seeing only the cases of its USCC.</summary>
    public static readonly IReadOnlyList<string> Power = ["proxy-power-obligation", "proxy-power-user"];

    /// <summary>Procedures with a public notice an objecting party may answer (Decree 746 Arts. 33, 42; the publicity of
    /// the patent award results, 漯政〔2021〕22号 第十二条(六)).</summary>
    public static readonly IReadOnlyList<string> PublicNotices =
    [
        "simplified-deregistration",
        "individual-business-deregistration",
        "revocation",
        "patent-award-round",
    ];

    public static readonly IReadOnlyList<string> AllProcedures = [.. MarketRegulation, .. Energy, .. PatentAward, .. Power];

    /// <summary>The departments and their procedures: a report (a daily digest) is written per agency and department,
    /// so that each department reads only its own part.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Departments = new Dictionary<string, IReadOnlyList<string>>(
        StringComparer.Ordinal
    )
    {
        ["market-regulation"] = MarketRegulation,
        ["energy"] = Energy,
        ["intellectual-property"] = PatentAward,
        ["price"] = Power,
    };

    /// <summary>The department of a procedure; a procedure no department declares belongs to <c>all</c>, which only
    /// the roles that see every procedure read.</summary>
    public static string DepartmentOf(string procedure) =>
        Departments.FirstOrDefault(d => d.Value.Contains(procedure, StringComparer.Ordinal)).Key ?? AllDepartments;

    /// <summary>The pseudo-department of reports covering every procedure (and of digests written before
    /// departments were, which mix them).</summary>
    public const string AllDepartments = "all";

    /// <summary>The one department all of a role's procedures belong to (the registration officer's is market
    /// regulation), or <see cref="AllDepartments"/> for the roles that see more than one.</summary>
    public static string DepartmentOf(Role role) =>
        Of(role).Procedures.Select(DepartmentOf).Distinct(StringComparer.Ordinal).ToList() is [var only] ? only : AllDepartments;

    public static IReadOnlyList<string> ProceduresOf(string department) =>
        Departments.TryGetValue(department, out var procedures) ? procedures : AllProcedures;

    /// <summary>The table, one row per role.</summary>
    public static readonly IReadOnlyDictionary<Role, RolePolicy> Roles = new RolePolicy[]
    {
        new(Role.RegistrationOfficer, MarketRegulation, CaseScope.Jurisdiction, MayAct: true, SeesPersonalData: true, []),
        new(Role.AuthorityHead, MarketRegulation, CaseScope.Jurisdiction, MayAct: true, SeesPersonalData: true, []),
        new(Role.Enterprise, [.. MarketRegulation, "patent-award-application", .. Power], CaseScope.Party, MayAct: true, SeesPersonalData: false, []),
        new(Role.ObjectingParty, PublicNotices, CaseScope.Party, MayAct: true, SeesPersonalData: false, ["object"]),
        new(Role.AffectedParty, ["revocation"], CaseScope.Party, MayAct: true, SeesPersonalData: false, []),
        new(Role.ProjectOwner, ["coal-substitution", "retrofit-project"], CaseScope.Party, MayAct: true, SeesPersonalData: false, []),
        new(Role.MunicipalDrc, [.. Energy, .. Power], CaseScope.Jurisdiction, MayAct: true, SeesPersonalData: true, []),
        new(Role.ProvincialDrc, [.. Energy, .. Power], CaseScope.Jurisdiction, MayAct: true, SeesPersonalData: true, []),
        new(Role.CountyOffice, Energy, CaseScope.Jurisdiction, MayAct: true, SeesPersonalData: true, []),
        new(Role.Administrator, AllProcedures, CaseScope.Jurisdiction, MayAct: false, SeesPersonalData: false, []),
        new(Role.Supervisor, AllProcedures, CaseScope.Jurisdiction, MayAct: false, SeesPersonalData: false, []),
        new(Role.IntellectualPropertyOffice, PatentAward, CaseScope.Jurisdiction, MayAct: true, SeesPersonalData: true, []),
    }.ToDictionary(p => p.Role);

    public static RolePolicy Of(Role role) =>
        Roles.TryGetValue(role, out var policy)
            ? policy
            : throw new ArgumentOutOfRangeException(nameof(role), role, "No access policy for this role.");

    /// <summary>How <paramref name="principal"/> is a party to the case (agencies are never parties).</summary>
    public static PartyRelation RelationOf(Principal principal, CaseFacts facts)
    {
        var policy = Of(principal.Role);
        if (policy.Scope != CaseScope.Party)
        {
            return PartyRelation.None;
        }

        if (principal.Uscc is { Length: > 0 } uscc && facts.Usccs.Contains(uscc, StringComparer.OrdinalIgnoreCase))
        {
            return PartyRelation.Subject;
        }

        if (facts.ParticipantIds.Contains(principal.Id, StringComparer.Ordinal))
        {
            return PartyRelation.Participant;
        }

        return policy.PublicNoticeEvents.Any(facts.AwaitedEvents.Contains) && Jurisdiction.Covers(principal.Agency, facts.Agency)
            ? PartyRelation.PublicNotice
            : PartyRelation.None;
    }

    /// <summary>Whether the case exists for the principal at all (list, read, documents): its department's procedure
    /// and its jurisdiction, or its part in the case.</summary>
    public static bool CanRead(Principal principal, CaseFacts facts)
    {
        var policy = Of(principal.Role);
        if (!policy.Procedures.Contains(facts.Procedure, StringComparer.Ordinal))
        {
            return false;
        }

        return policy.Scope == CaseScope.Jurisdiction
            ? Jurisdiction.Covers(principal.Agency, facts.Agency)
            : RelationOf(principal, facts) != PartyRelation.None;
    }

    /// <summary>Whether the principal may send events to (or file documents on) the case; which events, is the
    /// procedure's own declaration.</summary>
    public static bool CanAct(Principal principal, CaseFacts facts) => Of(principal.Role).MayAct && CanRead(principal, facts);

    /// <summary>Whether the principal sees personal data in full on the case page: an officer of the responsible
    /// agency only (PIPL Art. 28). Everyone else, and every list, sees them masked.</summary>
    public static bool SeesPersonalData(Principal principal, CaseFacts facts) =>
        Of(principal.Role).SeesPersonalData && CanRead(principal, facts);

    /// <summary>Whether the principal may read a report about <paramref name="procedures"/> of
    /// <paramref name="agency"/> (a daily digest, a notice not about one case): an agency of that jurisdiction whose
    /// role sees every one of those procedures. Parties never read reports: they carry other parties' cases.</summary>
    public static bool CanReadReport(Principal principal, string agency, IReadOnlyCollection<string> procedures)
    {
        var policy = Of(principal.Role);
        return policy.Scope == CaseScope.Jurisdiction
            && procedures.All(p => policy.Procedures.Contains(p, StringComparer.Ordinal))
            && Jurisdiction.Covers(principal.Agency, agency);
    }

    /// <summary>
    /// Whether the principal may read a notification sent to <paramref name="recipientRole"/> of
    /// <paramref name="recipientAgency"/>. About a case (<paramref name="facts"/>): its department's procedure, and
    /// either the case or the recipient agency in the principal's jurisdiction (a county office reads the reminders
    /// of the city's programme sent to its county); a party reads only those sent to its own role on its own cases.
    /// About no case (a quarantined drop): a report of the recipient role's procedures for the recipient agency; an
    /// agency that is no division code (the operators') is the administrators'.
    /// </summary>
    public static bool CanReadNotification(Principal principal, CaseFacts? facts, Role recipientRole, string recipientAgency)
    {
        var policy = Of(principal.Role);
        if (facts is null)
        {
            return Jurisdiction.IsDivisionCode(recipientAgency)
                ? CanReadReport(principal, recipientAgency, Of(recipientRole).Procedures)
                : principal.Role == Role.Administrator;
        }

        if (!policy.Procedures.Contains(facts.Procedure, StringComparer.Ordinal))
        {
            return false;
        }

        return policy.Scope == CaseScope.Jurisdiction
            ? Jurisdiction.Covers(principal.Agency, facts.Agency) || Jurisdiction.Covers(principal.Agency, recipientAgency)
            : recipientRole == principal.Role && RelationOf(principal, facts) != PartyRelation.None;
    }

    /// <summary>Whether a party role's filing records the filer as a participant (so it can read back its own case).</summary>
    public static bool RecordsParticipant(Role role) => Of(role).Scope == CaseScope.Party;
}
