using System.Text.RegularExpressions;

namespace Workflows.Domain.Access;

/// <summary>The kinds of sensitive personal information a case carries (PIPL Art. 28; resident ID numbers per GB 11643).</summary>
public enum PersonalDataKind
{
    ResidentIdNumber,
    Phone,
    HomeAddress,
}

/// <summary>
/// Masks resident ID numbers, phone numbers and home addresses for everyone but the responsible officer (PIPL
/// Art. 28: processed only where necessary). One piece of code, used by response shaping and by log output.
/// </summary>
public static partial class PersonalData
{
    private const char MaskChar = '*';

    /// <summary>JSON property names (camelCase or PascalCase) whose values are personal data of that kind.</summary>
    public static readonly IReadOnlyDictionary<string, PersonalDataKind> Fields = new Dictionary<string, PersonalDataKind>(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["idNumber"] = PersonalDataKind.ResidentIdNumber,
        ["personIdNumber"] = PersonalDataKind.ResidentIdNumber,
        ["residentIdNumber"] = PersonalDataKind.ResidentIdNumber,
        ["phone"] = PersonalDataKind.Phone,
        ["mobile"] = PersonalDataKind.Phone,
        ["telephone"] = PersonalDataKind.Phone,
        ["contactPhone"] = PersonalDataKind.Phone,
        ["domicile"] = PersonalDataKind.HomeAddress,
        ["homeAddress"] = PersonalDataKind.HomeAddress,
    };

    /// <summary>411102198503120015 → 411102********0015: the division of first registration and the last four stay.</summary>
    public static string MaskIdNumber(string value)
    {
        var v = value.Trim();
        return v.Length <= 10 ? new string(MaskChar, v.Length) : v[..6] + new string(MaskChar, v.Length - 10) + v[^4..];
    }

    /// <summary>13839512345 → 138****2345.</summary>
    public static string MaskPhone(string value)
    {
        var v = value.Trim();
        return v.Length <= 7 ? new string(MaskChar, v.Length) : v[..3] + new string(MaskChar, v.Length - 7) + v[^4..];
    }

    /// <summary>河南省漯河市源汇区黄河路88号院 → 河南省漯河市源汇区****: the county stays, street and number go.</summary>
    public static string MaskAddress(string value)
    {
        var v = value.Trim();
        var county = v.IndexOfAny(['区', '县']);
        var keep = county >= 0 && county < v.Length - 1 ? county + 1 : Math.Min(6, v.Length / 2);
        return v[..keep] + new string(MaskChar, 4);
    }

    /// <summary>The value of a field of <paramref name="kind"/>, masked. A USCC in an <c>idNumber</c> field (a
    /// corporate shareholder) is not personal data and stays.</summary>
    public static string Mask(PersonalDataKind kind, string value) =>
        kind switch
        {
            PersonalDataKind.ResidentIdNumber when Identifiers.UnifiedSocialCreditCode.Validate(value).Error is null => value,
            PersonalDataKind.ResidentIdNumber => MaskIdNumber(value),
            PersonalDataKind.Phone => MaskPhone(value),
            _ => MaskAddress(value),
        };

    /// <summary>Masks every resident ID number and mobile number written anywhere in free text (summaries, messages,
    /// log lines), whatever field it came from.</summary>
    public static string MaskText(string text) =>
        MobileInText().Replace(ResidentIdInText().Replace(text, m => MaskIdNumber(m.Value)), m => MaskPhone(m.Value));

    /// <summary>True when the text holds a full resident ID number (for tests and guards).</summary>
    public static bool ContainsResidentIdNumber(string text) => ResidentIdInText().IsMatch(text);

    /// <summary>18 characters shaped like GB 11643 (division, a 19xx/20xx birth date, sequence, check), standing alone.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex ResidentIdInText();

    /// <summary>A mainland mobile number (1[3-9] + 9 digits), standing alone.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")]
    private static partial Regex MobileInText();
}
