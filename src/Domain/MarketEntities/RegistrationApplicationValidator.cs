using System.Globalization;
using Workflows.Domain.Identifiers;

namespace Workflows.Domain.MarketEntities;

/// <summary>
/// Formal review (形式审查, Decree 746 Art. 19) of a registration application: the registration items of Art. 8, the
/// filing items of Art. 9 that a registration cannot do without, identity checks (Art. 15 real-name registration),
/// contribution rules (Art. 13), licensed items (Art. 14) and every missing material (Art. 16, Art. 19 para 2). All
/// problems are returned at once so that the applicant can be told once (一次性告知). An empty list means the
/// application can be registered on the spot (当场登记).
/// Not checked here: Art. 12 disqualifications and bans (the officer confirms them; see <see cref="Art12Disqualifications"/>
/// and <see cref="BanCheck"/>), and name availability (Art. 10, a separate register).
/// </summary>
public static class RegistrationApplicationValidator
{
    public const string RequiredRule = "registration.required";
    public const string MaterialMissingRule = "registration.material-missing";

    /// <summary>The youngest age at which a person can have full civil capacity (Civil Code Art. 18 para 2: 16 and
    /// self-supporting). Younger legal representatives are rejected outright under Art. 12(1); 16-17 year olds are
    /// left to the officer's Art. 12(1) confirmation.</summary>
    public const int MinimumLegalRepresentativeAge = 16;

    /// <param name="app">The application.</param>
    /// <param name="asOf">Reference date for identity checks (birth dates) and the legal representative's age.</param>
    /// <param name="obtainableFromSharedPlatform">Material codes the authority obtains itself (Art. 16 para 3).</param>
    public static IReadOnlyList<ValidationError> Validate(
        RegistrationApplication app,
        DateOnly asOf,
        IReadOnlyCollection<string>? obtainableFromSharedPlatform = null
    )
    {
        ArgumentNullException.ThrowIfNull(app);
        var errors = new List<ValidationError>();
        var type = app.EntityType;

        if (!Enum.IsDefined(type))
        {
            errors.Add(
                new(
                    "entityType",
                    "registration.entity-type",
                    $"Entity type {(int)type} is not a market-entity type of Art. 2 (主体类型).",
                    "Decree 746 Art. 2, Art. 8(2)"
                )
            );
            return errors;
        }

        Require(errors, app.Name, "name", "name (名称)", "Decree 746 Art. 8(1)");
        Require(errors, app.BusinessScope, "businessScope", "business scope (经营范围)", "Decree 746 Art. 8(3)");

        if (type == EntityType.IndividualBusiness)
        {
            ValidateIndividualBusiness(errors, app, asOf);
        }
        else
        {
            // Art. 8(4) and Art. 11: exactly one residence or main business premises.
            Require(
                errors,
                app.Residence,
                "residence",
                "residence or main business premises (住所或者主要经营场所)",
                "Decree 746 Art. 8(4), Art. 11"
            );
            ValidatePrincipalPerson(errors, app, asOf);
        }

        ValidateCapital(errors, app);
        ValidateParties(errors, app, asOf);

        if (type.IsBranch())
        {
            ValidateBranch(errors, app);
        }

        if (app.Applicant is not null)
        {
            ValidatePerson(errors, app.Applicant, "applicant", "applicant (申请人)", "Decree 746 Art. 15", asOf, requireDomicile: false);
        }

        if (app.Agent is not null)
        {
            // Art. 18: an agent may file; Art. 15 real-name registration applies to the agent too.
            ValidatePerson(errors, app.Agent, "agent", "agent (委托代理人)", "Decree 746 Art. 18, Art. 15", asOf, requireDomicile: false);
        }

        if (app.ExistingUscc is not null)
        {
            AddIdentifierError(errors, "existingUscc", IdType.UnifiedSocialCreditCode, app.ExistingUscc, asOf, "Decree 746 Art. 24");
        }

        ValidateLicensedItems(errors, app);

        foreach (var material in RequiredMaterials.MissingMaterials(app, obtainableFromSharedPlatform))
        {
            errors.Add(
                new(
                    "materials",
                    MaterialMissingRule,
                    $"Material '{material.Code}' is missing: {material.NameEn} ({material.NameZh}).",
                    material.Article
                )
            );
        }

        return errors;
    }

