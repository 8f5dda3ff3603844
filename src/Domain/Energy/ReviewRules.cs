using Workflows.Domain.Access;

namespace Workflows.Domain.Energy;

/// <summary>One step of the substitution plan review.</summary>
/// <param name="Order">1-based.</param>
/// <param name="Actor">The role that acts.</param>
/// <param name="Action">What it does.</param>
/// <param name="Article">Citation.</param>
public sealed record ReviewStep(int Order, Role Actor, string Action, string Article);

/// <summary>The review path of a plan and why.</summary>
public sealed record ReviewRoute(
    bool ProvincialReview,
    decimal AnnualEnergyConsumptionTce,
    decimal ThresholdTce,
    IReadOnlyList<ReviewStep> Steps,
    string Explanation
);

/// <summary>Art. 11: review follows the energy-review authority tiers.</summary>
public static class ReviewRouting
{
    /// <summary>≥ threshold (5,000 tce/yr; the increment after completion for reconstruction/expansion): the city DRC
    /// (省辖市、济源示范区) gives a preliminary opinion and the provincial DRC reviews; below: the city DRC reviews.</summary>
    public static ReviewRoute For(CoalProjectIntake intake, CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(rules);
        var threshold = rules.Review.ProvincialThresholdTce;
        var energy = intake.AnnualEnergyConsumptionTce;
        var basis =
            intake.Kind == ProjectKind.New
                ? "annual comprehensive energy consumption"
                : "increase in annual comprehensive energy consumption after completion";
        var submit = new ReviewStep(
            1,
            Role.ProjectOwner,
            "Submit the coal substitution plan with the energy-saving report (编制煤炭替代方案)",
            EnergySources.Coal("Art. 10")
        );
        if (energy >= threshold)
        {
            return new ReviewRoute(
                true,
                energy,
                threshold,
                [
                    submit,
                    new ReviewStep(
                        2,
                        Role.MunicipalDrc,
                        "Preliminary opinion (提出初审意见) and forward to the province",
                        EnergySources.Coal("Art. 11(1)")
                    ),
                    new ReviewStep(
                        3,
                        Role.ProvincialDrc,
                        "Review the plan (审查) as part of the energy review",
                        EnergySources.Coal("Arts. 11(1), 12")
                    ),
                ],
                $"{basis} {EnergyJson.Amount(energy)} tce ≥ {EnergyJson.Amount(threshold)} tce: city DRC preliminary opinion, provincial DRC review ({EnergySources.Coal("Art. 11(1)")})."
            );
        }

        return new ReviewRoute(
            false,
            energy,
            threshold,
            [
                submit,
                new ReviewStep(
                    2,
                    Role.MunicipalDrc,
                    "Review the plan (审查) as part of the energy review",
                    EnergySources.Coal("Arts. 11(2), 12")
                ),
            ],
            $"{basis} {EnergyJson.Amount(energy)} tce < {EnergyJson.Amount(threshold)} tce: reviewed by the city DRC ({EnergySources.Coal("Art. 11(2)")})."
        );
    }
}

/// <summary>Result of a gate check: pass, or a failure with numbers.</summary>
public sealed record GateResult(
    bool Passed,
    decimal Required,
    decimal Achieved,
    decimal AchievedShare,
    decimal Shortfall,
    string Message,
    string Article
);

/// <summary>Arts. 15 and 17 gates on achieved substitution.</summary>
public static class SubstitutionGates
{
    /// <summary>Art. 15: before review, achieved substitution must be at least 40% of Q.</summary>
    public static GateResult CheckReviewGate(decimal requiredQ, decimal achieved, decimal minimumShare = 0.40m)
    {
        Guard(requiredQ, achieved);
        var needed = requiredQ * minimumShare;
        var share = achieved / requiredQ;
        var article = EnergySources.Coal("Art. 15");
        return achieved >= needed
            ? new GateResult(
                true,
                needed,
                achieved,
                share,
                0m,
                $"Achieved {EnergyJson.Amount(achieved)} t = {EnergyJson.Percent(share)} of Q {EnergyJson.Amount(requiredQ)} t, at least {EnergyJson.Percent(minimumShare)}: the plan may enter review.",
                article
            )
            : new GateResult(
                false,
                needed,
                achieved,
                share,
                needed - achieved,
                $"Achieved {EnergyJson.Amount(achieved)} t = {EnergyJson.Percent(share)} of Q {EnergyJson.Amount(requiredQ)} t; at least {EnergyJson.Percent(minimumShare)} ({EnergyJson.Amount(needed)} t) must be achieved before review, {EnergyJson.Amount(needed - achieved)} t short (实际完成的煤炭替代量占总替代量比例应不低于40%).",
                article
            );
    }

