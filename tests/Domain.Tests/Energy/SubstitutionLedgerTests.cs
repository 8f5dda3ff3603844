using Workflows.Domain.Energy;
using static Workflows.Domain.Tests.Energy.EnergyTestSupport;

namespace Workflows.Domain.Tests.Energy;

public sealed class SubstitutionLedgerTests
{
    private static readonly DateOnly On = new(2022, 3, 1);

    private static SubstitutionSource Retrofit(
        string id = "s-retrofit",
        decimal before = 10_000m,
        decimal after = 7_000m,
        decimal? reduction = null,
        string city = "漯河市"
    ) =>
        new(
            id,
            SubstitutionSourceKind.EfficiencyRetrofit,
            "锅炉节能改造",
            new ProjectLocation(city),
            reduction ?? before - after,
            CoalBeforeTonnes: before,
            CoalAfterTonnes: after
        );

    private static SubstitutionSource Closure(
        string id = "s-closure",
        decimal baseline = 8_000m,
        decimal reduction = 8_000m,
        int baselineYear = 2020
    ) =>
        new(
            id,
            SubstitutionSourceKind.CapacityClosure,
            "关停某水泥厂",
            new ProjectLocation("许昌市"),
            reduction,
            ClosureScope: ClosureScope.WholeEnterprise,
            BaselineYear: baselineYear,
            BaselineYearCoalTonnes: baseline,
            ClosureDate: new DateOnly(2021, 5, 1)
        );

    [Fact]
    public void Allocate_SameSourceTwice_RefusedNamingHolder()
    {
        var ledger = new SubstitutionLedger();
        Assert.True(ledger.Register(Retrofit(), Rules).Succeeded);
        Assert.True(ledger.Allocate("s-retrofit", "project-A", 2_000m, On).Succeeded);

        var second = ledger.Allocate("s-retrofit", "project-B", 1_000m, On);

        Assert.False(second.Succeeded);
        var error = Assert.Single(second.Errors);
        Assert.Equal("ledger.source.already-used", error.Rule);
        Assert.Contains("project-A", error.Message, StringComparison.Ordinal);
        Assert.Contains("Arts. 5, 21", error.Article, StringComparison.Ordinal);
        Assert.Equal("project-A", ledger.HolderOf("s-retrofit"));
        Assert.Equal(0m, ledger.SecuredFor("project-B"));
    }

    [Fact]
    public void SecuredFor_SeveralSources_SumsPerProject()
    {
        var ledger = new SubstitutionLedger();
        ledger.Register(Retrofit(), Rules);
        ledger.Register(Closure(), Rules);
        ledger.Register(Retrofit("s-other-retrofit", 500m, 200m), Rules);
        ledger.Allocate("s-retrofit", "A", 3_000m, On);
        ledger.Allocate("s-closure", "A", 5_000m, On);
        ledger.Allocate("s-other-retrofit", "B", 300m, On);

        Assert.Equal(8_000m, ledger.SecuredFor("A"));
        Assert.Equal(new Dictionary<string, decimal> { ["A"] = 8_000m, ["B"] = 300m }, ledger.SecuredByProject());
        var restored = new SubstitutionLedger(ledger.ToState());
        Assert.Equal(8_000m, restored.SecuredFor("A"));
        Assert.Equal("B", restored.HolderOf("s-other-retrofit"));
    }

    [Theory]
    [InlineData("unknown", 100, "ledger.source.unknown")]
    [InlineData("s-retrofit", 3_000.01, "ledger.tonnes.out-of-range")]
    [InlineData("s-retrofit", 0, "ledger.tonnes.out-of-range")]
    public void Allocate_InvalidRequest_Refused(string sourceId, double tonnes, string rule)
    {
        var ledger = new SubstitutionLedger();
        ledger.Register(Retrofit(), Rules);

        var result = ledger.Allocate(sourceId, "A", (decimal)tonnes, On);

        Assert.False(result.Succeeded);
        Assert.Equal(rule, Assert.Single(result.Errors).Rule);
    }

    [Fact]
    public void Release_AfterRevocation_SourceFreeAgain()
    {
        var ledger = new SubstitutionLedger();
        ledger.Register(Retrofit(), Rules);
        ledger.Allocate("s-retrofit", "A", 3_000m, On);

        Assert.True(ledger.Release("s-retrofit"));
        Assert.True(ledger.Allocate("s-retrofit", "B", 3_000m, On).Succeeded);
    }

