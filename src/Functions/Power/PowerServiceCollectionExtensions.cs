using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Power;

/// <summary>Services of the proxy power area (发改办价格〔2021〕809号), registered by both hosts.</summary>
public static class PowerServiceCollectionExtensions
{
    public static IServiceCollection AddProxyPower(this IServiceCollection services)
    {
        services.AddSingleton<ProxyObligationProcedure>();
        services.AddSingleton<ProxyUserProcedure>();
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<ProxyObligationProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<ProxyUserProcedure>());
        services.AddSingleton<PowerApi>();
        return services;
    }
}
