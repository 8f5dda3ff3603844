using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;

namespace Workflows.LocalHost;

/// <summary>The open-case capacity of LocalHost's backend (section <c>Capacity</c>): measured on this project's
/// 2-core reference machine (bench/README-proof.md, issue 22), configurable for another machine. Registered the house
/// way (<see cref="OptionsRegistration.AddValidatedOptions{T}"/>): a setting out of its range stops start-up.</summary>
public sealed record CapacityOptions
{
    public const string SectionName = "Capacity";

    /// <summary>Open cases a LocalHost over Azurite serves before every step costs about twice what it costs with few
    /// cases open: Azurite's one thread filters all queue messages (every open case's timers) for each dequeue and a
    /// whole table for each query (bench/README-proof.md, "Issue 22: Azurite capacity, measured": 1,000 registrations
    /// opened at once all awaited the officer after ~10 minutes on the 2-core reference machine).</summary>
    [SettingRange(1, int.MaxValue)]
    public int AzuriteOpenCases { get; init; } = 1000;

    /// <summary>Open cases the in-memory backend holds within a few hundred MB (engine histories and tables in memory).</summary>
    [SettingRange(1, int.MaxValue)]
    public int InMemoryOpenCases { get; init; } = 10_000;

    /// <summary>The share of the capacity from which the health reports a warning.</summary>
    [SettingRange(0.0, 1.0)]
    public double WarnFraction { get; init; } = 0.8;
}

/// <summary>Which backend LocalHost's stores and engine run on: its capacity differs.</summary>
public enum CapacityBackend
{
    InMemory,
    Azurite,

    /// <summary>An Azure Storage account: no local capacity applies.</summary>
    StorageAccount,
}

/// <summary>
/// The <c>cases</c> section of LocalHost's <c>/api/health</c> (issue 22 item 3): how many cases are open, against the
/// measured capacity of the backend; from <see cref="CapacityOptions.WarnFraction"/> of it on, a warning that says
/// to point LocalHost at an Azure Storage account. A warning, not a failure: the host still serves (status stays 200).
/// </summary>
public sealed class CaseCapacityHealth(CaseStore cases, CapacityOptions options, CapacityBackend backend) : IHealthContributor
{
    public string Name => "cases";

    public async Task<(bool Ok, object Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        int open;
        try
        {
            open = await cases.OpenCaseCountAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Storage that does not answer is the storage section's finding; this section only says it could not count.
            return (true, new { status = "unknown", error = e.GetType().Name + ": " + e.Message });
        }

        int? capacity = backend switch
        {
            CapacityBackend.InMemory => options.InMemoryOpenCases,
            CapacityBackend.Azurite => options.AzuriteOpenCases,
            _ => null,
        };
        int? warnAt = capacity is { } c ? (int)Math.Ceiling(c * options.WarnFraction) : null;
        var warning = open >= warnAt ? Warning(open, capacity!.Value) : null;
        return (
            true,
            new
            {
                status = warning is null ? "ok" : "warning",
                open,
                capacity,
                warnAt,
                backend = backend.ToString(),
                warning,
            }
        );
    }

    private string Warning(int open, int capacity) =>
        backend == CapacityBackend.Azurite
            ? $"未结案件 {open} 件，已接近本机 Azurite 的实测容量 {capacity} 件，处理将明显变慢；请将 LocalHost 指向 Azure 存储账户（AzureWebJobsStorage）"
                + $" / {open} open cases, close to the measured capacity of Azurite here ({capacity}): every step slows down; point "
                + "LocalHost at an Azure Storage account (AzureWebJobsStorage)."
            : $"未结案件 {open} 件，已接近内存后端的实测容量 {capacity} 件；请将 LocalHost 指向 Azure 存储账户（AzureWebJobsStorage）"
                + $" / {open} open cases, close to the measured capacity of the in-memory backend ({capacity}); point LocalHost at "
                + "an Azure Storage account (AzureWebJobsStorage).";
}
