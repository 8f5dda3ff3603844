using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.Http;

/// <summary>RFC 9457 problem details (application/problem+json) that name the field and the rule that failed.</summary>
public static class ApiProblems
{
    public const string TypeBase = "https://workflows.example.gov.cn/problems/";

    /// <summary>Chinese first, English second, like every text a person reads.</summary>
    public const string InvalidTitle = "请求无效 / The request is not valid.";

    public const string MediaTypeRule = "body.media-type";

    public const string TooLargeRule = "body.too-large";

    public static IResult Validation(string field, string rule, string detail) =>
        Results.Problem(
            title: InvalidTitle,
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
            title: InvalidTitle,
            detail: errors.Count == 1 ? first.Message : $"{first.Message} (and {errors.Count - 1} more)",
            statusCode: StatusCodes.Status400BadRequest,
            type: TypeBase + first.Rule,
            extensions: new Dictionary<string, object?> { ["field"] = first.Field, ["rule"] = first.Rule, ["errors"] = errors });
    }

    /// <summary>415: a JSON route was sent text, a form or XML (RFC 9110 §15.5.16).</summary>
    public static IResult UnsupportedMediaType(string contentType) =>
        Results.Problem(
            title: "不支持的媒体类型 / Unsupported media type.",
            detail: $"请求体须为 application/json / The body must be sent as application/json; got '{contentType}'.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            type: TypeBase + MediaTypeRule,
            extensions: new Dictionary<string, object?>
            {
                ["field"] = "Content-Type",
                ["rule"] = MediaTypeRule,
                ["errors"] = new[] { new ApiError("Content-Type", MediaTypeRule, $"Expected application/json, got '{contentType}'.") },
            });

    /// <summary>413 with a body (the server's own limit answers a bare 413 otherwise): names the limit that applies.</summary>
    public static IResult TooLarge(long maxBytes, string setting) =>
        Results.Problem(
            title: "请求体过大 / The request body is too large.",
            detail: $"请求体不得超过 {maxBytes} 字节 / The body may have at most {maxBytes} bytes ({setting}).",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            type: TypeBase + TooLargeRule,
            extensions: new Dictionary<string, object?>
            {
                ["field"] = "body",
                ["rule"] = TooLargeRule,
                ["errors"] = new[] { new ApiError("body", TooLargeRule, $"At most {maxBytes} bytes ({setting}).") },
            });

    public static IResult Unauthorized(string detail) =>
        Results.Problem(title: "需要登录 / Authentication required.", detail: detail, statusCode: StatusCodes.Status401Unauthorized, type: TypeBase + "unauthenticated");

    public static IResult Forbidden(string detail) =>
        Results.Problem(title: "此角色无权操作 / Not allowed for this role.", detail: detail, statusCode: StatusCodes.Status403Forbidden, type: TypeBase + "forbidden");

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "未找到 / Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound, type: TypeBase + "not-found");

    public static IResult Conflict(string detail) =>
        Results.Problem(title: "冲突 / Conflict.", detail: detail, statusCode: StatusCodes.Status409Conflict, type: TypeBase + "conflict");
}

/// <summary>One validation error: the field (JSON path or parameter name), the rule id and a readable message.</summary>
public sealed record ApiError(string Field, string Rule, string Message);
