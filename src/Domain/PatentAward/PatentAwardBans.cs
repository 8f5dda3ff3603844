using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.PatentAward;

/// <summary>The bans the measures impose, as rows of the one ban registry (the kinds of <see cref="BanScopes"/>).</summary>
public static class PatentAwardBans
{
    /// <summary>第十八条: the applicant of a revoked award may not apply for 6 years. <paramref name="lastDay"/> is the end
    /// of the year period from the revocation (the legal calendar's year rule, computed in an activity).</summary>
    public static Ban Fraud(
        PatentAwardRules rules,
        string applicantId,
        string applicantName,
        string sourceCaseId,
        DateOnly revokedOn,
        DateOnly lastDay
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new Ban(
            applicantId,
            applicantName,
            rules.FraudBan.TextEn,
            sourceCaseId,
            rules.FraudBan.Article,
            revokedOn,
            lastDay,
            BanScopes.PatentAwardApplication
        );
    }

    /// <summary>第十九条: the recommending unit that helped the fraud loses its right to recommend, with no end set.</summary>
    public static Ban RecommenderSuspended(
        PatentAwardRules rules,
        string unitUscc,
        string unitName,
        string sourceCaseId,
        DateOnly suspendedOn
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new Ban(
            unitUscc,
            unitName,
            rules.RecommenderSuspension.TextEn,
            sourceCaseId,
            rules.RecommenderSuspension.Article,
            suspendedOn,
            null,
            BanScopes.PatentAwardRecommendation
        );
    }
}