    public static TheoryData<SubstitutionSource, string> InvalidSources =>
        new()
        {
            { Retrofit(before: 7_000m, after: 7_000m, reduction: 1m), "source.retrofit.no-reduction" },
            { Retrofit(before: 10_000m, after: 7_000m, reduction: 3_500m), "source.retrofit.inconsistent" },
            { Retrofit() with { CoalAfterTonnes = null }, "source.retrofit.measurements-required" },
            { Retrofit(city: "邯郸市"), "source.location.outside-henan" },
            { Closure(reduction: 9_000m), "source.baseline.exceeded" },
            { Closure(baselineYear: 2019), "source.baseline.wrong-year" },
            { Closure() with { ClosureScope = null }, "source.closure.scope-required" },
            { Closure() with { BaselineYearCoalTonnes = null }, "source.baseline.required" },
            {
                new SubstitutionSource(
                    "s-gas",
                    SubstitutionSourceKind.CleanEnergyReplacement,
                    "燃煤锅炉改燃气",
                    new ProjectLocation("漯河市"),
                    1_000m,
                    BaselineYear: 2020,
                    BaselineYearCoalTonnes: 1_000m,
                    ClosureDate: new DateOnly(2021, 3, 1)
                ),
                "source.clean-energy.energy-required"
            },
            {
                new SubstitutionSource(
                    "s-buy",
                    SubstitutionSourceKind.EnergyRightsPurchase,
                    "用能权交易",
                    new ProjectLocation("郑州市"),
                    2_000m,
                    ContractNumber: "YNQ-2022-001",
                    TradingCentreRecord: "HNGGZY-123",
                    ContractTonnes: 1_500m
                ),
                "source.purchase.exceeds-contract"
            },
            {
                new SubstitutionSource(
                    "s-buy",
                    SubstitutionSourceKind.EnergyRightsPurchase,
                    "用能权交易",
                    new ProjectLocation("郑州市"),
                    1_000m,
                    ContractNumber: "YNQ-2022-001"
                ),
                "source.purchase.contract-required"
            },
            {
                new SubstitutionSource("s-misc", SubstitutionSourceKind.Other, "其他", new ProjectLocation("漯河市"), 10m),
                "source.other.not-measurable"
            },
        };

    [Theory]
    [MemberData(nameof(InvalidSources))]
    public void Validate_UnmeasurableOrInconsistentSource_ReportsRule(SubstitutionSource source, string rule)
    {
        var errors = SubstitutionSourceValidator.Validate(source, Rules);

        Assert.Contains(errors, e => e.Rule == rule);
    }

    public static TheoryData<SubstitutionSource> ValidSources =>
        new()
        {
            Retrofit(),
            Closure(),
            Closure() with
            {
                ClosureScope = ClosureScope.PartialEquipment,
                Description = "拆除两台燃煤锅炉",
            },
            new SubstitutionSource(
                "s-gas",
                SubstitutionSourceKind.CleanEnergyReplacement,
                "燃煤锅炉改燃气",
                new ProjectLocation("漯河市"),
                1_000m,
                BaselineYear: 2020,
                BaselineYearCoalTonnes: 1_200m,
                ClosureDate: new DateOnly(2021, 3, 1),
                ReplacementEnergy: "天然气"
            ),
            new SubstitutionSource(
                "s-buy",
                SubstitutionSourceKind.EnergyRightsPurchase,
                "用能权交易",
                new ProjectLocation("郑州市"),
                1_500m,
                ContractNumber: "YNQ-2022-001",
                TradingCentreRecord: "HNGGZY-123",
                ContractTonnes: 1_500m
            ),
            new SubstitutionSource(
                "s-misc",
                SubstitutionSourceKind.Other,
                "余热利用替代燃煤",
                new ProjectLocation("漯河市", "舞阳县"),
                10m,
                MeasurementMethod: "在线监测",
                Evidence: ["监测报告2021-12"]
            ),
        };

    [Theory]
    [MemberData(nameof(ValidSources))]
    public void Validate_MeasurableSource_NoErrors(SubstitutionSource source)
    {
        Assert.Empty(SubstitutionSourceValidator.Validate(source, Rules));
    }

    /// <summary>Henan measures Art. 15: before review at least 40 % of Q must be actually achieved (实际完成); a closure
    /// booked now but taking effect later is secured (落实) and counts as achieved only from its closure day.</summary>
    [Fact]
    public void AchievedFor_Art15_ClosureCountsFromItsClosureDayRetrofitAtOnce()
    {
        var ledger = new SubstitutionLedger();
        Assert.True(ledger.Register(Closure(), Rules).Succeeded); // closes 2021-05-01, 8,000 t
        Assert.True(ledger.Register(Retrofit(), Rules).Succeeded); // measured before and after: 3,000 t
        Assert.True(ledger.Allocate("s-closure", "A", 8_000m, new DateOnly(2021, 3, 1)).Succeeded);
        Assert.True(ledger.Allocate("s-retrofit", "A", 3_000m, new DateOnly(2021, 3, 1)).Succeeded);

        Assert.Equal(11_000m, ledger.SecuredFor("A"));
        Assert.Equal(3_000m, ledger.AchievedFor("A", new DateOnly(2021, 4, 30)));
        Assert.Equal(11_000m, ledger.AchievedFor("A", new DateOnly(2021, 5, 1)));
        Assert.Equal(new DateOnly(2021, 5, 1), SubstitutionLedger.AchievedFrom(ledger.Source("s-closure")!));
        Assert.Null(SubstitutionLedger.AchievedFrom(ledger.Source("s-retrofit")!));
    }
}
