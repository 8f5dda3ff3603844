using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Energy;

/// <summary>The answer of a gate: passed, or refused with the rule, the numbers and the article.</summary>
public sealed record CoalGateOutcome(bool Passed, decimal AchievedTonnes, string Rule, string Message, string Article);

/// <summary>The declared production date and the dates it must not precede (Arts. 15, 17).</summary>
public sealed record ProductionDates(DateOnly Production, DateOnly? ApprovedOn, DateOnly? ConfirmedOn);

/// <summary>
/// The gates of the coal procedure, read from the ledger and the suspensions: used by the event check (so the caller
/// gets a 409 with the numbers) and again by the orchestration's activity (the decision recorded in its history).
/// </summary>
/// <remarks>A suspension of 豫政办〔2021〕65号 （十八） may leave livelihood and infrastructure projects out: the gates
/// read the plan's stated purpose from its case (<paramref name="cases"/>; without it no exception applies).</remarks>
public sealed class CoalGates(SubstitutionLedgerStore ledger, SuspensionStore suspensions, CaseStore? cases = null)
{
    /// <summary>Art. 19 suspension, then Art. 15 (≥ 40% of Q achieved) before the plan enters review.</summary>
    public async Task<CoalGateOutcome> CheckReviewAsync(
        string caseId,
        ProjectLocation location,
        decimal requiredQ,
        decimal minimumShare,
        DateOnly on,
        CancellationToken cancellationToken
    )
    {
        var achieved = (await ledger.ReadAsync(cancellationToken).ConfigureAwait(false)).AchievedFor(caseId, on);
        var stored = await suspensions.ListAsync(cancellationToken).ConfigureAwait(false);
        var purpose = await PurposeAsync(caseId, cancellationToken).ConfigureAwait(false);
        var hit = stored.FirstOrDefault(s => s.Suspension.Covers(location, on, purpose));
        if (hit is not null && SuspensionCheck.CanEnterReview(location, [hit.Suspension], on) is { } suspended)
        {
            return new CoalGateOutcome(false, achieved, suspended.Rule, $"Suspension {hit.Id}: {suspended.Message}", suspended.Article);
        }

        var gate = SubstitutionGates.CheckReviewGate(requiredQ, achieved, minimumShare);
        return new CoalGateOutcome(
            gate.Passed,
            achieved,
            gate.Passed ? "coal.review.admitted" : "coal.review.below-minimum-share",
            gate.Message,
            gate.Article
        );
    }

    /// <summary>Art. 19: a review under way stops while the region rectifies (整改期间暂停…节能审查): no opinion is given.</summary>
    public async Task<CoalGateOutcome> CheckSuspensionAsync(
        string caseId,
        ProjectLocation location,
        DateOnly on,
        CancellationToken cancellationToken
    )
    {
        var achieved = (await ledger.ReadAsync(cancellationToken).ConfigureAwait(false)).AchievedFor(caseId, on);
        var stored = await suspensions.ListAsync(cancellationToken).ConfigureAwait(false);
        var purpose = await PurposeAsync(caseId, cancellationToken).ConfigureAwait(false);
        var hit = stored.FirstOrDefault(s => s.Suspension.Covers(location, on, purpose));
        return hit is not null && SuspensionCheck.CanEnterReview(location, [hit.Suspension], on) is { } suspended
            ? new CoalGateOutcome(
                false,
                achieved,
                suspended.Rule,
                $"Suspension {hit.Id}: the review under way is suspended too — {suspended.Message}",
                suspended.Article
            )
            : new CoalGateOutcome(
                true,
                achieved,
                "coal.review.admitted",
                "No suspension covers the project's region.",
                $"{EnergySources.CoalSubstitution} Art. 19"
            );
    }

    /// <summary>The plan's stated purpose as the suspensions name their exceptions (camelCase), or null.</summary>
    private async Task<string?> PurposeAsync(string caseId, CancellationToken cancellationToken) =>
        cases is not null
        && await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false) is { } record
        && CoalCaseData.From(record)?.Intake.Purpose is { } purpose
            ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(purpose.ToString())
            : null;

    /// <summary>Arts. 15, 17: all of Q achieved (and, for production, confirmed by the local government) and, when the
    /// dates are known, production declared no earlier than the approval and the confirmation.</summary>
    public async Task<CoalGateOutcome> CheckProductionAsync(
        string caseId,
        decimal requiredQ,
        bool confirmed,
        CancellationToken cancellationToken,
        ProductionDates? dates = null
    )
    {
        var achieved = (await ledger.ReadAsync(cancellationToken).ConfigureAwait(false)).SecuredFor(caseId);
        if (dates is not null && CoalEnforcement.CheckProductionDate(dates.Production, dates.ApprovedOn, dates.ConfirmedOn) is { } early)
        {
            return new CoalGateOutcome(false, achieved, early.Rule, early.Message, early.Article);
        }

        var gate = SubstitutionGates.CheckProductionGate(requiredQ, achieved, confirmed);
        return new CoalGateOutcome(
            gate.Passed,
            achieved,
            gate.Passed ? "coal.production.allowed"
                : confirmed || achieved < requiredQ ? "coal.production.substitution-incomplete"
                : "coal.production.not-confirmed",
            gate.Message,
            gate.Article
        );
    }

    /// <summary>Art. 15/17: the local government may confirm only when all of Q is achieved.</summary>
    public async Task<CoalGateOutcome> CheckConfirmationAsync(string caseId, decimal requiredQ, CancellationToken cancellationToken)
    {
        var achieved = (await ledger.ReadAsync(cancellationToken).ConfigureAwait(false)).SecuredFor(caseId);
        var gate = SubstitutionGates.CheckProductionGate(requiredQ, achieved, confirmedByLocalGovernment: true);
        return new CoalGateOutcome(
            gate.Passed,
            achieved,
            gate.Passed ? "coal.confirmation.allowed" : "coal.confirmation.substitution-incomplete",
            gate.Message,
            gate.Article
        );
    }

    /// <summary>Books a source to a project (Art. 5: once; the ledger refuses a second project and names the holder).</summary>
    public Task<LedgerResult> AllocateAsync(
        string sourceId,
        string caseId,
        decimal tonnes,
        DateTimeOffset atUtc,
        CancellationToken cancellationToken
    ) => ledger.ChangeAsync(l => l.Allocate(sourceId, caseId, tonnes, ChinaTime.ToLegalDate(atUtc)), cancellationToken);
}
