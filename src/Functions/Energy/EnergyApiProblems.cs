using Microsoft.AspNetCore.Http;
using Workflows.Domain.Energy;
using Workflows.Functions.Http;

namespace Workflows.Functions.Energy;

/// <summary>Problem+json for the energy area: validation (400) and legal gates / double use (409) with numbers.</summary>
public static class EnergyApiProblems
{
    public static IReadOnlyList<ApiError> ToApi(IEnumerable<ValidationError> errors) =>
        [.. errors.Select(e => new ApiError(e.Field, e.Rule, $"{e.Message} ({e.Article})"))];

    public static IResult Validation(IReadOnlyList<ValidationError> errors) => ApiProblems.Validation(ToApi(errors));

    /// <summary>A gate refused: 409 with the rule, the achieved tonnes and the message with the numbers.</summary>
    public static IResult Gate(CoalGateOutcome gate) =>
        ApiProblems.Create(
            StatusCodes.Status409Conflict,
            gate.Rule,
            $"{gate.Message} ({gate.Article})",
            new Dictionary<string, object?> { ["achievedTonnes"] = gate.AchievedTonnes, ["article"] = gate.Article }
        );

    /// <summary>Ledger refusal: a source already used is a 409 naming the holder; other problems are 400.</summary>
    public static IResult Ledger(IReadOnlyList<ValidationError> errors) =>
        errors.Any(e => e.Rule == "ledger.source.already-used")
            ? ApiProblems.Create(
                StatusCodes.Status409Conflict,
                errors[0].Rule,
                $"{errors[0].Message} ({errors[0].Article})",
                new Dictionary<string, object?> { ["field"] = errors[0].Field }
            )
            : Validation(errors);
}
