using System.Text.Json;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Energy;

/// <summary>The events of a retrofit project (漯节减办〔2021〕7号 五(三) progress, 四(三) remediation).</summary>
public static class RetrofitEvents
{
    /// <summary>Section 三: the retrofit of a project that failed its energy review starts.</summary>
    public const string StartRetrofit = "start-retrofit";

    /// <summary>Section 四(三): the retrofit is finished.</summary>
    public const string CompleteRetrofit = "complete-retrofit";

    /// <summary>Section 四(三): 委托第三方机构开展节能审核、能效评估，向市级节能主管部门报备.</summary>
    public const string FileAudit = "file-audit";

    /// <summary>Section 四(三): 市级节能主管部门组织审查.</summary>
    public const string StartReview = "start-review";

    /// <summary>Section 四(三): 能效水平达到行业先进水平的项目可以复产.</summary>
    public const string AllowResumption = "allow-resumption";

    /// <summary>Section 四(三): not at the advanced level; retrofit further.</summary>
    public const string RefuseResumption = "refuse-resumption";
}

/// <summary>What every remediation step states: the day it happened (recorded after the fact, never a future day) and
/// the text kept with it.</summary>
public interface IRemediationPayload
{
    DateOnly? On { get; }

    /// <summary>The text recorded with the step (a note, else the audit report or the reason the step names).</summary>
    string? Statement { get; }
}

/// <summary>Section 三: the retrofit starts.</summary>
public sealed record StartRetrofitPayload(DateOnly? On, string? Note) : IRemediationPayload
{
    public string? Statement => Note;
}

/// <summary>Section 四(三): the retrofit is finished.</summary>
public sealed record CompleteRetrofitPayload(DateOnly? On, string? Note) : IRemediationPayload
{
    public string? Statement => Note;
}

/// <summary>Section 四(三): the third-party audit and assessment filed.</summary>
public sealed record FileAuditPayload(DateOnly? On, string? AuditReport, string? Note) : IRemediationPayload
{
    public string? Statement => Note ?? AuditReport;
}

/// <summary>Section 四(三): the municipal authority reviews.</summary>
public sealed record StartReviewPayload(DateOnly? On, string? Note) : IRemediationPayload
{
    public string? Statement => Note;
}

/// <summary>Section 四(三): resumption allowed only at the industry-advanced level with the region's dual control secured.</summary>
public sealed record AllowResumptionPayload(DateOnly? On, bool AtIndustryAdvancedLevel, bool RegionalDualControlSecured, string? Note)
    : IRemediationPayload
{
    public string? Statement => Note;
}

/// <summary>Section 四(三): resumption refused, with the reason.</summary>
public sealed record RefuseResumptionPayload(DateOnly? On, string? Reason, string? Note) : IRemediationPayload
{
    public string? Statement => Note ?? Reason;
}

/// <summary>
/// The payload record of every retrofit-project event, declared once: the API reads a body with it before the event
/// claims a stage (a body that does not fit is a 400 naming the field; a progress report is also checked against
/// section 五(三)), and the orchestration reads the accepted envelope with the same record once, in its handler.
/// </summary>
public static class RetrofitEventPayloads
{
    public static IReadOnlyDictionary<string, Type> Types { get; } =
        new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [EnergyEvents.Progress] = typeof(RetrofitProgressReport),
            [RetrofitEvents.StartRetrofit] = typeof(StartRetrofitPayload),
            [RetrofitEvents.CompleteRetrofit] = typeof(CompleteRetrofitPayload),
            [RetrofitEvents.FileAudit] = typeof(FileAuditPayload),
            [RetrofitEvents.StartReview] = typeof(StartReviewPayload),
            [RetrofitEvents.AllowResumption] = typeof(AllowResumptionPayload),
            [RetrofitEvents.RefuseResumption] = typeof(RefuseResumptionPayload),
        };

    /// <summary>The accepted remediation event's payload as its record; null when it does not fit (an event accepted
    /// before the API read remediation bodies with these records: the step is refused, never the case failed).</summary>
    public static IRemediationPayload? ReadRemediation(CaseEventEnvelope e) =>
        EventPayloadShapes.TryRead(Types, e) as IRemediationPayload;

    /// <summary>The accepted progress report (its project id is the case's, whatever the body said); null when it does
    /// not fit.</summary>
    public static RetrofitProgressReport? ReadProgress(CaseEventEnvelope e, string projectId) =>
        EventPayloadShapes.TryRead(Types, e) is RetrofitProgressReport report ? report with { ProjectId = projectId } : null;

    /// <summary>Null when the body fits the event's record (or the event declares none); else the field and why.</summary>
    public static (string Field, string Message)? Misfit(string type, JsonElement body) => EventPayloadShapes.Misfit(Types, type, body);
}

/// <summary>Reading an event body with the record its procedure declares for it (one piece of code for coal and retrofit).</summary>
public static class EventPayloadShapes
{
    /// <summary>Null when the body fits the event's record (or the event declares none); else the field and why.</summary>
    public static (string Field, string Message)? Misfit(IReadOnlyDictionary<string, Type> types, string type, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (!types.TryGetValue(type, out var record))
        {
            return null;
        }

        try
        {
            _ = JsonSerializer.Deserialize(body.GetRawText(), record, EnergyJson.Options);
            return null;
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (field, $"“{field}”格式不符 / '{field}' does not fit the '{type}' event: {ex.Message}");
        }
    }

    /// <summary>The envelope's payload as the record declared for its event; null when none is declared or it does not fit.</summary>
    public static object? TryRead(IReadOnlyDictionary<string, Type> types, CaseEventEnvelope e)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(e);
        if (!types.TryGetValue(e.Type, out var record))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(e.PayloadJson, record, EnergyJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
