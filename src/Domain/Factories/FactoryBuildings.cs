using System.Globalization;
using Workflows.Domain.Energy;

namespace Workflows.Domain.Factories;

/// <summary>One floor of a building and its floor area in m².</summary>
public sealed record FactoryFloor(int Floor, decimal AreaSquareMetres);

/// <summary>A completed multi-storey standard factory reported by its county (漯政〔2021〕17号 三(一)).</summary>
/// <param name="Kind"><c>new</c> or <c>stock-land</c> (一(二)1, 2).</param>
/// <param name="CompletedOn">Completion acceptance (竣工验收) date.</param>
/// <param name="Materials">Codes of the building's materials provided (三(一)1-4, 6).</param>
public sealed record FactoryBuilding(
    string ProjectName,
    string InvestorName,
    string InvestorUscc,
    string Kind,
    DateOnly CompletedOn,
    decimal PlotRatio,
    IReadOnlyList<FactoryFloor> Floors,
    IReadOnlyList<string> Materials,
    bool EnvironmentallySensitive = false
)
{
    public decimal TotalAreaSquareMetres => Floors.Sum(f => f.AreaSquareMetres);
}

/// <summary>A county's half-yearly submission: its buildings, its measured land-saving rate and its own materials.</summary>
public sealed record FactorySubmission(IReadOnlyList<FactoryBuilding> Buildings, decimal LandSavingRate, IReadOnlyList<string> Materials);

/// <summary>The subsidy of one floor: its tier (null: not subsidised, floors 1 and 2).</summary>
public sealed record FloorSubsidy(int Floor, decimal AreaSquareMetres, decimal YuanPerSquareMetre, decimal Yuan);

/// <summary>A building's subsidy (二(一)): per floor, the subsidised area, the total for the investor.</summary>
public sealed record BuildingSubsidy(
    string ProjectName,
    string InvestorUscc,
    decimal TotalAreaSquareMetres,
    decimal SubsidisedAreaSquareMetres,
    decimal Yuan,
    IReadOnlyList<FloorSubsidy> Floors,
    string Article
);

/// <summary>A county's assessed submission: the buildings' subsidies and the totals the ranking takes.</summary>
public sealed record SubmissionAssessment(
    IReadOnlyList<BuildingSubsidy> Buildings,
    decimal TotalAreaSquareMetres,
    decimal SubsidisedAreaSquareMetres,
    decimal SubsidyYuan,
    decimal LandSavingRate
);

/// <summary>二(一): 第3层每平方米150元、第4层每平方米200元、第5层及以上每平方米250元, by the table's tiers.</summary>
public static class FactorySubsidy
{
    public static BuildingSubsidy Compute(StandardFactoryRules rules, FactoryBuilding building)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(building);
        var floors = building
            .Floors.OrderBy(f => f.Floor)
            .Select(f =>
            {
                var rate = rules.SubsidyTiers.FirstOrDefault(t => t.Covers(f.Floor))?.YuanPerSquareMetre ?? 0m;
                return new FloorSubsidy(f.Floor, f.AreaSquareMetres, rate, f.AreaSquareMetres * rate);
            })
            .ToList();
        return new BuildingSubsidy(
            building.ProjectName,
            building.InvestorUscc,
            building.TotalAreaSquareMetres,
            floors.Where(f => f.YuanPerSquareMetre > 0).Sum(f => f.AreaSquareMetres),
            floors.Sum(f => f.Yuan),
            floors,
            rules.Cite("二(一)")
        );
    }

    public static SubmissionAssessment Assess(StandardFactoryRules rules, FactorySubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var buildings = submission.Buildings.Select(b => Compute(rules, b)).ToList();
        return new SubmissionAssessment(
            buildings,
            buildings.Sum(b => b.TotalAreaSquareMetres),
            buildings.Sum(b => b.SubsidisedAreaSquareMetres),
            buildings.Sum(b => b.Yuan),
            submission.LandSavingRate
        );
    }
}

/// <summary>
/// Checks a county's submission for a half-year against the table: each building completed on or after the programme's
/// start (一(一)) and within the half-year reported (三(一) 上一半年竣工), the building standard of its kind (一(二)), its
/// floors, its investor's USCC and its materials (三(一)1-4); the county's land-saving rate and materials (三(一)5).
/// </summary>
public static class FactorySubmissionValidator
{
    public const int MaxBuildings = 500;
    public const int MaxFloors = 100;