    private static void ValidatePrincipalPerson(List<ValidationError> errors, RegistrationApplication app, DateOnly asOf)
    {
        var type = app.EntityType;
        var title = $"{type.PrincipalPersonTitleEn()} ({type.PrincipalPersonTitleZh()})";
        if (app.LegalRepresentative is null)
        {
            errors.Add(new("legalRepresentative", RequiredRule, $"The {title} is required.", "Decree 746 Art. 8(6)"));
            return;
        }

        ValidatePerson(
            errors,
            app.LegalRepresentative,
            "legalRepresentative",
            title,
            "Decree 746 Art. 8(6), Art. 15",
            asOf,
            requireDomicile: false
        );

        if (!type.IsCorporateLegalPerson())
        {
            return;
        }

        // Art. 12 speaks of a person (无民事行为能力…): the legal representative of a company is a natural person.
        if (app.LegalRepresentative.IdType == IdType.UnifiedSocialCreditCode)
        {
            errors.Add(
                new(
                    "legalRepresentative.idType",
                    "registration.legal-representative-natural-person",
                    "The legal representative (法定代表人) of a company or non-company enterprise legal person must be a natural person, not an organisation.",
                    "Decree 746 Art. 12"
                )
            );
        }
        else if (
            app.LegalRepresentative.IdType == IdType.ResidentIdentityCard
            && ResidentIdentityNumber.TryParse(app.LegalRepresentative.IdNumber, asOf, out var id)
            && id.BirthDate.AddYears(MinimumLegalRepresentativeAge) > asOf
        )
        {
            errors.Add(
                new(
                    "legalRepresentative.idNumber",
                    "registration.legal-representative-capacity",
                    $"The legal representative (法定代表人), born {id.BirthDate:yyyy-MM-dd}, is under {MinimumLegalRepresentativeAge} on {asOf:yyyy-MM-dd} and cannot have full civil capacity (无民事行为能力或者限制民事行为能力).",
                    "Decree 746 Art. 12(1)"
                )
            );
        }
    }

    private static void ValidateIndividualBusiness(List<ValidationError> errors, RegistrationApplication app, DateOnly asOf)
    {
        var details = app.IndividualBusiness;
        if (details is null)
        {
            errors.Add(
                new(
                    "individualBusiness",
                    RequiredRule,
                    "Individual-business items (operator, organisational form, business premises) are required (个体工商户登记事项).",
                    "Decree 746 Art. 8 para 2(4)"
                )
            );
            return;
        }

        if (details.Operator is null)
        {
            errors.Add(
                new(
                    "individualBusiness.operator",
                    RequiredRule,
                    "The operator (经营者) is required.",
                    "Decree 746 Art. 8 para 2(4), Art. 8(6)"
                )
            );
        }
        else
        {
            ValidatePerson(
                errors,
                details.Operator,
                "individualBusiness.operator",
                "operator (经营者)",
                "Decree 746 Art. 8 para 2(4), Art. 15",
                asOf,
                requireDomicile: true
            );
        }

        Require(
            errors,
            details.BusinessPremises,
            "individualBusiness.businessPremises",
            "business premises (经营场所)",
            "Decree 746 Art. 8 para 2(4), Art. 8(4)"
        );

        if (details.Form == IndividualBusinessForm.Family && !app.PartiesOrEmpty.Any(p => p.Kind == PartyKind.FamilyMember))
        {
            errors.Add(
                new(
                    "parties",
                    "registration.family-members",
                    "A family-run individual business must name the family members taking part in the business (参加经营的家庭成员姓名).",
                    "Decree 746 Art. 9(6)"
                )
            );
        }
    }

