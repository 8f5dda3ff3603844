using Workflows.Domain.Access;

namespace Workflows.Domain.Tests.Access;

/// <summary>The content of the least-privilege table (issue 11 item 2): what each department, party and supervisor may see.</summary>
public sealed class AccessPolicyTests
{
    private const string OwnUscc = "91411100MA44X1Y23P";

    private static Principal P(Role role, string agency = "411100", string? uscc = OwnUscc) =>
        new($"id-{role}", role.ToString(), role, agency, uscc);

    private static CaseFacts Case(
        string procedure, string agency = "411102", string[]? usccs = null, string[]? participants = null, string[]? awaited = null) =>
        new(procedure, agency, usccs ?? [], participants ?? [], awaited ?? []);

    [Fact]
    public void Of_EveryRole_HasExactlyOneRow() =>
        Assert.All(Enum.GetValues<Role>(), r => Assert.Equal(r, AccessPolicy.Of(r).Role));

    /// <summary>Blocks: the energy office reading registration cases (with their ID numbers).</summary>
    [Theory]
    [InlineData(Role.MunicipalDrc)]
    [InlineData(Role.ProvincialDrc)]
    [InlineData(Role.CountyOffice)]
    public void CanRead_EnergyOfficeOnMarketProcedures_False(Role role) =>
        Assert.All(AccessPolicy.MarketRegulation, p => Assert.False(AccessPolicy.CanRead(P(role, "410000"), Case(p))));

    /// <summary>Blocks: the registration officer reading coal and retrofit cases.</summary>
    [Theory]
    [InlineData(Role.RegistrationOfficer)]
    [InlineData(Role.AuthorityHead)]
    public void CanRead_MarketRegulatorOnEnergyProcedures_False(Role role) =>
        Assert.All(AccessPolicy.Energy, p => Assert.False(AccessPolicy.CanRead(P(role, "410000"), Case(p))));

    [Fact]
    public void CanRead_SupervisorOnEveryProcedureOfItsJurisdiction_TrueButNeverActsOrSeesFull()
    {
        var supervisor = P(Role.Supervisor);

        Assert.All(AccessPolicy.AllProcedures, p =>
        {
            Assert.True(AccessPolicy.CanRead(supervisor, Case(p)));
            Assert.False(AccessPolicy.CanAct(supervisor, Case(p)));
            Assert.False(AccessPolicy.SeesPersonalData(supervisor, Case(p)));
            Assert.False(AccessPolicy.CanRead(supervisor, Case(p, agency: "411200")));
        });
    }

    /// <summary>Blocks: a creditor or affected party reading cases it is not party to.</summary>
    [Theory]
    [InlineData(Role.ObjectingParty, "simplified-deregistration")]
    [InlineData(Role.AffectedParty, "revocation")]
    [InlineData(Role.Enterprise, "registration")]
    [InlineData(Role.ProjectOwner, "retrofit-project")]
    public void CanRead_PartyNotPartyToTheCase_False(Role role, string procedure) =>
        Assert.False(AccessPolicy.CanRead(P(role), Case(procedure, usccs: ["91411102MA45B8C906"])));

    [Fact]
    public void RelationOf_AffectedPartyWhoFiled_Participant() =>
        Assert.Equal(PartyRelation.Participant,
            AccessPolicy.RelationOf(P(Role.AffectedParty), Case("revocation", participants: ["id-AffectedParty"])));

    [Fact]
    public void RelationOf_EnterpriseAccusedInRevocation_SubjectButMasked()
    {
        var accused = Case("revocation", usccs: [OwnUscc]);

        Assert.Equal(PartyRelation.Subject, AccessPolicy.RelationOf(P(Role.Enterprise), accused));
        Assert.False(AccessPolicy.SeesPersonalData(P(Role.Enterprise), accused));
    }

