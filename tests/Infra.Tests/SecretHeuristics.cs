using System.Text.RegularExpressions;

namespace Workflows.Infra.Tests;

/// <summary>
/// Flags text that looks like a credential: storage connection strings with a key, SAS tokens, long base64 blobs
/// (account keys are 88 base64 characters) and anything mentioning a password. Deliberately strict: the template must
/// carry no secret at all, only identities and Key Vault references.
/// </summary>
public static partial class SecretHeuristics
{
    /// <summary>Shortest base64 run treated as key material.</summary>
    public const int MinimumBase64Length = 40;

    /// <summary>Reasons why <paramref name="text"/> looks like a secret; empty when it does not.</summary>
    public static IReadOnlyList<string> Suspicions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reasons = new List<string>();
        if (text.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add("storage connection string with AccountKey=");
        }

        if (text.Contains("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase)
            || text.Contains("SharedAccessKey=", StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add("shared access signature or key");
        }

        if (SasSignature().IsMatch(text))
        {
            reasons.Add("SAS token signature (sig=)");
        }

        if (text.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add("mentions a password");
        }

        reasons.AddRange(Base64Run().Matches(text)
            .Where(match => LooksRandom(match.Value))
            .Select(match => $"{match.Length}-character base64 literal"));
        return reasons;
    }

    // Key material mixes upper case, lower case and digits; resource type paths such as
    // "Storage/storageAccounts/blobServices/containers" are long base64-alphabet runs too, but have no digit.
    private static bool LooksRandom(string run) =>
        run.Any(char.IsAsciiLetterUpper) && run.Any(char.IsAsciiLetterLower) && run.Any(char.IsAsciiDigit);

    [GeneratedRegex(@"(^|[?&;\s])sig=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SasSignature();

    [GeneratedRegex(@"[A-Za-z0-9+/]{40,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();
}
