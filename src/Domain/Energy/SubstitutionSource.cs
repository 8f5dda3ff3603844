using Workflows.Domain.Validation;

namespace Workflows.Domain.Energy;

/// <summary>Art. 5: the ways a coal reduction may be obtained; Art. 6 gives each its accounting basis.</summary>
public enum SubstitutionSourceKind
{
    /// <summary>Art. 5(1) / Art. 6(1)-(2): eliminated or reduced capacity, enterprise closure or conversion, or
    /// partial equipment dismantled — the previous year's actual coal use of the closed enterprise or equipment.</summary>
    CapacityClosure,

    /// <summary>Art. 5(2) / Art. 6(3): energy-saving retrofit of coal-using equipment — the difference of actual coal
    /// use before and after the retrofit. (Dismantling coal boilers outright is <see cref="CapacityClosure"/> with
    /// partial scope.)</summary>
    EfficiencyRetrofit,

    /// <summary>Art. 5(3) / Art. 6(4): replacement by renewables, gas or electricity — the previous year's actual coal
    /// use of the removed coal-fired facility.</summary>
    CleanEnergyReplacement,

    /// <summary>Art. 5(4) / Art. 6(5): coal-use indicators bought on the energy-use rights market — the trade contract
    /// and the provincial public resources trading centre's data.</summary>
    EnergyRightsPurchase,

    /// <summary>Art. 5(5) / Art. 6(6): reductions actually achieved by other measures.</summary>
    Other,
}

/// <summary>Art. 6(1)-(2): whether the whole enterprise closed or only part of its equipment.</summary>
public enum ClosureScope
{
    /// <summary>企业整体关停退出 (Art. 6(1)).</summary>
    WholeEnterprise,

    /// <summary>部分耗煤设备设施关停拆除 (Art. 6(2)).</summary>
    PartialEquipment,
}

/// <summary>A coal reduction offered as substitution. Only the basis fields of its <see cref="Kind"/> are used;
/// <see cref="SubstitutionSourceValidator"/> checks they are present and consistent (Art. 5: 可监测、可量化、可复核).</summary>
/// <param name="Id">Stable id of the source (ledger key).</param>
/// <param name="Kind">Art. 5 category.</param>
/// <param name="Description">What was closed, retrofitted, replaced or bought.</param>
/// <param name="Location">Where the reduction happens; must be in Henan (Art. 5).</param>
/// <param name="ReductionTonnes">Claimed reduction in physical tonnes (Art. 9).</param>
/// <param name="ClosureScope">CapacityClosure: whole enterprise or partial equipment.</param>
/// <param name="BaselineYear">CapacityClosure / CleanEnergyReplacement: the year before closure or removal.</param>
/// <param name="BaselineYearCoalTonnes">Actual coal use in <paramref name="BaselineYear"/>.</param>
/// <param name="ClosureDate">Date the enterprise, equipment or coal facility stopped.</param>
/// <param name="CoalBeforeTonnes">EfficiencyRetrofit: actual annual coal use before.</param>
/// <param name="CoalAfterTonnes">EfficiencyRetrofit: actual annual coal use after.</param>
/// <param name="ReplacementEnergy">CleanEnergyReplacement: e.g. 天然气, 电力, 光伏.</param>
/// <param name="ContractNumber">EnergyRightsPurchase: the trade contract.</param>
/// <param name="TradingCentreRecord">EnergyRightsPurchase: the provincial public resources trading centre record.</param>
/// <param name="ContractTonnes">EnergyRightsPurchase: tonnes in the contract.</param>
/// <param name="MeasurementMethod">Other: how the reduction was measured.</param>
/// <param name="Evidence">Document references (monitoring data, audit report, contract...).</param>
public sealed record SubstitutionSource(
    string Id,
    SubstitutionSourceKind Kind,
    string Description,
    ProjectLocation Location,
    decimal ReductionTonnes,
    ClosureScope? ClosureScope = null,
    int? BaselineYear = null,
    decimal? BaselineYearCoalTonnes = null,
    DateOnly? ClosureDate = null,
    decimal? CoalBeforeTonnes = null,
    decimal? CoalAfterTonnes = null,
    string? ReplacementEnergy = null,
    string? ContractNumber = null,
    string? TradingCentreRecord = null,
    decimal? ContractTonnes = null,
    string? MeasurementMethod = null,
    IReadOnlyList<string>? Evidence = null
);