    public static IReadOnlyList<ValidationError> Validate(
        StandardFactoryRules rules,
        HalfYear reported,
        FactorySubmission submission,
        Func<string, string?> usccError
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(usccError);
        var errors = new List<ValidationError>();
        if (submission.LandSavingRate is < 0m or > 1m)
        {
            errors.Add(
                new(
                    "landSavingRate",
                    "factory.land-saving-rate.range",
                    Bilingual(
                        $"节地率应在 0 至 1 之间，收到 {Num(submission.LandSavingRate)}",
                        $"The land-saving rate is a share from 0 to 1; got {Num(submission.LandSavingRate)}"
                    ),
                    rules.Cite("二(二)")
                )
            );
        }

        foreach (var material in rules.SubmissionMaterials.Where(m => m.Required && !Exempt(rules, reported, m)))
        {
            if (!submission.Materials.Contains(material.Code, StringComparer.Ordinal))
            {
                errors.Add(
                    new(
                        "materials",
                        "factory.material.missing",
                        Bilingual($"缺少材料：{material.Zh}（{material.Code}）", $"Missing material: {material.En} ({material.Code})"),
                        rules.Cite(material.Article)
                    )
                );
            }
        }

        if (submission.Buildings.Count > MaxBuildings)
        {
            errors.Add(
                new(
                    "buildings",
                    "factory.buildings.too-many",
                    Bilingual($"一次最多报送 {MaxBuildings} 栋厂房", $"At most {MaxBuildings} buildings per submission"),
                    rules.Cite("三(一)")
                )
            );
            return errors;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < submission.Buildings.Count; i++)
        {
            var building = submission.Buildings[i];
            ValidateBuilding(rules, reported, building, $"buildings[{i}]", usccError, errors);
            if (!string.IsNullOrWhiteSpace(building.ProjectName) && !seen.Add(building.ProjectName.Trim()))
            {
                errors.Add(
                    new(
                        $"buildings[{i}].projectName",
                        "factory.building.duplicate",
                        Bilingual($"项目“{building.ProjectName}”重复报送", $"Project '{building.ProjectName}' is listed twice"),
                        rules.Cite("三(一)")
                    )
                );
            }
        }

        return errors;
    }

    /// <summary>The first round (the half-year before the opinion was issued) had no subsidies to evidence.</summary>
    private static bool Exempt(StandardFactoryRules rules, HalfYear reported, FactoryMaterial material) =>
        material.Code == "subsidy-evidence"
        && HalfYear.TryParse(rules.FirstHalfYearWithoutSubsidyEvidence, out var first)
        && reported <= first;

