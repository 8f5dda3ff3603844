namespace Workflows.Domain.Energy;

/// <summary>Art. 19: a city or county that missed its annual coal-reduction target is ordered to rectify, and the energy
/// review of coal-using projects in its area is suspended during rectification. The text ties the suspension to the
/// rectification period (整改期间), not to a calendar year: <see cref="Until"/> is null while rectification is open.</summary>
/// <param name="City">City (省辖市).</param>
/// <param name="County">County, or null when the whole city is suspended.</param>
/// <param name="TargetYear">The year whose coal-reduction target was missed.</param>
/// <param name="From">First day of suspension.</param>
/// <param name="Until">Last day of suspension (rectification accepted), or null while open.</param>
/// <param name="Reason">Why, e.g. the order of the higher-level energy authority.</param>
/// <param name="Article">Citation.</param>
/// <remarks>The same mechanism carries the suspensions of 豫政办〔2021〕65号 （十八） (issue 19), which cite it as their
/// article and may leave kinds of project out (<see cref="ExemptPurposes"/>).</remarks>
public sealed record RegionalSuspension(
    string City,
    string? County,
    int TargetYear,
    DateOnly From,
    DateOnly? Until,
    string Reason,
    string Article
)
{
    /// <summary>Creates a suspension citing Art. 19.</summary>
    public static RegionalSuspension Create(string city, string? county, int targetYear, DateOnly from, DateOnly? until, string reason) =>
        new(city, county, targetYear, from, until, reason, EnergySources.Coal("Art. 19"));

    /// <summary>Kinds of project the suspension leaves out (65号 （十八） 民生和基础设施建设项目除外); none for Art. 19.</summary>
    public IReadOnlyList<string>? ExemptPurposes { get; init; }

    /// <summary>True when the suspension is in force on the date and covers the location.</summary>
    public bool Covers(ProjectLocation location, DateOnly date) =>
        location is not null
        && date >= From
        && (Until is null || date <= Until)
        && location.City == City
        && (County is null || location.County == County);

    /// <summary>As <see cref="Covers(ProjectLocation, DateOnly)"/>, for a project of the stated purpose (null: none).</summary>
    public bool Covers(ProjectLocation location, DateOnly date, string? purpose) =>
        Covers(location, date) && (purpose is null || ExemptPurposes is null || !ExemptPurposes.Contains(purpose, StringComparer.Ordinal));
}

/// <summary>Refuses review for projects in suspended areas.</summary>
public static class SuspensionCheck
{
    /// <summary>Null when the project may enter review; otherwise the error naming the suspension and its basis.</summary>
    public static ValidationError? CanEnterReview(ProjectLocation location, IEnumerable<RegionalSuspension> suspensions, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(suspensions);
        var hit = suspensions.FirstOrDefault(s => s.Covers(location, date));
        if (hit is null)
        {
            return null;
        }

        var area = hit.County is null ? hit.City : hit.City + hit.County;
        if (!hit.Article.StartsWith(EnergySources.CoalSubstitution, StringComparison.Ordinal))
        {
            // 豫政办〔2021〕65号 （十八）: the reason states the run of red months or the missed year, Chinese first.
            return new ValidationError(
                "location",
                "coal.review.region-suspended",
                $"{area}节能审查自 {hit.From:yyyy-MM-dd} 起暂停：{hit.Reason} / Energy review in {area} is suspended from "
                    + $"{hit.From:yyyy-MM-dd}{(hit.Until is { } end ? $" to {end:yyyy-MM-dd}" : "")} ({hit.Article}).",
                hit.Article
            );
        }

        var period = hit.Until is null
            ? $"from {hit.From:yyyy-MM-dd} until rectification is accepted"
            : $"from {hit.From:yyyy-MM-dd} to {hit.Until:yyyy-MM-dd}";
        return new ValidationError(
            "location",
            "coal.review.region-suspended",
            $"Energy review of coal-using projects in {area} is suspended {period}: the {hit.TargetYear} coal-reduction target was missed ({hit.Reason}) (整改期间暂停其行政区域内耗煤项目节能审查).",
            hit.Article
        );
    }
}
