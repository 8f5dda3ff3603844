using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Identifiers;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities.MarketEntities;

/// <param name="Uscc">The code the officer assigned, or null to derive one (kept when the entity already has one).</param>
public sealed record IssueLicenceInput(
    string CaseId,
    string Agency,
    EntityType EntityType,
    string Name,
    string? Uscc,
    DateOnly RegisteredOn
);

/// <summary>
/// Issues the business licence record (Decree 746 Art. 21: the licence's date of issue is the establishment date) and
/// assigns the unified social credit code. A derived code is a function of the case id, so a retried activity issues
/// the same licence.
/// </summary>
public sealed class IssueLicenceActivity : IActivity<IssueLicenceInput, BusinessLicence>
{
    [Function(nameof(IssueLicenceActivity))]
    public Task<BusinessLicence> RunFunction([ActivityTrigger] IssueLicenceInput input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public Task<BusinessLicence> RunAsync(IssueLicenceInput input, CancellationToken cancellationToken)
    {
        // An officer's code that fails GB 32100 cannot stand on a licence: derive one instead (the case history shows the code issued).
        var uscc = UnifiedSocialCreditCode.Validate(input.Uscc?.Trim()).IsValid
            ? input.Uscc!.Trim().ToUpperInvariant()
            : DeriveUscc(input.CaseId, input.Agency, input.EntityType);
        var licenceNumber = $"{input.Agency}{input.RegisteredOn:yyyyMMdd}{uscc[8..17]}";
        return Task.FromResult(
            new BusinessLicence(
                licenceNumber,
                uscc,
                input.Name,
                input.EntityType,
                input.RegisteredOn,
                input.RegisteredOn,
                input.Agency,
                "Decree 746 Art. 21 (营业执照签发日期为市场主体的成立日期)"
            )
        );
    }

    /// <summary>GB 32100-2015 layout: authority 9 (market regulation), category (1 enterprise, 2 individual business,
    /// 3 farmer cooperative), the agency's division code, a 9-character subject code and the check character.</summary>
    public static string DeriveUscc(string caseId, string agency, EntityType type)
    {
        var category = type switch
        {
            EntityType.IndividualBusiness => '2',
            EntityType.FarmerCooperative => '3',
            _ => '1',
        };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(caseId));
        var subject = new StringBuilder(9);
        for (var i = 0; i < 9; i++)
        {
            subject.Append(UnifiedSocialCreditCode.Alphabet[hash[i] % UnifiedSocialCreditCode.Alphabet.Length]);
        }

        var first17 = $"9{category}{agency}{subject}";
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }
}
