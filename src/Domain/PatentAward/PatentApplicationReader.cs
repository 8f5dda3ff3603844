using System.Globalization;
using Workflows.Domain.Energy;

namespace Workflows.Domain.PatentAward;

/// <summary>The patent an application is for (第八条(二) 已获得国家知识产权局授权的国内专利).</summary>
/// <param name="Number">The CNIPA number with its check digit, e.g. <c>ZL202110345678.3</c>.</param>
public sealed record PatentRef(string? Number, string? Title, string? Kind, DateOnly? GrantedOn);

/// <summary>The unit that recommends (submits) the application (第十二条(二); 第十九条 推荐单位).</summary>
public sealed record RecommendingUnit(string? Name, string? Uscc);

/// <summary>An application for the mayor's patent award as filed (第十条, 第十一条).</summary>
public sealed record PatentAwardApplication(
    int RoundYear,
    PatentRef? Patent,
    RecommendingUnit? RecommendingUnit,
    IReadOnlyList<string>? Materials,
    IReadOnlyList<string>? Exclusions
);

/// <summary>Checks an application on the table: the patent (第二条, 第八条(二)), the materials (第十条), the
/// exclusions the applicant declares (第九条) and the recommending unit (第十九条 needs to know who it is).</summary>
public static class PatentAwardApplicationValidator
{
    private const string PatentField = "patent";

    private const string RecommenderField = "recommendingUnit";

    public static IReadOnlyList<ValidationError> Validate(
        PatentAwardRules rules,
        PatentAwardApplication application,
        DateOnly today,
        Func<string, string?> usccError
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(usccError);
        var errors = new List<ValidationError>();
        CheckPatent(rules, application.Patent, today, errors);
        CheckRecommender(rules, application.RecommendingUnit, usccError, errors);
        var given = (application.Materials ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in rules.Materials.Where(m => !given.Contains(m.Code)))
        {
            var message = $"缺少{missing.Zh} / Missing: {missing.En}";
            errors.Add(Error("materials", "patent-award.material.missing", message, missing.Article ?? "第十条"));
        }

        foreach (var code in application.Exclusions ?? [])
        {
            var exclusion = rules.Exclusions.FirstOrDefault(e => e.Code == code);
            errors.Add(
                exclusion is null
                    ? Error("exclusions", "patent-award.exclusion.unknown", $"未知情形“{code}” / Unknown exclusion '{code}'", "第九条")
                    : Error(
                        "exclusions",
                        "patent-award.excluded",
                        $"{exclusion.Zh}，不得申报 / {exclusion.En}: may not apply",
                        exclusion.Article ?? "第九条"
                    )
            );
        }

        return errors;
    }

    private static void CheckPatent(PatentAwardRules rules, PatentRef? patent, DateOnly today, List<ValidationError> errors)
    {
        if (patent is null || string.IsNullOrWhiteSpace(patent.Title))
        {
            errors.Add(
                Error($"{PatentField}.title", "patent-award.patent.required", "专利名称必填 / The patent's title is required", "第十条(二)")
            );
        }

        var kind = rules.PatentKind(patent?.Kind);
        if (kind is null)
        {
            errors.Add(
                Error(
                    $"{PatentField}.kind",
                    "patent-award.patent.kind",
                    $"专利类型“{patent?.Kind}”无效 / Unknown patent kind '{patent?.Kind}'",
                    "第二条"
                )
            );
        }

        if (PatentNumber.Validate(patent?.Number, kind?.Code) is { } numberError)
        {
            errors.Add(Error($"{PatentField}.number", "patent-award.patent.number", numberError, "第八条(二)"));
        }

        if (patent?.GrantedOn is not { } granted || granted > today)
        {
            errors.Add(
                Error(
                    $"{PatentField}.grantedOn",
                    "patent-award.patent.granted-on",
                    "授权日应为已过去的日期 / The grant date must be a past date",
                    "第八条(二)"
                )
            );
        }
    }

    private static void CheckRecommender(
        PatentAwardRules rules,
        RecommendingUnit? unit,
        Func<string, string?> usccError,
        List<ValidationError> errors
    )
    {
        if (unit is null || string.IsNullOrWhiteSpace(unit.Name) || string.IsNullOrWhiteSpace(unit.Uscc))
        {
            errors.Add(
                Error(
                    "recommendingUnit",
                    "patent-award.recommender.required",
                    "推荐单位名称和统一社会信用代码必填 / The recommending unit's name and USCC are required",
                    "第十二条(二)"
                )
            );
            return;
        }

        if (usccError(unit.Uscc) is { } error)
        {
            errors.Add(
                Error($"{RecommenderField}.uscc", "patent-award.recommender.uscc", $"推荐单位统一社会信用代码无效 / {error}", "第十九条")
            );
        }
    }

    private static ValidationError Error(string field, string rule, string message, string article) =>
        new(field, rule, message, PatentAwardRules.Luohe.Cite(article));
}

/// <summary>The CNIPA application number (专利申请号, ZC 0006-2003): <c>ZL</c>, the 4-digit year, the kind digit (1 or 8
/// invention, 2 or 9 utility model, 3 design), a 7-digit serial, a dot and the check character (weights 2-9,2-5 on the 12
/// digits, sum mod 11, 10 written X).</summary>
public static class PatentNumber
{
    private static readonly int[] Weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

    /// <summary>Why <paramref name="number"/> is not a CNIPA number of <paramref name="kind"/> (null when it is).</summary>
    public static string? Validate(string? number, string? kind)
    {
        var text = number?.Trim().ToUpperInvariant() ?? "";
        if (
            text is not { Length: 16 }
            || !text.StartsWith("ZL", StringComparison.Ordinal)
            || text[14] != '.'
            || !text.AsSpan(2, 12).ToString().All(char.IsAsciiDigit)
        )
        {
            return $"专利号应写作 ZL + 12 位数字 + . + 校验位 / A patent number reads like ZL202110345678.3; got '{number}'";
        }

        if (text[15] != CheckCharacter(text.Substring(2, 12)))
        {
            return $"专利号校验位不符 / The check character of {number} does not match (should be {CheckCharacter(text.Substring(2, 12))})";
        }

        var kindOfNumber = text[6] switch
        {
            '1' or '8' => "invention",
            '2' or '9' => "utility-model",
            '3' => "design",
            _ => null,
        };
        return kind is null || kindOfNumber == kind
            ? null
            : $"专利号第5位表示的类型与所报类型不符 / {number} is not a number of a {kind} patent";
    }

    public static char CheckCharacter(string twelveDigits)
    {
        ArgumentNullException.ThrowIfNull(twelveDigits);
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (twelveDigits[i] - '0') * Weights[i];
        }

        var check = sum % 11;
        return check == 10 ? 'X' : check.ToString(CultureInfo.InvariantCulture)[0];
    }
}
