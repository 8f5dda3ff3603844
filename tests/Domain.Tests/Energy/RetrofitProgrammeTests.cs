using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using static Workflows.Domain.Tests.Energy.EnergyTestSupport;

namespace Workflows.Domain.Tests.Energy;

public sealed class RetrofitProgrammeTests
{
    private static readonly RetrofitProgramme Luohe = RetrofitProgramme.LoadLuohe2021To2023();

    private const string Programme2026 = """
        {
          "id": "luohe-key-units-retrofit-2026-2028",
          "title": "测试用 2026-2028 三年推进方案",
          "sourceDocument": "test",
          "firstYear": 2026,
          "lastYear": 2028,
          "checkpoints": [
            { "year": 2026, "annualShare": 0.40, "cumulativeShare": 0.40, "yearEnd": "2026-12-31", "article": "test" },
            { "year": 2027, "annualShare": 0.40, "cumulativeShare": 0.80, "yearEnd": "2027-12-31", "article": "test" },
            { "year": 2028, "annualShare": 0.20, "cumulativeShare": 1.00, "yearEnd": "2028-12-31", "article": "test" }
          ],
          "targets": { "targetYear": 2028, "energyIntensityReductionShare": 0.10, "energySavingCapacityTcePerYear": 150000, "article": "test" }
        }
        """;

    [Theory]
    [InlineData(2021, "0.30", "0.30")]
    [InlineData(2022, "0.50", "0.80")]
    [InlineData(2023, "0.20", "1.00")]
    public void LoadLuohe_Checkpoints_MatchSection3(int year, string annual, string cumulative)
    {
        var checkpoint = Luohe.CheckpointFor(year)!;

        Assert.Equal(decimal.Parse(annual, System.Globalization.CultureInfo.InvariantCulture), checkpoint.AnnualShare);
        Assert.Equal(decimal.Parse(cumulative, System.Globalization.CultureInfo.InvariantCulture), checkpoint.CumulativeShare);
        Assert.Equal(new DateOnly(year, 12, 31), checkpoint.YearEnd);
    }

    [Fact]
    public void LoadLuohe_TargetsAndSpecialDeadline_MatchText()
    {
        Assert.Equal("漯节减办〔2021〕7号", Luohe.SourceDocument);
        Assert.Equal(new DateOnly(2021, 10, 31), Luohe.FailedEnergyReviewDeadline!.Date);
        Assert.Equal(0.15m, Luohe.Targets.EnergyIntensityReductionShare);
        Assert.Equal(220_000m, Luohe.Targets.EnergySavingCapacityTcePerYear);
        Assert.Null(Luohe.CheckpointFor(2024));
    }

    [Fact]
    public void Load_Programme2026To2028FromString_IsJustData()
    {
        var programme = RetrofitProgramme.Load(Programme2026);

        Assert.Equal(2026, programme.FirstYear);
        Assert.Equal(0.80m, programme.CheckpointFor(2027)!.CumulativeShare);
        Assert.Null(programme.FailedEnergyReviewDeadline);
        Assert.Equal(150_000m, programme.Targets.EnergySavingCapacityTcePerYear);
    }

    [Theory]
    [InlineData("\"cumulativeShare\": 0.80", "\"cumulativeShare\": 0.70")]
    [InlineData("\"year\": 2027", "\"year\": 2029")]
    [InlineData("\"annualShare\": 0.20, \"cumulativeShare\": 1.00", "\"annualShare\": 0.10, \"cumulativeShare\": 0.90")]
    public void Load_InconsistentProgramme_Rejected(string find, string replace)
    {
        Assert.Throws<InvalidDataException>(() => RetrofitProgramme.Load(Programme2026.Replace(find, replace, StringComparison.Ordinal)));
    }

    private static KeyEnergyUnit Unit(string county, int n) => new($"{county}单位{n}", $"{county}-{n}", county, 10_000m);

    private static RetrofitProject Project(KeyEnergyUnit unit, DateOnly? started, decimal savings = 1_000m) =>
        new($"p-{unit.Uscc}", unit.Uscc, RetrofitCategory.EnergySaving, "余热回收", new DateOnly(2023, 12, 31), 500m, savings, started);

