namespace Workflows.Domain.Energy;

/// <summary>Everything that must hold before a substitution plan enters review, in one call for an orchestration activity.</summary>
public static class CoalReviewAdmission
{
    /// <summary>Returns all reasons the plan may not enter review yet (empty when it may):
    /// intake validity (Arts. 2, 7-11), regional suspension (Art. 19) and the 40% achieved share (Art. 15).</summary>
    /// <param name="intake">The filing.</param>
    /// <param name="rules">Rule table in force on <paramref name="date"/>.</param>
    /// <param name="suspensions">Known regional suspensions.</param>
    /// <param name="achievedTonnes">Substitution achieved so far (e.g. <see cref="SubstitutionLedger.AchievedFor(string, DateOnly)"/>).</param>
    /// <param name="date">The date of submission for review.</param>
    /// <param name="usccError">Optional USCC check.</param>
    public static IReadOnlyList<ValidationError> Check(
        CoalProjectIntake intake,
        CoalSubstitutionRuleTable rules,
        IEnumerable<RegionalSuspension> suspensions,
        decimal achievedTonnes,
        DateOnly date,
        Func<string, string?>? usccError = null
    )
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<ValidationError>(CoalProjectIntakeValidator.Validate(intake, rules, usccError));
        if (errors.Count > 0)
        {
            return errors;
        }

        if (SuspensionCheck.CanEnterReview(intake.Location, suspensions, date) is { } suspended)
        {
            errors.Add(suspended);
        }

        var q = SubstitutionCalculator.Compute(intake, rules);
        var gate = SubstitutionGates.CheckReviewGate(q.SubstitutionTonnes, achievedTonnes, rules.Review.MinimumAchievedShareBeforeReview);
        if (!gate.Passed)
        {
            errors.Add(
                new ValidationError("achievedTonnes", "coal.review.below-minimum-share", $"{gate.Message} {q.Formula}.", gate.Article)
            );
        }

        return errors;
    }
}
