using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Identifiers;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Http;
using Workflows.Functions.Cases;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// One disqualification (Decree 746 Art. 12(2)-(4), Art. 40 para 3) as an officer enters it or a list row imports it:
/// the kind, the person, the resident ID number, the start and the decision it rests on, checked by one set of rules.
/// The end date is computed by the period rules of the legal calendar (<see cref="DisqualificationPeriods"/>), never
/// entered; the source id is a hash of what the entry says, so the same entry recorded twice is one row.
/// </summary>
public static class DisqualificationReader
{
    public static (Ban? Ban, IReadOnlyList<ApiError> Errors) Read(
        JsonElement item,
        string prefix,
        DateOnly today,
        LegalCalendar calendar
    )
    {
        var errors = new List<ApiError>();
        var id = Text(item, "disqualification");
        var disqualification = id is null ? null : Art12Disqualifications.Find(id);
        if (disqualification is not { RegistryBan: true })
        {
            var known = string.Join(", ", Art12Disqualifications.All.Where(d => d.RegistryBan).Select(d => d.Id));
            errors.Add(
                new ApiError(
                    prefix + "disqualification",
                    "disqualification.unknown",
                    $"须为登记机关记载的情形之一 / must be one of the registry disqualifications: {known}."
                )
            );
        }

        var name = Text(item, "personName")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new ApiError(prefix + "personName", "disqualification.required", "姓名必填 / 'personName' is required."));
        }

        var idNumber = Text(item, "idNumber")?.Trim().ToUpperInvariant();
        if (ResidentIdentityNumber.Validate(idNumber, today).Error is { } idError)
        {
            errors.Add(
                new ApiError(
                    prefix + "idNumber",
                    "disqualification.id-number",
                    $"公民身份号码无效 / 'idNumber' is not a valid resident ID number: {idError.Message}"
                )
            );
        }

        var source = Text(item, "source")?.Trim();
        if (string.IsNullOrEmpty(source))
        {
            errors.Add(
                new ApiError(
                    prefix + "source",
                    "disqualification.required",
                    "须写明判决、裁定或者决定的文号 / 'source' (the judgment, ruling or decision) is required."
                )
            );
        }

        var (start, dateError) = item.TryGetProperty("startDate", out _)
            ? MarketEntityIntake.ReadDate(
                item,
                "startDate",
                today,
                "disqualification.start-in-future",
                disqualification?.Article ?? "Decree 746 Art. 12"
            )
            : (today, new ApiError("startDate", "disqualification.required", "起算日必填 / 'startDate' (yyyy-MM-dd) is required."));
        if (dateError is not null)
        {
            errors.Add(dateError with { Field = prefix + dateError.Field });
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var entry = new DisqualificationEntry(disqualification!.Id, name!, idNumber!, start, source!);
        var periodId = DisqualificationPeriods.PeriodIdOf(disqualification);
        DateOnly? end = periodId is null ? null : calendar.Compute(Domain.StatutoryPeriods.Find(periodId, start)!, start).Deadline;
        var sourceId =
            "DQ-" + IdempotencyStore.Hash($"{entry.DisqualificationId}|{entry.IdNumber}|{start:yyyy-MM-dd}|{entry.Source}")[..16];
        return (DisqualificationPeriods.ToBan(entry, disqualification, end, sourceId), []);
    }

    private static string? Text(JsonElement json, string property) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
