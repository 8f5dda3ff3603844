using System.Globalization;
using Workflows.Functions.Identity;
using Workflows.LocalHost;

// dotnet run --project src/LocalHost [-- --in-memory] [--port N]
var inMemory = args.Contains("--in-memory");
var port = 7071;
var portIndex = Array.IndexOf(args, "--port");
if (portIndex >= 0 && (portIndex + 1 >= args.Length || !int.TryParse(args[portIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
{
    Console.Error.WriteLine("--port needs a number from 1 to 65535.");
    return 2;
}

var hostArgs = args.Where((a, i) => a != "--in-memory" && a != "--port" && (portIndex < 0 || i != portIndex + 1)).ToArray();
using var startup = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { if (!startup.IsCancellationRequested) { startup.Cancel(); } };

await using var local = await LocalHostApp.BuildAsync(
    new LocalHostSettings { InMemory = inMemory, Port = port },
    hostArgs,
    message => Console.WriteLine("[localhost] " + message),
    startup.Token);

await local.App.StartAsync(startup.Token);
var keys = local.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ApiKeys;
Console.WriteLine($"""

    Workflows LocalHost is ready.
      API:        {local.BaseUrl}/api/health
      Dashboard:  {local.BaseUrl}/
      Durable:    {(inMemory ? "in-memory backend" : "Azure Storage backend")} (task hub '{local.App.Configuration["WORKFLOWS_TASKHUB"]}')
      Data:       {local.StorageDescription}{(local.Azurite is { StartedHere: true } ? " in " + local.Azurite.DataFolder : string.Empty)}
      API keys (development only; send as X-Api-Key):
    {string.Join(Environment.NewLine, keys.Select(k => $"      {k.Role,-20} {k.Key,-36} agency {k.Agency}{(k.Uscc is null ? string.Empty : " uscc " + k.Uscc)}"))}
    Press Ctrl+C to stop.
    """);
await local.App.WaitForShutdownAsync();
Console.WriteLine("[localhost] stopped" + (local.Azurite is { StartedHere: true } ? "; stopping Azurite." : "."));
return 0;
