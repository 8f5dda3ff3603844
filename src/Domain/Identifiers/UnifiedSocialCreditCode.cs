using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Identifiers;

/// <summary>Outcome of <see cref="UnifiedSocialCreditCode.Validate"/>: either a parsed code or exactly one error
/// (the first rule that fails, checked in the order length, charset, category, check character).</summary>
public sealed record UsccValidationResult(UnifiedSocialCreditCode? Code, IdentifierError? Error)
{
    [MemberNotNullWhen(true, nameof(Code))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null && Code is not null;
}

/// <summary>
/// 统一社会信用代码 per GB 32100-2015: 1 registration-authority code, 1 entity-category code, 6-digit administrative
/// division code, 9-character organisation code (GB 11714 body + its own check), 1 check character (MOD 31).
/// Input is upper-cased before checking (letters are case-insensitive in practice); no other normalisation
/// (whitespace is reported as a charset error so that a pasted code is never silently altered).
/// </summary>
public readonly record struct UnifiedSocialCreditCode
{
    public const int Length = 18;

    /// <summary>The 31-character code alphabet: digits and capitals without I, O, Z, S, V (GB 32100-2015 §4.2).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    // GB 32100-2015 §5: W_i = 3^(i-1) mod 31. (A commonly circulated table "…,28,24,7,21,12,25,10" is wrong from
    // position 11 on; it rejects published codes such as 91350100M000100Y43.)
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private UnifiedSocialCreditCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>Position 1: 登记管理部门码 (e.g. '9' = market regulation).</summary>
    public char RegistrationAuthority => Value[0];

    /// <summary>Position 2: 机构类别码, meaningful only together with position 1 (e.g. "91" enterprise).</summary>
    public char Category => Value[1];

    /// <summary>Positions 3-8: 登记管理机关行政区划码 (e.g. "411100" Luohe).</summary>
    public string DivisionCode => Value.Substring(2, 6);

    /// <summary>Positions 9-17: 主体标识码（组织机构代码）.</summary>
    public string OrganisationCode => Value.Substring(8, 9);

    /// <summary>Position 18: 校验码.</summary>
    public char CheckCharacter => Value[17];

    /// <summary>Authority + category, e.g. "91".</summary>
    public string CategoryPair => Value[..2];

    public override string ToString() => Value;

    public static UsccValidationResult Validate(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return Fail(
                "uscc.length",
                "The unified social credit code is empty; it must have 18 characters (统一社会信用代码长度).",
                null,
                "18",
                "0"
            );
        }

        if (code.Length != Length)
        {
            return Fail(
                "uscc.length",
                $"The unified social credit code must have 18 characters, but has {code.Length} (统一社会信用代码长度).",
                null,
                "18",
                code.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            );
        }

        var upper = code.ToUpperInvariant();

        if (!UsccCategories.Authorities.TryGetValue(upper[0], out var categories))
        {
            return Fail(
                "uscc.charset",
                $"Position 1 (registration-authority code, 登记管理部门码) is '{code[0]}'; allowed: {string.Concat(UsccCategories.Authorities.Keys.Order())}.",
                1,
                null,
                code[0].ToString()
            );
        }

        if (Alphabet.IndexOf(upper[1], StringComparison.Ordinal) < 0)
        {
            return Fail(
                "uscc.charset",
                $"Position 2 (entity-category code, 机构类别码) is '{code[1]}', which is not in the code alphabet {Alphabet}.",
                2,
                null,
                code[1].ToString()
            );
        }

        for (var i = 2; i < 8; i++)
        {
            if (upper[i] is < '0' or > '9')
            {
                return Fail(
                    "uscc.charset",
                    $"Position {i + 1} (administrative division code, 行政区划码) is '{code[i]}'; positions 3-8 must be digits.",
                    i + 1,
                    null,
                    code[i].ToString()
                );
            }
        }

        for (var i = 8; i < Length; i++)
        {
            if (Alphabet.IndexOf(upper[i], StringComparison.Ordinal) < 0)
            {
                var part = i < 17 ? "organisation code, 主体标识码" : "check character, 校验码";
                return Fail(
                    "uscc.charset",
                    $"Position {i + 1} ({part}) is '{code[i]}', which is not in the code alphabet {Alphabet} (I, O, Z, S, V are never used).",
                    i + 1,
                    null,
                    code[i].ToString()
                );
            }
        }

        if (!categories.ContainsKey(upper[1]))
        {
            return Fail(
                "uscc.category",
                $"Entity-category code '{upper[1]}' is not defined for registration authority '{upper[0]}' (机构类别码); allowed after '{upper[0]}': {string.Concat(categories.Keys.Order())}.",
                2,
                string.Concat(categories.Keys.Order()),
                upper[1].ToString()
            );
        }

        var expected = ComputeCheckCharacter(upper[..17]);
        if (expected[0] != upper[17])
        {
            return Fail(
                "uscc.check-character",
                $"Check character (校验码) at position 18 should be '{expected}' but is '{code[17]}'.",
                18,
                expected,
                code[17].ToString()
            );
        }

        return new UsccValidationResult(new UnifiedSocialCreditCode(upper), null);
    }

