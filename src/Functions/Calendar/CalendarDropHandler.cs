using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Calendar;

/// <summary>
/// An official year file (<c>calendars/2027.json</c>, the holiday-cn JSON shape) dropped by an administrator: validated
/// and activated, or moved to quarantine with an error report while the active calendar stays as it was.
/// </summary>
public sealed partial class CalendarDropHandler(
    CalendarService calendars,
    Quarantine quarantine,
    Microsoft.Extensions.Options.IOptions<LimitsOptions> limits
) : IBlobDropHandler
{
    public string Container => StorageNames.Calendars;

    public async Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var match = YearFileName().Match(drop.Name);
        if (!match.Success)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [new ApiError("name", "calendar.file-name", $"'{drop.Name}' is not named <year>.json (e.g. 2027.json).")],
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }

        // The activated file is kept in one table property (CalendarService): never more than that property holds.
        var maxBytes = Math.Min(limits.Value.MaxCalendarFileBytes, LimitsOptions.MaxStorableCalendarFileBytes);
        if (drop.Data.Length > maxBytes)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [
                        new ApiError(
                            "file",
                            "calendar.too-large",
                            $"A calendar year file is at most {maxBytes} bytes (Limits:MaxCalendarFileBytes); this one has {drop.Data.Length}."
                        ),
                    ],
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (year < Domain.Calendar.LegalCalendar.MinDate.Year || year > Domain.Calendar.LegalCalendar.MaxDate.Year)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [
                        new ApiError(
                            "name",
                            "calendar.year-range",
                            $"{year} is outside the calendar's range ({Domain.Calendar.LegalCalendar.MinDate.Year}-{Domain.Calendar.LegalCalendar.MaxDate.Year})."
                        ),
                    ],
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }

        var result = await calendars
            .ActivateAsync(year, drop.Data, $"{drop.Container}/{drop.Name} ({drop.ETag})", client, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Success)
        {
            await quarantine
                .MoveAsync(drop, result.Errors.Select(e => new ApiError(e.Field, e.Rule, e.Message)).ToList(), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    [GeneratedRegex(@"^(\d{4})\.json$")]
    private static partial Regex YearFileName();
}