    private static void ValidateCapital(List<ValidationError> errors, RegistrationApplication app)
    {
        var type = app.EntityType;
        if (type.IsBranch())
        {
            // A branch has no capital of its own; it is registered under its parent (Art. 23).
            return;
        }

        if (app.RegisteredCapital is null)
        {
            errors.Add(
                new(
                    "registeredCapital",
                    RequiredRule,
                    "The registered capital or contribution amount (注册资本或者出资额) in RMB is required.",
                    "Decree 746 Art. 8(5), Art. 13"
                )
            );
            return;
        }

        if (app.RegisteredCapital <= 0)
        {
            errors.Add(
                new(
                    "registeredCapital",
                    "registration.capital-positive",
                    $"The registered capital or contribution amount (注册资本或者出资额) must be positive, got {app.RegisteredCapital.Value.ToString(CultureInfo.InvariantCulture)}.",
                    "Decree 746 Art. 8(5), Art. 13"
                )
            );
            return;
        }

        // Art. 9(3): the subscribed contributions of shareholders / investors / partners add up to the registered amount.
        if (
            type
            is EntityType.LimitedLiabilityCompany
                or EntityType.NonCompanyEnterpriseLegalPerson
                or EntityType.PartnershipEnterprise
                or EntityType.SoleProprietorshipEnterprise
        )
        {
            // Only when every contribution is itself valid: a missing or negative one is reported on its own.
            var contributors = app.PartiesOrEmpty.Where(p => IsContributor(type, p.Kind)).ToList();
            if (contributors.Count > 0 && contributors.All(p => p.Contribution > 0))
            {
                var sum = contributors.Sum(p => p.Contribution!.Value);
                if (sum != app.RegisteredCapital.Value)
                {
                    errors.Add(
                        new(
                            "registeredCapital",
                            "registration.capital-sum",
                            $"The contributions of the {ContributorNoun(type)} add up to {sum.ToString(CultureInfo.InvariantCulture)} yuan, not the registered amount of {app.RegisteredCapital.Value.ToString(CultureInfo.InvariantCulture)} yuan (认缴出资额合计与注册资本不一致).",
                            "Decree 746 Art. 8(5), Art. 9(3)"
                        )
                    );
                }
            }
        }
    }

    private static void ValidateParties(List<ValidationError> errors, RegistrationApplication app, DateOnly asOf)
    {
        var type = app.EntityType;
        var parties = app.PartiesOrEmpty;

        var requiredKind = type switch
        {
            EntityType.LimitedLiabilityCompany => PartyKind.Shareholder,
            EntityType.JointStockCompany => PartyKind.Promoter,
            EntityType.NonCompanyEnterpriseLegalPerson => PartyKind.Investor,
            EntityType.SoleProprietorshipEnterprise => PartyKind.Investor,
            EntityType.PartnershipEnterprise => PartyKind.Partner,
            EntityType.FarmerCooperative => PartyKind.CooperativeMember,
            _ => (PartyKind?)null,
        };
        if (requiredKind is { } kind)
        {
            var count = parties.Count(p => p.Kind == kind);
            var article = type == EntityType.FarmerCooperative ? "Decree 746 Art. 9(5)" : "Decree 746 Art. 8 para 2";
            if (count == 0)
            {
                errors.Add(new("parties", RequiredRule, $"At least one {ContributorNoun(type)} must be listed.", article));
            }
            else if (type == EntityType.SoleProprietorshipEnterprise && count > 1)
            {
                errors.Add(
                    new(
                        "parties",
                        "registration.sole-investor",
                        $"A sole-proprietorship enterprise has exactly one investor (投资人), {count} are listed.",
                        "Decree 746 Art. 8 para 2(2)"
                    )
                );
            }
            else if (type == EntityType.PartnershipEnterprise && count < 2)
            {
                errors.Add(
                    new(
                        "parties",
                        "registration.partners-minimum",
                        "A partnership enterprise needs at least two partners (合伙人).",
                        "Partnership Enterprise Law Art. 14(1); Decree 746 Art. 8 para 2(3)"
                    )
                );
            }

            if (
                type == EntityType.PartnershipEnterprise
                && count > 0
                && !parties.Any(p => p.Kind == PartyKind.Partner && p.Liability == PartnerLiability.Unlimited)
            )
            {
                errors.Add(
                    new(
                        "parties",
                        "registration.general-partner",
                        "A partnership enterprise needs at least one partner with unlimited liability (普通合伙人).",
                        "Partnership Enterprise Law Art. 2; Decree 746 Art. 8 para 2(3)"
                    )
                );
            }
        }

        var seen = new HashSet<(PartyKind, string)>();
        for (var i = 0; i < parties.Count; i++)
        {
            var party = parties[i];
            var path = $"parties[{i}]";
            var label = $"{party.Kind} '{party.Name}'";

            Require(errors, party.Name, path + ".name", $"name of party #{i + 1} ({party.Kind})", "Decree 746 Art. 8 para 2, Art. 15");
            if (string.IsNullOrWhiteSpace(party.IdNumber))
            {
                errors.Add(
                    new(path + ".idNumber", RequiredRule, $"The identity number of {label} is required (实名登记).", "Decree 746 Art. 15")
                );
            }
            else
            {
                AddIdentifierError(errors, path + ".idNumber", party.IdType, party.IdNumber, asOf, "Decree 746 Art. 15");
                if (!seen.Add((party.Kind, party.IdNumber.ToUpperInvariant())))
                {
                    errors.Add(
                        new(
                            path + ".idNumber",
                            "registration.duplicate-party",
                            $"{label} is listed twice with the same identity number.",
                            "Decree 746 Art. 8 para 2"
                        )
                    );
                }
            }

            if (IsContributor(type, party.Kind))
            {
                ValidateContribution(errors, type, party, path, label);
            }

            ValidateContributionMethod(errors, type, party, path, label);

            // Art. 8 para 2(2)-(3): the sole-proprietorship investor's 居所 and every partner's 住所 are registered.
            if ((type == EntityType.SoleProprietorshipEnterprise && party.Kind == PartyKind.Investor) || party.Kind == PartyKind.Partner)
            {
                Require(errors, party.Domicile, path + ".domicile", $"domicile (住所/居所) of {label}", "Decree 746 Art. 8 para 2(2)-(3)");
            }

            if (party.Kind == PartyKind.Partner && party.Liability is null)
            {
                errors.Add(
                    new(
                        path + ".liability",
                        RequiredRule,
                        $"The form of liability (承担责任方式) of {label} is required.",
                        "Decree 746 Art. 8 para 2(3)"
                    )
                );
            }
        }
    }