    /// <summary>Arts. 15, 17: before production, all of Q must be achieved and confirmed by the relevant departments
    /// of the local people's government (所在地人民政府相关部门审查认定出具意见).</summary>
    public static GateResult CheckProductionGate(decimal requiredQ, decimal achieved, bool confirmedByLocalGovernment)
    {
        Guard(requiredQ, achieved);
        var share = achieved / requiredQ;
        var article = EnergySources.Coal("Arts. 15, 17");
        if (achieved < requiredQ)
        {
            return new GateResult(
                false,
                requiredQ,
                achieved,
                share,
                requiredQ - achieved,
                $"Achieved {EnergyJson.Amount(achieved)} t = {EnergyJson.Percent(share)} of Q {EnergyJson.Amount(requiredQ)} t; all of it must be achieved before production, {EnergyJson.Amount(requiredQ - achieved)} t short (不得投入生产使用).",
                article
            );
        }

        if (!confirmedByLocalGovernment)
        {
            return new GateResult(
                false,
                requiredQ,
                achieved,
                share,
                0m,
                $"Achieved {EnergyJson.Amount(achieved)} t covers Q {EnergyJson.Amount(requiredQ)} t, but the local government's confirming opinion (所在地人民政府相关部门审查认定出具意见) is missing.",
                article
            );
        }

        return new GateResult(
            true,
            requiredQ,
            achieved,
            share,
            0m,
            $"Achieved {EnergyJson.Amount(achieved)} t covers Q {EnergyJson.Amount(requiredQ)} t and is confirmed by the local government: production may start.",
            article
        );
    }

    private static void Guard(decimal requiredQ, decimal achieved)
    {
        if (requiredQ <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requiredQ), requiredQ, "Q must be positive.");
        }

        if (achieved < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(achieved), achieved, "Achieved substitution cannot be negative.");
        }
    }
}

/// <summary>Art. 13: after the project passes energy review, the local DRC publishes the plan on its portal (门户网站公示).</summary>
public sealed record PlanPublication(string ProjectId, Role PublishedBy, DateOnly PublishedOn, Uri PortalUrl, string Article)
{
    /// <summary>Records the publication; the role must be a DRC.</summary>
    public static PlanPublication Record(string projectId, Role publishedBy, DateOnly publishedOn, Uri portalUrl)
    {
        if (publishedBy is not (Role.MunicipalDrc or Role.ProvincialDrc or Role.CountyOffice))
        {
            throw new ArgumentException(
                $"Publication is done by the local development and reform department, not {publishedBy}.",
                nameof(publishedBy)
            );
        }

        return new PlanPublication(projectId, publishedBy, publishedOn, portalUrl, EnergySources.Coal("Art. 13"));
    }
}

/// <summary>Art. 16: within 3 months after production forms actual coal consumption, the owner reports implementation
/// to the authority that issued the energy review opinion. The calendar lives elsewhere: this carries the parameters.</summary>
/// <param name="Months">Months after the start of actual coal consumption.</param>
/// <param name="ReminderDaysBefore">Reminder offsets before the deadline.</param>
/// <param name="Article">Citation.</param>
public sealed record ReportDeadlineRule(int Months, IReadOnlyList<int> ReminderDaysBefore, string Article)
{
    /// <summary>The rule of Art. 16 with reminders 30, 7 and 1 days before.</summary>
    public static ReportDeadlineRule ImplementationReport(CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(rules.Review.ImplementationReportMonths, [30, 7, 1], EnergySources.Coal(rules.Review.ImplementationReportArticle));
    }

    /// <summary>Deadline using the caller's month arithmetic (e.g. a calendar's AddMonths with end-of-month handling).</summary>
    public DateOnly DeadlineFrom(DateOnly productionStart, Func<DateOnly, int, DateOnly> addMonths)
    {
        ArgumentNullException.ThrowIfNull(addMonths);
        return addMonths(productionStart, Months);
    }

    /// <summary>Reminder dates for a deadline, earliest first.</summary>
    public IReadOnlyList<DateOnly> RemindersFor(DateOnly deadline) =>
        [.. ReminderDaysBefore.OrderByDescending(d => d).Select(d => deadline.AddDays(-d))];
}