    public static bool TryParse(string? code, out UnifiedSocialCreditCode result)
    {
        var validation = Validate(code);
        result = validation.Code ?? default;
        return validation.IsValid;
    }

    /// <summary>The check character for the first 17 characters: C18 = 31 - (Σ Ci·Wi mod 31), 31 mapped to '0'.</summary>
    /// <exception cref="ArgumentException">The input is not 17 characters of the code alphabet (a programming error,
    /// not user input: user input goes through <see cref="Validate"/>).</exception>
    public static string ComputeCheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17)
        {
            throw new ArgumentException($"Expected the first 17 characters of a code, got {first17.Length}.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(first17[i]), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"Character '{first17[i]}' at position {i + 1} is not in the code alphabet.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31].ToString();
    }

    private static UsccValidationResult Fail(string rule, string message, int? position, string? expected, string? given) =>
        new(null, new IdentifierError(rule, message, position, expected, given));
}

/// <summary>One entity category of GB 32100-2015 Table 2.</summary>
public sealed record UsccCategory(char Authority, char Code, string AuthorityNameZh, string NameZh, string NameEn);

/// <summary>The authority/category table (embedded <c>Data/MarketEntities/uscc-categories.json</c>).</summary>
public static class UsccCategories
{
    private static readonly Lazy<FrozenDictionary<char, FrozenDictionary<char, UsccCategory>>> Table = new(LoadTable);

    internal static FrozenDictionary<char, FrozenDictionary<char, UsccCategory>> Authorities => Table.Value;

    /// <summary>The category for a pair such as "91", or null when the pair is not defined.</summary>
    public static UsccCategory? Find(char authority, char category) =>
        Authorities.TryGetValue(char.ToUpperInvariant(authority), out var categories)
        && categories.TryGetValue(char.ToUpperInvariant(category), out var found)
            ? found
            : null;

    public static IEnumerable<UsccCategory> All => Authorities.Values.SelectMany(c => c.Values);

    private static FrozenDictionary<char, FrozenDictionary<char, UsccCategory>> LoadTable()
    {
        var file = EmbeddedData.Load<CategoryFile>("MarketEntities/uscc-categories.json");
        return file.Authorities.ToFrozenDictionary(
            a => a.Code[0],
            a => a.Categories.ToFrozenDictionary(c => c.Code[0], c => new UsccCategory(a.Code[0], c.Code[0], a.NameZh, c.NameZh, c.NameEn))
        );
    }

    private sealed record CategoryFile(string Source, string Effective, IReadOnlyList<AuthorityRow> Authorities);

    private sealed record AuthorityRow(string Code, string NameZh, string NameEn, IReadOnlyList<CategoryRow> Categories);

    private sealed record CategoryRow(string Code, string NameZh, string NameEn);
}