    private static void ValidateContribution(List<ValidationError> errors, EntityType type, Party party, string path, string label)
    {
        if (party.Contribution is null)
        {
            errors.Add(
                new(
                    path + ".contribution",
                    RequiredRule,
                    $"The subscribed contribution (认缴出资数额) of {label} is required.",
                    "Decree 746 Art. 9(3)"
                )
            );
        }
        else if (party.Contribution <= 0)
        {
            errors.Add(
                new(
                    path + ".contribution",
                    "registration.contribution-positive",
                    $"The contribution of {label} must be positive, got {party.Contribution.Value.ToString(CultureInfo.InvariantCulture)}.",
                    "Decree 746 Art. 9(3), Art. 13"
                )
            );
        }

        if (type == EntityType.PartnershipEnterprise)
        {
            // Art. 9(3): partners file the amount, the payment deadline and the method.
            if (party.ContributionMethod is null)
            {
                errors.Add(
                    new(
                        path + ".contributionMethod",
                        RequiredRule,
                        $"The contribution method (出资方式) of {label} is required.",
                        "Decree 746 Art. 9(3)"
                    )
                );
            }

            if (party.ContributionDueDate is null)
            {
                errors.Add(
                    new(
                        path + ".contributionDueDate",
                        RequiredRule,
                        $"The payment deadline (缴付期限) of {label} is required.",
                        "Decree 746 Art. 9(3)"
                    )
                );
            }
        }
    }

    private static void ValidateContributionMethod(List<ValidationError> errors, EntityType type, Party party, string path, string label)
    {
        // Art. 13 para 2: labour, credit, a person's name, goodwill, franchise rights and encumbered property cannot be
        // contributed by company shareholders, non-company enterprise legal person investors or cooperative members.
        var restricted = party.Kind switch
        {
            PartyKind.Shareholder or PartyKind.Promoter => true,
            PartyKind.Investor => type == EntityType.NonCompanyEnterpriseLegalPerson,
            PartyKind.CooperativeMember => true,
            _ => false,
        };
        if (
            restricted
            && party.ContributionMethod
                is ContributionMethod.Labour
                    or ContributionMethod.Credit
                    or ContributionMethod.PersonalName
                    or ContributionMethod.Goodwill
                    or ContributionMethod.Franchise
                    or ContributionMethod.EncumberedProperty
        )
        {
            errors.Add(
                new(
                    path + ".contributionMethod",
                    "registration.contribution-method",
                    $"{label} may not contribute by {party.ContributionMethod} (不得以劳务、信用、自然人姓名、商誉、特许经营权或者设定担保的财产等作价出资).",
                    "Decree 746 Art. 13 para 2"
                )
            );
        }
    }

