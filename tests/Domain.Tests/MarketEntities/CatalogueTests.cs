using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

public sealed class EventCatalogTests
{
    [Fact]
    public void Procedures_AreTheFiveDecree746Procedures()
    {
        Assert.Equal(
            ["registration", "simplified-deregistration", "individual-business-deregistration", "revocation", "deadline-tracker"],
            EventCatalog.Procedures
        );
        Assert.Contains("Decree 746", EventCatalog.Source, StringComparison.Ordinal);
        Assert.Equal("2022-03-01", EventCatalog.Effective);
    }

    [Theory]
    [InlineData("registration", "register", Role.RegistrationOfficer, "Art. 19", "uscc")]
    [InlineData("registration", "refuse", Role.RegistrationOfficer, "Art. 20", "reasons")]
    [InlineData("registration", "extend", Role.AuthorityHead, "Art. 19", "reason")]
    [InlineData("registration", "request-correction", Role.RegistrationOfficer, "Art. 19 para 2", "missingMaterials")]
    [InlineData("registration", "resubmit", Role.Enterprise, "Art. 19 para 2", "materials")]
    [InlineData("simplified-deregistration", "apply", Role.Enterprise, "Art. 33", "commitmentLetter")]
    [InlineData("simplified-deregistration", "object", Role.ObjectingParty, "Art. 33", "reason")]
    [InlineData("individual-business-deregistration", "object", Role.ObjectingParty, "Art. 33 para 3", "reason")]
    [InlineData("revocation", "apply", Role.AffectedParty, "Art. 40 para 1", "application")]
    [InlineData("revocation", "investigation-finding", Role.RegistrationOfficer, "Art. 40 para 2", "finding")]
    [InlineData("revocation", "start-public-notice", Role.RegistrationOfficer, "Art. 40 para 2", "unreachableOrRefused")]
    [InlineData("revocation", "object", Role.ObjectingParty, "Art. 40 para 2", "reason")]
    [InlineData("revocation", "decide-not-revoke", Role.AuthorityHead, "Art. 41", "ground")]
    [InlineData("revocation", "reverse", Role.AuthorityHead, "Art. 42", "reason")]
    [InlineData("deadline-tracker", "comply", Role.Enterprise, "Art. 24", "evidence")]
    public void Find_KnownEvent_HasRoleArticleAndRequiredField(
        string procedure,
        string eventType,
        Role role,
        string article,
        string requiredField
    )
    {
        var definition = EventCatalog.Find(procedure, eventType);

        Assert.NotNull(definition);
        Assert.Equal(procedure, definition.Procedure);
        Assert.True(definition.Allows(role));
        Assert.Contains(article, definition.Article, StringComparison.Ordinal);
        Assert.Contains(requiredField, definition.RequiredFields);
    }

    [Theory]
    [InlineData("registration", "register", Role.Enterprise)]
    [InlineData("registration", "extend", Role.RegistrationOfficer)]
    [InlineData("revocation", "decide-revoke", Role.RegistrationOfficer)]
    [InlineData("simplified-deregistration", "object", Role.Enterprise)]
    public void Find_KnownEvent_RejectsOtherRoles(string procedure, string eventType, Role role)
    {
        Assert.False(EventCatalog.Find(procedure, eventType)!.Allows(role));
    }

    [Theory]
    [InlineData("registration", "deregister")]
    [InlineData("no-such-procedure", "apply")]
    [InlineData("registration", "Register")]
    public void Find_Unknown_ReturnsNull(string procedure, string eventType)
    {
        Assert.Null(EventCatalog.Find(procedure, eventType));
    }

    [Fact]
    public void Find_Extend_OnlyOnce()
    {
        Assert.Equal(1, EventCatalog.Find("registration", "extend")!.MaxOccurrences);
        Assert.Null(EventCatalog.Find("registration", "resubmit")!.MaxOccurrences);
    }

    [Fact]
    public void EveryEvent_HasBilingualDescriptionAndRoles()
    {
        var all = EventCatalog.Procedures.SelectMany(EventCatalog.EventsOf).ToList();

        Assert.All(
            all,
            e =>
            {
                Assert.NotEmpty(e.AllowedRoles);
                Assert.StartsWith("Decree 746 Art. ", e.Article, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(e.DescriptionZh));
                Assert.False(string.IsNullOrWhiteSpace(e.DescriptionEn));
            }
        );
        Assert.Equal(all.Count, all.Select(e => (e.Procedure, e.EventType)).Distinct().Count());
    }
}

