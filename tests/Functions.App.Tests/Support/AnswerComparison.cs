using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>
/// Compares the two hosts' answers: status, every application header, and the body. Values that are different by
/// nature on two independent hosts (instants written by each host's clock, random instance ids) are compared by
/// shape only; everything else must be equal.
/// </summary>
public static partial class AnswerComparison
{
    public static IEnumerable<string> Differences(AnswerPair pair)
    {
        var where = $"{pair.Function} ({pair.Request})";
        if (pair.Local.Status != pair.Functions.Status)
        {
            yield return $"{where}: status {pair.Local.Status} on LocalHost, {pair.Functions.Status} on Functions. " +
                $"LocalHost: {Clip(pair.Local.Text)} Functions: {Clip(pair.Functions.Text)}";
        }

        foreach (var name in pair.Local.Headers.Keys.Union(pair.Functions.Headers.Keys).Order(StringComparer.Ordinal))
        {
            var l = pair.Local.Headers.GetValueOrDefault(name);
            var f = pair.Functions.Headers.GetValueOrDefault(name);
            if (!string.Equals(Normalize(l), Normalize(f), StringComparison.Ordinal))
            {
                yield return $"{where}: header '{name}' is '{l ?? "(absent)"}' on LocalHost, '{f ?? "(absent)"}' on Functions.";
            }
        }

        var localBody = pair.LocalJson is { } lj ? Normalize(WithoutLocalHostOnly(pair.Function, lj)) : Normalize(pair.Local.Text);
        var functionsBody = pair.FunctionsJson is { } fj ? Normalize(fj) : Normalize(pair.Functions.Text);
        if (!string.Equals(localBody, functionsBody, StringComparison.Ordinal))
        {
            yield return $"{where}: bodies differ.{Environment.NewLine}  LocalHost: {Clip(localBody)}" +
                $"{Environment.NewLine}  Functions: {Clip(functionsBody)}";
        }
    }

    /// <summary>What only LocalHost reports, by design: the open cases against the local backend's measured capacity
    /// (issue 22; on Azure, Azure Storage carries the load and there is no such limit to warn of).</summary>
    private static readonly Dictionary<string, string[]> LocalHostOnly = new(StringComparer.Ordinal) { ["Health"] = ["cases"] };

    private static JsonNode WithoutLocalHostOnly(string function, JsonNode body)
    {
        if (!LocalHostOnly.TryGetValue(function, out var members) || body is not JsonObject json)
        {
            return body;
        }

        var copy = json.DeepClone().AsObject();
        foreach (var member in members)
        {
            copy.Remove(member);
        }

        return copy;
    }

    private static string Normalize(JsonNode node) => Normalize(node.ToJsonString())!;

    private static string? Normalize(string? text) =>
        text is null ? null : Guid().Replace(Instant().Replace(text, WrittenNow), "<guid>");

    /// <summary>An instant within the last hour was written by the host's clock (created, updated, fired); other
    /// instants (deadlines, legal dates at 24:00 Beijing time) come from the law and are compared.</summary>
    private static string WrittenNow(Match match) =>
        DateTimeOffset.TryParse(match.Value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var instant)
        && (DateTimeOffset.UtcNow - instant).Duration() < TimeSpan.FromHours(1)
            ? "<now>"
            : match.Value;

    private static string Clip(string? text) => text is null ? "(none)" : text.Length <= 1500 ? text : text[..1500] + "…";

    // An instant written by a host's clock (seconds and fractions: dates alone are legal dates and must agree).
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex Instant();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b")]
    private static partial Regex Guid();
}