    private static void ValidateBuilding(
        StandardFactoryRules rules,
        HalfYear reported,
        FactoryBuilding b,
        string at,
        Func<string, string?> usccError,
        List<ValidationError> errors
    )
    {
        void Add(string field, string rule, string zh, string en, string section) =>
            errors.Add(new($"{at}.{field}", rule, Bilingual(zh, en), rules.Cite(section)));

        if (string.IsNullOrWhiteSpace(b.ProjectName) || string.IsNullOrWhiteSpace(b.InvestorName))
        {
            Add(
                "projectName",
                "factory.building.name-required",
                "项目名称和投资方名称必填",
                "Project and investor names are required",
                "三(一)"
            );
        }

        if (usccError(b.InvestorUscc ?? "") is { } uscc)
        {
            Add(
                "investorUscc",
                "factory.investor.uscc",
                $"投资方统一社会信用代码无效：{uscc}",
                $"The investor's USCC is invalid: {uscc}",
                "二(一)"
            );
        }

        if (b.CompletedOn < rules.CompletedOnOrAfter)
        {
            Add(
                "completedOn",
                "factory.completed.before-start",
                $"{b.CompletedOn:yyyy-MM-dd} 竣工，早于 {rules.CompletedOnOrAfter:yyyy-MM-dd}，不属于本意见所称的多层标准化厂房",
                $"Completed {b.CompletedOn:yyyy-MM-dd}, before {rules.CompletedOnOrAfter:yyyy-MM-dd}: "
                    + "not a standard factory under the opinion",
                "一(一)"
            );
        }
        else if (!reported.Contains(b.CompletedOn))
        {
            Add(
                "completedOn",
                "factory.completed.outside-half-year",
                $"{b.CompletedOn:yyyy-MM-dd} 不在所报的{reported.Zh}（{reported.FirstDay:yyyy-MM-dd} 至 {reported.LastDay:yyyy-MM-dd}）内",
                $"{b.CompletedOn:yyyy-MM-dd} is outside the half-year reported "
                    + $"({reported}: {reported.FirstDay:yyyy-MM-dd} to {reported.LastDay:yyyy-MM-dd})",
                "三(一)"
            );
        }

        if (rules.Standard(b.Kind) is not { } standard)
        {
            Add(
                "kind",
                "factory.kind.unknown",
                $"类型应为 {string.Join(" 或 ", rules.Standards.Select(s => s.Kind))}",
                $"'kind' must be {string.Join(" or ", rules.Standards.Select(s => s.Kind))}",
                "一(二)"
            );
            return;
        }

        ValidateFloors(b, standard, Add);
        if (b.PlotRatio <= standard.MinPlotRatioExclusive)
        {
            Add(
                "plotRatio",
                "factory.standard.plot-ratio",
                $"容积率应大于 {Num(standard.MinPlotRatioExclusive)}，收到 {Num(b.PlotRatio)}",
                $"The plot ratio must exceed {Num(standard.MinPlotRatioExclusive)}; got {Num(b.PlotRatio)}",
                StandardSection(standard)
            );
        }

        foreach (
            var m in rules.BuildingMaterials.Where(m =>
                m.Required || (m.RequiredWhenEnvironmentallySensitive && b.EnvironmentallySensitive)
            )
        )
        {
            if (!b.Materials.Contains(m.Code, StringComparer.Ordinal))
            {
                Add(
                    "materials",
                    "factory.material.missing",
                    $"缺少材料：{m.Zh}（{m.Code}）",
                    $"Missing material: {m.En} ({m.Code})",
                    m.Article
                );
            }
        }
    }

    private static void ValidateFloors(FactoryBuilding b, BuildingStandard standard, Action<string, string, string, string, string> add)
    {
        var section = StandardSection(standard);
        if (b.Floors.Count > MaxFloors || b.Floors.Any(f => f.Floor < 1 || f.AreaSquareMetres <= 0))
        {
            add(
                "floors",
                "factory.floors.invalid",
                $"每层应有层号（1 至 {MaxFloors}）和大于 0 的建筑面积",
                $"Each floor needs a number (1 to {MaxFloors}) and a positive area",
                section
            );
            return;
        }

        if (b.Floors.Select(f => f.Floor).Order().ToList() is var numbers && !numbers.SequenceEqual(Enumerable.Range(1, numbers.Count)))
        {
            add(
                "floors",
                "factory.floors.gap",
                "楼层应从第1层起逐层连续填报",
                "Floors must be listed from floor 1 up, one each, without gaps",
                section
            );
            return;
        }

        if (b.Floors.Count < standard.MinFloors)
        {
            add(
                "floors",
                "factory.standard.floors",
                $"建筑层数应为{standard.MinFloors}层以上，收到 {b.Floors.Count} 层",
                $"At least {standard.MinFloors} floors are required; got {b.Floors.Count}",
                section
            );
        }

        if (b.TotalAreaSquareMetres < standard.MinFloorAreaSquareMetres)
        {
            add(
                "floors",
                "factory.standard.area",
                $"建筑面积应在{Num(standard.MinFloorAreaSquareMetres)}平方米以上，收到 {Num(b.TotalAreaSquareMetres)} 平方米",
                $"The floor area must be at least {Num(standard.MinFloorAreaSquareMetres)} m²; got {Num(b.TotalAreaSquareMetres)} m²",
                section
            );
        }
    }

    private static string StandardSection(BuildingStandard s) => s.Article.Split(':')[0];

    private static string Bilingual(string zh, string en) => $"{zh} / {en}.";

    private static string Num(decimal value) => value.ToString("#,##0.###", CultureInfo.InvariantCulture);
}
