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
        Results.Problem(
            title: "A legal gate is not met.",
            detail: $"{gate.Message} ({gate.Article})",
            statusCode: StatusCodes.Status409Conflict,
            type: ApiProblems.TypeBase + gate.Rule,
            extensions: new Dictionary<string, object?> { ["rule"] = gate.Rule, ["achievedTonnes"] = gate.AchievedTonnes, ["article"] = gate.Article });

    /// <summary>Ledger refusal: a source already used is a 409 naming the holder; other problems are 400.</summary>
    public static IResult Ledger(IReadOnlyList<ValidationError> errors) =>
        errors.Any(e => e.Rule == "ledger.source.alreadyUsed")
            ? Results.Problem(
                title: "The source is already used.",
                detail: $"{errors[0].Message} ({errors[0].Article})",
                statusCode: StatusCodes.Status409Conflict,
                type: ApiProblems.TypeBase + errors[0].Rule,
                extensions: new Dictionary<string, object?> { ["field"] = errors[0].Field, ["rule"] = errors[0].Rule })
            : Validation(errors);
}
