using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

/// <summary>The register of market entities (issue 14 item 1): how decisions change an entry, article by article.</summary>
public sealed class EntityRegisterTests
{
    private const string Uscc = "91411100MA47B3H25Y";
    private static readonly DateTimeOffset At = new(2025, 6, 3, 2, 0, 0, TimeSpan.Zero);

    private static RegisterChange Change(RegisterChangeKind kind, string id = "c", int day = 3) =>
        new(
            id + kind,
            kind,
            new DateOnly(2025, 6, day),
            "漯市监撤字〔2025〕1号",
            RegisterRules.ArticleOf(kind),
            "officer-1",
            "王敏",
            At,
            "REV-1"
        );

    private static RegisterEntry Registered(RegisterStatus status = RegisterStatus.Registered) =>
        RegisterRules
            .Create(
                null,
                Uscc,
                "漯河市恒通物流有限公司",
                EntityType.LimitedLiabilityCompany,
                "411100",
                status,
                new DateOnly(2020, 10, 9),
                Change(RegisterChangeKind.Registered)
            )
            .Entry!;

    private static EntityStatusSnapshot Declared() =>
        new(Uscc, "漯河市恒通物流有限公司", EntityType.LimitedLiabilityCompany, [], false, false, false, false, false);

    [Fact]
    public void Create_Gb32100_CodeHeldByAnotherEntity_RefusedUsccTaken()
    {
        var (entry, refusal) = RegisterRules.Create(
            Registered(),
            Uscc,
            "漯河市另一家物流有限公司",
            EntityType.LimitedLiabilityCompany,
            "411100",
            RegisterStatus.Registered,
            null,
            Change(RegisterChangeKind.Registered, "other")
        );

        Assert.Null(entry);
        Assert.Equal(RegisterRules.UsccTakenRule, refusal!.Rule);
        Assert.Contains("漯河市恒通物流有限公司", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Art40Para2_RevokedThenArt42Reversal_RestoresTheStatusBeforeRevocation()
    {
        var suspended = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.Suspended)).Entry!;

        var revoked = RegisterRules.Apply(suspended, Change(RegisterChangeKind.Revoked)).Entry!;
        var reversed = RegisterRules.Apply(revoked, Change(RegisterChangeKind.RevocationReversed)).Entry!;

        Assert.Equal(RegisterStatus.Revoked, revoked.Status);
        Assert.True(revoked.Terminated);
        Assert.Equal("Decree 746 Art. 40 para 2", revoked.LastChange.Article);
        Assert.Equal(RegisterStatus.Suspended, reversed.Status); // Art. 42: 恢复原登记状态
        Assert.Equal("Decree 746 Art. 42", reversed.LastChange.Article);
        Assert.Equal(4, reversed.Version);
    }