public sealed class TrackerKindsTests
{
    [Theory]
    [InlineData("change-registration", "Art. 24", 30, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("scope-approval-change", "Art. 26", 30, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("permit-lapse-change-or-deregister", "Art. 26", 30, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("filing-change", "Art. 29", 30, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("cooperative-member-filing", "Art. 29", 90, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("suspension-maximum", "Art. 30 para 4", 3, PeriodUnit.Years, ObligedParty.Enterprise)]
    [InlineData("liquidation-group-announcement", "Art. 32 para 1", 10, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("deregistration-after-liquidation", "Art. 32 para 2", 30, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("registration-decision", "Art. 19", 3, PeriodUnit.WorkingDays, ObligedParty.RegistrationAuthority)]
    [InlineData("simplified-deregistration-notice", "Art. 33 para 2", 20, PeriodUnit.Days, ObligedParty.ObjectingParty)]
    [InlineData("simplified-deregistration-filing", "Art. 33 para 2", 20, PeriodUnit.Days, ObligedParty.Enterprise)]
    [InlineData("individual-business-objection-window", "Art. 33 para 3", 10, PeriodUnit.Days, ObligedParty.ObjectingParty)]
    [InlineData("revocation-public-notice", "Art. 40 para 2", 45, PeriodUnit.Days, ObligedParty.ObjectingParty)]
    [InlineData("revocation-reapplication-ban", "Art. 40 para 3", 3, PeriodUnit.Years, ObligedParty.RegistrationAuthority)]
    public void Find_Kind_MatchesDecreePeriod(string id, string article, int amount, PeriodUnit unit, ObligedParty party)
    {
        var kind = TrackerKinds.Find(id);

        Assert.NotNull(kind);
        Assert.Contains(article, kind.Article, StringComparison.Ordinal);
        Assert.Equal(amount, kind.Period.Amount);
        Assert.Equal(unit, kind.Period.Unit);
        Assert.Equal(party, kind.ObligedParty);
        Assert.True(TrackerKinds.CountingRules.ContainsKey(kind.Period.Counting));
    }

    [Fact]
    public void RegistrationDecision_AllowsOneExtensionOfThreeWorkingDays()
    {
        var kind = TrackerKinds.Find("registration-decision")!;

        Assert.Equal(3, kind.Extension?.Amount);
        Assert.Equal(1, kind.MaxExtensions);
        Assert.Equal("working-days", kind.Period.RuleId);
    }

    [Fact]
    public void All_RemindersPrecedeTheDeadlineInDescendingOrder()
    {
        Assert.All(
            TrackerKinds.All,
            k =>
            {
                Assert.All(k.ReminderDaysBefore, d => Assert.True(d > 0));
                Assert.Equal(k.ReminderDaysBefore.OrderDescending(), k.ReminderDaysBefore);
                Assert.False(string.IsNullOrWhiteSpace(k.StartsWithZh));
                Assert.False(string.IsNullOrWhiteSpace(k.ObligationEn));
            }
        );
    }

    [Theory]
    [InlineData("no-such-kind", "91411102MA9FWXY12E", "2025-05-01", "tracker.kind")]
    [InlineData("change-registration", "91411102MA9FWXY12F", "2025-05-01", "uscc.check-character")]
    [InlineData("change-registration", "91411102MA9FWXY12E", "2025-06-02", "tracker.trigger-in-future")]
    public void TrackerStartValidator_Defect_ReportsRule(string kind, string uscc, string trigger, string rule)
    {
        var start = new TrackerStart(
            kind,
            uscc,
            "漯河市源汇区鑫禾食品有限公司",
            DateOnly.Parse(trigger, System.Globalization.CultureInfo.InvariantCulture),
            "股东会决议"
        );

        Assert.Equal(rule, Assert.Single(TrackerStartValidator.Validate(start, Fixtures.AsOf)).Rule);
    }
}

public sealed class Art41GroundsTests
{
    [Theory]
    [InlineData(Art41Ground.SeriousHarmToPublicInterest, "Art. 41(1)", "社会公共利益造成重大损害")]
    [InlineData(Art41Ground.CannotRestorePriorState, "Art. 41(2)", "无法恢复到登记前的状态")]
    [InlineData(Art41Ground.OtherStatutoryCircumstance, "Art. 41(3)", "法律、行政法规规定的其他情形")]
    public void Describe_Ground_QuotesArticle41(Art41Ground ground, string article, string zhFragment)
    {
        var text = Art41Grounds.Describe(ground);

        Assert.Contains(article, text.Article, StringComparison.Ordinal);
        Assert.Contains(zhFragment, text.TextZh, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(text.TextEn));
    }

    [Fact]
    public void All_CoversEveryEnumValue()
    {
        Assert.Equal(Enum.GetValues<Art41Ground>(), Art41Grounds.All.Select(t => t.Ground));
    }
}
