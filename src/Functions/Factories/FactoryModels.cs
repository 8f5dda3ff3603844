using System.Text.Json;
using Workflows.Domain.Energy;
using Workflows.Domain.Factories;
using Workflows.Domain.Identifiers;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Factories;

/// <summary>Event types of the standard-factory procedures (漯政〔2021〕17号 三(一)).</summary>
public static class FactoryEvents
{
    /// <summary>The county (functional zone) reports its buildings of the half-year, with the materials.</summary>
    public const string Submit = "submit";

    /// <summary>The city's departments send the submission back to be corrected (三(一) 对资料进行核实).</summary>
    public const string Return = "return";

    /// <summary>The city's departments verify the submission (核实结果).</summary>
    public const string Verify = "verify";

    /// <summary>The city ranks the counties of the half-year (二(二)).</summary>
    public const string Rank = "rank";
}

/// <summary>A county's submission case: the half-year, the county, its deadline day, what it reported and the outcome.</summary>
/// <param name="DueOn">The submission deadline (三(一) 每半年首月, rest-day rule), set when the case starts.</param>
public sealed record FactorySubmissionData(
    string HalfYear,
    string CountyId,
    string CountyName,
    DateOnly? DueOn = null,
    FactorySubmission? Submission = null,
    SubmissionAssessment? Assessment = null,
    DateOnly? SubmittedOn = null,
    bool Late = false,
    bool Verified = false,
    IReadOnlyList<string>? Returns = null
)
{
    public static FactorySubmissionData? From(CaseRecord record) => record.Data?.Deserialize<FactorySubmissionData>(CaseJson.Options);
}

/// <summary>The half-year's round: the county submission cases and, once ranked, the ranking and its report.</summary>
public sealed record FactoryRoundData(
    string HalfYear,
    IReadOnlyDictionary<string, string> Submissions,
    HalfYearRankingResult? Ranking = null,
    string? ReportBlob = null
)
{
    public static FactoryRoundData? From(CaseRecord record) => record.Data?.Deserialize<FactoryRoundData>(CaseJson.Options);
}

/// <summary>Reads a <c>submit</c> event's body (<c>buildings</c>, <c>landSavingRate</c>, <c>materials</c>) and checks it
/// on the table: the one reading the API's gate and the assessing activity share.</summary>
public static class FactorySubmissionReader
{
    public static (FactorySubmission? Submission, IReadOnlyList<ValidationError> Errors) Read(
        StandardFactoryRules rules,
        HalfYear reported,
        JsonElement payload
    )
    {
        FactorySubmission? submission;
        try
        {
            submission = payload.Deserialize<FactorySubmission>(EnergyJson.InputOptions);
        }
        catch (JsonException e)
        {
            return (
                null,
                [
                    new ValidationError(
                        e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body",
                        "factory.submission.shape",
                        $"报送内容不符合格式 / The submission does not match the form: {e.Message}",
                        rules.Cite("三(一)")
                    ),
                ]
            );
        }

        if (submission is null)
        {
            return (
                null,
                [
                    new ValidationError(
                        "buildings",
                        "factory.submission.shape",
                        "报送内容为空 / The submission is empty.",
                        rules.Cite("三(一)")
                    ),
                ]
            );
        }

        var errors = FactorySubmissionValidator.Validate(rules, reported, submission, UsccError);
        return (errors.Count == 0 ? submission : null, errors);
    }

    private static string? UsccError(string code) => UnifiedSocialCreditCode.Validate(code).Error?.Message;
}
