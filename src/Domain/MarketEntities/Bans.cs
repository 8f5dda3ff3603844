namespace Workflows.Domain.MarketEntities;

/// <summary>A disqualification of Decree 746 Art. 12 (legal representatives of companies and non-company enterprise
/// legal persons) or the re-application ban of Art. 40 para 3.</summary>
/// <param name="Id">Stable id, e.g. <c>art12-4-licence-revoked</c>.</param>
/// <param name="RegistryBan">True when the authority can know it from its own decisions or court records and keeps
/// it in the ban registry with an end date; false when the officer asks the person and confirms it.</param>
/// <param name="Years">Length of a time-limited ban (未逾N年 / N年内), null when open-ended.</param>
/// <param name="StartsOn">The event from which <see cref="Years"/> run.</param>
public sealed record PersonalDisqualification(
    string Id,
    string Article,
    bool RegistryBan,
    string TextZh,
    string TextEn,
    int? Years = null,
    string? StartsOn = null
);

/// <summary>The Art. 12 / Art. 40 para 3 list (embedded <c>Data/MarketEntities/disqualifications.json</c>).</summary>
public static class Art12Disqualifications
{
    private static readonly Lazy<IReadOnlyList<PersonalDisqualification>> Table = new(() =>
        EmbeddedData.Load<DisqualificationFile>("MarketEntities/disqualifications.json").Disqualifications
    );

    public static IReadOnlyList<PersonalDisqualification> All => Table.Value;

    /// <summary>The Art. 12 items an officer confirms for the legal representative of a company or non-company
    /// enterprise legal person (Art. 12 applies to those types only; Art. 25 re-applies it during the term of office).</summary>
    public static IReadOnlyList<PersonalDisqualification> OfficerChecklist =>
        All.Where(d => d.Article.StartsWith("Decree 746 Art. 12", StringComparison.Ordinal)).ToList();

    public static PersonalDisqualification? Find(string id) => All.FirstOrDefault(d => d.Id == id);

    /// <summary>The checklist items the officer has not yet confirmed as not applying.</summary>
    public static IReadOnlyList<PersonalDisqualification> Unconfirmed(IEnumerable<string> confirmedIds)
    {
        var confirmed = confirmedIds.ToHashSet(StringComparer.Ordinal);
        return OfficerChecklist.Where(d => !confirmed.Contains(d.Id)).ToList();
    }

    private sealed record DisqualificationFile(string Source, string Effective, IReadOnlyList<PersonalDisqualification> Disqualifications);
}

/// <summary>An entry in the ban registry.</summary>
/// <param name="PersonIdNumber">Identity number of the banned person (matched case-insensitively).</param>
/// <param name="SourceCaseId">The case (revocation decision, judgment, licence revocation) the ban comes from.</param>
/// <param name="Article">e.g. "Decree 746 Art. 40 para 3".</param>
/// <param name="StartDate">The day of the event the period runs from (revocation, completion of sentence…).</param>
/// <param name="EndDate">The last day of the ban (inclusive), or null for a ban without an end.</param>
/// <param name="Scope">What the ban bars (<see cref="BanScopes"/>); rows written before there was more than one kind
/// are market-entity bans.</param>
public sealed record Ban(
    string PersonIdNumber,
    string PersonName,
    string Reason,
    string SourceCaseId,
    string Article,
    DateOnly StartDate,
    DateOnly? EndDate,
    string Scope = BanScopes.MarketEntityRegistration
)
{
    /// <summary>Creates a time-limited ban for a registry disqualification. The end date comes from the supplied
    /// year-period rule (the legal calendar, e.g. <c>LegalCalendar.AddYears</c>), which returns the last day of an
    /// N-year period starting on the given date; this type does not decide how years are counted.</summary>
    /// <exception cref="ArgumentException">The disqualification is not time-limited (a programming error).</exception>
    public static Ban Create(
        PersonalDisqualification disqualification,
        string personIdNumber,
        string personName,
        string sourceCaseId,
        DateOnly startDate,
        Func<DateOnly, int, DateOnly> addYears
    )
    {
        ArgumentNullException.ThrowIfNull(disqualification);
        ArgumentNullException.ThrowIfNull(addYears);
        if (disqualification.Years is not { } years)
        {
            throw new ArgumentException($"Disqualification '{disqualification.Id}' has no time limit.", nameof(disqualification));
        }

        return new Ban(
            personIdNumber,
            personName,
            disqualification.TextEn,
            sourceCaseId,
            disqualification.Article,
            startDate,
            addYears(startDate, years)
        );
    }

    public bool IsActiveOn(DateOnly date) => StartDate <= date && (EndDate is null || date <= EndDate.Value);
}

