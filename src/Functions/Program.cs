using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflows.Functions.Hosting;
using Workflows.Functions.Identity;
using Workflows.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// On Azure, App Service authentication validates callers and strips any client-supplied x-ms-client-principal,
// so the header is trusted there (and only there).
builder.Services.Configure<IdentityOptions>(o => o.TrustClientPrincipalHeader = true);
builder.Services.AddWorkflowsApplication(builder.Configuration, StorageMode.AzureStorage);
builder.Services.AddWorkflowsTelemetry(builder.Configuration, TelemetryHost.FunctionsWorker);
builder.Build().Run();
