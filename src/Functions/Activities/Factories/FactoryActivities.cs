using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Factories;
using Workflows.Functions.Cases;
using Workflows.Functions.Factories;
using Workflows.Functions.Registry;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Activities.Factories;

/// <summary>A <c>submit</c> body to check and assess for the half-year it reports.</summary>
public sealed record FactoryAssessmentRequest(string HalfYear, string PayloadJson);

/// <summary>The submission and its subsidies, or why it cannot be taken.</summary>
public sealed record FactoryAssessmentOutcome(
    FactorySubmission? Submission,
    SubmissionAssessment? Assessment,
    IReadOnlyList<string> Errors
);

/// <summary>Checks a submission on 漯政〔2021〕17号 (一(一), 一(二), 三(一)) and computes each building's subsidy per floor
/// (二(一)). The API has checked the body already; this is the table read the orchestration may not do itself.</summary>
public sealed class AssessFactorySubmissionActivity : IActivity<FactoryAssessmentRequest, FactoryAssessmentOutcome>
{
    [Function(nameof(AssessFactorySubmissionActivity))]
    public Task<FactoryAssessmentOutcome> RunFunction(
        [ActivityTrigger] FactoryAssessmentRequest input,
        CancellationToken cancellationToken
    ) => RunAsync(input, cancellationToken);

    public Task<FactoryAssessmentOutcome> RunAsync(FactoryAssessmentRequest input, CancellationToken cancellationToken)
    {
        var rules = StandardFactoryRules.Luohe;
        if (!HalfYear.TryParse(input.HalfYear, out var reported))
        {
            throw new ArgumentException($"Bad half-year '{input.HalfYear}'.", nameof(input));
        }

        using var payload = JsonDocument.Parse(input.PayloadJson);
        var (submission, errors) = FactorySubmissionReader.Read(rules, reported, payload.RootElement);
        return Task.FromResult(
            submission is null
                ? new FactoryAssessmentOutcome(null, null, [.. errors.Select(e => $"{e.Field}: {e.Message} ({e.Article})")])
                : new FactoryAssessmentOutcome(submission, FactorySubsidy.Assess(rules, submission), [])
        );
    }
}

/// <summary>Rank the half-year from its county submission cases.</summary>
public sealed record FactoryRankingRequest(string CaseId, string HalfYear, IReadOnlyDictionary<string, string> Submissions);

/// <summary>The ranking, where its report was written and each county's division code (for the notifications).</summary>
public sealed record FactoryRankingOutcome(HalfYearRankingResult Ranking, string ReportBlob, IReadOnlyDictionary<string, string> Agencies);

/// <summary>Reads every county's submission case (verified figures, zeros otherwise), ranks them (二(二)) and writes the
/// report to <c>reports/standard-factories/{halfYear}.json</c>.</summary>
public sealed class RankFactoryRoundActivity(CaseStore cases, IBlobStore blobs) : IActivity<FactoryRankingRequest, FactoryRankingOutcome>
{
    private static readonly JsonSerializerOptions ReportJson = new(CaseJson.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Function(nameof(RankFactoryRoundActivity))]
    public Task<FactoryRankingOutcome> RunFunction([ActivityTrigger] FactoryRankingRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<FactoryRankingOutcome> RunAsync(FactoryRankingRequest input, CancellationToken cancellationToken)
    {
        var rules = StandardFactoryRules.Luohe;
        if (!HalfYear.TryParse(input.HalfYear, out var halfYear))
        {
            throw new ArgumentException($"Bad half-year '{input.HalfYear}'.", nameof(input));
        }

        var figures = new List<CountyFigures>();
        foreach (var (county, caseId) in input.Submissions)
        {
            var record = await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (record is not null && FactorySubmissionData.From(record) is { Verified: true, Assessment: { } a })
            {
                figures.Add(new CountyFigures(county, a.TotalAreaSquareMetres, a.SubsidisedAreaSquareMetres, a.LandSavingRate, true));
            }
        }

        var ranking = HalfYearRanking.Rank(rules, halfYear, figures);
        var name = $"standard-factories/{halfYear}.json";
        await blobs
            .PutAsync(
                StorageNames.Reports,
                name,
                JsonSerializer.SerializeToUtf8Bytes(
                    new
                    {
                        rules = rules.Id,
                        rules.SourceDocument,
                        caseId = input.CaseId,
                        submissions = input.Submissions,
                        ranking,
                    },
                    ReportJson
                ),
                "application/json",
                cancellationToken: cancellationToken
            )
            .ConfigureAwait(false);
        return new FactoryRankingOutcome(ranking, $"{StorageNames.Reports}/{name}", rules.Counties.ToDictionary(c => c.Id, c => c.Agency));
    }
}