    [Theory]
    [InlineData(2021, 10, 3, true, 0, 3)]
    [InlineData(2021, 10, 2, false, 1, 3)]
    [InlineData(2022, 10, 7, false, 1, 8)]
    [InlineData(2022, 10, 8, true, 0, 8)]
    [InlineData(2023, 10, 9, false, 1, 10)]
    [InlineData(2021, 7, 3, true, 0, 3)]
    [InlineData(2021, 7, 2, false, 1, 3)]
    [InlineData(2022, 3, 2, false, 1, 3)]
    public void Evaluate_CountyShares_AgainstCumulativeRequirement(
        int year,
        int units,
        int started,
        bool met,
        int shortfall,
        int requiredUnits
    )
    {
        var list = Enumerable.Range(1, units).Select(i => Unit("舞阳县", i)).ToList();
        var projects = list.Take(started).Select(u => Project(u, new DateOnly(year, 12, 31))).ToList();

        var county = Assert.Single(CheckpointEvaluator.Evaluate(Luohe, year, list, projects).Counties);

        Assert.Equal(units, county.Units);
        Assert.Equal(started, county.StartedByYearEnd);
        Assert.Equal((decimal)started / units, county.Share);
        Assert.Equal(requiredUnits, county.RequiredUnits);
        Assert.Equal(met, county.Met);
        Assert.Equal(shortfall, county.Shortfall);
    }

    [Fact]
    public void Evaluate_SampleUnitsTwoCounties_CityResultAndSavings()
    {
        using var file = File.OpenRead(Path.Combine(SamplesDirectory(), "key-units.csv"));
        var units = KeyUnitsCsvParser.Parse(file, UsccError).Good;
        var wuyang = units.Where(u => u.County == "舞阳县").ToList();
        var yuanhui = units.Where(u => u.County == "源汇区").ToList();
        RetrofitProject[] projects =
        [
            Project(wuyang[0], new DateOnly(2021, 6, 1), 30_000m),
            Project(yuanhui[0], new DateOnly(2021, 11, 1), 5_000m),
            Project(yuanhui[1], new DateOnly(2022, 1, 2), 8_000m), // starts after the 2021 year end
            Project(new KeyEnergyUnit("非名单单位", "x", "舞阳县", 1m), new DateOnly(2021, 1, 1), 99_000m), // not on the list
        ];

        var result = CheckpointEvaluator.Evaluate(Luohe, 2021, units, projects);

        Assert.Equal(11, result.Units);
        Assert.Equal(2, result.StartedByYearEnd);
        var wy = result.Counties.Single(c => c.County == "舞阳县");
        Assert.Equal((2, 1, true), (wy.Units, wy.StartedByYearEnd, wy.Met));
        var yh = result.Counties.Single(c => c.County == "源汇区");
        Assert.Equal((3, 1, 1, true, 0), (yh.Units, yh.StartedByYearEnd, yh.RequiredUnits, yh.Met, yh.Shortfall));
        var yc = result.Counties.Single(c => c.County == "郾城区");
        Assert.Equal((2, 0, 1, false, 1), (yc.Units, yc.StartedByYearEnd, yc.RequiredUnits, yc.Met, yc.Shortfall));
        Assert.False(result.AllCountiesMet);
        Assert.Equal(35_000m, result.SavingCapacityTcePerYear);
        Assert.Equal(35_000m / 220_000m, result.SavingCapacityShareOfTarget);
    }

