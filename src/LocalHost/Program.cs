using System.Runtime.InteropServices;
using Workflows.Functions.Identity;
using Workflows.LocalHost;

// dotnet run --project src/LocalHost [-- --in-memory] [--port N] [--azurite-ports N]
// `dotnet run` restores and builds before this line runs (nothing of ours can print during that); from here on every
// step says what it does, so a first start with redirected output is never silent for long.
static void Say(string message) => Console.WriteLine("[localhost] " + message);

if (OpenApiExport.FileOf(args) is { } openApiFile)
{
    return await OpenApiExport.WriteAsync(openApiFile, Say);
}

Say($"Workflows LocalHost starting (pid {Environment.ProcessId}; restore and build were done by dotnet run).");
var options = LocalHostCommandLine.Parse(args);
if (options.Error is not null)
{
    Console.Error.WriteLine(options.Error);
    return 2;
}

using var startup = new CancellationTokenSource();
IHostApplicationLifetime? lifetime = null;
void Stop(PosixSignalContext context)
{
    // The process stays alive until everything it started has stopped: this handler lives until Main returns, so a
    // second signal (a terminal's Ctrl+C plus the SIGINT dotnet run forwards, see the csproj) cannot end it half-way.
    context.Cancel = true;
    startup.Cancel();
    lifetime?.StopApplication();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

LocalHostApp local;
try
{
    local = await LocalHostApp.BuildAsync(
        new LocalHostSettings
        {
            InMemory = options.InMemory,
            Port = options.Port,
            AzuritePortBase = options.AzuritePortBase,
        },
        options.HostArgs,
        Say,
        startup.Token
    );
}
catch (OperationCanceledException) when (startup.IsCancellationRequested)
{
    Say("start canceled by a signal; nothing left running.");
    return 130;
}

await using (local)
{
    Say(
        options.InMemory
            ? "Starting the durable engine (in-memory backend)..."
            : $"Starting the durable engine (Azure Storage backend, task hub '{local.App.Configuration["WORKFLOWS_TASKHUB"]}')..."
    );
    try
    {
        await local.App.StartAsync(startup.Token);
    }
    catch (OperationCanceledException) when (startup.IsCancellationRequested)
    {
        Say("start canceled by a signal; stopping" + (local.Azurite is { StartedHere: true } ? " Azurite." : "."));
        return 130;
    }

    lifetime = local.App.Lifetime;
    if (startup.IsCancellationRequested)
    {
        lifetime.StopApplication();
    }

    var keys = local.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ApiKeys;
    Console.WriteLine(
        $"""

        Workflows LocalHost is ready.
          API:        {local.BaseUrl}/api/health
          Dashboard:  {local.BaseUrl}/
          Durable:    {(options.InMemory ? "in-memory backend" : "Azure Storage backend")} (task hub '{local.App.Configuration[
            "WORKFLOWS_TASKHUB"
        ]}')
          Data:       {local.StorageDescription}{(
            local.Azurite is { StartedHere: true } ? " in " + local.Azurite.DataFolder : string.Empty
        )}
          API keys (development only; send as X-Api-Key):
        {string.Join(
            Environment.NewLine,
            keys.Select(k => $"      {k.Role, -20} {k.Key, -36} agency {k.Agency}{(k.Uscc is null ? string.Empty : " uscc " + k.Uscc)}")
        )}
        Press Ctrl+C to stop (or send SIGINT or SIGTERM to this process or to dotnet run).
        """
    );
    await local.App.WaitForShutdownAsync();
    Say("stopped" + (local.Azurite is { StartedHere: true } ? $"; stopping Azurite (pid {local.Azurite.ProcessId})." : "."));
}

return 0;
