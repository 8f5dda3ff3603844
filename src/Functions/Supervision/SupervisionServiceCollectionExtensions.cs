using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.Supervision;

/// <summary>Services of the Supervision area (procedures, APIs, handlers), registered by both hosts.</summary>
public static class SupervisionServiceCollectionExtensions
{
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        return services;
    }
}
