using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.MarketEntities;

/// <summary>Services of the MarketEntities area (procedures, APIs, handlers), registered by both hosts.</summary>
public static class MarketEntitiesServiceCollectionExtensions
{
    public static IServiceCollection AddMarketEntities(this IServiceCollection services)
    {
        services.AddValidatedOptions<MarketEntitiesOptions>(MarketEntitiesOptions.SectionName);
        services.AddSingleton<RegistrationProcedure>();
        services.AddSingleton<SimplifiedDeregistrationProcedure>();
        services.AddSingleton<IndividualBusinessDeregistrationProcedure>();
        services.AddSingleton<RevocationProcedure>();
        services.AddSingleton<TrackerProcedure>();
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<RegistrationProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<SimplifiedDeregistrationProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<IndividualBusinessDeregistrationProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<RevocationProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<TrackerProcedure>());
        services.AddSingleton<PublicationDutyProcedure>();
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<PublicationDutyProcedure>());

        services.AddSingleton<BanRegistry>();
        services.AddSingleton<EntityRegisterStore>();
        services.AddSingleton<ObligationOutbox>();
        services.AddSingleton<ObligationOpener>();
        services.AddSingleton<ObligationOpenerJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<ObligationOpenerJob>());
        services.AddSingleton<RegisterFromCases>();
        services.AddSingleton<RegisterImportService>();
        services.AddSingleton<RegisterApi>();
        services.AddSingleton<MarketEntitiesApi>();
        services.AddSingleton<RegistrationDropHandler>();
        services.AddSingleton<IBlobDropHandler>(sp => sp.GetRequiredService<RegistrationDropHandler>());
        services.AddSingleton<ICalendarChangeListener, MarketEntityCalendarListener>();
        return services;
    }
}
