using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using static Workflows.Domain.Tests.Energy.EnergyTestSupport;

namespace Workflows.Domain.Tests.Energy;

public sealed class CoalSubstitutionTests
{
    [Theory]
    [InlineData("steel", CoalUse.Fuel, "1.5")]
    [InlineData("coking", CoalUse.Fuel, "1.5")]
    [InlineData("chemicals", CoalUse.Fuel, "1.5")]
    [InlineData("coalChemicals", CoalUse.Fuel, "1.5")]
    [InlineData("petrochemicals", CoalUse.Fuel, "1.5")]
    [InlineData("nonFerrousMetals", CoalUse.Fuel, "1.5")]
    [InlineData("buildingMaterials", CoalUse.Fuel, "1.5")]
    [InlineData("food", CoalUse.Fuel, "1.2")]
    [InlineData("paper", CoalUse.Fuel, "1.2")]
    [InlineData("heating", CoalUse.Fuel, "1.2")]
    [InlineData("other", CoalUse.Fuel, "1.2")]
    [InlineData("steel", CoalUse.RawMaterial, "1.0")]
    [InlineData("coalChemicals", CoalUse.RawMaterial, "1.0")]
    [InlineData("food", CoalUse.RawMaterial, "1.0")]
    [InlineData("power", CoalUse.Power, "1.0")]
    [InlineData("heating", CoalUse.Power, "1.0")]
    public void IndustryCoefficient_Art7Para1_MatchesIndustryAndUse(string industry, CoalUse use, string expected)
    {
        var (k1, reason) = SubstitutionCalculator.IndustryCoefficient(Intake(industry, use), Rules);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), k1);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData("郑州市", null, null, "1.1")]
    [InlineData("开封市", null, null, "1.1")]
    [InlineData("洛阳市", null, null, "1.1")]
    [InlineData("平顶山市", null, null, "1.1")]
    [InlineData("安阳市", null, null, "1.1")]
    [InlineData("鹤壁市", null, null, "1.1")]
    [InlineData("新乡市", null, null, "1.1")]
    [InlineData("焦作市", null, null, "1.1")]
    [InlineData("濮阳市", null, null, "1.1")]
    [InlineData("三门峡市", null, null, "1.1")]
    [InlineData("济源示范区", null, null, "1.1")]
    [InlineData("郑州市", "巩义市", null, "1.1")]
    [InlineData("巩义市", null, null, "1.1")]
    [InlineData("长垣市", null, null, "1.1")]
    [InlineData("漯河市", null, null, "1.0")]
    [InlineData("许昌市", null, null, "1.0")]
    [InlineData("南阳市", null, null, "1.0")]
    [InlineData("永城市", null, null, "1.0")]
    [InlineData("驻马店市", null, null, "1.0")]
    [InlineData("漯河市", null, "郑州市", "1.1")]
    [InlineData("郑州市", null, "漯河市", "1.1")]
    [InlineData("周口市", null, "信阳市", "1.0")]
    [InlineData("鹤壁市", null, "安阳市", "1.1")]
    public void RegionCoefficient_Art7Para2_KeyRegionsAndRelocationTakeHigher(
        string city,
        string? county,
        string? previousCity,
        string expected
    )
    {
        var (k2, reason) = SubstitutionCalculator.RegionCoefficient(Intake(city: city, county: county, previousCity: previousCity), Rules);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), k2);
        Assert.Contains(
            previousCity is null ? (expected == "1.1" ? "重点区域" : "其他省辖市") : "跨区域转移",
            reason,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Compute_SteelFuelCoalInZhengzhou_FormulaShowsBothCoefficients()
    {
        var amount = SubstitutionCalculator.Compute(Intake("steel", CoalUse.Fuel, 10_000m, "郑州市"), Rules);

        Assert.Equal(16_500m, amount.SubstitutionTonnes);
        Assert.Equal("Q = 10,000 t × 1.5 (两高行业燃料用煤: 钢铁) × 1.1 (重点区域: 郑州市) = 16,500 t", amount.Formula);
        Assert.Contains("Arts. 7-9", amount.Article, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("food", CoalUse.Fuel, 2_500, "漯河市", 3_000)]
    [InlineData("chemicals", CoalUse.RawMaterial, 3_000, "漯河市", 3_000)]
    [InlineData("power", CoalUse.Power, 100_000, "洛阳市", 110_000)]
    [InlineData("buildingMaterials", CoalUse.Fuel, 333.3, "许昌市", 499.95)]
    public void Compute_VariousCases_QIsDTimesK1TimesK2(string industry, CoalUse use, double d, string city, double expectedQ)
    {
        var amount = SubstitutionCalculator.Compute(Intake(industry, use, (decimal)d, city), Rules);

        Assert.Equal((decimal)expectedQ, amount.SubstitutionTonnes);
        Assert.Equal(amount.NewCoalTonnes * amount.K1 * amount.K2, amount.SubstitutionTonnes);
    }

    [Fact]
    public void ComputeSupplement_CoalUseGrows_ExtraIsDifferenceOfQ()
    {
        var original = Intake("steel", CoalUse.Fuel, 10_000m, "郑州市");

        var supplement = SubstitutionCalculator.ComputeSupplement(original, 12_000m, Rules);

        Assert.Equal(16_500m, supplement.Original.SubstitutionTonnes);
        Assert.Equal(19_800m, supplement.Revised.SubstitutionTonnes);
        Assert.Equal(3_300m, supplement.AdditionalTonnes);
        Assert.Contains("Art. 14", supplement.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeSupplement_CoalUseNotHigher_Throws()
    {
        Assert.Throws<ArgumentException>(() => SubstitutionCalculator.ComputeSupplement(Intake(d: 10_000m), 10_000m, Rules));
    }

    [Theory]
    [InlineData(4_999.99, false, 2)]
    [InlineData(5_000, true, 3)]
    [InlineData(62_000, true, 3)]
    [InlineData(0.5, false, 2)]
    public void ReviewRouting_Art11Threshold_ProvincialFromFiveThousandTce(double tce, bool provincial, int steps)
    {
        var route = ReviewRouting.For(Intake(tce: (decimal)tce), Rules);

        Assert.Equal(provincial, route.ProvincialReview);
        Assert.Equal(steps, route.Steps.Count);
        Assert.Equal(provincial ? Role.ProvincialDrc : Role.MunicipalDrc, route.Steps[^1].Actor);
        Assert.Equal(Role.MunicipalDrc, route.Steps[1].Actor);
    }

    [Theory]
    [InlineData(10_000, 3_990, false, 10)]
    [InlineData(10_000, 4_000, true, 0)]
    [InlineData(16_500, 6_600, true, 0)]
    [InlineData(16_500, 0, false, 6_600)]
    public void CheckReviewGate_Art15FortyPercent_PassesAtExactlyForty(double q, double achieved, bool passes, double shortfall)
    {
        var result = SubstitutionGates.CheckReviewGate((decimal)q, (decimal)achieved);

        Assert.Equal(passes, result.Passed);
        Assert.Equal((decimal)shortfall, result.Shortfall);
        Assert.Contains("Art. 15", result.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckReviewGate_Below40_MessageNamesShareAndShortfall()
    {
        var result = SubstitutionGates.CheckReviewGate(10_000m, 3_990m);

        Assert.Contains("39.9%", result.Message, StringComparison.Ordinal);
        Assert.Contains("4,000 t", result.Message, StringComparison.Ordinal);
        Assert.Contains("10 t short", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16_500, 16_499, true, false, 1)]
    [InlineData(16_500, 16_500, false, false, 0)]
    [InlineData(16_500, 16_500, true, true, 0)]
    [InlineData(16_500, 20_000, true, true, 0)]
    public void CheckProductionGate_Arts15And17_NeedsAllAndConfirmation(
        double q,
        double achieved,
        bool confirmed,
        bool passes,
        double shortfall
    )
    {
        var result = SubstitutionGates.CheckProductionGate((decimal)q, (decimal)achieved, confirmed);

        Assert.Equal(passes, result.Passed);
        Assert.Equal((decimal)shortfall, result.Shortfall);
    }

    [Fact]
    public void CheckProductionGate_NotConfirmed_MessageNamesLocalGovernment()
    {
        var result = SubstitutionGates.CheckProductionGate(100m, 100m, confirmedByLocalGovernment: false);

        Assert.Contains("所在地人民政府", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportDeadlineRule_Art16_ThreeMonthsWithReminders()
    {
        var rule = ReportDeadlineRule.ImplementationReport(Rules);
        var deadline = rule.DeadlineFrom(new DateOnly(2022, 6, 30), (d, m) => d.AddMonths(m));

        Assert.Equal(3, rule.Months);
        Assert.Equal(new DateOnly(2022, 9, 30), deadline);
        Assert.Equal([new DateOnly(2022, 8, 31), new DateOnly(2022, 9, 23), new DateOnly(2022, 9, 29)], rule.RemindersFor(deadline));
        Assert.Contains("Art. 16", rule.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanPublication_Art13_RecordsDrcPublication()
    {
        var publication = PlanPublication.Record(
            "p1",
            Role.MunicipalDrc,
            new DateOnly(2022, 1, 5),
            new Uri("https://fgw.example.gov.cn/gs/1")
        );

        Assert.Contains("Art. 13", publication.Article, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() =>
            PlanPublication.Record("p1", Role.ProjectOwner, new DateOnly(2022, 1, 5), new Uri("https://x.example"))
        );
    }

    [Theory]
    [InlineData("郑州市", null, "2022-03-01", true)]
    [InlineData("郑州市", "中牟县", "2022-03-01", true)]
    [InlineData("郑州市", null, "2021-12-31", false)]
    [InlineData("郑州市", null, "2022-07-01", false)]
    [InlineData("漯河市", null, "2022-03-01", false)]
    [InlineData("漯河市", "舞阳县", "2022-03-01", true)]
    [InlineData("漯河市", "临颍县", "2022-03-01", false)]
    [InlineData("漯河市", "舞阳县", "2030-01-01", true)]
    public void CanEnterReview_Art19Suspension_RefusesInsideSuspendedArea(string city, string? county, string date, bool refused)
    {
        RegionalSuspension[] suspensions =
        [
            RegionalSuspension.Create("郑州市", null, 2021, new DateOnly(2022, 1, 1), new DateOnly(2022, 6, 30), "省发展改革委责令整改"),
            RegionalSuspension.Create("漯河市", "舞阳县", 2021, new DateOnly(2022, 2, 1), null, "市节能主管部门责令整改"),
        ];

        var error = SuspensionCheck.CanEnterReview(
            new ProjectLocation(city, county),
            suspensions,
            DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)
        );

        Assert.Equal(refused, error is not null);
        if (error is not null)
        {
            Assert.Equal("coal.review.region-suspended", error.Rule);
            Assert.Contains("Art. 19", error.Article, StringComparison.Ordinal);
            Assert.Contains("2021", error.Message, StringComparison.Ordinal);
            Assert.Contains("整改", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RuleTableSet_For_PicksLatestRevisionInForce()
    {
        var revision2024 = Rules with
        {
            Title = "later revision",
            EffectiveFrom = new DateOnly(2024, 12, 1),
            IndustryCoefficients = Rules.IndustryCoefficients with { TwoHighFuelCoal = 2.0m },
        };
        var set = new RuleTableSet([revision2024, Rules]);

        Assert.Same(Rules, set.For(new DateOnly(2024, 11, 30)));
        Assert.Same(revision2024, set.For(new DateOnly(2024, 12, 1)));
        Assert.Null(set.TryFor(new DateOnly(2020, 12, 31)));
        Assert.Equal(
            20_000m * 1.1m,
            SubstitutionCalculator.Compute(Intake(d: 10_000m), set.For(new DateOnly(2025, 1, 1))).SubstitutionTonnes
        );
    }

    [Fact]
    public void EmbeddedRules_Revision2021_CarriesSourceAndAllHenanCities()
    {
        Assert.Equal("豫发改环资〔2021〕893号", Rules.SourceDocument);
        Assert.Equal(18, Rules.Cities.Count);
        Assert.Equal(11, Rules.Cities.Count(c => c.KeyRegion));
        Assert.Equal(7, Rules.Industries.Count(i => i.TwoHigh));
        Assert.Same(RuleTableSet.Embedded.For(new DateOnly(2021, 12, 31)).Title, RuleTableSet.Embedded.Tables[0].Title);
    }

    [Theory]
    [InlineData("coal-project-zhengzhou-steel.json", "16500", false)]
    [InlineData("coal-project-luohe-raw-material.json", "3000", false)]
    [InlineData("coal-project-relocated-over-5000tce.json", "132000", true)]
    public void Samples_CoalProjects_ParseValidateAndCompute(string file, string expectedQ, bool provincial)
    {
        var json = File.ReadAllText(Path.Combine(SamplesDirectory(), file));
        var intake = JsonSerializer.Deserialize<CoalProjectIntake>(json, EnergyJson.Options)!;

        Assert.Empty(CoalProjectIntakeValidator.Validate(intake, Rules, UsccError));
        Assert.Equal(
            decimal.Parse(expectedQ, System.Globalization.CultureInfo.InvariantCulture),
            SubstitutionCalculator.Compute(intake, Rules).SubstitutionTonnes
        );
        Assert.Equal(provincial, ReviewRouting.For(intake, Rules).ProvincialReview);
    }

    [Theory]
    [InlineData("industry", "coal.industry.unknown")]
    [InlineData("location.city", "coal.location.outside-henan")]
    [InlineData("location.county", "coal.location.county-mismatch")]
    [InlineData("newCoalConsumptionTonnes", "coal.new-coal.not-positive")]
    [InlineData("annualEnergyConsumptionTce", "coal.energy-use.not-positive")]
    [InlineData("ownerUscc", "coal.owner-uscc.invalid")]
    [InlineData("previousLocation.city", "coal.location.outside-henan")]
    public void Validate_BadIntake_ReportsFieldAndRule(string field, string rule)
    {
        var good = Intake();
        var bad = field switch
        {
            "industry" => good with { Industry = "mining" },
            "location.city" => good with { Location = new ProjectLocation("石家庄市") },
            "location.county" => good with { Location = new ProjectLocation("漯河市", "巩义市") },
            "newCoalConsumptionTonnes" => good with { NewCoalConsumptionTonnes = 0m },
            "annualEnergyConsumptionTce" => good with { AnnualEnergyConsumptionTce = -1m },
            "ownerUscc" => good with { OwnerUscc = "91410100170012345X" },
            "previousLocation.city" => good with { PreviousLocation = new ProjectLocation("邯郸市") },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.Empty(CoalProjectIntakeValidator.Validate(good, Rules, UsccError));
        var error = Assert.Single(CoalProjectIntakeValidator.Validate(bad, Rules, UsccError));
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
        Assert.StartsWith("豫发改环资〔2021〕893号", error.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void IntakeJson_CamelCaseEnums_RoundTrip()
    {
        var json = JsonSerializer.Serialize(Intake(kind: ProjectKind.Expansion, use: CoalUse.RawMaterial), EnergyJson.Options);

        Assert.Contains("\"kind\":\"expansion\"", json, StringComparison.Ordinal);
        Assert.Contains("\"coalUse\":\"rawMaterial\"", json, StringComparison.Ordinal);
        Assert.Contains("\"newCoalConsumptionTonnes\":10000", json, StringComparison.Ordinal);
        Assert.Equal(
            Intake(kind: ProjectKind.Expansion, use: CoalUse.RawMaterial),
            JsonSerializer.Deserialize<CoalProjectIntake>(json, EnergyJson.Options)
        );
    }
}

public sealed class CoalReviewAdmissionTests
{
    private static readonly RegionalSuspension[] Suspensions =
    [
        RegionalSuspension.Create("郑州市", null, 2021, new DateOnly(2022, 1, 1), null, "省发展改革委责令整改"),
    ];

    [Theory]
    [InlineData("漯河市", 6_600, new string[0])]
    [InlineData("漯河市", 5_999, new[] { "coal.review.below-minimum-share" })]
    [InlineData("郑州市", 6_600, new[] { "coal.review.region-suspended" })]
    [InlineData("郑州市", 0, new[] { "coal.review.region-suspended", "coal.review.below-minimum-share" })]
    [InlineData("石家庄市", 99_999, new[] { "coal.location.outside-henan" })]
    public void Check_SuspensionAndFortyPercent_ListsEveryBlockingRule(string city, double achieved, string[] rules)
    {
        // 10,000 t steel fuel coal: Q = 15,000 t in 漯河市, 16,500 t in 郑州市; 40% = 6,000 t / 6,600 t.
        var intake = EnergyTestSupport.Intake("steel", CoalUse.Fuel, 10_000m, city);

        var errors = CoalReviewAdmission.Check(
            intake,
            EnergyTestSupport.Rules,
            Suspensions,
            (decimal)achieved,
            new DateOnly(2022, 3, 1),
            EnergyTestSupport.UsccError
        );

        Assert.Equal(rules, errors.Select(e => e.Rule));
    }
}
