using FsCheck;
using FsCheck.Xunit;
using Workflows.Domain.Identifiers;

namespace Workflows.Domain.Tests.Identifiers;

public sealed class IdentifierPropertyTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 1);

    private static string RandomUsccBody(Random random)
    {
        var category = UsccCategories.All.ElementAt(random.Next(UsccCategories.All.Count()));
        var division = random.Next(110000, 660000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var organisation = string.Concat(Enumerable.Range(0, 9).Select(_ => UnifiedSocialCreditCode.Alphabet[random.Next(31)]));
        return $"{category.Authority}{category.Code}{division}{organisation}";
    }

    [Property(MaxTest = 300)]
    public bool Uscc_BodyWithComputedCheck_IsValid(int seed)
    {
        var body = RandomUsccBody(new Random(seed));

        return UnifiedSocialCreditCode.Validate(body + UnifiedSocialCreditCode.ComputeCheckCharacter(body)).IsValid;
    }

    [Property(MaxTest = 300)]
    public bool Uscc_AnyOtherCheckCharacter_IsRejectedAsCheckCharacter(int seed, PositiveInt offset)
    {
        var body = RandomUsccBody(new Random(seed));
        var check = UnifiedSocialCreditCode.ComputeCheckCharacter(body)[0];
        var wrong = UnifiedSocialCreditCode.Alphabet[
            (UnifiedSocialCreditCode.Alphabet.IndexOf(check, StringComparison.Ordinal) + 1 + (offset.Get % 30)) % 31
        ];

        return UnifiedSocialCreditCode.Validate(body + wrong).Error?.Rule == "uscc.check-character";
    }

    [Property(MaxTest = 300)]
    public bool ResidentId_ValidBirthDateWithComputedCheck_IsValidAndGenderFollowsPosition17(int seed)
    {
        var random = new Random(seed);
        var birth = new DateOnly(1900, 1, 1).AddDays(random.Next(AsOf.DayNumber - new DateOnly(1900, 1, 1).DayNumber + 1));
        var body = $"4111{random.Next(0, 100):D2}{birth:yyyyMMdd}{random.Next(0, 1000):D3}";

        var result = ResidentIdentityNumber.Validate(body + ResidentIdentityNumber.ComputeCheckCharacter(body), AsOf);

        return result.IsValid
            && result.Number.Value.BirthDate == birth
            && result.Number.Value.Gender == ((body[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female);
    }

    [Property(MaxTest = 300)]
    public bool ResidentId_SingleDigitChangeInBody_IsDetected(int seed)
    {
        // MOD 11-2 detects every single-digit substitution; the change may also break the birth date first.
        var random = new Random(seed);
        const string body = "41110219850312001";
        var valid = body + ResidentIdentityNumber.ComputeCheckCharacter(body);
        var position = random.Next(17);
        var digit = (char)('0' + ((valid[position] - '0' + 1 + random.Next(9)) % 10));
        var changed = valid[..position] + digit + valid[(position + 1)..];

        return !ResidentIdentityNumber.Validate(changed, AsOf).IsValid;
    }
}
