using System.Globalization;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Calendar;

/// <summary>Reacts to a calendar year turning official or being replaced (e.g. recomputing open cases).</summary>
public interface ICalendarChangeListener
{
    /// <summary>Called after a year was activated; <paramref name="client"/> is the durable client of the activating host.</summary>
    Task OnYearChangedAsync(
        CalendarYearChanged change,
        DateTimeOffset atUtc,
        DurableTaskClient client,
        CancellationToken cancellationToken
    );
}

/// <summary>
/// The active legal calendar: the embedded official years plus every official year file an administrator activated
/// (kept in the Calendars table, re-applied on start and refreshed periodically so every instance converges).
/// Deadlines are computed in activities from this calendar, never inside orchestrator code.
/// </summary>
public sealed class CalendarService(
    ITableStore tables,
    IEnumerable<ICalendarChangeListener> listeners,
    TimeProvider clock,
    ILogger<CalendarService> logger
) : IHealthContributor, IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile LegalCalendar? current;
    private DateTimeOffset loadedAt;

    public string Name => "calendar";

    public void Dispose() => gate.Dispose();

    public async Task<LegalCalendar> GetAsync(CancellationToken cancellationToken = default)
    {
        if (current is not null && clock.GetUtcNow() - loadedAt < RefreshInterval)
        {
            return current;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is null || clock.GetUtcNow() - loadedAt >= RefreshInterval)
            {
                current = await LoadAsync(cancellationToken).ConfigureAwait(false);
                loadedAt = clock.GetUtcNow();
            }

            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Validates and activates an official year file. On failure nothing changes and the errors are returned.</summary>
    public async Task<CalendarActivationResult> ActivateAsync(
        int year,
        byte[] utf8Json,
        string source,
        DurableTaskClient client,
        CancellationToken cancellationToken = default
    )
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        CalendarActivationResult result;
        try
        {
            var calendar = current ?? await LoadAsync(cancellationToken).ConfigureAwait(false);
            result = calendar.TryActivate(year, utf8Json);
            if (!result.Success)
            {
                return result;
            }

            // Persist first: the table is the source of truth for every instance; memory follows.
            await tables
                .UpsertAsync(
                    StorageNames.CalendarsTable,
                    new TableRow(
                        "official",
                        year.ToString(CultureInfo.InvariantCulture),
                        new Dictionary<string, string>
                        {
                            ["Json"] = Encoding.UTF8.GetString(utf8Json),
                            ["Source"] = source,
                            ["ActivatedUtc"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                        }
                    ),
                    cancellationToken
                )
                .ConfigureAwait(false);
            current = result.Calendar;
            loadedAt = clock.GetUtcNow();
        }
        finally
        {
            gate.Release();
        }

        logger.LogInformation(
            "Calendar {Year} activated from {Source}: {Changed} days changed working status.",
            year,
            source,
            result.Change.WorkingStatusChanged.Count
        );
        foreach (var listener in listeners)
        {
            await listener.OnYearChangedAsync(result.Change, clock.GetUtcNow(), client, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public async Task<(bool Ok, object Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var calendar = await GetAsync(cancellationToken).ConfigureAwait(false);
            var thisYear = ChinaTime.Today(clock).Year;
            return (
                true,
                new
                {
                    ok = true,
                    officialYears = calendar.OfficialYears,
                    provisionalYears = Enumerable.Range(thisYear, 2).Where(y => !calendar.OfficialYears.Contains(y)).ToArray(),
                }
            );
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (false, new { ok = false, error = e.Message });
        }
    }

    private async Task<LegalCalendar> LoadAsync(CancellationToken cancellationToken)
    {
        var calendar = LegalCalendar.LoadEmbedded();
        var rows = await tables
            .QueryPartitionAsync(StorageNames.CalendarsTable, "official", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        foreach (var row in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            var year = int.Parse(row.RowKey, CultureInfo.InvariantCulture);
            var result = calendar.TryActivate(year, Encoding.UTF8.GetBytes(row.Get("Json") ?? string.Empty));
            if (result.Success)
            {
                calendar = result.Calendar;
            }
            else
            {
                logger.LogError(
                    "Stored calendar {Year} no longer validates: {Errors}",
                    year,
                    string.Join("; ", result.Errors.Select(e => e.Message))
                );
            }
        }

        return calendar;
    }
}
