namespace Workflows.Domain.Energy;

/// <summary>Programme section 二 (改造内容): the three kinds of retrofit content.</summary>
public enum RetrofitCategory
{
    /// <summary>节能改造: process optimisation, high-energy equipment, energy systems, waste heat/pressure, smart management.</summary>
    EnergySaving,

    /// <summary>降碳改造: coal reduction, clean-energy substitution, process decarbonisation.</summary>
    CarbonReduction,

    /// <summary>清洁生产: clean raw materials, harmless disposal of wastes, resource recovery.</summary>
    CleanProduction,
}

/// <summary>A unit's retrofit project. Section 五(二) asks for each project its content, implementation deadline,
/// investment and energy-saving effect (项目改造内容、实施期限、投资规模、节能效果).</summary>
/// <param name="Id">Project id.</param>
/// <param name="UnitUscc">USCC of the key energy-using unit.</param>
/// <param name="Category">Section 二 category.</param>
/// <param name="Content">改造内容.</param>
/// <param name="Deadline">实施期限.</param>
/// <param name="InvestmentTenThousandYuan">投资规模 in 万元.</param>
/// <param name="ExpectedSavingsTcePerYear">节能效果: saving capacity in tce per year.</param>
/// <param name="StartedOn">When the retrofit started (实施), or null; drives the year-end checkpoints.</param>
/// <param name="CompletedOn">When it was completed, or null.</param>
/// <param name="ForFailedEnergyReview">True for a project that did not meet energy review requirements (section 三 deadline).</param>
public sealed record RetrofitProject(
    string Id,
    string UnitUscc,
    RetrofitCategory Category,
    string Content,
    DateOnly Deadline,
    decimal InvestmentTenThousandYuan,
    decimal ExpectedSavingsTcePerYear,
    DateOnly? StartedOn = null,
    DateOnly? CompletedOn = null,
    bool ForFailedEnergyReview = false
)
{
    /// <summary>Started on or before the date.</summary>
    public bool StartedBy(DateOnly date) => StartedOn is { } s && s <= date;
}

/// <summary>Status in a progress report.</summary>
public enum RetrofitStatus
{
    /// <summary>未开工.</summary>
    NotStarted,

    /// <summary>实施中.</summary>
    InProgress,

    /// <summary>已完成.</summary>
    Completed,
}

/// <summary>A periodic progress report on a retrofit project.</summary>
public sealed record RetrofitProgressReport(
    string ProjectId,
    DateOnly ReportDate,
    RetrofitStatus Status,
    DateOnly? StartedOn,
    DateOnly? CompletedOn,
    decimal InvestmentToDateTenThousandYuan,
    decimal AchievedSavingsTcePerYear,
    string? Notes = null
);

/// <summary>Validation of projects and progress reports against a programme.</summary>
public static class RetrofitValidator
{
    /// <summary>Checks a project: content present, positive numbers, deadline inside the programme, and for a project that
    /// failed energy review, a start no later than the special deadline (section 三: 2021年10月底前实施改造).</summary>
    public static IReadOnlyList<ValidationError> Validate(RetrofitProject project, RetrofitProgramme programme)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(programme);
        var errors = new List<ValidationError>();
        var listing = EnergySources.Retrofit("五(二)");
        if (string.IsNullOrWhiteSpace(project.UnitUscc))
        {
            errors.Add(new("unitUscc", "retrofit.unit.required", "The key energy-using unit (USCC) is required.", listing));
        }

        if (string.IsNullOrWhiteSpace(project.Content))
        {
            errors.Add(new("content", "retrofit.content.required", "Describe the retrofit content (项目改造内容).", listing));
        }

        if (project.InvestmentTenThousandYuan < 0)
        {
            errors.Add(
                new(
                    "investmentTenThousandYuan",
                    "retrofit.investment.negative",
                    $"Investment cannot be negative, got {project.InvestmentTenThousandYuan} 万元 (投资规模).",
                    listing
                )
            );
        }

        if (project.ExpectedSavingsTcePerYear <= 0)
        {
            errors.Add(
                new(
                    "expectedSavingsTcePerYear",
                    "retrofit.savings.not-positive",
                    $"Expected savings must be positive tce/yr (节能效果), got {project.ExpectedSavingsTcePerYear}.",
                    listing
                )
            );
        }

        var lastDay = new DateOnly(programme.LastYear, 12, 31);
        if (project.Deadline.Year < programme.FirstYear || project.Deadline > lastDay)
        {
            errors.Add(
                new(
                    "deadline",
                    "retrofit.deadline.outside-programme",
                    $"Deadline {project.Deadline:yyyy-MM-dd} lies outside the programme {programme.FirstYear}-{programme.LastYear} (3年改造一遍).",
                    EnergySources.Retrofit("三、时间安排")
                )
            );
        }

        if (project.CompletedOn is { } done && (project.StartedOn is not { } start || done < start))
        {
            errors.Add(
                new(
                    "completedOn",
                    "retrofit.dates.completed-before-start",
                    "A completed project needs a start date on or before completion.",
                    listing
                )
            );
        }

        if (project.ForFailedEnergyReview && programme.FailedEnergyReviewDeadline is { } special && project.Deadline > special.Date)
        {
            errors.Add(
                new(
                    "deadline",
                    "retrofit.failed-review.late-deadline",
                    $"A project that did not meet energy review requirements must be retrofitted by {special.Date:yyyy-MM-dd}; its deadline is {project.Deadline:yyyy-MM-dd} (不符合节能审查要求的项目在2021年10月底前实施改造).",
                    special.Article
                )
            );
        }

        return errors;
    }

    /// <summary>Checks a progress report: dates consistent with status and not after the report date, non-negative numbers.</summary>
    public static IReadOnlyList<ValidationError> Validate(RetrofitProgressReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var errors = new List<ValidationError>();
        var basis = EnergySources.Retrofit("五(三)");
        if (report.Status != RetrofitStatus.NotStarted && report.StartedOn is null)
        {
            errors.Add(new("startedOn", "progress.started-on.required", $"Status {report.Status} needs a start date.", basis));
        }

        if (report.Status == RetrofitStatus.Completed && report.CompletedOn is null)
        {
            errors.Add(new("completedOn", "progress.completed-on.required", "A completed project needs a completion date.", basis));
        }

        if (report.Status != RetrofitStatus.Completed && report.CompletedOn is not null)
        {
            errors.Add(
                new("completedOn", "progress.completed-on.unexpected", $"Status {report.Status} cannot have a completion date.", basis)
            );
        }

        if (report.StartedOn > report.ReportDate || report.CompletedOn > report.ReportDate)
        {
            errors.Add(
                new(
                    "reportDate",
                    "progress.dates.future",
                    $"Start/completion dates cannot be after the report date {report.ReportDate:yyyy-MM-dd}.",
                    basis
                )
            );
        }

        if (report.StartedOn is { } s && report.CompletedOn is { } c && c < s)
        {
            errors.Add(new("completedOn", "progress.dates.order", $"Completion {c:yyyy-MM-dd} precedes start {s:yyyy-MM-dd}.", basis));
        }

        if (report.InvestmentToDateTenThousandYuan < 0 || report.AchievedSavingsTcePerYear < 0)
        {
            errors.Add(
                new("achievedSavingsTcePerYear", "progress.numbers.negative", "Investment and achieved savings cannot be negative.", basis)
            );
        }

        return errors;
    }
}
