using Microsoft.AspNetCore.Http;
using Workflows.Domain.Calendar;
using Workflows.Domain.Identifiers;

namespace Workflows.Functions.Api;

/// <summary><c>GET /api/identifiers/uscc/{code}</c> and <c>/api/identifiers/resident-id/{id}</c>: valid, or the reason.</summary>
public sealed class IdentifiersApi(TimeProvider clock)
{
#pragma warning disable CA1822 // an API handler resolved from DI like the others
    public IResult CheckUscc(string code)
    {
        var result = UnifiedSocialCreditCode.Validate(code);
        return result.IsValid
            ? Results.Json(
                new
                {
                    valid = true,
                    code = result.Code.Value.Value,
                    registrationAuthority = result.Code.Value.RegistrationAuthority.ToString(),
                    category = result.Code.Value.CategoryPair,
                    divisionCode = result.Code.Value.DivisionCode,
                    organisationCode = result.Code.Value.OrganisationCode,
                }
            )
            : Results.Json(
                new
                {
                    valid = false,
                    code,
                    error = result.Error,
                }
            );
    }

#pragma warning restore CA1822

    public IResult CheckResidentId(string id)
    {
        var result = ResidentIdentityNumber.Validate(id, ChinaTime.Today(clock));
        return result.IsValid
            ? Results.Json(
                new
                {
                    valid = true,
                    id = result.Number.Value.Value,
                    birthDate = result.Number.Value.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    addressCode = result.Number.Value.AddressCode,
                }
            )
            : Results.Json(
                new
                {
                    valid = false,
                    id,
                    error = result.Error,
                }
            );
    }
}
