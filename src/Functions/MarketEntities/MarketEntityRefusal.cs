using Microsoft.AspNetCore.Http;
using Workflows.Functions.Http;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// The one shape of a refusal a Decree 746 procedure gives at the point of decision (issue 14 item 4): 400 when the
/// event itself is wrong, 409 when the case's state forbids it; the field at fault, the rule code and the article.
/// </summary>
public static class MarketEntityRefusal
{
    public static IResult Invalid(string field, string rule, string article, string detail) =>
        Of(StatusCodes.Status400BadRequest, field, rule, article, detail);

    public static IResult Conflict(string field, string rule, string article, string detail) =>
        Of(StatusCodes.Status409Conflict, field, rule, article, detail);

    private static IResult Of(int status, string field, string rule, string article, string detail) =>
        ApiProblems.Create(
            status,
            rule,
            detail,
            new Dictionary<string, object?>
            {
                ["field"] = field,
                ["article"] = article,
                ["errors"] = new[] { new ApiError(field, rule, detail) },
            }
        );
}
