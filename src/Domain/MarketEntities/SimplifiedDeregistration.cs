namespace Workflows.Domain.MarketEntities;

/// <summary>What the register says about an entity when it asks for simplified deregistration (简易注销).</summary>
/// <param name="Investors">Every investor (股东/投资人/合伙人/成员; the operator for an individual business): all of
/// them must sign the commitment (Art. 33 para 1: 全体投资人书面承诺).</param>
/// <param name="DeregistrationRequiresApproval">注销依法须经批准 (Art. 31 para 2, Art. 33 para 4).</param>
/// <param name="LicenceRevoked">被吊销营业执照.</param>
/// <param name="OrderedToClose">被责令关闭.</param>
/// <param name="RegistrationRevoked">被撤销 (e.g. under Art. 40).</param>
/// <param name="OnAbnormalOperationsList">被列入经营异常名录.</param>
public sealed record EntityStatusSnapshot(
    string Uscc,
    string Name,
    EntityType EntityType,
    IReadOnlyList<Investor> Investors,
    bool DeregistrationRequiresApproval,
    bool LicenceRevoked,
    bool OrderedToClose,
    bool RegistrationRevoked,
    bool OnAbnormalOperationsList
);

/// <summary>An investor of the entity, identified by resident ID number or USCC.</summary>
public sealed record Investor(string Name, IdType IdType, string IdNumber);

/// <summary>A signatory of the commitment letter.</summary>
public sealed record Signatory(string Name, string IdNumber, DateOnly SignedOn);

/// <summary>全体投资人承诺书 (Art. 33 para 1): the investors affirm, under legal liability, the conditions in
/// <see cref="SimplifiedDeregistrationEligibility.Commitments"/>.</summary>
/// <param name="Affirmations">Ids of the affirmed conditions (<c>no-debts</c>, <c>taxes</c>, …).</param>
public sealed record CommitmentLetter(IReadOnlyList<Signatory> Signatories, IReadOnlyList<string> Affirmations);

/// <summary>A simplified-deregistration request: the register's snapshot plus the applicant's commitment letter.</summary>
public sealed record SimplifiedDeregistrationRequest(EntityStatusSnapshot Entity, CommitmentLetter? CommitmentLetter);

/// <summary>A rule that excludes the simplified procedure, or a commitment condition.</summary>
public sealed record DeregistrationRule(string RuleId, string TextZh, string TextEn, string Article);

/// <summary>A commitment condition of Art. 33 para 1.</summary>
public sealed record CommitmentCondition(string Id, string TextZh, string TextEn, string Article);

/// <summary>Either eligible, or the rules that exclude the simplified procedure.</summary>
/// <param name="MissingSignatories">Investors who did not sign the commitment letter.</param>
/// <param name="MissingAffirmations">Commitment conditions the letter does not cover.</param>
public sealed record SimplifiedDeregistrationResult(
    IReadOnlyList<DeregistrationRule> Exclusions,
    IReadOnlyList<Investor> MissingSignatories,
    IReadOnlyList<CommitmentCondition> MissingAffirmations
)
{
    public bool Eligible => Exclusions.Count == 0;
}

/// <summary>
/// Decree 746 Art. 33: the simplified procedure is for entities without (or with settled) debts, expenses, wages,
/// social insurance, statutory compensation and taxes, all investors committing in writing (para 1). It is closed to
/// entities whose deregistration needs approval, whose licence was revoked, that were ordered to close or whose
/// registration was revoked, and to entities on the abnormal-operations list (para 4). Rules: embedded
/// <c>Data/MarketEntities/simplified-deregistration.json</c>.
/// </summary>
public static class SimplifiedDeregistrationEligibility
{
    public const string RequiresApproval = "simplified-deregistration.requires-approval";
    public const string LicenceRevoked = "simplified-deregistration.licence-revoked";
    public const string OrderedToClose = "simplified-deregistration.ordered-to-close";
    public const string RegistrationRevoked = "simplified-deregistration.registration-revoked";
    public const string AbnormalOperations = "simplified-deregistration.abnormal-operations";
    public const string CommitmentMissing = "simplified-deregistration.commitment-missing";
    public const string CommitmentIncomplete = "simplified-deregistration.commitment-incomplete";
    public const string CommitmentUnsigned = "simplified-deregistration.commitment-unsigned";

