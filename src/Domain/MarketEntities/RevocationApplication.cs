using Workflows.Domain.Identifiers;

namespace Workflows.Domain.MarketEntities;

/// <summary>撤销市场主体登记申请 by a person affected by a false registration (Decree 746 Art. 40 para 1).</summary>
/// <param name="Applicant">The affected natural person, legal person or organisation (resident ID or USCC).</param>
/// <param name="TargetUscc">The code of the entity whose registration is challenged.</param>
/// <param name="Facts">How the registration was obtained with false materials or fraud (提交虚假材料或者采取其他欺诈手段).</param>
/// <param name="FalseItems">The registration items or materials alleged to be false, e.g. "法定代表人身份证明".</param>
/// <param name="Evidence">Attachment names supporting the facts.</param>
public sealed record RevocationApplication(
    PersonRef? Applicant,
    string? TargetUscc,
    string? TargetName,
    string? Facts,
    IReadOnlyList<string>? FalseItems,
    IReadOnlyList<string>? Evidence,
    DateOnly ReceivedOn
);

public static class RevocationApplicationValidator
{
    private const string Article = "Decree 746 Art. 40 para 1";

    public static IReadOnlyList<ValidationError> Validate(RevocationApplication app, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(app);
        var errors = new List<ValidationError>();
        if (app.Applicant is null)
        {
            errors.Add(
                new(
                    "applicant",
                    RegistrationApplicationValidator.RequiredRule,
                    "The affected applicant (受虚假市场主体登记影响的申请人) is required.",
                    Article
                )
            );
        }
        else
        {
            if (string.IsNullOrWhiteSpace(app.Applicant.Name))
            {
                errors.Add(
                    new("applicant.name", RegistrationApplicationValidator.RequiredRule, "The applicant's name is required.", Article)
                );
            }

            var idError = app.Applicant.IdType switch
            {
                IdType.ResidentIdentityCard => ResidentIdentityNumber.Validate(app.Applicant.IdNumber, asOf).Error,
                IdType.UnifiedSocialCreditCode => UnifiedSocialCreditCode.Validate(app.Applicant.IdNumber).Error,
                _ => string.IsNullOrWhiteSpace(app.Applicant.IdNumber)
                    ? new IdentifierError(RegistrationApplicationValidator.RequiredRule, "The applicant's identity number is required.")
                    : null,
            };
            if (idError is not null)
            {
                errors.Add(new("applicant.idNumber", idError.Rule, idError.Message, Article));
            }
        }

        var target = UnifiedSocialCreditCode.Validate(app.TargetUscc).Error;
        if (target is not null)
        {
            errors.Add(new("targetUscc", target.Rule, target.Message, Article));
        }

        if (string.IsNullOrWhiteSpace(app.TargetName))
        {
            errors.Add(
                new("targetName", RegistrationApplicationValidator.RequiredRule, "The name of the challenged entity is required.", Article)
            );
        }

        if (string.IsNullOrWhiteSpace(app.Facts))
        {
            errors.Add(
                new(
                    "facts",
                    RegistrationApplicationValidator.RequiredRule,
                    "The facts of the false registration (虚假登记事实) are required.",
                    Article
                )
            );
        }

        if (app.FalseItems is not { Count: > 0 })
        {
            errors.Add(
                new(
                    "falseItems",
                    RegistrationApplicationValidator.RequiredRule,
                    "Name at least one registration item or material alleged to be false.",
                    Article
                )
            );
        }

        if (app.Evidence is not { Count: > 0 })
        {
            errors.Add(
                new("evidence", RegistrationApplicationValidator.RequiredRule, "Attach at least one piece of evidence (证据材料).", Article)
            );
        }

        if (app.ReceivedOn > asOf)
        {
            errors.Add(
                new(
                    "receivedOn",
                    "revocation.received-in-future",
                    $"The receipt date {app.ReceivedOn:yyyy-MM-dd} is after {asOf:yyyy-MM-dd}.",
                    Article
                )
            );
        }

        return errors;
    }
}
