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
}