    private static readonly Lazy<RuleFile> Rules = new(() => EmbeddedData.Load<RuleFile>("MarketEntities/simplified-deregistration.json"));

    public static IReadOnlyList<DeregistrationRule> AllRules => Rules.Value.Exclusions;

    /// <summary>The conditions the commitment letter affirms (Art. 33 para 1).</summary>
    public static IReadOnlyList<CommitmentCondition> Commitments => Rules.Value.Commitments;

    /// <summary>The status exclusions of Art. 33 para 4 only (a pre-check before the letter is collected).</summary>
    public static SimplifiedDeregistrationResult Evaluate(EntityStatusSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SimplifiedDeregistrationResult(StatusExclusions(s).ToList(), [], []);
    }

    /// <summary>Status exclusions plus the commitment letter: present, covering every condition, signed by every
    /// investor (matched by identity number; the names of those missing are returned).</summary>
    public static SimplifiedDeregistrationResult Evaluate(SimplifiedDeregistrationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = request.Entity;
        var exclusions = StatusExclusions(s).ToList();
        var letter = request.CommitmentLetter;
        if (letter is null)
        {
            exclusions.Add(Rule(CommitmentMissing));
            return new SimplifiedDeregistrationResult(exclusions, s.Investors, Commitments);
        }

        var affirmed = letter.Affirmations.ToHashSet(StringComparer.Ordinal);
        var missingAffirmations = Commitments.Where(c => !affirmed.Contains(c.Id)).ToList();
        if (missingAffirmations.Count > 0)
        {
            var rule = Rule(CommitmentIncomplete);
            exclusions.Add(
                rule with
                {
                    TextEn = $"{rule.TextEn}: {string.Join("; ", missingAffirmations.Select(c => c.TextEn))}",
                    TextZh = $"{rule.TextZh}：{string.Join("；", missingAffirmations.Select(c => c.TextZh))}",
                }
            );
        }

        var signed = letter.Signatories.Select(x => x.IdNumber.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var missingSignatories = s.Investors.Where(i => !signed.Contains(i.IdNumber.Trim().ToUpperInvariant())).ToList();
        if (missingSignatories.Count > 0)
        {
            var names = missingSignatories.Select(i => i.Name).ToList();
            var rule = Rule(CommitmentUnsigned);
            exclusions.Add(
                rule with
                {
                    TextEn = $"{rule.TextEn}; missing: {string.Join(", ", names)}",
                    TextZh = $"{rule.TextZh}，未签署：{string.Join("、", names)}",
                }
            );
        }

        return new SimplifiedDeregistrationResult(exclusions, missingSignatories, missingAffirmations);
    }

    private static IEnumerable<DeregistrationRule> StatusExclusions(EntityStatusSnapshot s)
    {
        if (s.DeregistrationRequiresApproval)
        {
            yield return Rule(RequiresApproval);
        }

        if (s.LicenceRevoked)
        {
            yield return Rule(LicenceRevoked);
        }

        if (s.OrderedToClose)
        {
            yield return Rule(OrderedToClose);
        }

        if (s.RegistrationRevoked)
        {
            yield return Rule(RegistrationRevoked);
        }

        if (s.OnAbnormalOperationsList)
        {
            yield return Rule(AbnormalOperations);
        }
    }

    private static DeregistrationRule Rule(string id) => AllRules.Single(r => r.RuleId == id);

    private sealed record RuleFile(
        string Source,
        string Effective,
        IReadOnlyList<DeregistrationRule> Exclusions,
        IReadOnlyList<CommitmentCondition> Commitments
    );
}