/// <summary>What a ban bars. One registry holds every kind; a check asks for the kind of the act it guards, so a ban
/// from one procedure never refuses another's application.</summary>
public static class BanScopes
{
    /// <summary>Decree 746 Art. 12 and Art. 40 para 3: registering (or representing) a market entity.</summary>
    public const string MarketEntityRegistration = "market-entity-registration";

    /// <summary>漯政〔2021〕22号 第十八条: applying for the mayor's patent award (6 years after a revoked award).</summary>
    public const string PatentAwardApplication = "patent-award-application";

    /// <summary>漯政〔2021〕22号 第十九条: recommending an application for the mayor's patent award (suspended).</summary>
    public const string PatentAwardRecommendation = "patent-award-recommendation";
}

/// <summary>A person matched by an active ban.</summary>
/// <param name="NameMatches">False when the identity number matches but the registered name differs (worth a look:
/// a name change or a typo).</param>
public sealed record BanHit(string PersonName, string PersonIdNumber, Ban Ban, bool NameMatches)
{
    public string SourceCaseId => Ban.SourceCaseId;

    public DateOnly? EndDate => Ban.EndDate;
}

public static class BanCheck
{
    /// <summary>Every active ban (on <paramref name="onDate"/>) of <paramref name="scope"/> of every person, matched by
    /// identity number (a USCC for a unit).</summary>
    public static IReadOnlyList<BanHit> FindActiveBans(
        IEnumerable<(string Name, string IdNumber)> persons,
        IEnumerable<Ban> bans,
        DateOnly onDate,
        string scope = BanScopes.MarketEntityRegistration
    )
    {
        ArgumentNullException.ThrowIfNull(persons);
        ArgumentNullException.ThrowIfNull(bans);
        var active = bans.Where(b => b.IsActiveOn(onDate) && string.Equals(b.Scope, scope, StringComparison.Ordinal))
            .ToLookup(b => Normalise(b.PersonIdNumber), StringComparer.Ordinal);
        var hits = new List<BanHit>();
        foreach (var (name, idNumber) in persons.DistinctBy(p => Normalise(p.IdNumber)))
        {
            foreach (var ban in active[Normalise(idNumber)])
            {
                hits.Add(new BanHit(name, idNumber, ban, string.Equals(name.Trim(), ban.PersonName.Trim(), StringComparison.Ordinal)));
            }
        }

        return hits;
    }

    /// <summary>The natural persons of an application that bans apply to: the Art. 8(6) person, the operator, the
    /// applicant and every party identified by a resident identity card (Art. 40 para 3 bars them from applying;
    /// Art. 12 bars them from being legal representative).</summary>
    public static IReadOnlyList<(string Name, string IdNumber)> PersonsOf(RegistrationApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var people = new List<PersonRef?> { app.LegalRepresentative, app.IndividualBusiness?.Operator, app.Applicant };
        var result = people
            .Where(p => p is { Name: not null, IdNumber: not null } && p.IdType != IdType.UnifiedSocialCreditCode)
            .Select(p => (p!.Name!, p.IdNumber!))
            .Concat(
                app.PartiesOrEmpty.Where(p => p is { Name: not null, IdNumber: not null } && p.IdType != IdType.UnifiedSocialCreditCode)
                    .Select(p => (p.Name!, p.IdNumber!))
            );
        return result.DistinctBy(p => Normalise(p.Item2)).ToList();
    }

    private static string Normalise(string idNumber) => idNumber.Trim().ToUpperInvariant();
}
