using System.Text.Json;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Energy;

/// <summary>Art. 5, 18: book a registered source.</summary>
public sealed record AllocateSourcePayload(string? SourceId, decimal Tonnes);

/// <summary>Art. 11(1): the city DRC's preliminary opinion.</summary>
public sealed record PreliminaryOpinionPayload(string? Opinion);

/// <summary>Arts. 11, 12: the plan approved; a decision recorded after the fact states the day it was taken.</summary>
public sealed record ApprovePayload(DateOnly? ApprovedOn);

/// <summary>Arts. 15, 17: the local government's confirmation; recorded after the fact, the day it was given.</summary>
public sealed record ConfirmSubstitutionPayload(DateOnly? ConfirmedOn);

/// <summary>Arts. 11, 12: the plan rejected.</summary>
public sealed record RejectPayload(string? Reason);

/// <summary>Art. 13: where and when the plan was published.</summary>
public sealed record PublicationPayload(string? PortalUrl, DateOnly? PublishedOn);

/// <summary>Art. 14: the new D of a supplementary plan.</summary>
public sealed record SupplementPayload(decimal NewCoalConsumptionTonnes);

/// <summary>Arts. 15-17: the declared production date.</summary>
public sealed record StartProductionPayload(DateOnly? Date);

/// <summary>Art. 16: the implementation report.</summary>
public sealed record ReportPayload(string? Document);

/// <summary>Art. 20: what is not implemented, since when production ran unlawfully (if it did), and the limit in days.</summary>
public sealed record OrderRectificationPayload(string? Finding, DateOnly? ProducedSince, int? Days);

/// <summary>Art. 20: the rectification found done.</summary>
public sealed record AcceptRectificationPayload(string? Note);

/// <summary>Art. 21: the ground and the facts found.</summary>
public sealed record WithdrawOpinionPayload(WithdrawalGround? Ground, string? Finding);

/// <summary>
/// The payload record of every coal-substitution event, declared once: the API reads a body with it before the event
/// claims a stage (a body that does not fit is a 400 naming the field), and the orchestration reads the accepted
/// envelope with the same record once, in the handler of the event.
/// </summary>
public static class CoalEventPayloads
{
    public static IReadOnlyDictionary<string, Type> Types { get; } =
        new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [EnergyEvents.AllocateSource] = typeof(AllocateSourcePayload),
            [EnergyEvents.PreliminaryOpinion] = typeof(PreliminaryOpinionPayload),
            [EnergyEvents.Approve] = typeof(ApprovePayload),
            [EnergyEvents.ConfirmSubstitution] = typeof(ConfirmSubstitutionPayload),
            [EnergyEvents.Reject] = typeof(RejectPayload),
            [EnergyEvents.RecordPublication] = typeof(PublicationPayload),
            [EnergyEvents.Supplement] = typeof(SupplementPayload),
            [EnergyEvents.StartProduction] = typeof(StartProductionPayload),
            [EnergyEvents.Report] = typeof(ReportPayload),
            [EnergyEvents.OrderRectification] = typeof(OrderRectificationPayload),
            [EnergyEvents.AcceptRectification] = typeof(AcceptRectificationPayload),
            [EnergyEvents.WithdrawOpinion] = typeof(WithdrawOpinionPayload),
            [EnergyEvents.RecordWithdrawalPublication] = typeof(PublicationPayload),
        };

    /// <summary>The accepted event's payload as its record (the API has read it with the same record).</summary>
    public static T Read<T>(CaseEventEnvelope e)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.Deserialize<T>(e.PayloadJson, EnergyJson.Options)
            ?? throw new ArgumentException($"Event {e.EventId} has no payload.", nameof(e));
    }

    /// <summary>Null when the body fits the event's record (or the event declares none); else the field and why.</summary>
    public static (string Field, string Message)? Misfit(string type, JsonElement body) => EventPayloadShapes.Misfit(Types, type, body);
}
