using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;

namespace Workflows.Functions.Api;

/// <summary>
/// The entity tag of a case (RFC 9110 §8.8.3): an opaque digest of the stored record's own version, which changes with
/// every write of the case. <c>GET /api/cases/{id}</c> sends it; an event sent with <c>If-Match</c> is refused with
/// 412 when the case has changed since (§13.1.1), so an officer never decides on a page that is no longer true.
/// </summary>
public static class CaseETag
{
    public static string Of(CaseRecord record)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{record.Id}\n{record.ETag}\n{record.Stage}"));
        return $"\"{new Guid(digest.AsSpan(0, 16))}\"";
    }

    /// <summary>412 problem+json when <c>If-Match</c> names neither <c>*</c> nor the case's current tag; null otherwise.</summary>
    public static IResult? Refuses(HttpRequest request, CaseRecord record)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return null;
        }

        var current = Of(record);
        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return tags.Any(t => t == "*" || t == current)
            ? null
            : ApiProblems.PreconditionFailed(
                $"案件已变更，请重新读取 / Case {record.Id} changed since the ETag you sent (If-Match {ifMatch}); "
                    + $"its ETag is now {current}."
            );
    }
}
