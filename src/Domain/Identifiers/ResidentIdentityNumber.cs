using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Workflows.Domain.Identifiers;

/// <summary>Outcome of <see cref="ResidentIdentityNumber.Validate"/>: a parsed number or exactly one error (checked in
/// the order length, charset, birth date, check digit).</summary>
public sealed record ResidentIdValidationResult(ResidentIdentityNumber? Number, IdentifierError? Error)
{
    [MemberNotNullWhen(true, nameof(Number))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null && Number is not null;
}

public enum Gender
{
    Female,
    Male,
}

/// <summary>
/// 公民身份号码 per GB 11643-1999: 6-digit address code, 8-digit birth date YYYYMMDD, 3-digit sequence code (odd =
/// male, even = female), ISO 7064 MOD 11-2 check character (0-9 or X).
/// Decision: a lowercase 'x' check character is accepted and normalised to 'X' (people type it that way; the
/// standard prints it upper-case). Nothing else is normalised. Only 18-digit numbers are accepted: 15-digit
/// first-generation numbers have been invalid for identity verification since 2013.
/// </summary>
public readonly record struct ResidentIdentityNumber
{
    public const int Length = 18;

    /// <summary>The earliest accepted birth date; earlier dates are data-entry errors in this domain.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckMap = "10X98765432";

    private ResidentIdentityNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    public string Value { get; }

    /// <summary>Positions 1-6: 地址码 (administrative division at first registration).</summary>
    public string AddressCode => Value[..6];

    /// <summary>Positions 7-14.</summary>
    public DateOnly BirthDate { get; }

    /// <summary>Positions 15-17: 顺序码.</summary>
    public string SequenceCode => Value.Substring(14, 3);

    /// <summary>Position 17: odd for men, even for women (GB 11643-1999 §5.3).</summary>
    public Gender Gender => (Value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;

    public char CheckCharacter => Value[17];

    public override string ToString() => Value;

    /// <param name="number">The number as entered.</param>
    /// <param name="asOf">The reference date (no wall clock): the birth date may not be after it.</param>
    public static ResidentIdValidationResult Validate(string? number, DateOnly asOf)
    {
        if (string.IsNullOrEmpty(number) || number.Length != Length)
        {
            var length = number?.Length ?? 0;
            return Fail(
                "resident-id.length",
                $"A resident identity number must have 18 characters, but has {length} (公民身份号码长度).",
                null,
                "18",
                length.ToString(CultureInfo.InvariantCulture)
            );
        }

        for (var i = 0; i < 17; i++)
        {
            if (number[i] is < '0' or > '9')
            {
                return Fail(
                    "resident-id.charset",
                    $"Position {i + 1} is '{number[i]}'; positions 1-17 must be digits (公民身份号码字符).",
                    i + 1,
                    null,
                    number[i].ToString()
                );
            }
        }

        var last = number[17] == 'x' ? 'X' : number[17];
        if (last is not ('X' or (>= '0' and <= '9')))
        {
            return Fail(
                "resident-id.charset",
                $"Position 18 (check character) is '{number[17]}'; it must be a digit or X (校验码字符).",
                18,
                null,
                number[17].ToString()
            );
        }

        var birthText = number.Substring(6, 8);
        if (!DateOnly.TryParseExact(birthText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            return Fail(
                "resident-id.birth-date",
                $"Positions 7-14 ('{birthText}') are not a real calendar date YYYYMMDD (出生日期码).",
                7,
                null,
                birthText
            );
        }

        if (birthDate < EarliestBirthDate)
        {
            return Fail(
                "resident-id.birth-date",
                $"Birth date {birthDate:yyyy-MM-dd} is before {EarliestBirthDate:yyyy-MM-dd} (出生日期码).",
                7,
                null,
                birthText
            );
        }

        if (birthDate > asOf)
        {
            return Fail(
                "resident-id.birth-date",
                $"Birth date {birthDate:yyyy-MM-dd} is after the reference date {asOf:yyyy-MM-dd} (出生日期码).",
                7,
                null,
                birthText
            );
        }

        var expected = ComputeCheckCharacter(number[..17]);
        if (expected[0] != last)
        {
            return Fail(
                "resident-id.check-digit",
                $"Check character (校验码) at position 18 should be '{expected}' but is '{number[17]}'.",
                18,
                expected,
                number[17].ToString()
            );
        }

        return new ResidentIdValidationResult(new ResidentIdentityNumber(number[..17] + last, birthDate), null);
    }

    public static bool TryParse(string? number, DateOnly asOf, out ResidentIdentityNumber result)
    {
        var validation = Validate(number, asOf);
        result = validation.Number ?? default;
        return validation.IsValid;
    }

    /// <summary>ISO 7064 MOD 11-2: Σ ai·Wi mod 11 indexes "10X98765432".</summary>
    /// <exception cref="ArgumentException">The input is not 17 digits (a programming error; user input goes through
    /// <see cref="Validate"/>).</exception>
    public static string ComputeCheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17 || first17.Any(c => c is < '0' or > '9'))
        {
            throw new ArgumentException("Expected exactly 17 digits.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckMap[sum % 11].ToString();
    }

    private static ResidentIdValidationResult Fail(string rule, string message, int? position, string? expected, string? given) =>
        new(null, new IdentifierError(rule, message, position, expected, given));
}
