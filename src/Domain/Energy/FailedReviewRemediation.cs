using Workflows.Domain.Access;

namespace Workflows.Domain.Energy;

/// <summary>States of a project that did not meet energy review requirements (不符合节能审查要求的项目).</summary>
public enum RemediationState
{
    /// <summary>Must retrofit (section 三: by the end of October 2021).</summary>
    RetrofitRequired,

    /// <summary>Retrofit under way.</summary>
    RetrofitInProgress,

    /// <summary>Retrofit finished; third-party audit pending.</summary>
    RetrofitCompleted,

    /// <summary>Third-party energy audit and efficiency assessment filed with the municipal authority (报备).</summary>
    AuditFiled,

    /// <summary>The municipal authority organises the review (组织审查).</summary>
    UnderReview,

    /// <summary>At the industry-advanced level and within the regional dual-control targets: may resume production (可以复产).</summary>
    ResumptionAllowed,

    /// <summary>Not at the advanced level: further retrofit needed.</summary>
    ResumptionRefused,
}

/// <summary>Events that move the remediation.</summary>
public enum RemediationTrigger
{
    /// <summary>The unit starts the retrofit.</summary>
    StartRetrofit,

    /// <summary>The unit finishes the retrofit.</summary>
    CompleteRetrofit,

    /// <summary>The unit files the third-party audit and assessment with the municipal authority.</summary>
    FileAuditAndAssessment,

    /// <summary>The municipal authority opens the review.</summary>
    StartReview,

    /// <summary>The municipal authority allows resumption.</summary>
    AllowResumption,

    /// <summary>The municipal authority refuses resumption.</summary>
    RefuseResumption,
}

/// <summary>An allowed transition, who performs it and the basis.</summary>
public sealed record RemediationTransition(
    RemediationState From,
    RemediationTrigger Trigger,
    RemediationState To,
    Role Actor,
    string Article
);

/// <summary>A recorded step.</summary>
public sealed record RemediationEvent(
    RemediationTrigger Trigger,
    RemediationState From,
    RemediationState To,
    Role Actor,
    DateOnly On,
    string? Note
);

/// <summary>What the reviewer found (section 四(三)): resumption needs both.</summary>
/// <param name="AtIndustryAdvancedLevel">能效水平达到行业先进水平.</param>
/// <param name="RegionalDualControlSecured">在确保完成本地区能耗双控目标前提下.</param>
public sealed record RemediationFindings(bool AtIndustryAdvancedLevel, bool RegionalDualControlSecured);

/// <summary>Result of applying a trigger.</summary>
public sealed record RemediationResult(bool Succeeded, FailedReviewRemediation Remediation, ValidationError? Error);

/// <summary>Pure state machine for section 四(三) of 漯节减办〔2021〕7号: after the retrofit, the unit has a third party
/// carry out an energy audit and efficiency assessment and files them with the municipal energy authority, which reviews;
/// projects at the industry-advanced level may resume production, provided the region's dual-control targets are met.
/// Section 三 sets the retrofit deadline (end of October 2021).</summary>
public sealed record FailedReviewRemediation(string ProjectId, RemediationState State, IReadOnlyList<RemediationEvent> History)
{
    private static readonly string Schedule = EnergySources.Retrofit("三、时间安排");
    private static readonly string Resume = EnergySources.Retrofit("四(三)");

    /// <summary>All allowed transitions.</summary>
    public static IReadOnlyList<RemediationTransition> Transitions { get; } =
    [
        new(
            RemediationState.RetrofitRequired,
            RemediationTrigger.StartRetrofit,
            RemediationState.RetrofitInProgress,
            Role.Enterprise,
            Schedule
        ),
        new(
            RemediationState.RetrofitInProgress,
            RemediationTrigger.CompleteRetrofit,
            RemediationState.RetrofitCompleted,
            Role.Enterprise,
            Resume
        ),
        new(
            RemediationState.RetrofitCompleted,
            RemediationTrigger.FileAuditAndAssessment,
            RemediationState.AuditFiled,
            Role.Enterprise,
            Resume
        ),
        new(RemediationState.AuditFiled, RemediationTrigger.StartReview, RemediationState.UnderReview, Role.MunicipalDrc, Resume),
        new(
            RemediationState.UnderReview,
            RemediationTrigger.AllowResumption,
            RemediationState.ResumptionAllowed,
            Role.MunicipalDrc,
            Resume
        ),
        new(
            RemediationState.UnderReview,
            RemediationTrigger.RefuseResumption,
            RemediationState.ResumptionRefused,
            Role.MunicipalDrc,
            Resume
        ),
        new(
            RemediationState.ResumptionRefused,
            RemediationTrigger.StartRetrofit,
            RemediationState.RetrofitInProgress,
            Role.Enterprise,
            Resume
        ),
    ];

    /// <summary>A new remediation in <see cref="RemediationState.RetrofitRequired"/>.</summary>
    public static FailedReviewRemediation Start(string projectId) => new(projectId, RemediationState.RetrofitRequired, []);

    /// <summary>Triggers allowed in the current state.</summary>
    public IEnumerable<RemediationTransition> Allowed => Transitions.Where(t => t.From == State);

    /// <summary>Applies a trigger by a role on a date. Refuses (without throwing) a trigger not allowed in the current state,
    /// the wrong role, and resumption without both findings.</summary>
    public RemediationResult Apply(
        RemediationTrigger trigger,
        Role actor,
        DateOnly on,
        RemediationFindings? findings = null,
        string? note = null
    )
    {
        var transition = Transitions.FirstOrDefault(t => t.From == State && t.Trigger == trigger);
        if (transition is null)
        {
            var allowed = string.Join(", ", Allowed.Select(t => t.Trigger));
            return Refuse(
                "remediation.transition.invalid",
                $"{trigger} is not allowed in state {State}; allowed: {(allowed.Length == 0 ? "none (final state)" : allowed)}.",
                Resume
            );
        }

        if (transition.Actor != actor)
        {
            return Refuse("remediation.role.wrong", $"{trigger} is done by {transition.Actor}, not {actor}.", transition.Article);
        }

        if (trigger == RemediationTrigger.AllowResumption)
        {
            if (findings is null || !findings.AtIndustryAdvancedLevel || !findings.RegionalDualControlSecured)
            {
                return Refuse(
                    "remediation.resume.conditions-unmet",
                    "Resumption needs energy efficiency at the industry-advanced level (能效水平达到行业先进水平) and the region's dual-control targets secured (确保完成本地区能耗双控目标).",
                    Resume
                );
            }
        }

        var next = this with
        {
            State = transition.To,
            History = [.. History, new RemediationEvent(trigger, State, transition.To, actor, on, note)],
        };
        return new RemediationResult(true, next, null);
    }

    /// <summary>True when the retrofit started after the special deadline (or has not started by it).</summary>
    public bool MissedDeadline(FailedReviewDeadline deadline, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        var started = History.FirstOrDefault(e => e.Trigger == RemediationTrigger.StartRetrofit);
        return started is null ? asOf > deadline.Date : started.On > deadline.Date;
    }

    private RemediationResult Refuse(string rule, string message, string article) =>
        new(false, this, new ValidationError("trigger", rule, $"Project {ProjectId}: {message}", article));
}
