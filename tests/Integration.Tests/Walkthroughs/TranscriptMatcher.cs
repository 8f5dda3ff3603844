using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workflows.Integration.Tests.Walkthroughs;

/// <summary>
/// Compares a recorded output with a fresh run's, field by field, on what is stable between runs:
/// <list type="bullet">
/// <item>Every key, array length, number, boolean and null must be the same, and every string apart from:</item>
/// <item>opaque codes (case ids, generated USCCs and licence numbers, suspension ids: upper-case letters and digits
/// mixed, 8 or more characters) — each recorded code stands for one code of the run, consistently across the whole
/// walkthrough;</item>
/// <item>dates and instants from ten days before the recording on ("today", deadlines counted from today), which
/// depend on the day of the run; older dates (back-dated filings) must be the same;</item>
/// <item><c>explanation</c> arrays, whose lines (weekends and holidays skipped) depend on the day of the run.</item>
/// </list>
/// </summary>
public sealed partial class TranscriptMatcher(DateOnly recordedOn)
{
    private readonly Dictionary<string, string> bindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> boundTo = new(StringComparer.Ordinal);
    private readonly DateOnly recentFrom = recordedOn.AddDays(-10);

    /// <summary>Every difference of <paramref name="actual"/> from <paramref name="expected"/> (empty: they match).</summary>
    public IReadOnlyList<string> Compare(string expected, string actual)
    {
        var differences = new List<string>();
        var (expectedValues, expectedError) = Parse(expected);
        var (actualValues, actualError) = Parse(actual);
        if (expectedError is not null)
        {
            return [$"the recorded output is not JSON: {expectedError}"];
        }

        if (actualError is not null)
        {
            return [$"the output is not JSON ({actualError}): {actual}"];
        }

        if (expectedValues.Count != actualValues.Count)
        {
            return [$"{expectedValues.Count} JSON value(s) recorded, {actualValues.Count} printed: {actual}"];
        }

        for (var i = 0; i < expectedValues.Count; i++)
        {
            Match(expectedValues[i], actualValues[i], $"[{i}]", differences);
        }

        return differences;
    }

    private void Match(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (Kind(expected) != Kind(actual))
        {
            differences.Add($"{path}: recorded {expected.GetRawText()}, got {actual.GetRawText()}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                MatchObject(expected, actual, path, differences);
                break;
            case JsonValueKind.Array:
                var e = expected.EnumerateArray().ToList();
                var a = actual.EnumerateArray().ToList();
                if (e.Count != a.Count)
                {
                    differences.Add($"{path}: recorded {e.Count} item(s), got {a.Count}: {actual.GetRawText()}");
                    return;
                }

                for (var i = 0; i < e.Count; i++)
                {
                    Match(e[i], a[i], $"{path}[{i}]", differences);
                }

                break;
            case JsonValueKind.String:
                if (!MatchString(expected.GetString()!, actual.GetString()!))
                {
                    differences.Add($"{path}: recorded \"{expected.GetString()}\", got \"{actual.GetString()}\"");
                }

                break;
            default:
                if (expected.GetRawText() != actual.GetRawText())
                {
                    differences.Add($"{path}: recorded {expected.GetRawText()}, got {actual.GetRawText()}");
                }

                break;
        }
    }

    private void MatchObject(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (!expectedNames.SetEquals(actualNames))
        {
            differences.Add(
                $"{path}: recorded keys {string.Join(",", expectedNames.Order())}, " + $"got {string.Join(",", actualNames.Order())}"
            );
            return;
        }

        foreach (var property in expected.EnumerateObject())
        {
            var other = actual.GetProperty(property.Name);
            if (property.Name == "explanation" && property.Value.ValueKind == JsonValueKind.Array)
            {
                if (other.ValueKind != JsonValueKind.Array || other.GetArrayLength() == 0)
                {
                    differences.Add($"{path}.explanation: recorded lines, got {other.GetRawText()}");
                }

                continue;
            }

            Match(property.Value, other, $"{path}.{property.Name}", differences);
        }
    }

    /// <summary>The recorded string as a pattern: literal text, opaque codes as groups, recent dates as any date.</summary>
    private bool MatchString(string expected, string actual)
    {
        var pattern = new StringBuilder("^");
        var codes = new List<string>();
        var last = 0;
        foreach (Match token in Volatile().Matches(expected))
        {
            pattern.Append(Regex.Escape(expected[last..token.Index]));
            last = token.Index + token.Length;
            if (token.Groups["code"].Success)
            {
                codes.Add(token.Value);
                pattern.Append("([A-Z0-9]+(?:-[A-Z0-9]+)*)");
            }
            else if (IsRecent(token.Groups["date"].Value))
            {
                pattern.Append(token.Groups["time"].Success ? @"\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})" : @"\d{4}-\d{2}-\d{2}");
            }
            else
            {
                pattern.Append(Regex.Escape(token.Value));
            }
        }

        pattern.Append(Regex.Escape(expected[last..])).Append('$');
        var match = Regex.Match(actual, pattern.ToString(), RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success && codes.Select((code, i) => Bind(code, match.Groups[i + 1].Value)).All(ok => ok);
    }

    private bool Bind(string recorded, string actual)
    {
        if (bindings.TryGetValue(recorded, out var bound))
        {
            return bound == actual;
        }

        if (boundTo.TryGetValue(actual, out var other) && other != recorded)
        {
            return false; // two recorded codes cannot stand for one code of the run
        }

        bindings[recorded] = actual;
        boundTo[actual] = recorded;
        return true;
    }

    private bool IsRecent(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d >= recentFrom;

    private static JsonValueKind Kind(JsonElement e) =>
        e.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : e.ValueKind;

    private static (List<JsonElement> Values, string? Error) Parse(string text)
    {
        var values = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);
                values.Add(document.RootElement.Clone());
            }
        }
        catch (JsonException e)
        {
            return (values, e.Message);
        }

        return (values, null);
    }

    [GeneratedRegex(
        @"(?<date>\d{4}-\d{2}-\d{2})(?<time>T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?|(?<code>(?<![A-Za-z0-9])(?=[A-Z0-9-]{8,})(?=[A-Z0-9-]*[0-9])(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9]))"
    )]
    private static partial Regex Volatile();
}
