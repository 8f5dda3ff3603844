using System.Text.Json.Serialization;
using Workflows.Domain.Validation;

namespace Workflows.Domain.Energy;

/// <summary>Art. 2: the measures cover new, rebuilt and expanded fixed-asset projects (新建、改建、扩建).</summary>
public enum ProjectKind
{
    /// <summary>新建.</summary>
    New,

    /// <summary>改建 (reconstruction); Art. 11 counts its energy use as the increment, like an expansion.</summary>
    Reconstruction,

    /// <summary>扩建.</summary>
    Expansion,
}

/// <summary>How the project consumes coal; selects K1 under Art. 7(1).</summary>
public enum CoalUse
{
    /// <summary>燃料用煤.</summary>
    Fuel,

    /// <summary>原料用煤 (K1 = 1.0).</summary>
    RawMaterial,

    /// <summary>煤电 (K1 = 1.0).</summary>
    Power,
}

/// <summary>豫政办〔2021〕65号 （十八）: the kinds of project a missed year's suspension of energy reviews leaves out
/// (民生和基础设施建设项目除外). The owner states it; it only admits the plan to review, which the DRC still decides.</summary>
public enum ProjectPurpose
{
    /// <summary>民生项目.</summary>
    Livelihood,

    /// <summary>基础设施建设项目.</summary>
    Infrastructure,
}

/// <summary>Where the project (or a source) sits: a prefecture-level city (省辖市/济源示范区) and optionally a county.</summary>
public sealed record ProjectLocation(string City, string? County = null)
{
    /// <inheritdoc />
    public override string ToString() => County is null ? City : $"{City}{County}";
}

/// <summary>A coal-using project as filed by its owner (Arts. 2, 9, 11).</summary>
/// <param name="ProjectName">项目名称.</param>
/// <param name="OwnerUscc">Owner's Unified Social Credit Code.</param>
/// <param name="OwnerName">项目建设单位.</param>
/// <param name="Kind">New, reconstruction or expansion (Art. 2).</param>
/// <param name="Industry">Industry code from the rule table (e.g. <c>steel</c>).</param>
/// <param name="CoalUse">Fuel, raw material or power (Art. 7(1)).</param>
/// <param name="NewCoalConsumptionTonnes">D: new coal consumption in physical tonnes (Arts. 8-9, 实物量).</param>
/// <param name="Location">Where the project is built.</param>
/// <param name="PreviousLocation">For a project moving between regions (跨区域转移): where it came from (Art. 7(2)).</param>
/// <param name="AnnualEnergyConsumptionTce">Annual comprehensive energy use in tce; for reconstruction/expansion the
/// increment after completion, electricity at the equivalent-value factor (Art. 11).</param>
/// <param name="PlannedProductionDate">Planned start of production, if known.</param>
/// <param name="Purpose">A livelihood or infrastructure project (65号 （十八） exceptions), or null.</param>
public sealed record CoalProjectIntake(
    string ProjectName,
    string OwnerUscc,
    string OwnerName,
    ProjectKind Kind,
    string Industry,
    CoalUse CoalUse,
    decimal NewCoalConsumptionTonnes,
    ProjectLocation Location,
    decimal AnnualEnergyConsumptionTce,
    ProjectLocation? PreviousLocation = null,
    DateOnly? PlannedProductionDate = null,
    ProjectPurpose? Purpose = null
)
{
    /// <summary>True when the project is relocated from another region (Art. 7(2) takes the higher K2).</summary>
    [JsonIgnore]
    public bool IsRelocation => PreviousLocation is not null;
}

/// <summary>Checks an intake against the rule table in force. Returns every problem, never throws for user input.</summary>
public static class CoalProjectIntakeValidator
{
    /// <param name="intake">The filing.</param>
    /// <param name="rules">The rule table in force on the filing date (<see cref="RuleTableSet.For"/>).</param>
    /// <param name="usccError">Optional USCC check (returns null when valid); injected to avoid a dependency.</param>
    public static IReadOnlyList<ValidationError> Validate(
        CoalProjectIntake intake,
        CoalSubstitutionRuleTable rules,
        Func<string, string?>? usccError = null
    )
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<ValidationError>();

        if (string.IsNullOrWhiteSpace(intake.ProjectName))
        {
            errors.Add(
                new("projectName", "coal.project-name.required", "Project name is required (项目名称).", EnergySources.Coal("Art. 10"))
            );
        }

        if (string.IsNullOrWhiteSpace(intake.OwnerName))
        {
            errors.Add(
                new("ownerName", "coal.owner-name.required", "Owner name is required (项目建设单位).", EnergySources.Coal("Art. 10"))
            );
        }

