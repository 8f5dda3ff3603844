namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the MarketEntities area (the same routes as its Functions HTTP triggers).</summary>
public static class MarketEntitiesEndpoints
{
    public static IEndpointRouteBuilder MapMarketEntitiesApi(this IEndpointRouteBuilder api)
    {
        return api;
    }
}
