using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.Http;

/// <summary>RFC 9457 problem details (application/problem+json) that name the field and the rule that failed.</summary>
public static class ApiProblems
{
    public const string TypeBase = "https://workflows.example.gov.cn/problems/";

    public static IResult Validation(string field, string rule, string detail) =>
        Results.Problem(
            title: "The request is not valid.",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            type: TypeBase + rule,
            extensions: new Dictionary<string, object?>
            {
                ["field"] = field,
                ["rule"] = rule,
                ["errors"] = new[] { new ApiError(field, rule, detail) },
            });

    public static IResult Validation(IReadOnlyList<ApiError> errors)
    {
        var first = errors[0];
        return Results.Problem(
            title: "The request is not valid.",
            detail: errors.Count == 1 ? first.Message : $"{first.Message} (and {errors.Count - 1} more)",
            statusCode: StatusCodes.Status400BadRequest,
            type: TypeBase + first.Rule,
            extensions: new Dictionary<string, object?> { ["field"] = first.Field, ["rule"] = first.Rule, ["errors"] = errors });
    }

    public static IResult Unauthorized(string detail) =>
        Results.Problem(title: "Authentication required.", detail: detail, statusCode: StatusCodes.Status401Unauthorized, type: TypeBase + "unauthenticated");

    public static IResult Forbidden(string detail) =>
        Results.Problem(title: "Not allowed for this role.", detail: detail, statusCode: StatusCodes.Status403Forbidden, type: TypeBase + "forbidden");

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound, type: TypeBase + "not-found");

    public static IResult Conflict(string detail) =>
        Results.Problem(title: "Conflict.", detail: detail, statusCode: StatusCodes.Status409Conflict, type: TypeBase + "conflict");
}

/// <summary>One validation error: the field (JSON path or parameter name), the rule id and a readable message.</summary>
public sealed record ApiError(string Field, string Rule, string Message);
