using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.MarketEntities;

/// <summary>Services of the MarketEntities area (procedures, APIs, handlers), registered by both hosts.</summary>
public static class MarketEntitiesServiceCollectionExtensions
{
    public static IServiceCollection AddMarketEntities(this IServiceCollection services)
    {
        return services;
    }
}
