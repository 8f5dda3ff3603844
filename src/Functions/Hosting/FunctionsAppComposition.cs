using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Workflows.Functions.Hosting;

/// <summary>
/// The Functions worker's composition root: the builder <c>Program.cs</c> runs and the app tests build (without
/// <c>Run()</c>, so no gRPC channel to a Functions host is opened). Everything the deployed worker registers is
/// registered here, in the same order, so that a missing service fails a test before it fails on Azure.
/// </summary>
public static partial class FunctionsAppComposition
{
    /// <summary>The worker's builder with the ASP.NET Core integration and every application service.</summary>
    /// <param name="args">Command-line arguments (the Functions host passes its worker arguments).</param>
    /// <param name="storage">Azure Storage on Azure; <see cref="StorageMode.InMemory"/> only in tests.</param>
    /// <param name="configure">Test seam run before the services are added (configuration values, for example).</param>
    public static FunctionsApplicationBuilder CreateBuilder(
        string[] args,
        StorageMode storage,
        Action<FunctionsApplicationBuilder>? configure = null
    )
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<Contract.QueryContractMiddleware>();
        builder.UseMiddleware<Telemetry.ActivityLogScopeMiddleware>();
        configure?.Invoke(builder);
        ConfigureAzureOnly(builder);
        builder.Services.AddWorkflowsApplication(builder.Configuration, storage);
        return builder;
    }

    /// <summary>The deployed worker's host (built, not started).</summary>
    public static IHost Build(string[] args, StorageMode storage) => CreateBuilder(args, storage).Build();

    /// <summary>Settings that hold only on Azure (declared in <c>Program.cs</c>, beside the worker's entry point).</summary>
    static partial void ConfigureAzureOnly(FunctionsApplicationBuilder builder);
}
