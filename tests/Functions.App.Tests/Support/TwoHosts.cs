using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflows.Functions.Configuration;
using Workflows.Functions.Identity;
using Workflows.Functions.Storage;
using Workflows.LocalHost;
using Workflows.Tests.Support;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>An answer of both hosts to the same request.</summary>
public sealed record AnswerPair(string Function, ApiRequest Request, ApiResponse Local, ApiResponse Functions)
{
    public JsonNode? LocalJson => Parse(Local);

    public JsonNode? FunctionsJson => Parse(Functions);

    private static JsonNode? Parse(ApiResponse response) =>
        response.Headers.TryGetValue("content-type", out var type) && type.Contains("json", StringComparison.Ordinal)
            ? JsonNode.Parse(response.Body)
            : null;
}

/// <summary>
/// LocalHost (in memory, its own engine) and the Functions app (its own stores and engine), each with its own data,
/// sent the same requests. A caller is named by its LocalHost API key; the Functions app gets the same principal the
/// way App Service authentication hands it over (<c>x-ms-client-principal</c>).
/// </summary>
public sealed class TwoHosts : IAsyncLifetime
{
    /// <summary>The task hub the Bicep template names by default (<c>taskHubName</c>); both hosts use it.</summary>
    public const string TaskHub = "workflows";

    private static readonly Dictionary<string, string> NoHeaders = [];
    private readonly List<AnswerPair> answers = [];
    private LocalHostApp? local;
    private HttpClient? http;
    private FunctionsWorld? functions;
    private IReadOnlyList<ApiKeyOptions> keys = [];

    public FunctionsWorld Functions => functions!;

    public LocalHostApp Local => local!;

    public HttpClient Http => http!;

    public IReadOnlyList<AnswerPair> Answers => answers;

    public Task InitializeAsync() => InitializeAsync(new Dictionary<string, string?>());