    private static void ValidateBranch(List<ValidationError> errors, RegistrationApplication app)
    {
        if (app.Branch is null)
        {
            errors.Add(new("branch", RequiredRule, "The entity the branch belongs to (隶属市场主体) is required.", "Decree 746 Art. 23"));
            return;
        }

        Require(errors, app.Branch.ParentName, "branch.parentName", "name of the parent entity (隶属市场主体名称)", "Decree 746 Art. 23");
        if (app.EntityType == EntityType.Branch)
        {
            if (string.IsNullOrWhiteSpace(app.Branch.ParentUscc))
            {
                errors.Add(
                    new(
                        "branch.parentUscc",
                        RequiredRule,
                        "The parent entity's unified social credit code (隶属市场主体统一社会信用代码) is required.",
                        "Decree 746 Art. 23"
                    )
                );
            }
            else
            {
                AddIdentifierError(
                    errors,
                    "branch.parentUscc",
                    IdType.UnifiedSocialCreditCode,
                    app.Branch.ParentUscc,
                    default,
                    "Decree 746 Art. 23"
                );
            }
        }
        else
        {
            Require(
                errors,
                app.Branch.ParentCountry,
                "branch.parentCountry",
                "country of the foreign company (外国公司国籍)",
                "Decree 746 Art. 2(5)"
            );
        }
    }

    private static void ValidateLicensedItems(List<ValidationError> errors, RegistrationApplication app)
    {
        var items = app.LicensedItems ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(items[i].ApprovalDocument))
            {
                errors.Add(
                    new(
                        $"licensedItems[{i}].approvalDocument",
                        "registration.licensed-item-approval",
                        $"Business item '{items[i].Item}' needs approval before registration; the approval document (批准文件) is missing.",
                        "Decree 746 Art. 14 para 1"
                    )
                );
            }
        }
    }

    private static void ValidatePerson(
        List<ValidationError> errors,
        PersonRef person,
        string path,
        string title,
        string article,
        DateOnly asOf,
        bool requireDomicile
    )
    {
        Require(errors, person.Name, path + ".name", $"name of the {title}", article);
        if (string.IsNullOrWhiteSpace(person.IdNumber))
        {
            errors.Add(
                new(path + ".idNumber", RequiredRule, $"The identity number of the {title} is required (实名登记).", "Decree 746 Art. 15")
            );
        }
        else
        {
            AddIdentifierError(errors, path + ".idNumber", person.IdType, person.IdNumber, asOf, "Decree 746 Art. 15");
        }

        if (requireDomicile)
        {
            Require(errors, person.Domicile, path + ".domicile", $"domicile (住所) of the {title}", article);
        }
    }

    /// <summary>Adds the identifier's own rule id (e.g. <c>resident-id.check-digit</c>) so callers can show the exact defect.</summary>
    private static void AddIdentifierError(
        List<ValidationError> errors,
        string field,
        IdType idType,
        string number,
        DateOnly asOf,
        string article
    )
    {
        var error = idType switch
        {
            IdType.ResidentIdentityCard => ResidentIdentityNumber.Validate(number, asOf).Error,
            IdType.UnifiedSocialCreditCode => UnifiedSocialCreditCode.Validate(number).Error,
            _ => null,
        };
        if (error is not null)
        {
            errors.Add(new(field, error.Rule, $"'{number}': {error.Message}", article));
        }
    }

    private static void Require(List<ValidationError> errors, string? value, string field, string what, string article)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, RequiredRule, $"The {what} is required.", article));
        }
    }

    private static bool IsContributor(EntityType type, PartyKind kind) =>
        kind switch
        {
            PartyKind.Shareholder or PartyKind.Promoter or PartyKind.Partner => true,
            PartyKind.Investor => type is EntityType.NonCompanyEnterpriseLegalPerson or EntityType.SoleProprietorshipEnterprise,
            _ => false,
        };

    private static string ContributorNoun(EntityType type) =>
        type switch
        {
            EntityType.LimitedLiabilityCompany => "shareholders (股东)",
            EntityType.JointStockCompany => "promoters (发起人)",
            EntityType.NonCompanyEnterpriseLegalPerson => "investors (出资人)",
            EntityType.SoleProprietorshipEnterprise => "investor (投资人)",
            EntityType.PartnershipEnterprise => "partners (合伙人)",
            EntityType.FarmerCooperative => "members (成员)",
            _ => "contributors",
        };
}
