using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.Http;

/// <summary>
/// RFC 9457 problem details (application/problem+json) that name the field and the rule that failed. One shape for
/// every problem: <c>title</c> is the rule's meaning from <see cref="ProblemCatalog"/> ("中文 / English"), <c>detail</c>
/// is Chinese first and English second, <c>type</c> is <c>/api/problems/{rule}</c> on the answering host, and the
/// extensions always carry <c>rule</c> (and <c>field</c> when one field is at fault).
/// </summary>
public static class ApiProblems
{
    /// <summary>The problem <c>type</c> prefix: a path the running host answers (<c>GET /api/problems/{rule}</c>).</summary>
    public const string TypeBase = ProblemCatalog.TypePath;

    public const string MediaTypeRule = "body.media-type";

    public const string TooLargeRule = "body.too-large";

    public static IResult Validation(string field, string rule, string detail) =>
        Create(
            StatusCodes.Status400BadRequest,
            rule,
            detail,
            new Dictionary<string, object?> { ["field"] = field, ["errors"] = new[] { new ApiError(field, rule, detail) } }
        );

    public static IResult Validation(IReadOnlyList<ApiError> errors)
    {
        var first = errors[0];
        var detail = errors.Count == 1 ? first.Message : $"{first.Message} (and {errors.Count - 1} more)";
        return Create(
            StatusCodes.Status400BadRequest,
            first.Rule,
            detail,
            new Dictionary<string, object?> { ["field"] = first.Field, ["errors"] = errors }
        );
    }

    /// <summary>415: a JSON route was sent text, a form or XML (RFC 9110 §15.5.16).</summary>
    public static IResult UnsupportedMediaType(string contentType) =>
        Create(
            StatusCodes.Status415UnsupportedMediaType,
            MediaTypeRule,
            $"请求体须为 application/json / The body must be sent as application/json; got '{contentType}'.",
            new Dictionary<string, object?>
            {
                ["field"] = "Content-Type",
                ["errors"] = new[] { new ApiError("Content-Type", MediaTypeRule, $"Expected application/json, got '{contentType}'.") },
            }
        );

    /// <summary>413 with a body (the server's own limit answers a bare 413 otherwise): names the limit that applies.</summary>
    public static IResult TooLarge(long maxBytes, string setting) =>
        Create(
            StatusCodes.Status413PayloadTooLarge,
            TooLargeRule,
            $"请求体不得超过 {maxBytes} 字节 / The body may have at most {maxBytes} bytes ({setting}).",
            new Dictionary<string, object?>
            {
                ["field"] = "body",
                ["errors"] = new[] { new ApiError("body", TooLargeRule, $"At most {maxBytes} bytes ({setting}).") },
            }
        );

    public static IResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "unauthenticated", detail);

    public static IResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "forbidden", detail);

    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "not-found", detail);

    public static IResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "conflict", detail);

    /// <summary>412: the case changed since the ETag the caller sent in <c>If-Match</c> (RFC 9110 §13.1.1).</summary>
    public static IResult PreconditionFailed(string detail) =>
        Create(StatusCodes.Status412PreconditionFailed, "precondition.failed", detail);

    /// <summary>The one constructor of every problem: title from the catalogue, detail Chinese first, type on this host.</summary>
    public static IResult Create(int status, string rule, string detail, IDictionary<string, object?>? extensions = null)
    {
        var meaning = ProblemCatalog.Describe(rule, status);
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["rule"] = rule };
        return Results.Problem(
            title: meaning.Title,
            detail: Bilingual(meaning, detail),
            statusCode: status,
            type: TypeBase + rule,
            extensions: all
        );
    }

    /// <summary>A detail written in English only gets the rule's Chinese meaning in front ("中文 / English").</summary>
    public static string Bilingual(ProblemRule meaning, string detail) => StartsInChinese(detail) ? detail : $"{meaning.Zh} / {detail}";

    private static bool StartsInChinese(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return c is >= '\u4e00' and <= '\u9fff';
            }
        }

        return false;
    }
}

/// <summary>One validation error: the field (JSON path or parameter name), the rule id and a readable message.</summary>
public sealed record ApiError(string Field, string Rule, string Message);
