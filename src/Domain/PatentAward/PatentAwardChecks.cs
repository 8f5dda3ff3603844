using System.Globalization;
using Workflows.Domain.Energy;

namespace Workflows.Domain.PatentAward;

/// <summary>A round's year and the years of the rounds already held (第五条 每两年评审一次).</summary>
public static class PatentAwardRounds
{
    /// <summary>Why a round for <paramref name="year"/> cannot be held (null when it can): not before the first round
    /// year, not in the future, and at least <see cref="PatentAwardRules.RoundIntervalYears"/> from every other round.</summary>
    public static ValidationError? Check(PatentAwardRules rules, int year, int currentYear, IEnumerable<int> heldYears)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(heldYears);
        if (year < rules.FirstRoundYear || year > currentYear)
        {
            return new ValidationError(
                "year",
                "patent-award.round.year-range",
                $"评审年度应在 {rules.FirstRoundYear} 年至今年（{currentYear} 年）之间 / A round is held from {rules.FirstRoundYear} "
                    + $"to this year ({currentYear}); got {year}.",
                rules.Cite("第五条")
            );
        }

        var near = heldYears.Where(y => y != year && Math.Abs(y - year) < rules.RoundIntervalYears).Order().ToList();
        return near.Count == 0
            ? null
            : new ValidationError(
                "year",
                "patent-award.round.biennial",
                $"市长专利奖每两年评审一次，{string.Join("、", near)} 年已评审 / The award is held every {rules.RoundIntervalYears} "
                    + $"years and {string.Join(", ", near)} already had a round; got {year}.",
                rules.Cite("第五条")
            );
    }
}

/// <summary>A patent proposed for an award level in the round's publicity.</summary>
public sealed record AwardNominee(string CaseId, string Level, string PatentKind);

/// <summary>The slate of 第五条: per level at most its cap, and invention patents at least 70 % of each level.</summary>
public static class AwardSlate
{
    private const string AwardsField = "awards";

    public static IReadOnlyList<ValidationError> Check(PatentAwardRules rules, IReadOnlyList<AwardNominee> nominees)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(nominees);
        var errors = new List<ValidationError>();
        foreach (var unknown in nominees.Where(n => rules.Level(n.Level) is null))
        {
            errors.Add(
                new ValidationError(
                    $"{AwardsField}.level",
                    "patent-award.level.unknown",
                    $"奖励等级“{unknown.Level}”无效（gold、silver、excellence） / Unknown award level '{unknown.Level}' for {unknown.CaseId}.",
                    rules.Cite("第五条")
                )
            );
        }

        foreach (var duplicate in nominees.GroupBy(n => n.CaseId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(
                new ValidationError(
                    $"{AwardsField}.caseId",
                    "patent-award.nominee.duplicate",
                    $"{duplicate.Key} 重复列入公示 / {duplicate.Key} is listed more than once.",
                    rules.Cite("第五条")
                )
            );
        }

        foreach (var level in rules.Levels)
        {
            var inLevel = nominees.Where(n => n.Level == level.Code).ToList();
            if (inLevel.Count > level.MaxPerRound)
            {
                errors.Add(
                    new ValidationError(
                        "awards",
                        "patent-award.level.cap",
                        $"每次评审{level.Zh}不超过 {level.MaxPerRound} 项，拟授予 {inLevel.Count} 项 / At most {level.MaxPerRound} "
                            + $"{level.En}(s) per round; {inLevel.Count} proposed.",
                        rules.Cite("第五条")
                    )
                );
            }

            var inventions = inLevel.Count(n => n.PatentKind == PatentAwardRules.Invention);
            if (inLevel.Count > 0 && inventions < rules.InventionShare * inLevel.Count)
            {
                errors.Add(
                    new ValidationError(
                        "awards",
                        "patent-award.invention-share",
                        $"{level.Zh}中发明专利不少于 {Percent(rules.InventionShare)}，拟授予 {inLevel.Count} 项中发明专利 {inventions} 项 / "
                            + $"Invention patents must be at least {Percent(rules.InventionShare)} of the {level.En}s; {inventions} of "
                            + $"{inLevel.Count}.",
                        rules.Cite("第五条")
                    )
                );
            }
        }

        return errors;
    }

    private static string Percent(decimal share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}

/// <summary>An expert of a professional review group who took part in the review of an application.</summary>
public sealed record ReviewExpert(string Id, string Name);

/// <summary>第十六条: an expert with an interest in the candidate patent withdraws (应当回避).</summary>
public static class ExpertConflicts
{
    /// <summary>The reviewing experts who declared a conflict with this application (by expert id).</summary>
    public static IReadOnlyList<ReviewExpert> Conflicted(IEnumerable<ReviewExpert> reviewers, IEnumerable<string> declaredExpertIds)
    {
        ArgumentNullException.ThrowIfNull(reviewers);
        ArgumentNullException.ThrowIfNull(declaredExpertIds);
        var declared = declaredExpertIds.Select(Normalise).ToHashSet(StringComparer.Ordinal);
        return reviewers.Where(r => declared.Contains(Normalise(r.Id))).ToList();
    }

    private static string Normalise(string id) => id.Trim().ToUpperInvariant();
}

/// <summary>What 第十八条 does to an application found fraudulent.</summary>
public enum FraudConsequence
{
    /// <summary>尚未授奖的，取消其当年获奖资格.</summary>
    QualificationCancelled,

    /// <summary>已经授奖的，报请市政府批准后撤销奖励，追回证书和奖金，并公开通报，6年内不得申报.</summary>
    AwardRevoked,
}

public static class FraudRule
{
    /// <summary>The consequence of fraud found before or after the award (第十八条).</summary>
    public static FraudConsequence Of(bool awarded) => awarded ? FraudConsequence.AwardRevoked : FraudConsequence.QualificationCancelled;
}
