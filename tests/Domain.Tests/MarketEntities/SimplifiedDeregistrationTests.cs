using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

public sealed class SimplifiedDeregistrationTests
{
    private static readonly EntityStatusSnapshot Clean = new(
        "91411102MA9GDL8K3L",
        "漯河市源汇区鼎盛商贸有限公司",
        EntityType.LimitedLiabilityCompany,
        [
            new Investor("刘建国", IdType.ResidentIdentityCard, Fixtures.LiuJianguo),
            new Investor("孙振华", IdType.ResidentIdentityCard, Fixtures.SunZhenhua),
            new Investor("河南沙澧实业有限公司", IdType.UnifiedSocialCreditCode, Fixtures.ShaliUscc),
        ],
        DeregistrationRequiresApproval: false,
        LicenceRevoked: false,
        OrderedToClose: false,
        RegistrationRevoked: false,
        OnAbnormalOperationsList: false
    );

    private static CommitmentLetter FullLetter(params Investor[] investors) =>
        new(
            investors.Select(i => new Signatory(i.Name, i.IdNumber, new DateOnly(2025, 5, 20))).ToList(),
            SimplifiedDeregistrationEligibility.Commitments.Select(c => c.Id).ToList()
        );

    [Fact]
    public void Evaluate_CleanEntityAndFullLetter_IsEligible()
    {
        var result = SimplifiedDeregistrationEligibility.Evaluate(
            new SimplifiedDeregistrationRequest(Clean, FullLetter([.. Clean.Investors]))
        );

        Assert.True(result.Eligible);
        Assert.Empty(result.MissingSignatories);
        Assert.Empty(result.MissingAffirmations);
    }

    [Theory]
    [InlineData("approval", SimplifiedDeregistrationEligibility.RequiresApproval)]
    [InlineData("revoked-licence", SimplifiedDeregistrationEligibility.LicenceRevoked)]
    [InlineData("closed", SimplifiedDeregistrationEligibility.OrderedToClose)]
    [InlineData("revoked-registration", SimplifiedDeregistrationEligibility.RegistrationRevoked)]
    [InlineData("abnormal", SimplifiedDeregistrationEligibility.AbnormalOperations)]
    public void Evaluate_ExcludedStatus_NamesTheRule(string status, string expectedRule)
    {
        var snapshot = status switch
        {
            "approval" => Clean with { DeregistrationRequiresApproval = true },
            "revoked-licence" => Clean with { LicenceRevoked = true },
            "closed" => Clean with { OrderedToClose = true },
            "revoked-registration" => Clean with { RegistrationRevoked = true },
            _ => Clean with { OnAbnormalOperationsList = true },
        };

        var preCheck = SimplifiedDeregistrationEligibility.Evaluate(snapshot);
        var full = SimplifiedDeregistrationEligibility.Evaluate(
            new SimplifiedDeregistrationRequest(snapshot, FullLetter([.. Clean.Investors]))
        );

        foreach (var result in new[] { preCheck, full })
        {
            Assert.False(result.Eligible);
            var rule = Assert.Single(result.Exclusions);
            Assert.Equal(expectedRule, rule.RuleId);
            Assert.Contains("Art. 33", rule.Article, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(rule.TextZh));
            Assert.False(string.IsNullOrWhiteSpace(rule.TextEn));
        }
    }

    [Fact]
    public void Evaluate_EveryExclusionAtOnce_ListsAllFive()
    {
        var snapshot = Clean with
        {
            DeregistrationRequiresApproval = true,
            LicenceRevoked = true,
            OrderedToClose = true,
            RegistrationRevoked = true,
            OnAbnormalOperationsList = true,
        };

        Assert.Equal(5, SimplifiedDeregistrationEligibility.Evaluate(snapshot).Exclusions.Count);
    }

    [Fact]
    public void Evaluate_NoLetter_ExcludedAndEveryInvestorMissing()
    {
        var result = SimplifiedDeregistrationEligibility.Evaluate(new SimplifiedDeregistrationRequest(Clean, null));

        Assert.Equal(SimplifiedDeregistrationEligibility.CommitmentMissing, Assert.Single(result.Exclusions).RuleId);
        Assert.Equal(3, result.MissingSignatories.Count);
    }

    [Theory]
    [InlineData(0, "刘建国")]
    [InlineData(2, "河南沙澧实业有限公司")]
    public void Evaluate_InvestorDidNotSign_NamesThem(int missingIndex, string missingName)
    {
        var signers = Clean.Investors.Where((_, i) => i != missingIndex).ToArray();

        var result = SimplifiedDeregistrationEligibility.Evaluate(new SimplifiedDeregistrationRequest(Clean, FullLetter(signers)));

        var rule = Assert.Single(result.Exclusions);
        Assert.Equal(SimplifiedDeregistrationEligibility.CommitmentUnsigned, rule.RuleId);
        Assert.Contains(missingName, rule.TextZh, StringComparison.Ordinal);
        Assert.Contains(missingName, rule.TextEn, StringComparison.Ordinal);
        Assert.Equal(missingName, Assert.Single(result.MissingSignatories).Name);
    }

    [Fact]
    public void Evaluate_SignatureWithLowercaseX_Counts()
    {
        var letter = FullLetter([.. Clean.Investors]);
        letter = letter with { Signatories = [.. letter.Signatories.Select(s => s with { IdNumber = s.IdNumber.ToLowerInvariant() })] };

        Assert.True(SimplifiedDeregistrationEligibility.Evaluate(new SimplifiedDeregistrationRequest(Clean, letter)).Eligible);
    }

    [Theory]
    [InlineData("taxes")]
    [InlineData("wages")]
    [InlineData("no-debts")]
    public void Evaluate_LetterOmitsACondition_IsIncomplete(string omitted)
    {
        var letter = FullLetter([.. Clean.Investors]);
        letter = letter with { Affirmations = [.. letter.Affirmations.Where(a => a != omitted)] };

        var result = SimplifiedDeregistrationEligibility.Evaluate(new SimplifiedDeregistrationRequest(Clean, letter));

        Assert.Equal(SimplifiedDeregistrationEligibility.CommitmentIncomplete, Assert.Single(result.Exclusions).RuleId);
        Assert.Equal(omitted, Assert.Single(result.MissingAffirmations).Id);
    }

    [Fact]
    public void Commitments_CoverArticle33Paragraph1()
    {
        Assert.Equal(
            ["no-debts", "liquidation-expenses", "wages", "social-insurance", "statutory-compensation", "taxes"],
            SimplifiedDeregistrationEligibility.Commitments.Select(c => c.Id)
        );
    }
}