    /// <summary>Decree 746 Art. 33: while the notice runs (the case awaits 'object'), creditors of the jurisdiction may
    /// read it; before and after, they may not; creditors elsewhere never.</summary>
    [Fact]
    public void RelationOf_ObjectorAndPublicNotice_OnlyWhileTheNoticeRunsInItsJurisdiction()
    {
        var objector = P(Role.ObjectingParty, uscc: null);

        Assert.Equal(PartyRelation.PublicNotice, AccessPolicy.RelationOf(objector, Case("simplified-deregistration", awaited: ["object"])));
        var afterNotice = Case("simplified-deregistration", awaited: ["file-deregistration"]);
        var elsewhere = Case("simplified-deregistration", agency: "411200", awaited: ["object"]);
        Assert.Equal(PartyRelation.None, AccessPolicy.RelationOf(objector, afterNotice));
        Assert.Equal(PartyRelation.None, AccessPolicy.RelationOf(objector, elsewhere));
        Assert.False(AccessPolicy.CanRead(objector, Case("registration", awaited: ["object"])));
    }

    [Fact]
    public void SeesPersonalData_OnlyResponsibleOfficersOfTheCasesProcedureAndJurisdiction()
    {
        var seeing = Enum.GetValues<Role>().Where(r => AccessPolicy.SeesPersonalData(P(r, "410000"), Case("registration")))
            .Order().ToList();

        Assert.Equal([Role.RegistrationOfficer, Role.AuthorityHead], seeing);
        Assert.False(AccessPolicy.SeesPersonalData(P(Role.RegistrationOfficer, "411200"), Case("registration")));
    }

    /// <summary>Blocks: the energy office reading the registration officer's notices of its city, and the reverse.</summary>
    [Theory]
    [InlineData(Role.MunicipalDrc, "registration", Role.RegistrationOfficer)]
    [InlineData(Role.CountyOffice, "simplified-deregistration", Role.Enterprise)]
    [InlineData(Role.RegistrationOfficer, "coal-substitution", Role.MunicipalDrc)]
    [InlineData(Role.AuthorityHead, "retrofit-programme", Role.CountyOffice)]
    public void CanReadNotification_OtherDepartmentsCaseInOwnCity_False(Role role, string procedure, Role recipient) =>
        Assert.False(AccessPolicy.CanReadNotification(P(role), Case(procedure, "411100"), recipient, "411100"));

    [Fact]
    public void CanReadNotification_OwnDepartmentCaseOrRecipientInJurisdiction_True()
    {
        Assert.True(AccessPolicy.CanReadNotification(P(Role.RegistrationOfficer), Case("registration"), Role.AuthorityHead, "411102"));
        // The city's programme reminds each county office: the county reads what was sent to it.
        var county = P(Role.CountyOffice, "411102");
        Assert.True(AccessPolicy.CanReadNotification(county, Case("retrofit-programme", "411100"), Role.CountyOffice, "411102"));
        Assert.False(AccessPolicy.CanReadNotification(county, Case("retrofit-programme", "411100"), Role.CountyOffice, "411103"));
    }

    /// <summary>Blocks: an enterprise reading the notices of other enterprises' cases, or the officer's notices on its own.</summary>
    [Fact]
    public void CanReadNotification_Party_OnlyItsOwnCasesAndItsOwnRole()
    {
        var enterprise = P(Role.Enterprise);
        var own = Case("registration", usccs: [OwnUscc]);
        var other = Case("registration", usccs: ["91411102MA45B8C906"]);

        Assert.True(AccessPolicy.CanReadNotification(enterprise, own, Role.Enterprise, "411102"));
        Assert.False(AccessPolicy.CanReadNotification(enterprise, own, Role.RegistrationOfficer, "411102"));
        Assert.False(AccessPolicy.CanReadNotification(enterprise, other, Role.Enterprise, "411102"));
        Assert.False(AccessPolicy.CanReadNotification(enterprise, null, Role.RegistrationOfficer, "411100"));
    }

