using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.Energy;

/// <summary>Services of the Energy area (procedures, APIs, handlers), registered by both hosts.</summary>
public static class EnergyServiceCollectionExtensions
{
    public static IServiceCollection AddEnergy(this IServiceCollection services)
    {
        return services;
    }
}
