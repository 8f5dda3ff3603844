using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Registry;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Activities.Energy;

/// <summary>Evaluate a programme year at <paramref name="AsOf"/>; a final run writes the report blob.</summary>
public sealed record CheckpointRequest(string CaseId, string ProgrammeId, int Year, bool Final, string Key);

/// <summary>Result plus where the report was written.</summary>
public sealed record CheckpointOutcome(CheckpointResult Result, string? ReportBlob);

/// <summary>Reads the imported units and the programme's retrofit projects, runs <see cref="CheckpointEvaluator"/>
/// (section 三: each county's yearly share; section 二: the saving target) and, at year end, stores the report in
/// <c>reports/retrofit/{programme}/{year}.json</c>.</summary>
public sealed class EvaluateRetrofitCheckpointActivity(RetrofitStore store, CaseStore cases, IBlobStore blobs)
    : IActivity<CheckpointRequest, CheckpointOutcome>
{
    private static readonly JsonSerializerOptions ReportJson = new(CaseJson.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Function(nameof(EvaluateRetrofitCheckpointActivity))]
    public Task<CheckpointOutcome> RunFunction([ActivityTrigger] CheckpointRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<CheckpointOutcome> RunAsync(CheckpointRequest input, CancellationToken cancellationToken)
    {
        var programme =
            await store.GetProgrammeAsync(input.ProgrammeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Programme {input.ProgrammeId} is missing.");
        var units = await store.ListUnitsAsync(input.ProgrammeId, cancellationToken).ConfigureAwait(false);
        // A project's case belongs to its unit's county (RetrofitApi): the list index's partitions of the listed units'
        // counties hold every project of the programme, and nothing else of the agencies is read (issue 22).
        var counties = units.Select(u => HenanDivisions.LuoheCounty(u.County));
        var records = await cases.OfProcedureAsync(counties, RetrofitProjectProcedure.ProcedureName, cancellationToken).ConfigureAwait(false);
        var projects = records
            .Select(c => c.Data?.Deserialize<RetrofitProjectData>(CaseJson.Options))
            .Where(d => d is not null && d.ProgrammeId == input.ProgrammeId)
            .Select(d => d!.Project)
            .ToList();
        var result = CheckpointEvaluator.Evaluate(programme, input.Year, units, projects);
        if (!input.Final)
        {
            return new CheckpointOutcome(result, null);
        }

        var name = $"retrofit/{input.ProgrammeId}/{input.Year}.json";
        await blobs
            .PutAsync(
                StorageNames.Reports,
                name,
                JsonSerializer.SerializeToUtf8Bytes(
                    new
                    {
                        programme = programme.Id,
                        programme.Title,
                        caseId = input.CaseId,
                        result,
                    },
                    ReportJson
                ),
                "application/json",
                cancellationToken: cancellationToken
            )
            .ConfigureAwait(false);
        return new CheckpointOutcome(result, $"{StorageNames.Reports}/{name}");
    }
}
