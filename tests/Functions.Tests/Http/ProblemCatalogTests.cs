using System.Text.RegularExpressions;
using Workflows.Functions.Http;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Http;

/// <summary>Issue 15: every problem rule code used anywhere in src/ has a Chinese and English catalogue entry, in one casing.</summary>
public sealed partial class ProblemCatalogTests
{
    /// <summary>Dotted literals of src/ that are not rule codes: JSON field paths, file names, metric and span names.</summary>
    private static readonly HashSet<string> NotRules =
    [
        "applicant.idNumber",
        "applicant.name",
        "branch.parentCountry",
        "branch.parentName",
        "branch.parentUscc",
        "entity.entityType",
        "individualBusiness.businessPremises",
        "individualBusiness.operator",
        "legalRepresentative.idNumber",
        "legalRepresentative.idType",
        "project.unitUscc",
        "payload.ground",
        "odata.etag",
        "notifications.dispatch",
        "application.json",
        "azurite-stderr.log",
        "azurite.js",
        "coal-substitution-rules.json",
        "implementation-report.pdf",
        "index.html",
        "package-lock.json",
        "retrofit-programme-2021-2023.json",
        "units.csv",
        "openapi.json",
        "standard-factories-17.json",
        "workflows.cases.closed",
        "workflows.cases.open",
        "workflows.cases.opened",
        "workflows.cases.overdue",
        "workflows.drops.quarantined",
        "workflows.notifications.failed",
        "workflows.notifications.pending",
        "workflows.notifications.sent",
        "workflows.sweep.duration",
        // Names of deadline rules (the answer's "rule" of a computed deadline), not of problems.
        "working-days",
        "calendar-days",
        "months",
        "years",
        "notice-window",
        // Field names that happen to sit where the scan looks for a rule.
        "county",
        "file",
        "header",
        "name",
        "row",
        "uscc",
        // Issue 14 (register): a default file name, a field path and the register's row-key prefix.
        "register.csv",
        "entity.uscc",
        "agency",
        "status",
        "h-",
        // Issue 14 (disqualification import): its default file name and the two imports' rule prefixes ({prefix}.too-large,
        // .not-xlsx, .empty: each code in the catalogue).
        "disqualifications.csv",
        "register.import",
        "disqualification.import",
        // Issue 19 (两高): the rule table's file name and the barometer's field names.
        "two-high-65.json",
        "city",
        "month",
        "location.city",
        // Issue 19 (proxy power, 809号): the rule table's file, its deadline rule, a field path.
        "proxy-power-809.json",
        "days-before",
        "profile.highEnergyConsuming",
    ];

    [Fact]
    public void Catalogue_EveryRuleCodeInTheSource_HasAnEntry()
    {
        var missing = RuleCodesInSource().Where(code => ProblemCatalog.Find(code) is null).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Rule codes without a ProblemCatalog entry: " + string.Join(", ", missing));
    }

    [Fact]
    public void Catalogue_EveryCode_IsLowerKebabCaseWithChineseAndEnglishMeanings()
    {
        foreach (var rule in ProblemCatalog.All)
        {
            Assert.Matches(RuleShape(), rule.Code);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", rule.Zh);
            Assert.Matches("^[A-Za-z]", rule.En);
            Assert.Equal($"{rule.Zh} / {rule.En}", rule.Title);
        }
    }

    [Fact]
    public void RuleCodesInSource_Scan_FindsTheCodesOfEveryKindOfDeclaration()
    {
        // The scan must see codes declared as literals, constants, positional arguments and data files, or it proves
        // nothing (the catalogue's own file is not scanned).
        var found = RuleCodesInSource();

        Assert.Contains("coal.owner.not-caller", found);
        Assert.Contains("make-up-on-weekend", found);
        Assert.Contains("simplified-deregistration.requires-approval", found);
        Assert.Contains("unauthenticated", found);
        Assert.Contains("units.uscc.duplicate", found);
    }

    private static HashSet<string> RuleCodesInSource()
    {
        var src = Path.Combine(RepoFiles.Root(), "src");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (
            var file in Directory
                .EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
                .Where(f =>
                    !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && Path.GetFileName(f) != "ProblemCatalog.cs"
                )
        )
        {
            var patterns =
                file.EndsWith(".cs", StringComparison.Ordinal) ? CodePatterns
                : file.EndsWith(".json", StringComparison.Ordinal) ? DataPatterns
                : [];
            var text = patterns.Length == 0 ? string.Empty : File.ReadAllText(file);
            foreach (var pattern in patterns)
            {
                codes.UnionWith(pattern.Matches(text).Select(m => m.Groups[1].Value));
            }
        }

        codes.ExceptWith(NotRules);
        // Codes of the server's text catalogue (issue 16: explanations, notifications, summaries) are texts, not problems.
        codes.ExceptWith(Workflows.Functions.Texts.ServerTexts.Default.Codes());
        return codes;
    }

    private static readonly Regex[] CodePatterns =
    [
        DottedLiteral(),
        new(@"(?:Validation|ApiError|ValidationError|new|Error)\(\s*(?:\$?""[^""]*""|[^,()""]+),\s*""([a-z][a-z0-9.-]*)"""),
        new(@"RowError\(\s*[^,]+,\s*[^,]+,\s*""([a-z][a-z0-9.-]*)"""),
        new(@"IdentifierError\(\s*""([a-z][a-z0-9.-]*)"""),
        new(@"const string \w*Rule\w* = ""([^""]+)"""),
        new(@"\bCreate\([^,()]+,\s*""([^""]+)"""),
    ];

    private static readonly Regex[] DataPatterns = [new(@"""ruleId""\s*:\s*""([^""]+)""")];

    [GeneratedRegex(@"""([a-z][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)+)""")]
    private static partial Regex DottedLiteral();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$")]
    private static partial Regex RuleShape();
}