        if (string.IsNullOrWhiteSpace(intake.OwnerUscc))
        {
            errors.Add(
                new("ownerUscc", "coal.owner-uscc.required", "Owner USCC is required (统一社会信用代码).", EnergySources.Coal("Art. 10"))
            );
        }
        else if (usccError?.Invoke(intake.OwnerUscc) is { } usccProblem)
        {
            errors.Add(
                new(
                    "ownerUscc",
                    "coal.owner-uscc.invalid",
                    $"Owner USCC '{intake.OwnerUscc}' is invalid: {usccProblem}",
                    EnergySources.Coal("Art. 10")
                )
            );
        }

        if (!Enum.IsDefined(intake.Kind))
        {
            errors.Add(
                new(
                    "kind",
                    "coal.kind.unknown",
                    $"Project kind {(int)intake.Kind} is not new, reconstruction or expansion (新建、改建、扩建).",
                    EnergySources.Coal("Art. 2")
                )
            );
        }

        if (!Enum.IsDefined(intake.CoalUse))
        {
            errors.Add(
                new(
                    "coalUse",
                    "coal.coal-use.unknown",
                    $"Coal use {(int)intake.CoalUse} is not fuel, raw material or power.",
                    EnergySources.Coal("Art. 7(1)")
                )
            );
        }

        if (rules.FindIndustry(intake.Industry) is null)
        {
            errors.Add(
                new(
                    "industry",
                    "coal.industry.unknown",
                    $"Industry code '{intake.Industry}' is not in the rule table ({string.Join(", ", rules.Industries.Select(i => i.Code))}).",
                    EnergySources.Coal("Art. 7(1)")
                )
            );
        }

        if (intake.NewCoalConsumptionTonnes <= 0)
        {
            errors.Add(
                new(
                    "newCoalConsumptionTonnes",
                    "coal.new-coal.not-positive",
                    $"New coal consumption D must be a positive number of physical tonnes (实物量), got {intake.NewCoalConsumptionTonnes}.",
                    EnergySources.Coal("Arts. 8-9")
                )
            );
        }

        // Declared ranges before any arithmetic (Q = D × K1 × K2 must not overflow; 10^8 t is already absurd).
        foreach (
            var (field, value) in new[]
            {
                ("newCoalConsumptionTonnes", intake.NewCoalConsumptionTonnes),
                ("annualEnergyConsumptionTce", intake.AnnualEnergyConsumptionTce),
            }
        )
        {
            if (NumberRange.Tonnes.Check(field, value) is { } range && value > 0)
            {
                errors.Add(new(range.Field, range.Rule, range.Message, EnergySources.Coal("Arts. 8-9")));
            }
        }

        if (intake.AnnualEnergyConsumptionTce <= 0)
        {
            errors.Add(
                new(
                    "annualEnergyConsumptionTce",
                    "coal.energy-use.not-positive",
                    $"Annual comprehensive energy consumption must be positive tce (for an expansion: the increment after completion), got {intake.AnnualEnergyConsumptionTce}.",
                    EnergySources.Coal("Art. 11")
                )
            );
        }

        errors.AddRange(ValidateLocation("location", intake.Location, rules));
        if (intake.PreviousLocation is not null)
        {
            errors.AddRange(ValidateLocation("previousLocation", intake.PreviousLocation, rules));
        }

        return errors;
    }

    /// <summary>The city must be a Henan prefecture-level city in the table (Art. 2: Henan administrative area);
    /// a directly administered county (省直管县) named as the county must belong to that city.</summary>
    internal static IEnumerable<ValidationError> ValidateLocation(string field, ProjectLocation? location, CoalSubstitutionRuleTable rules)
    {
        if (location is null || string.IsNullOrWhiteSpace(location.City))
        {
            yield return new($"{field}.city", "coal.location.required", "City is required (省辖市).", EnergySources.Coal("Art. 2"));
            yield break;
        }

        var city = rules.FindCity(location.City);
        if (city is null)
        {
            yield return new(
                $"{field}.city",
                "coal.location.outside-henan",
                $"'{location.City}' is not a Henan prefecture-level city in the rule table (河南省行政区域).",
                EnergySources.Coal("Art. 2")
            );
            yield break;
        }

        if (location.County is { Length: > 0 } county)
        {
            var owner = rules.CityAdministeringDirectCounty(county);
            if (owner is not null && owner.Name != city.Name)
            {
                yield return new(
                    $"{field}.county",
                    "coal.location.county-mismatch",
                    $"'{county}' is a directly administered county/city of {owner.Name}, not of {city.Name} (直管县、市).",
                    EnergySources.Coal("Art. 7(2)")
                );
            }
        }
    }
}
