using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;

namespace Workflows.Functions.PatentAward;

/// <summary>Services of the mayor's patent award (漯政〔2021〕22号), registered by both hosts.</summary>
public static class PatentAwardServiceCollectionExtensions
{
    public static IServiceCollection AddPatentAward(this IServiceCollection services)
    {
        services.AddSingleton<PatentAwardRoundProcedure>();
        services.AddSingleton<PatentAwardApplicationProcedure>();
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<PatentAwardRoundProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<PatentAwardApplicationProcedure>());
        services.AddSingleton<PatentAwardApi>();
        return services;
    }
}
