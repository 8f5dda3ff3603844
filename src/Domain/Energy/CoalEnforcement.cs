namespace Workflows.Domain.Energy;

/// <summary>Why a review opinion is withdrawn (Art. 21: 以重复替代、提供虚假材料等不正当竞争手段通过节能审查).</summary>
public enum WithdrawalGround
{
    /// <summary>重复替代: a substitution counted for more than one project.</summary>
    DoubleCounting,

    /// <summary>提供虚假材料: false materials.</summary>
    FalseMaterials,

    /// <summary>等不正当竞争手段: another improper means (the list of Art. 21 is open: “等”); the finding must say which.</summary>
    OtherImproperMeans,
}

/// <summary>
/// The enforcement rules of the Henan coal-substitution measures (豫发改环资〔2021〕893号) that decide on dates and
/// grounds, as pure functions: the production gate on the declared production date (Arts. 15, 17), the grounds of a
/// withdrawal (Art. 21).
/// </summary>
public static class CoalEnforcement
{
    /// <summary>
    /// Arts. 15, 17: a coal-using project may not be put into production before its plan is approved and all of Q is
    /// confirmed by the local government (“投入生产使用前 … 经所在地人民政府相关部门审查认定出具意见”; “未落实 … 不得投入生产使用”).
    /// The declared production date decides, not the day the event is posted: production reported later with an
    /// earlier date is production before approval. Null when the date is lawful; a gate that knows neither date (a
    /// case approved before the dates were recorded) has nothing to compare and accepts.
    /// </summary>
    public static ValidationError? CheckProductionDate(DateOnly production, DateOnly? approvedOn, DateOnly? confirmedOn)
    {
        if (approvedOn is { } approved && production < approved)
        {
            return new ValidationError(
                "date",
                "coal.production.before-approval",
                $"投产日期 {production:yyyy-MM-dd} 早于节能审查意见批复日期 {approved:yyyy-MM-dd}，不得投入生产使用 / "
                    + $"Production dated {production:yyyy-MM-dd} precedes the approval of {approved:yyyy-MM-dd}: not lawful.",
                EnergySources.Coal("Arts. 15, 17")
            );
        }

        return confirmedOn is { } confirmed && production < confirmed
            ? new ValidationError(
                "date",
                "coal.production.before-confirmation",
                $"投产日期 {production:yyyy-MM-dd} 早于所在地人民政府认定替代量的日期 {confirmed:yyyy-MM-dd}，不得投入生产使用 / "
                    + $"Production dated {production:yyyy-MM-dd} precedes the local government's confirmation of {confirmed:yyyy-MM-dd}.",
                EnergySources.Coal("Arts. 15, 17")
            )
            : null;
    }

    /// <summary>Art. 21: a withdrawal names its ground; “another improper means” needs a finding saying which.</summary>
    public static ValidationError? CheckWithdrawal(WithdrawalGround? ground, string? finding)
    {
        if (ground is null)
        {
            return new ValidationError(
                "ground",
                "coal.withdrawal.ground",
                "撤销审查意见须写明理由：重复替代、提供虚假材料或其他不正当竞争手段 / "
                    + "A withdrawal names its ground: doubleCounting, falseMaterials or otherImproperMeans.",
                EnergySources.Coal("Art. 21")
            );
        }

        return string.IsNullOrWhiteSpace(finding)
            ? new ValidationError(
                "finding",
                "coal.withdrawal.finding",
                "撤销审查意见须写明认定的事实 / A withdrawal states the facts found.",
                EnergySources.Coal("Art. 21")
            )
            : null;
    }
}
