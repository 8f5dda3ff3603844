using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Functions.Configuration;
using Workflows.Functions.Identity;
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

    private readonly List<AnswerPair> answers = [];
    private LocalHostApp? local;
    private HttpClient? http;
    private FunctionsWorld? functions;
    private IReadOnlyList<ApiKeyOptions> keys = [];

    public FunctionsWorld Functions => functions!;

    public LocalHostApp Local => local!;

    public HttpClient Http => http!;

    public IReadOnlyList<AnswerPair> Answers => answers;

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings { InMemory = true, Port = TestPorts.Free(), RunBackgroundServices = false, TaskHub = TaskHub }, [], _ => { });
        await local.App.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(local.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        keys = local.App.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ApiKeys;
        functions = await FunctionsWorld.StartAsync(new Dictionary<string, string?> { [SettingNames.TaskHub] = TaskHub });
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
        var functionsAnswer = await Functions.Invoker.InvokeHttpAsync(FunctionCatalog.Named(function), With(functionsRequest ?? request, principal));
        var pair = new AnswerPair(function, request, localAnswer, functionsAnswer);
        answers.Add(pair);
        return pair;
    }

    /// <summary>Drops an intermediate answer (a poll before both orchestrations had settled).</summary>
    public void Forget(AnswerPair pair) => answers.Remove(pair);

    /// <summary>What App Service authentication puts in <c>x-ms-client-principal</c> for the API key's person.</summary>
    public string ClientPrincipalOf(string apiKey)
    {
        var key = keys.Single(k => k.Key == apiKey);
        var claims = new List<object>
        {
            new { typ = "oid", val = key.Id },
            new { typ = "name", val = key.Name },
            new { typ = PrincipalResolver.RoleClaim, val = key.Role.ToString() },
            new { typ = PrincipalResolver.AgencyClaim, val = key.Agency },
        };
        if (key.Uscc is not null)
        {
            claims.Add(new { typ = PrincipalResolver.UsccClaim, val = key.Uscc });
        }

        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static ApiRequest With(ApiRequest request, (string Name, string Value)? header) =>
        header is null
            ? request
            : request with { Headers = new Dictionary<string, string>(request.Headers) { [header.Value.Name] = header.Value.Value } };
}
