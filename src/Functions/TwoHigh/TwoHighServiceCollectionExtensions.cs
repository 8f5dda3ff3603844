using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.TwoHigh;

/// <summary>Services of the two-high family (豫政办〔2021〕65号), registered by both hosts.</summary>
public static class TwoHighServiceCollectionExtensions
{
    public static IServiceCollection AddTwoHigh(this IServiceCollection services)
    {
        services.AddSingleton<TwoHighRegionProcedure>();
        services.AddSingleton<TwoHighProjectProcedure>();
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<TwoHighRegionProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<TwoHighProjectProcedure>());
        services.AddSingleton<TwoHighBarometer>();
        services.AddSingleton<TwoHighBarometerReader>();
        services.AddSingleton<TwoHighApi>();
        services.AddSingleton<TwoHighInboxDropHandler>();
        services.AddSingleton<IBlobDropHandler>(sp => sp.GetRequiredService<TwoHighInboxDropHandler>());
        return services;
    }
}
