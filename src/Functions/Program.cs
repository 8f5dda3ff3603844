using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflows.Functions.Hosting;
using Workflows.Functions.Identity;
using Workflows.Functions.Telemetry;

// The composition root is Hosting/FunctionsAppComposition.cs, so that the app tests build this same host.
FunctionsAppComposition.Build(args, StorageMode.AzureStorage).Run();

namespace Workflows.Functions.Hosting
{
    public static partial class FunctionsAppComposition
    {
        static partial void ConfigureAzureOnly(FunctionsApplicationBuilder builder)
        {
            // On Azure, App Service authentication validates callers and strips any client-supplied x-ms-client-principal,
            // so the header is trusted there (and only there).
            builder.Services.Configure<IdentityOptions>(o => o.TrustClientPrincipalHeader = true);
            builder.Services.AddWorkflowsTelemetry(builder.Configuration, TelemetryHost.FunctionsWorker);
        }
    }
}