    /// <summary>Blocks: the registration officer reading the energy office's quarantine notices, and parties any.</summary>
    [Fact]
    public void CanReadNotification_NoCase_RecipientDepartmentOrSupervisionOnly()
    {
        Assert.True(AccessPolicy.CanReadNotification(P(Role.ProvincialDrc, "410000"), null, Role.MunicipalDrc, "411100"));
        Assert.True(AccessPolicy.CanReadNotification(P(Role.Supervisor), null, Role.MunicipalDrc, "411100"));
        Assert.False(AccessPolicy.CanReadNotification(P(Role.RegistrationOfficer), null, Role.MunicipalDrc, "411100"));
        Assert.False(AccessPolicy.CanReadNotification(P(Role.ProjectOwner), null, Role.MunicipalDrc, "411100"));
        Assert.False(AccessPolicy.CanReadNotification(P(Role.RegistrationOfficer), null, Role.Administrator, "411100"));
        Assert.True(AccessPolicy.CanReadNotification(P(Role.Administrator, "410000"), null, Role.Administrator, "operations"));
    }

    /// <summary>Blocks: one department reading the other's digest, a party reading any, and the mixed digests written
    /// before the split read by anyone but supervision.</summary>
    [Fact]
    public void CanReadReport_DepartmentDigests_OnlyRolesSeeingEveryProcedureInIt()
    {
        var market = AccessPolicy.ProceduresOf("market-regulation");
        var energy = AccessPolicy.ProceduresOf("energy");
        var all = AccessPolicy.ProceduresOf(AccessPolicy.AllDepartments);

        Assert.True(AccessPolicy.CanReadReport(P(Role.RegistrationOfficer), "411102", market));
        Assert.False(AccessPolicy.CanReadReport(P(Role.RegistrationOfficer), "411102", energy));
        Assert.True(AccessPolicy.CanReadReport(P(Role.CountyOffice, "411102"), "411102", energy));
        Assert.False(AccessPolicy.CanReadReport(P(Role.MunicipalDrc), "411102", market));
        Assert.False(AccessPolicy.CanReadReport(P(Role.Enterprise), "411102", market));
        Assert.False(AccessPolicy.CanReadReport(P(Role.MunicipalDrc), "411102", all));
        Assert.True(AccessPolicy.CanReadReport(P(Role.Supervisor), "411102", all));
        Assert.False(AccessPolicy.CanReadReport(P(Role.Supervisor), "411200", all));
    }

    [Fact]
    public void DepartmentOf_EveryProcedure_ItsDepartmentAndUnknownIsAll()
    {
        Assert.All(AccessPolicy.MarketRegulation, p => Assert.Equal("market-regulation", AccessPolicy.DepartmentOf(p)));
        Assert.All(AccessPolicy.Energy, p => Assert.Equal("energy", AccessPolicy.DepartmentOf(p)));
        Assert.Equal(AccessPolicy.AllDepartments, AccessPolicy.DepartmentOf("no-such-procedure"));
    }

    /// <summary>发改办价格〔2021〕809号: the price department's procedures; a grid company (an enterprise) reads only its own
    /// cases, the price offices of the jurisdiction act on them, the energy-saving and registration offices do not see them.</summary>
    [Fact]
    public void ProxyPower_PriceDepartment_GridCompanySeesOnlyItsOwnAndPriceOfficesAct()
    {
        var facts = new CaseFacts("proxy-power-obligation", "411100", ["914111007067806539"], [], ["publish"]);

        Assert.All(AccessPolicy.Power, p => Assert.Equal("price", AccessPolicy.DepartmentOf(p)));
        Assert.True(AccessPolicy.CanAct(new Principal("g", "漯河供电公司", Role.Enterprise, "411100", "914111007067806539"), facts));
        Assert.False(AccessPolicy.CanRead(new Principal("h", "国网河南省电力公司", Role.Enterprise, "410000", "91410000169954619U"), facts));
        Assert.True(AccessPolicy.CanAct(P(Role.MunicipalDrc), facts));
        Assert.True(AccessPolicy.CanAct(P(Role.ProvincialDrc, "410000"), facts));
        Assert.False(AccessPolicy.CanRead(P(Role.CountyOffice, "411102"), facts));
        Assert.False(AccessPolicy.CanRead(P(Role.RegistrationOfficer), facts));
    }
}
