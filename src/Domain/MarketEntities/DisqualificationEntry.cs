using Workflows.Domain.Calendar;

namespace Workflows.Domain.MarketEntities;

/// <summary>A disqualification an officer enters (or imports) from a decision taken outside this system: a criminal
/// judgment, the end of a bankruptcy liquidation, a licence revocation (Art. 12(2)-(4)), or an Art. 40 para 3 ban
/// decided before the system kept the register.</summary>
/// <param name="DisqualificationId">An id of <see cref="Art12Disqualifications"/> kept in the ban registry.</param>
/// <param name="StartDate">The day the period runs from (执行期满, 破产清算完结, 被吊销营业执照, 被撤销).</param>
/// <param name="Source">The decision it rests on (判决书、裁定书或者决定书文号).</param>
public sealed record DisqualificationEntry(
    string DisqualificationId,
    string PersonName,
    string IdNumber,
    DateOnly StartDate,
    string Source
);

/// <summary>How long each registry disqualification lasts, as a statutory period: the years of the Art. 12 table
/// counted by the Civil Code rule; the Art. 40 para 3 ban is the period the revocation procedure already uses, so the
/// two can never count differently.</summary>
public static class DisqualificationPeriods
{
    public const string FalseRegistrationBan = "art40-3-false-registration";

    /// <summary>The Art. 40 para 3 period (trackers.json, <c>revocation-reapplication-ban</c>).</summary>
    public const string ReapplicationBanPeriod = "revocation-reapplication-ban";

    /// <summary>The periods of the Art. 12 time-limited disqualifications (ids = the disqualification ids).</summary>
    public static IReadOnlyList<LegalPeriod> Art12 =>
        [
            .. Art12Disqualifications
                .All.Where(d => d is { RegistryBan: true, Years: not null } && d.Id != FalseRegistrationBan)
                .Select(d => new LegalPeriod(d.Id, d.Years!.Value, PeriodUnit.Years, CountingRule.CivilCode, d.Article)),
        ];

    /// <summary>The period id a disqualification is counted by, or null when it is not time-limited.</summary>
    public static string? PeriodIdOf(PersonalDisqualification disqualification)
    {
        ArgumentNullException.ThrowIfNull(disqualification);
        return disqualification.Id == FalseRegistrationBan ? ReapplicationBanPeriod
            : disqualification.Years is null ? null
            : disqualification.Id;
    }

    /// <summary>The ban an entry puts in the registry; its last day comes from the period rules of the calendar.
    /// Expiry needs nobody: a ban is active only up to that day (<see cref="Ban.IsActiveOn"/>).</summary>
    public static Ban ToBan(DisqualificationEntry entry, PersonalDisqualification disqualification, DateOnly? endDate, string sourceId)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(disqualification);
        return new Ban(
            entry.IdNumber.Trim().ToUpperInvariant(),
            entry.PersonName.Trim(),
            $"{disqualification.TextZh}（{entry.Source}） / {disqualification.TextEn} ({entry.Source})",
            sourceId,
            disqualification.Article,
            entry.StartDate,
            endDate
        );
    }
}
