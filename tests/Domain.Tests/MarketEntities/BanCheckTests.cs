using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

public sealed class BanCheckTests
{
    // Stand-in for LegalCalendar.AddYears: the last day of an N-year period starting on the given day is the same
    // calendar day N years later (Civil Code Art. 201-202); Feb 29 falls back to Feb 28.
    private static DateOnly AddYears(DateOnly start, int years) => start.AddYears(years);

    private static readonly Ban RevocationBan = new(
        Fixtures.ZhangWei,
        "张伟",
        "虚假登记被撤销",
        "LH-REV-2024-0007",
        "Decree 746 Art. 40 para 3",
        new DateOnly(2024, 3, 15),
        new DateOnly(2027, 3, 15)
    );

    [Theory]
    [InlineData("2024-03-14", false)]
    [InlineData("2024-03-15", true)]
    [InlineData("2025-06-01", true)]
    [InlineData("2027-03-15", true)]
    [InlineData("2027-03-16", false)]
    public void FindActiveBans_OnDate_HitsOnlyWithinStartAndEndInclusive(string onDate, bool expectHit)
    {
        var hits = BanCheck.FindActiveBans(
            [("张伟", Fixtures.ZhangWei)],
            [RevocationBan],
            DateOnly.Parse(onDate, System.Globalization.CultureInfo.InvariantCulture)
        );

        Assert.Equal(expectHit, hits.Count == 1);
    }

    [Fact]
    public void FindActiveBans_Hit_CarriesSourceCaseAndEndDate()
    {
        var hit = Assert.Single(
            BanCheck.FindActiveBans([("张伟", Fixtures.ZhangWei), ("李娜", Fixtures.LiNa)], [RevocationBan], Fixtures.AsOf)
        );

        Assert.Equal("LH-REV-2024-0007", hit.SourceCaseId);
        Assert.Equal(new DateOnly(2027, 3, 15), hit.EndDate);
        Assert.True(hit.NameMatches);
    }

    [Theory]
    [InlineData("张伟", true)]
    [InlineData("张 伟", false)]
    [InlineData("张卫", false)]
    public void FindActiveBans_SameIdDifferentName_StillHitsButFlagsName(string name, bool nameMatches)
    {
        var hit = Assert.Single(BanCheck.FindActiveBans([(name, Fixtures.ZhangWei)], [RevocationBan], Fixtures.AsOf));

        Assert.Equal(nameMatches, hit.NameMatches);
    }

    [Fact]
    public void FindActiveBans_LowercaseX_MatchesBanWithUppercase()
    {
        var ban = RevocationBan with { PersonIdNumber = Fixtures.SunZhenhua, PersonName = "孙振华" };

        Assert.Single(BanCheck.FindActiveBans([("孙振华", Fixtures.SunZhenhua.ToLowerInvariant())], [ban], Fixtures.AsOf));
    }

    [Fact]
    public void FindActiveBans_OpenEndedBan_IsActiveForever()
    {
        var ban = RevocationBan with { EndDate = null };

        Assert.Single(BanCheck.FindActiveBans([("张伟", Fixtures.ZhangWei)], [ban], new DateOnly(2099, 1, 1)));
    }

    [Fact]
    public void FindActiveBans_TwoBansForOnePerson_ReturnsBoth()
    {
        var second = RevocationBan with { SourceCaseId = "LH-REV-2025-0002", Article = "Decree 746 Art. 12(4)" };

        var hits = BanCheck.FindActiveBans(
            [("张伟", Fixtures.ZhangWei), ("张伟", Fixtures.ZhangWei)],
            [RevocationBan, second],
            Fixtures.AsOf
        );

        Assert.Equal(["LH-REV-2024-0007", "LH-REV-2025-0002"], hits.Select(h => h.SourceCaseId));
    }

    [Theory]
    [InlineData("art40-3-false-registration", "2024-03-15", "2027-03-15")]
    [InlineData("art12-3-bankruptcy", "2023-08-31", "2026-08-31")]
    [InlineData("art12-4-licence-revoked", "2024-02-29", "2027-02-28")]
    [InlineData("art12-2-economic-crime", "2021-01-10", "2026-01-10")]
    public void Create_TimeLimitedDisqualification_UsesSuppliedYearRule(string disqualificationId, string start, string expectedEnd)
    {
        var disqualification = Art12Disqualifications.Find(disqualificationId)!;
        var calls = new List<(DateOnly, int)>();

        var ban = Ban.Create(
            disqualification,
            Fixtures.ZhangWei,
            "张伟",
            "CASE-1",
            Parse(start),
            (d, y) =>
            {
                calls.Add((d, y));
                return AddYears(d, y);
            }
        );

        Assert.Equal(Parse(expectedEnd), ban.EndDate);
        Assert.Equal([(Parse(start), disqualification.Years!.Value)], calls);
        Assert.Equal(disqualification.Article, ban.Article);
    }

    [Fact]
    public void Create_OpenEndedDisqualification_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            Ban.Create(Art12Disqualifications.Find("art12-1-capacity")!, Fixtures.ZhangWei, "张伟", "CASE-1", Fixtures.AsOf, AddYears)
        );
    }

    [Fact]
    public void PersonsOf_Application_ListsNaturalPersonsOnce()
    {
        var app = Fixtures.Valid(EntityType.LimitedLiabilityCompany) with { Agent = Fixtures.Person("赵敏", Fixtures.ZhaoMin) };

        var persons = BanCheck.PersonsOf(app);

        Assert.Equal([Fixtures.ZhangWei, Fixtures.LiNa], persons.Select(p => p.IdNumber));
    }

    private static DateOnly Parse(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class Art12DisqualificationsTests
{
    [Theory]
    [InlineData("art12-1-capacity", false, null)]
    [InlineData("art12-2-economic-crime", true, 5)]
    [InlineData("art12-3-bankruptcy", true, 3)]
    [InlineData("art12-4-licence-revoked", true, 3)]
    [InlineData("art12-5-unpaid-debt", false, null)]
    [InlineData("art12-6-other", false, null)]
    [InlineData("art40-3-false-registration", true, 3)]
    public void Find_Item_MatchesDecreeText(string id, bool registryBan, int? years)
    {
        var item = Art12Disqualifications.Find(id);

        Assert.NotNull(item);
        Assert.Equal(registryBan, item.RegistryBan);
        Assert.Equal(years, item.Years);
        Assert.False(string.IsNullOrWhiteSpace(item.TextZh));
        Assert.False(string.IsNullOrWhiteSpace(item.TextEn));
    }

    [Fact]
    public void OfficerChecklist_HasSixArticle12Items()
    {
        Assert.Equal(6, Art12Disqualifications.OfficerChecklist.Count);
        Assert.All(
            Art12Disqualifications.OfficerChecklist,
            d => Assert.StartsWith("Decree 746 Art. 12(", d.Article, StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("", 6)]
    [InlineData("art12-1-capacity,art12-5-unpaid-debt", 4)]
    [InlineData("art12-1-capacity,art12-2-economic-crime,art12-3-bankruptcy,art12-4-licence-revoked,art12-5-unpaid-debt,art12-6-other", 0)]
    public void Unconfirmed_SomeConfirmed_ListsTheRest(string confirmed, int expectedRemaining)
    {
        var remaining = Art12Disqualifications.Unconfirmed(confirmed.Split(',', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(expectedRemaining, remaining.Count);
        Assert.DoesNotContain(remaining, r => confirmed.Split(',').Contains(r.Id));
    }
}