/// <summary>Checks that a source is in Henan and measurable under its Art. 6 accounting basis.</summary>
public static class SubstitutionSourceValidator
{
    /// <summary>Every problem with the source; empty when it may be booked.</summary>
    public static IReadOnlyList<ValidationError> Validate(SubstitutionSource source, CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(source.Id))
        {
            errors.Add(new("id", "source.id.required", "Source id is required.", EnergySources.Coal("Art. 18")));
        }

        if (string.IsNullOrWhiteSpace(source.Description))
        {
            errors.Add(
                new(
                    "description",
                    "source.description.required",
                    "Describe the measure that reduces coal use.",
                    EnergySources.Coal("Art. 5")
                )
            );
        }

        // Art. 5: sources only within Henan's administrative area (unless the State or province rules otherwise).
        foreach (var e in CoalProjectIntakeValidator.ValidateLocation("location", source.Location, rules))
        {
            errors.Add(
                e.Rule == "coal.location.outside-henan"
                    ? e with
                    {
                        Rule = "source.location.outside-henan",
                        Message =
                            $"Substitution sources must lie within Henan (仅限于河南省行政区域内): '{source.Location?.City}' is not a Henan city.",
                        Article = EnergySources.Coal("Art. 5"),
                    }
                    : e
            );
        }

        // Declared ranges before any arithmetic (sums over the ledger must not overflow).
        foreach (
            var (field, value) in new[]
            {
                ("reductionTonnes", (decimal?)source.ReductionTonnes),
                ("baselineYearCoalTonnes", source.BaselineYearCoalTonnes),
                ("coalBeforeTonnes", source.CoalBeforeTonnes),
                ("coalAfterTonnes", source.CoalAfterTonnes),
                ("contractTonnes", source.ContractTonnes),
            }
        )
        {
            if (value is > 0 and var v && NumberRange.Tonnes.Check(field, v) is { } range)
            {
                errors.Add(new(range.Field, range.Rule, range.Message, EnergySources.Coal("Arts. 5, 9")));
            }
        }

        if (source.ReductionTonnes <= 0)
        {
            errors.Add(
                new(
                    "reductionTonnes",
                    "source.reduction.not-positive",
                    $"Reduction must be a positive number of physical tonnes, got {source.ReductionTonnes}.",
                    EnergySources.Coal("Arts. 5, 9")
                )
            );
        }

        switch (source.Kind)
        {
            case SubstitutionSourceKind.CapacityClosure:
                if (source.ClosureScope is null)
                {
                    errors.Add(
                        new(
                            "closureScope",
                            "source.closure.scope-required",
                            "State whether the whole enterprise closed (Art. 6(1)) or only part of its equipment (Art. 6(2)).",
                            EnergySources.Coal("Art. 6(1)-(2)")
                        )
                    );
                }

                BaselineYearRules(
                    source,
                    errors,
                    source.ClosureScope == ClosureScope.PartialEquipment ? "Art. 6(2)" : "Art. 6(1)",
                    "closure"
                );
                break;
            case SubstitutionSourceKind.CleanEnergyReplacement:
                if (string.IsNullOrWhiteSpace(source.ReplacementEnergy))
                {
                    errors.Add(
                        new(
                            "replacementEnergy",
                            "source.clean-energy.energy-required",
                            "Name the clean energy that replaces coal (可再生能源、天然气、电力).",
                            EnergySources.Coal("Art. 6(4)")
                        )
                    );
                }

                BaselineYearRules(source, errors, "Art. 6(4)", "removal of the coal-fired facility");
                break;
            case SubstitutionSourceKind.EfficiencyRetrofit:
                RetrofitRules(source, errors);
                break;
            case SubstitutionSourceKind.EnergyRightsPurchase:
                PurchaseRules(source, errors);
                break;
            case SubstitutionSourceKind.Other:
                if (string.IsNullOrWhiteSpace(source.MeasurementMethod) || source.Evidence is not { Count: > 0 })
                {
                    errors.Add(
                        new(
                            "measurementMethod",
                            "source.other.not-measurable",
                            "A reduction by other measures needs a measurement method and evidence (可监测、可量化、可复核).",
                            EnergySources.Coal("Arts. 5, 6(6)")
                        )
                    );
                }

                break;
            default:
                errors.Add(new("kind", "source.kind.unknown", $"Unknown source kind {(int)source.Kind}.", EnergySources.Coal("Art. 5")));
                break;
        }

