using Workflows.Functions.Contract;

namespace Workflows.LocalHost;

/// <summary>
/// <c>--openapi-out FILE</c>: writes the OpenAPI document the host serves at <c>/api/openapi.json</c> to a file and
/// exits, starting nothing (in-memory stores, no Azurite, no port bound). The build of the generated client
/// (tests/Client.Tests) reads the document this way, so the client is generated from exactly what the hosts serve.
/// </summary>
public static class OpenApiExport
{
    public const string Option = "--openapi-out";

    /// <summary>The file named after <see cref="Option"/>, or null when the option is absent.</summary>
    public static string? FileOf(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var index = Array.IndexOf(args, Option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static async Task<int> WriteAsync(string file, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(say);
        await using var local = await LocalHostApp
            .BuildAsync(new LocalHostSettings { InMemory = true, RunBackgroundServices = false }, [], _ => { })
            .ConfigureAwait(false);
        var text = local.App.Services.GetRequiredService<OpenApiDocument>().Text;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, text).ConfigureAwait(false);
        say($"OpenAPI document written to {file} ({text.Length:N0} characters); nothing was started.");
        return 0;
    }
}
