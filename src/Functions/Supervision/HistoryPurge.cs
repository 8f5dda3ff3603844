using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.Supervision;

/// <summary>Settings of the history purge (app settings <c>HistoryPurge__RetainCompletedDays</c>, <c>__BatchSize</c>, <c>__MaxPerRun</c>).</summary>
public sealed class HistoryPurgeOptions
{
    public const string SectionName = "HistoryPurge";

    /// <summary>How long the engine keeps the history of a completed instance (default 90 days).</summary>
    [SettingRange(0, 36_500)]
    public int RetainCompletedDays { get; set; } = 90;

    /// <summary>Instances read per query page.</summary>
    [SettingRange(1, 1_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The most instances one run purges; the next run continues (bounded work per timer).</summary>
    [SettingRange(1, int.MaxValue)]
    public int MaxPerRun { get; set; } = 1_000;
}

/// <summary>What one purge run did.</summary>
public sealed record HistoryPurgeResult(int Examined, int Purged, int KeptCaseOpen, int KeptAuditNotIntact);

/// <summary>
/// Purges the durable engine's history of instances that ended more than <see cref="HistoryPurgeOptions.RetainCompletedDays"/>
/// ago (issue 17 item 3), in bounded batches, and only once the case is final: its record is closed and its audit
/// rows check out against the append-only chain. The case record, its audit and its documents are not touched: the
/// case API reads them, never the engine's history.
/// </summary>
public sealed class HistoryPurge(CaseStore cases, AuditVerifier audit, IOptions<HistoryPurgeOptions> options, ILogger<HistoryPurge> logger)
{
    private static readonly OrchestrationRuntimeStatus[] Ended =
    [
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
    ];

    public async Task<HistoryPurgeResult> RunAsync(DurableTaskClient client, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = nowUtc.AddDays(-settings.RetainCompletedDays);
        var query = new OrchestrationQuery(CreatedTo: cutoff, Statuses: Ended, PageSize: Math.Max(1, settings.BatchSize));
        var (examined, purged, open, notIntact) = (0, 0, 0, 0);
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (purged >= settings.MaxPerRun || examined >= 10 * settings.MaxPerRun)
            {
                break;
            }

            examined++;
            if (instance.LastUpdatedAt > cutoff)
            {
                continue;
            }

            switch (await FinalAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false))
            {
                case Finality.CaseOpen:
                    open++;
                    continue;
                case Finality.AuditNotIntact:
                    notIntact++;
                    logger.LogWarning(
                        "History of {Instance} kept: its audit rows do not match the append-only chain.",
                        instance.InstanceId
                    );
                    continue;
            }

            var result = await client.PurgeInstanceAsync(instance.InstanceId, cancellation: cancellationToken).ConfigureAwait(false);
            purged += result.PurgedInstanceCount;
        }

        logger.LogInformation(
            "History purge up to {Cutoff:O}: {Purged} purged of {Examined} examined ({Open} with an open case, {NotIntact} with an audit to check).",
            cutoff,
            purged,
            examined,
            open,
            notIntact
        );
        return new HistoryPurgeResult(examined, purged, open, notIntact);
    }

    private enum Finality
    {
        Final,
        CaseOpen,
        AuditNotIntact,
    }

    /// <summary>Instances without a case record (the timer probe) are final once ended.</summary>
    private async Task<Finality> FinalAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await cases.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Finality.Final;
        }

        if (!record.Closed)
        {
            return Finality.CaseOpen;
        }

        var check = await audit.VerifyAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return check.Intact ? Finality.Final : Finality.AuditNotIntact;
    }
}

/// <summary>LocalHost's daily run of <see cref="HistoryPurge"/> at 03:00 China time (Functions: HistoryPurgeTimer).</summary>
public sealed class HistoryPurgeJob(HistoryPurge purge) : IScheduledJob
{
    public string Name => "history-purge";

    public string ChinaTimeSchedule => Schedules.HistoryPurgeChinaTime;

    public Task RunAsync(DateTimeOffset firedAtUtc, DurableTaskClient client, CancellationToken cancellationToken) =>
        purge.RunAsync(client, firedAtUtc, cancellationToken);
}
