using System.Globalization;
using Workflows.Domain.Access;

namespace Workflows.Functions.Cases;

/// <summary>
/// Case ids carry their agency so that a case is one point read: <c>REG-411100-20240208-7KQ2M9XD</c>
/// (procedure prefix, agency division code, acceptance date in China time, a random or derived suffix).
/// </summary>
public static class CaseIds
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string New(string prefix, string agency, DateOnly acceptedOn, ReadOnlySpan<byte> entropy)
    {
        if (!Jurisdiction.IsDivisionCode(agency))
        {
            throw new ArgumentException($"'{agency}' is not a division code.", nameof(agency));
        }

        var suffix = new char[8];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[entropy[i % entropy.Length] % Alphabet.Length];
        }

        return $"{prefix}-{agency}-{acceptedOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{new string(suffix)}";
    }

    /// <summary>A case id derived from an idempotency key (same key → same id), so a retried intake cannot create two cases.</summary>
    public static string FromKey(string prefix, string agency, DateOnly acceptedOn, string idempotencyKey) =>
        New(prefix, agency, acceptedOn, System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idempotencyKey)));

    public static bool TryGetAgency(string? caseId, out string agency)
    {
        agency = string.Empty;
        var parts = caseId?.Split('-');
        if (
            parts is not { Length: 4 }
            || parts[0].Length is < 2 or > 8
            || !Jurisdiction.IsDivisionCode(parts[1])
            || parts[2].Length != 8
            || parts[3].Length != 8
        )
        {
            return false;
        }

        agency = parts[1];
        return true;
    }
}
