using System.Globalization;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Validation;
using Workflows.Functions.Http;

namespace Workflows.Functions.MarketEntities;

/// <summary>A registration application that passed formal review (missing Art. 16 materials are allowed: they lead to
/// a correction notice, Art. 19 para 2, not to a rejection).</summary>
public sealed record RegistrationSubmission(
    RegistrationApplication Application,
    DateOnly AcceptedOn,
    bool RegisterOnTheSpot,
    IReadOnlyList<string> MissingMaterials
);

/// <summary>Parsing and formal review shared by the HTTP intake and the registrations-inbox drop.</summary>
public static class MarketEntityIntake
{
    public const string AcceptedOnField = "acceptedOn";

    /// <summary>
    /// Reads a registration body: the RegistrationApplication fields plus optional <c>acceptedOn</c> (an application
    /// received on paper may be back-dated, never future-dated) and <c>registerOnTheSpot</c>. Validation errors other
    /// than missing materials are returned (Art. 8, Art. 15 identity checks, Art. 13, Art. 14).
    /// </summary>
    public static (RegistrationSubmission? Submission, IReadOnlyList<ApiError> Errors) ParseRegistration(JsonElement json, DateOnly today)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("entityType", out _))
        {
            return (
                null,
                [
                    new ApiError(
                        "entityType",
                        RegistrationApplicationValidator.RequiredRule,
                        "The entity type (主体类型) is required (Decree 746 Art. 8(2))."
                    ),
                ]
            );
        }

        if (JsonInputGuard.Check(json) is { } refused)
        {
            return (null, [refused]); // the same rules for a dropped package as for an HTTP body
        }

        RegistrationApplication? application;
        try
        {
            application = json.Deserialize<RegistrationApplication>(MarketEntityJson.InputOptions);
        }
        catch (JsonException e)
        {
            return (
                null,
                [
                    new ApiError(
                        e.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "body",
                        "body.json",
                        $"The application cannot be read: {e.Message}"
                    ),
                ]
            );
        }

        if (application is null)
        {
            return (null, [new ApiError("body", "body.object", "The body must be a registration application object.")]);
        }

        var (acceptedOn, dateError) = ReadDate(json, AcceptedOnField, today, "registration.accepted-in-future", "Decree 746 Art. 19");
        if (dateError is not null)
        {
            return (null, [dateError]);
        }

        var onTheSpot = false;
        if (json.TryGetProperty("registerOnTheSpot", out var flag))
        {
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, [new ApiError("registerOnTheSpot", "body.json", "'registerOnTheSpot' must be true or false.")]);
            }

            onTheSpot = flag.GetBoolean();
        }

        var problems = RegistrationApplicationValidator.Validate(application, acceptedOn);
        var errors = problems
            .Where(p => p.Rule != RegistrationApplicationValidator.MaterialMissingRule)
            .Select(p => new ApiError(p.Field, p.Rule, $"{p.Message} ({p.Article})"))
            .ToList();
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var missing = RequiredMaterials.MissingMaterials(application).Select(m => m.Code).ToList();
        return (new RegistrationSubmission(application, acceptedOn, onTheSpot, missing), []);
    }

    /// <summary>An optional yyyy-MM-dd date that may not be after <paramref name="today"/>; today when absent.</summary>
    public static (DateOnly Date, ApiError? Error) ReadDate(
        JsonElement json,
        string field,
        DateOnly today,
        string futureRule,
        string article
    )
    {
        if (!json.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (today, null);
        }

        if (
            value.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        )
        {
            return (today, new ApiError(field, "date.format", $"'{field}' must be a date written yyyy-MM-dd."));
        }

        if (date > today)
        {
            return (
                today,
                new ApiError(
                    field,
                    futureRule,
                    $"'{field}' {date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}); only past or present dates may be recorded ({article})."
                )
            );
        }

        // A date before the calendar's first year has no working days to count from: the case could never take its next step.
        return LegalDateRange.Check(field, date, LegalDateRange.FirstDay, today) is { } outside
            ? (today, new ApiError(outside.Field, outside.Rule, outside.Message))
            : (date, null);
    }

    /// <summary>The instant a case counts as accepted: now for today, 09:00 China time for a back-dated day.</summary>
    public static DateTimeOffset AcceptedUtc(DateOnly acceptedOn, DateTimeOffset now) =>
        acceptedOn >= ChinaTime.ToLegalDate(now) ? now : ChinaTime.StartOfDayUtc(acceptedOn).AddHours(9);

    public static IReadOnlyList<string> Usccs(Principal principal, params string?[] codes) =>
        codes
            .Append(principal.Role == Role.Enterprise ? principal.Uscc : null)
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => c!.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