        return errors;
    }

    private static void BaselineYearRules(SubstitutionSource source, List<ValidationError> errors, string article, string eventName)
    {
        // Art. 6(1),(2),(4): accounted as the actual coal use of the year before the closure/removal.
        if (source.BaselineYear is null || source.BaselineYearCoalTonnes is null || source.ClosureDate is null)
        {
            errors.Add(
                new(
                    "baselineYearCoalTonnes",
                    "source.baseline.required",
                    $"The {eventName} date, the previous year and that year's actual coal use are required (按照关停上一年度实际耗煤量核算).",
                    EnergySources.Coal(article)
                )
            );
            return;
        }

        if (source.BaselineYear != source.ClosureDate.Value.Year - 1)
        {
            errors.Add(
                new(
                    "baselineYear",
                    "source.baseline.wrong-year",
                    $"The baseline must be the year before the {eventName} ({source.ClosureDate.Value.Year - 1}), not {source.BaselineYear}.",
                    EnergySources.Coal(article)
                )
            );
        }

        if (source.ReductionTonnes > source.BaselineYearCoalTonnes)
        {
            errors.Add(
                new(
                    "reductionTonnes",
                    "source.baseline.exceeded",
                    $"Claimed reduction {EnergyJson.Amount(source.ReductionTonnes)} t exceeds the baseline year's actual coal use {EnergyJson.Amount(source.BaselineYearCoalTonnes.Value)} t.",
                    EnergySources.Coal(article)
                )
            );
        }
    }

    private static void RetrofitRules(SubstitutionSource source, List<ValidationError> errors)
    {
        // Art. 6(3): the difference of actual coal use before and after the retrofit.
        if (source.CoalBeforeTonnes is not { } before || source.CoalAfterTonnes is not { } after)
        {
            errors.Add(
                new(
                    "coalBeforeTonnes",
                    "source.retrofit.measurements-required",
                    "Actual coal use before and after the retrofit are both required (改造前后煤炭消费实际数据).",
                    EnergySources.Coal("Art. 6(3)")
                )
            );
            return;
        }

        if (after < 0 || before <= after)
        {
            errors.Add(
                new(
                    "coalAfterTonnes",
                    "source.retrofit.no-reduction",
                    $"Coal use after the retrofit ({EnergyJson.Amount(after)} t) must be below the use before it ({EnergyJson.Amount(before)} t).",
                    EnergySources.Coal("Art. 6(3)")
                )
            );
        }
        else if (source.ReductionTonnes != before - after)
        {
            errors.Add(
                new(
                    "reductionTonnes",
                    "source.retrofit.inconsistent",
                    $"Reduction must equal before − after: {EnergyJson.Amount(before)} t − {EnergyJson.Amount(after)} t = {EnergyJson.Amount(before - after)} t, not {EnergyJson.Amount(source.ReductionTonnes)} t.",
                    EnergySources.Coal("Art. 6(3)")
                )
            );
        }
    }

    private static void PurchaseRules(SubstitutionSource source, List<ValidationError> errors)
    {
        // Art. 6(5): accounted by the contract and the provincial public resources trading centre's data.
        if (
            string.IsNullOrWhiteSpace(source.ContractNumber)
            || string.IsNullOrWhiteSpace(source.TradingCentreRecord)
            || source.ContractTonnes is null
        )
        {
            errors.Add(
                new(
                    "contractNumber",
                    "source.purchase.contract-required",
                    "The trade contract, its tonnes and the provincial public resources trading centre record are required (双方交易合同及省公共资源交易中心相关数据).",
                    EnergySources.Coal("Art. 6(5)")
                )
            );
            return;
        }

        if (source.ReductionTonnes > source.ContractTonnes)
        {
            errors.Add(
                new(
                    "reductionTonnes",
                    "source.purchase.exceeds-contract",
                    $"Claimed {EnergyJson.Amount(source.ReductionTonnes)} t exceeds the {EnergyJson.Amount(source.ContractTonnes.Value)} t in contract {source.ContractNumber}.",
                    EnergySources.Coal("Art. 6(5)")
                )
            );
        }
    }
}
