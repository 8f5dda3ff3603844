using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.Energy;

/// <summary>Services of the Energy area (procedures, APIs, handlers), registered by both hosts.</summary>
public static class EnergyServiceCollectionExtensions
{
    public static IServiceCollection AddEnergy(this IServiceCollection services)
    {
        services.AddSingleton<SubstitutionLedgerStore>();
        services.AddSingleton<SuspensionStore>();
        services.AddSingleton<RetrofitStore>();
        services.AddSingleton<CoalGates>();
        services.AddSingleton<CoalSubstitutionProcedure>();
        services.AddSingleton<RetrofitProgrammeProcedure>();
        services.AddSingleton<RetrofitProjectProcedure>();
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<CoalSubstitutionProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<RetrofitProgrammeProcedure>());
        services.AddSingleton<ICaseProcedure>(sp => sp.GetRequiredService<RetrofitProjectProcedure>());
        services.AddSingleton<ICaseEventPrecondition, CoalReviewSuspensionPrecondition>();
        services.AddSingleton<CoalIntakeService>();
        services.AddSingleton<CoalReportIntake>();
        services.AddSingleton<CoalProjectsApi>();
        services.AddSingleton<RetrofitCases>();
        services.AddSingleton<RetrofitApi>();
        services.AddSingleton<KeyUnitsImporter>();
        services.AddSingleton<KeyUnitsImportService>();
        services.AddSingleton<Access.DropAuthorization>();
        services.AddSingleton<CoalInboxDropHandler>();
        services.AddSingleton<CoalReportsDropHandler>();
        services.AddSingleton<RetrofitInboxDropHandler>();
        services.AddSingleton<IBlobDropHandler>(sp => sp.GetRequiredService<CoalInboxDropHandler>());
        services.AddSingleton<IBlobDropHandler>(sp => sp.GetRequiredService<CoalReportsDropHandler>());
        services.AddSingleton<IBlobDropHandler>(sp => sp.GetRequiredService<RetrofitInboxDropHandler>());
        services.AddSingleton<Calendar.ICalendarChangeListener, EnergyCalendarListener>();
        return services;
    }
}
