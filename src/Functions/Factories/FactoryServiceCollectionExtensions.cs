using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Factories;

/// <summary>Services of the standard-factory area (漯政〔2021〕17号), registered by both hosts.</summary>
public static class FactoryServiceCollectionExtensions
{
    public static IServiceCollection AddStandardFactories(this IServiceCollection services)
    {
        services.AddSingleton<FactorySubmissionProcedure>();
        services.AddSingleton<FactoryRoundProcedure>();
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<FactorySubmissionProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<FactoryRoundProcedure>());
        services.AddSingleton<FactoryRounds>();
        services.AddSingleton<FactoryRoundsApi>();
        services.AddSingleton<Calendar.ICalendarChangeListener, FactoryCalendarListener>();
        return services;
    }
}