    /// <summary>Both hosts with the same extra settings (LocalHost: command line; Functions: app settings) and, when
    /// given, the same <paramref name="clock"/>.</summary>
    public async Task InitializeAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
                TaskHub = TaskHub,
                ConfigureServices = clock is null ? null : services => services.Replace(ServiceDescriptor.Singleton(clock)),
            },
            [.. settings.Select(s => $"--{s.Key}={s.Value}")],
            _ => { });
        await local.App.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(local.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        keys = local.App.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ApiKeys;
        functions = await FunctionsWorld.StartAsync(new Dictionary<string, string?>(settings) { [SettingNames.TaskHub] = TaskHub }, clock);
    }

    public async Task DisposeAsync()
    {
        http?.Dispose();
        if (functions is not null)
        {
            await functions.DisposeAsync();
        }

        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }

    /// <summary>Sends <paramref name="request"/> (authenticated as <paramref name="apiKey"/>, or anonymous) to LocalHost
    /// over HTTP and to the Functions trigger <paramref name="function"/> with a real HttpRequest.</summary>
    public async Task<AnswerPair> SendAsync(string function, string? apiKey, ApiRequest request,
        ApiRequest? functionsRequest = null)
    {
        using var message = With(request, apiKey is null ? null : ("X-Api-Key", apiKey)).ToHttpRequestMessage();
        using var response = await Http.SendAsync(message);
        var localAnswer = await ApiResponse.FromAsync(response);
        var principal = apiKey is null ? null : ((string, string)?)(PrincipalResolver.ClientPrincipalHeader, ClientPrincipalOf(apiKey));
        var functionsAnswer = await Functions.Invoker.InvokeHttpAsync(FunctionCatalog.Named(function),
            With(functionsRequest ?? request, principal));
        var pair = new AnswerPair(function, request, localAnswer, functionsAnswer);
        answers.Add(pair);
        return pair;
    }

    /// <summary>
    /// Stores the same blob in both hosts' storage, then lets each host react as it does: the Functions app through
    /// its blob trigger <paramref name="function"/> (as the host fires it for an EventGrid blob-created event), LocalHost
    /// through one pass of its blob watcher.
    /// </summary>
    public async Task DropAsync(string function, string localName, string functionsName, byte[] data, string contentType)
    {
        var entry = FunctionCatalog.Named(function);
        var container = entry.Blob!.BlobPath[..entry.Blob.BlobPath.IndexOf('/', StringComparison.Ordinal)];
        await Local.App.Services.GetRequiredService<IBlobStore>().PutAsync(container, localName, data, contentType);
        var watcher = ActivatorUtilities.CreateInstance<BlobWatcher>(Local.App.Services);
        Assert.True(await watcher.PollOnceAsync(CancellationToken.None) > 0,
            $"LocalHost's watcher did not handle {container}/{localName}.");
        await Functions.Services.GetRequiredService<IBlobStore>().PutAsync(container, functionsName, data, contentType);
        await Functions.Invoker.InvokeBlobAsync(entry, functionsName);
    }

    /// <summary>Blob names in a container of each host's storage.</summary>
    public async Task<(IReadOnlyList<string> Local, IReadOnlyList<string> Functions)> BlobNamesAsync(string container)
    {
        var local = await Local.App.Services.GetRequiredService<IBlobStore>().ListAsync(container);
        var functions = await Functions.Services.GetRequiredService<IBlobStore>().ListAsync(container);
        return (Names(local), Names(functions));

        static List<string> Names(IReadOnlyList<BlobItemInfo> items) => items.Select(b => b.Name).Order(StringComparer.Ordinal).ToList();
    }

    public Task<AnswerPair> GetAsync(string function, string? key, string path) =>
        SendAsync(function, key, new ApiRequest("GET", path, NoHeaders));

    public Task<AnswerPair> PostAsync(string function, string? key, string path, string? json, string? idempotencyKey = null) =>
        SendAsync(function, key, ApiRequest.Json("POST", path,
            idempotencyKey is null ? NoHeaders : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey }, json));

            /// <summary>A request naming what each host created (ids that are random per host).</summary>
    public Task<AnswerPair> SendOwnAsync(string function, string? key, AnswerPair created, string property, string method,
        string pathFormat)
    {
        var local = string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, Own(created, created.LocalJson, property));
        var functions = string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat,
            Own(created, created.FunctionsJson, property));
        return SendAsync(function, key, new ApiRequest(method, local, NoHeaders), new ApiRequest(method, functions, NoHeaders));
    }

    /// <summary>Polls each host until its own orchestration has reached <paramref name="settled"/> and both agree, then
    /// records the two answers: orchestrations run asynchronously on both engines.</summary>
    public async Task SettledAsync(string function, string? key, AnswerPair created, string property, string pathFormat,
        Func<JsonNode?, bool> settled)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        while (true)
        {
            var answer = await SendOwnAsync(function, key, created, property, "GET", pathFormat);
            if (Agreed(answer, settled) || Diverged(answer, settled) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return;
            }

            Forget(answer);
            await Task.Delay(200);
        }
    }

    public static string Own(AnswerPair created, JsonNode? json, string property) =>
        json?[property]?.ToString() ?? throw new InvalidOperationException(
            $"{created.Function} ({created.Request}) answered without '{property}': " +
            $"LocalHost {created.Local.Status} {created.Local.Text}; " +
            $"Functions {created.Functions.Status} {created.Functions.Text}");

    /// <summary>Polls the same path on both hosts until <paramref name="settled"/> holds on each and they agree (or a
    /// minute passed), and records that last pair.</summary>
    public async Task<AnswerPair> SettledGetAsync(string function, string? key, string path, Func<JsonNode?, bool> settled)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        while (true)
        {
            var answer = await GetAsync(function, key, path);
            if (Agreed(answer, settled) || Diverged(answer, settled) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return answer;
            }

            Forget(answer);
            await Task.Delay(200);
        }
    }

    /// <summary>Both hosts' orchestrations have reached <paramref name="settled"/> and answer alike. Orchestrations move
    /// on by themselves (a tracker past its deadline turns overdue a moment later), so a pair caught between two such
    /// steps is polled again; a pair that still differs after the minute is kept and reported.</summary>
    private static bool Agreed(AnswerPair answer, Func<JsonNode?, bool> settled) =>
        settled(answer.LocalJson) && settled(answer.FunctionsJson) && !AnswerComparison.Differences(answer).Any();

    /// <summary>LocalHost has settled and the Functions app answers with another status: polling longer cannot make
    /// them agree (a trigger that binds the wrong argument answers 404 for ever), so the pair is kept as the difference.</summary>
    private static bool Diverged(AnswerPair answer, Func<JsonNode?, bool> settled) =>
        settled(answer.LocalJson) && answer.Local.Status != answer.Functions.Status;

    /// <summary>Every difference between the hosts' answers so far (empty when they agree).</summary>
    public string DifferencesText() => string.Join(Environment.NewLine, answers.SelectMany(AnswerComparison.Differences));

    /// <summary>Drops an intermediate answer (a poll before both orchestrations had settled).</summary>
    public void Forget(AnswerPair pair) => answers.Remove(pair);

    /// <summary>What App Service authentication puts in <c>x-ms-client-principal</c> for the API key's person.</summary>
    public string ClientPrincipalOf(string apiKey) => ClientPrincipal.Of(keys.Single(k => k.Key == apiKey));

    private static ApiRequest With(ApiRequest request, (string Name, string Value)? header) =>
        header is null
            ? request
            : request with { Headers = new Dictionary<string, string>(request.Headers) { [header.Value.Name] = header.Value.Value } };
}
