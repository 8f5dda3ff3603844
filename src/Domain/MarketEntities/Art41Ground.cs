namespace Workflows.Domain.MarketEntities;

/// <summary>Grounds on which the registration authority may decide not to revoke a false registration (Decree 746 Art. 41).</summary>
public enum Art41Ground
{
    /// <summary>Art. 41(1): 撤销市场主体登记可能对社会公共利益造成重大损害.</summary>
    SeriousHarmToPublicInterest,

    /// <summary>Art. 41(2): 撤销市场主体登记后无法恢复到登记前的状态.</summary>
    CannotRestorePriorState,

    /// <summary>Art. 41(3): 法律、行政法规规定的其他情形 (the decision must name the law relied on).</summary>
    OtherStatutoryCircumstance,
}

public sealed record Art41GroundText(Art41Ground Ground, string TextZh, string TextEn, string Article);

public static class Art41Grounds
{
    public static IReadOnlyList<Art41GroundText> All { get; } =
    [
        new(
            Art41Ground.SeriousHarmToPublicInterest,
            "撤销市场主体登记可能对社会公共利益造成重大损害",
            "Revoking the registration may cause serious harm to the public interest",
            "Decree 746 Art. 41(1)"
        ),
        new(
            Art41Ground.CannotRestorePriorState,
            "撤销市场主体登记后无法恢复到登记前的状态",
            "The state before registration cannot be restored after revocation",
            "Decree 746 Art. 41(2)"
        ),
        new(
            Art41Ground.OtherStatutoryCircumstance,
            "法律、行政法规规定的其他情形",
            "Other circumstances prescribed by laws and administrative regulations",
            "Decree 746 Art. 41(3)"
        ),
    ];

    public static Art41GroundText Describe(Art41Ground ground) =>
        All.FirstOrDefault(t => t.Ground == ground)
        ?? throw new ArgumentOutOfRangeException(nameof(ground), ground, "Not an Art. 41 ground.");
}
