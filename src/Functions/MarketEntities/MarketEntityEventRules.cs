using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// The one place the case API asks what a Decree 746 procedure forbids now (issue 14 item 4): each procedure's rules
/// live in their own class; this only routes to them (until the event acceptance has its own precondition hook).
/// </summary>
public static class MarketEntityEventRules
{
    /// <summary>The refusal of <paramref name="type"/> on <paramref name="record"/>, or null when the law allows it now.</summary>
    public static IResult? Check(string catalogProcedure, CaseRecord record, string type, JsonElement payload) =>
        catalogProcedure switch
        {
            EventCatalog.Registration => RegistrationEventRules.Check(record, type, payload),
            _ => null,
        };

    /// <summary>Whether the case's form offers <paramref name="type"/> now (an event the rules would refuse is not offered).</summary>
    public static bool Offers(string catalogProcedure, CaseRecord record, string type) =>
        catalogProcedure switch
        {
            EventCatalog.Registration => RegistrationEventRules.Offers(record, type),
            _ => true,
        };
}