    [Fact]
    public void Apply_Art31Para1_SecondDeregistration_RefusedAlreadyTerminated()
    {
        var deregistered = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.Deregistered)).Entry!;

        var (entry, refusal) = RegisterRules.Apply(deregistered, Change(RegisterChangeKind.Deregistered, "again"));

        Assert.Null(entry);
        Assert.Equal(RegisterRules.AlreadyTerminatedRule, refusal!.Rule);
        Assert.Equal("Decree 746 Art. 31 para 1", refusal.Article);
    }

    [Fact]
    public void Apply_Art30_ResumeWithoutSuspension_RefusedTransition()
    {
        var (entry, refusal) = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.Resumed));

        Assert.Null(entry);
        Assert.Equal(RegisterRules.TransitionRule, refusal!.Rule);
        Assert.Equal("Decree 746 Art. 30 para 4", refusal.Article);
    }

    [Fact]
    public void Apply_Art42_ReversalOfAnEntityNotRevoked_Refused()
    {
        var (_, refusal) = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.RevocationReversed));

        Assert.Equal(RegisterRules.TransitionRule, refusal!.Rule);
    }

    [Fact]
    public void Eligibility_Art33Para4_EntityThisSystemRevoked_RefusedWhateverTheApplicantDeclares()
    {
        var revoked = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.Revoked)).Entry!;

        var refusals = RegisterEligibility.ForSimplifiedDeregistration(revoked, Declared());

        var refusal = Assert.Single(refusals);
        Assert.Equal(SimplifiedDeregistrationEligibility.RegistrationRevoked, refusal.Rule);
        Assert.Contains("Art. 33", refusal.Article, StringComparison.Ordinal);
        Assert.Contains("漯市监撤字〔2025〕1号", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eligibility_Art42_ReversedEntity_EligibleAgain()
    {
        var revoked = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.Revoked)).Entry!;
        var reversed = RegisterRules.Apply(revoked, Change(RegisterChangeKind.RevocationReversed)).Entry!;

        Assert.Empty(RegisterEligibility.ForSimplifiedDeregistration(reversed, Declared()));
    }

    [Fact]
    public void Eligibility_Art31Para1_DeregisteredEntity_RefusedAlreadyTerminated()
    {
        var deregistered = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.Deregistered)).Entry!;

        var refusal = Assert.Single(RegisterEligibility.ForSimplifiedDeregistration(deregistered, Declared()));

        Assert.Equal(RegisterRules.AlreadyTerminatedRule, refusal.Rule);
    }

    [Theory]
    [InlineData(RegisterChangeKind.LicenceRevoked, SimplifiedDeregistrationEligibility.LicenceRevoked)]
    [InlineData(RegisterChangeKind.OrderedClosed, SimplifiedDeregistrationEligibility.OrderedToClose)]
    [InlineData(RegisterChangeKind.AbnormalListed, SimplifiedDeregistrationEligibility.AbnormalOperations)]
    [InlineData(RegisterChangeKind.CourtLiquidation, RegisterEligibility.CourtLiquidationRule)]
    public void Eligibility_Art33Para4AndArt34_StatusRecordedByAnOfficer_Refused(RegisterChangeKind kind, string rule)
    {
        var entry = RegisterRules.Apply(Registered(), Change(kind)).Entry!;

        var refusal = Assert.Single(RegisterEligibility.ForSimplifiedDeregistration(entry, Declared()));

        Assert.Equal(rule, refusal.Rule);
    }

    [Fact]
    public void Eligibility_Art33Para4_RemovedFromAbnormalList_EligibleAgain()
    {
        var listed = RegisterRules.Apply(Registered(), Change(RegisterChangeKind.AbnormalListed)).Entry!;
        var removed = RegisterRules.Apply(listed, Change(RegisterChangeKind.AbnormalRemoved)).Entry!;

        Assert.Empty(RegisterEligibility.ForSimplifiedDeregistration(removed, Declared()));
    }

    [Fact]
    public void Eligibility_NoEntry_DeclarationsStand()
    {
        Assert.Empty(RegisterEligibility.ForSimplifiedDeregistration(null, Declared()));
    }

    [Fact]
    public void DisqualificationPeriods_Art12Para4_ThreeYearsByTheCivilCodeRule_ExpiresWithoutAnyoneActing()
    {
        var disqualification = Art12Disqualifications.Find("art12-4-licence-revoked")!;
        var periodId = DisqualificationPeriods.PeriodIdOf(disqualification)!;
        var period = StatutoryPeriods.Find(periodId, new DateOnly(2023, 11, 20))!;
        var end = LegalCalendar.LoadEmbedded().Compute(period, new DateOnly(2023, 11, 20)).Deadline;
        var entry = new DisqualificationEntry(
            disqualification.Id,
            "赵德胜",
            "411103198209110023",
            new DateOnly(2023, 11, 20),
            "漯郾市监罚字〔2023〕58号"
        );

        var ban = DisqualificationPeriods.ToBan(entry, disqualification, end, "DQ-1");

        Assert.Equal((3, PeriodUnit.Years, CountingRule.CivilCode), (period.Amount, period.Unit, period.Counting));
        Assert.Equal(new DateOnly(2026, 11, 20), ban.EndDate); // a Friday: no roll-forward
        Assert.True(ban.IsActiveOn(new DateOnly(2026, 11, 20)));
        Assert.False(ban.IsActiveOn(new DateOnly(2026, 11, 21)));
        Assert.Equal("Decree 746 Art. 12(4)", ban.Article);
    }

    [Fact]
    public void DisqualificationPeriods_Art40Para3_CountedByTheRevocationProceduresOwnPeriod()
    {
        var ban = Art12Disqualifications.Find(DisqualificationPeriods.FalseRegistrationBan)!;

        Assert.Equal("revocation-reapplication-ban", DisqualificationPeriods.PeriodIdOf(ban));
        Assert.Null(DisqualificationPeriods.PeriodIdOf(Art12Disqualifications.Find("art12-5-unpaid-debt")!));
        Assert.Equal(5, StatutoryPeriods.Find("art12-2-economic-crime", new DateOnly(2022, 6, 30))!.Amount);
    }
}
