using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Energy;
using Workflows.Domain.PatentAward;
using Workflows.Functions.Cases;
using Workflows.Functions.Orchestrations.PatentAward;
using Workflows.Functions.PatentAward;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities.PatentAward;

/// <summary>A <c>publicize</c> body to turn into the slate the public reads.</summary>
public sealed record PatentAwardSlateRequest(string RoundCaseId, string PayloadJson);

/// <summary>The slate (each proposed application with its patent and applicant) and the publication day, if given.</summary>
public sealed record PatentAwardSlate(IReadOnlyList<SlateEntry> Entries, DateOnly? PublishedOn);

/// <summary>Reads each proposed application case for the slate of 第十二条(六) (the procedure has checked it on 第五条
/// already; the case reads are what the orchestration may not do itself).</summary>
public sealed class BuildPatentAwardSlateActivity(CaseStore cases) : IActivity<PatentAwardSlateRequest, PatentAwardSlate>
{
    [Function(nameof(BuildPatentAwardSlateActivity))]
    public Task<PatentAwardSlate> RunFunction([ActivityTrigger] PatentAwardSlateRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<PatentAwardSlate> RunAsync(PatentAwardSlateRequest input, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Deserialize<PublicizeBody>(input.PayloadJson, EnergyJson.InputOptions);
        var entries = new List<SlateEntry>();
        foreach (var proposed in body?.Awards ?? [])
        {
            var record = await cases.GetAsync(proposed.CaseId, cancellationToken).ConfigureAwait(false);
            if (record is not null && PatentAwardApplicationData.From(record) is { } data && data.RoundCaseId == input.RoundCaseId)
            {
                entries.Add(
                    new SlateEntry(
                        proposed.CaseId,
                        proposed.Level,
                        data.Patent.Kind ?? "",
                        data.Patent.Number ?? "",
                        data.Patent.Title ?? "",
                        data.Applicant.Name
                    )
                );
            }
        }

        return new PatentAwardSlate(entries, body?.PublishedOn);
    }
}

/// <summary>The slate after the publicity and the objections.</summary>
public sealed record PatentAwardResolveRequest(IReadOnlyList<SlateEntry> Slate);

/// <summary>What the city government approves, and the applications left out because they closed meanwhile.</summary>
public sealed record PatentAwardResolution(IReadOnlyList<SlateEntry> Awards, IReadOnlyList<string> Dropped);

/// <summary>第十二条(七), 第十八条: a nominee whose qualification was cancelled for fraud after the publicity is not approved.</summary>
public sealed class ResolvePatentAwardsActivity(CaseStore cases) : IActivity<PatentAwardResolveRequest, PatentAwardResolution>
{
    [Function(nameof(ResolvePatentAwardsActivity))]
    public Task<PatentAwardResolution> RunFunction(
        [ActivityTrigger] PatentAwardResolveRequest input,
        CancellationToken cancellationToken
    ) => RunAsync(input, cancellationToken);

    public async Task<PatentAwardResolution> RunAsync(PatentAwardResolveRequest input, CancellationToken cancellationToken)
    {
        var awards = new List<SlateEntry>();
        var dropped = new List<string>();
        foreach (var entry in input.Slate)
        {
            var record = await cases.GetAsync(entry.CaseId, cancellationToken).ConfigureAwait(false);
            if (record is { Closed: false, State: PatentAwardApplicationOrchestration.Nominated })
            {
                awards.Add(entry);
            }
            else
            {
                dropped.Add(entry.CaseId);
            }
        }

        return new PatentAwardResolution(awards, dropped);
    }
}