    [Fact]
    public void Evaluate_YearOutsideProgramme_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckpointEvaluator.Evaluate(Luohe, 2024, [], []));
    }

    [Theory]
    [InlineData("2021-10-31", true, 0)]
    [InlineData("2021-11-01", true, 1)]
    [InlineData("2023-12-31", false, 0)]
    [InlineData("2024-01-01", false, 1)]
    public void ValidateProject_Deadlines_ProgrammeAndFailedReview(string deadline, bool failedReview, int errors)
    {
        var project = new RetrofitProject(
            "p1",
            "u1",
            RetrofitCategory.CarbonReduction,
            "燃煤锅炉改电",
            DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture),
            100m,
            50m,
            ForFailedEnergyReview: failedReview
        );

        Assert.Equal(errors, RetrofitValidator.Validate(project, Luohe).Count);
    }

    [Theory]
    [InlineData(RetrofitStatus.InProgress, null, null, "progress.started-on.required")]
    [InlineData(RetrofitStatus.Completed, "2022-01-01", null, "progress.completed-on.required")]
    [InlineData(RetrofitStatus.InProgress, "2022-01-01", "2022-02-01", "progress.completed-on.unexpected")]
    [InlineData(RetrofitStatus.Completed, "2022-03-01", "2022-02-01", "progress.dates.order")]
    [InlineData(RetrofitStatus.InProgress, "2022-07-01", null, "progress.dates.future")]
    public void ValidateProgress_Inconsistent_ReportsRule(RetrofitStatus status, string? started, string? completed, string rule)
    {
        static DateOnly? D(string? s) => s is null ? null : DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var report = new RetrofitProgressReport("p1", new DateOnly(2022, 6, 30), status, D(started), D(completed), 10m, 5m);

        Assert.Contains(RetrofitValidator.Validate(report), e => e.Rule == rule);
    }

    [Fact]
    public void Remediation_FullPath_ReachesResumptionAllowed()
    {
        var r = FailedReviewRemediation.Start("p1");
        var day = new DateOnly(2021, 9, 1);
        (RemediationTrigger Trigger, Role Role)[] steps =
        [
            (RemediationTrigger.StartRetrofit, Role.Enterprise),
            (RemediationTrigger.CompleteRetrofit, Role.Enterprise),
            (RemediationTrigger.FileAuditAndAssessment, Role.Enterprise),
            (RemediationTrigger.StartReview, Role.MunicipalDrc),
            (RemediationTrigger.AllowResumption, Role.MunicipalDrc),
        ];

        foreach (var (trigger, role) in steps)
        {
            var result = r.Apply(trigger, role, day, new RemediationFindings(true, true));
            Assert.True(result.Succeeded, result.Error?.Message);
            r = result.Remediation;
            day = day.AddDays(10);
        }

        Assert.Equal(RemediationState.ResumptionAllowed, r.State);
        Assert.Equal(5, r.History.Count);
        Assert.False(r.MissedDeadline(Luohe.FailedEnergyReviewDeadline!, new DateOnly(2022, 1, 1)));
        Assert.Empty(r.Allowed);
    }

    [Theory]
    [InlineData(
        RemediationState.RetrofitRequired,
        RemediationTrigger.AllowResumption,
        Role.MunicipalDrc,
        true,
        "remediation.transition.invalid"
    )]
    [InlineData(
        RemediationState.RetrofitCompleted,
        RemediationTrigger.StartReview,
        Role.MunicipalDrc,
        true,
        "remediation.transition.invalid"
    )]
    [InlineData(RemediationState.AuditFiled, RemediationTrigger.StartReview, Role.Enterprise, true, "remediation.role.wrong")]
    [InlineData(
        RemediationState.UnderReview,
        RemediationTrigger.AllowResumption,
        Role.MunicipalDrc,
        false,
        "remediation.resume.conditions-unmet"
    )]
    [InlineData(
        RemediationState.ResumptionAllowed,
        RemediationTrigger.StartRetrofit,
        Role.Enterprise,
        true,
        "remediation.transition.invalid"
    )]
    public void Remediation_InvalidTransition_RefusedWithRule(
        RemediationState state,
        RemediationTrigger trigger,
        Role role,
        bool advanced,
        string rule
    )
    {
        var r = FailedReviewRemediation.Start("p1") with { State = state };

        var result = r.Apply(trigger, role, new DateOnly(2021, 12, 1), new RemediationFindings(advanced, true));

        Assert.False(result.Succeeded);
        Assert.Equal(rule, result.Error!.Rule);
        Assert.Equal(state, result.Remediation.State);
        Assert.Contains("漯节减办〔2021〕7号", result.Error.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void Remediation_RefusedThenRetrofitAgain_Allowed()
    {
        var r = FailedReviewRemediation.Start("p1") with { State = RemediationState.UnderReview };

        var refused = r.Apply(RemediationTrigger.RefuseResumption, Role.MunicipalDrc, new DateOnly(2021, 12, 1)).Remediation;
        var again = refused.Apply(RemediationTrigger.StartRetrofit, Role.Enterprise, new DateOnly(2022, 1, 5));

        Assert.Equal(RemediationState.ResumptionRefused, refused.State);
        Assert.True(again.Succeeded);
        Assert.Equal(RemediationState.RetrofitInProgress, again.Remediation.State);
    }

    [Theory]
    [InlineData("2021-10-31", false)]
    [InlineData("2021-11-01", true)]
    public void Remediation_MissedDeadline_AfterEndOfOctober2021(string started, bool missed)
    {
        var r = FailedReviewRemediation
            .Start("p1")
            .Apply(
                RemediationTrigger.StartRetrofit,
                Role.Enterprise,
                DateOnly.Parse(started, System.Globalization.CultureInfo.InvariantCulture)
            )
            .Remediation;

        Assert.Equal(missed, r.MissedDeadline(Luohe.FailedEnergyReviewDeadline!, new DateOnly(2022, 1, 1)));
    }
}
