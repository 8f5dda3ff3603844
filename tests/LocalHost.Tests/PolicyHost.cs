using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Identity;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// An in-memory LocalHost (background services off) with an API key for every role in each of <see cref="Agencies"/>,
/// for the attacker-style access tests: seed a case straight into the store, then try every key against it.
/// </summary>
public sealed class PolicyHost : IAsyncDisposable
{
    public const string City = "411100";
    public const string County = "411102";
    public const string OtherCity = "411200";
    public static readonly IReadOnlyList<string> Agencies = [City, County, OtherCity];

    private readonly LocalHostApp local;

    private PolicyHost(LocalHostApp local)
    {
        this.local = local;
        Http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(30));
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => local.App.Services;

    /// <summary>The USCC each agency's party keys act for (valid GB 32100 codes).</summary>
    public static string UsccOf(string agency) =>
        agency switch
        {
            City => "91411100MA44X1Y23P",
            County => "9141110252601815X9",
            _ => "91411102MA45B8C906",
        };

    public static string Key(Role role, string agency = City) => $"policy-{role}-{agency}";

    public static Principal PrincipalOf(Role role, string agency = City) =>
        new($"id-{role}-{agency}", $"{role} {agency}", role, agency, UsccOf(agency));

    public static IEnumerable<Principal> AllPrincipals() => Agencies.SelectMany(a => Enum.GetValues<Role>().Select(r => PrincipalOf(r, a)));

    public static Task<PolicyHost> StartAsync(params ApiKeyOptions[] extraKeys) => StartAsync(null, extraKeys);

    public static async Task<PolicyHost> StartAsync(Action<IServiceCollection>? configure, params ApiKeyOptions[] extraKeys)
    {
        // A free port can be taken by a parallel test project between the pick and the bind: pick again.
        for (var attempt = 1; ; attempt++)
        {
            var local = await BuildAsync(configure, extraKeys);
            try
            {
                await local.App.StartAsync();
                return new PolicyHost(local);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await local.DisposeAsync();
            }
        }
    }

    private static Task<LocalHostApp> BuildAsync(Action<IServiceCollection>? configure, ApiKeyOptions[] extraKeys) =>
        LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
                ConfigureServices = services =>
                {
                    services.PostConfigure<IdentityOptions>(o =>
                    {
                        foreach (var p in AllPrincipals())
                        {
                            o.ApiKeys.Add(
                                new ApiKeyOptions
                                {
                                    Key = Key(p.Role, p.Agency),
                                    Id = p.Id,
                                    Name = p.Name,
                                    Role = p.Role,
                                    Agency = p.Agency,
                                    Uscc = p.Uscc,
                                }
                            );
                        }

                        o.ApiKeys.AddRange(extraKeys);
                    });
                    // The matrix sends thousands of requests from one address and key; the limits have their own tests
                    // (PlatformHardeningTests), so here they are out of the way.
                    services.PostConfigure<RateLimitOptions>(o =>
                        (o.PermitsPerPrincipal, o.PermitsPerAddress) = (int.MaxValue, int.MaxValue)
                    );
                    configure?.Invoke(services);
                },
            },
            [],
            _ => { }
        );

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await local.App.StopAsync();
        await local.DisposeAsync();
    }

    /// <summary>Stores a case as an orchestration would have left it (no orchestration runs behind it).</summary>
    public async Task<CaseRecord> SeedAsync(CaseRecord template)
    {
        var id = CaseIds.New("TST", template.Agency, new DateOnly(2024, 2, 8), Guid.NewGuid().ToByteArray());
        var record = template with { Id = id, OrchestrationId = "policy-no-orchestration-" + id };
        Assert.True(await Services.GetRequiredService<CaseStore>().TryCreateAsync(record));
        return record;
    }

    public static CaseRecord Case(
        string procedure,
        string agency,
        IReadOnlyList<string>? usccs = null,
        IReadOnlyList<string>? participants = null,
        IReadOnlyList<string>? awaited = null
    ) =>
        new()
        {
            Id = "pending",
            Procedure = procedure,
            Agency = agency,
            Title = "access policy " + procedure,
            State = "open",
            CreatedUtc = new DateTimeOffset(2024, 2, 8, 1, 0, 0, TimeSpan.Zero),
            Usccs = usccs ?? [],
            ParticipantIds = participants ?? [],
            AwaitedEvents = awaited ?? [],
        };

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpMethod method,
        string path,
        string? key,
        string? json = "{}",
        string? contentType = null,
        byte[]? bytes = null
    )
    {
        using var request = new HttpRequestMessage(method, path);
        if (bytes is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(
                contentType ?? "application/octet-stream"
            );
        }
        else if (method != HttpMethod.Get && json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add(PrincipalResolver.ApiKeyHeader, key);
        }

        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string key) => SendAsync(HttpMethod.Get, path, key);

    public Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string key, string json) =>
        SendAsync(HttpMethod.Post, path, key, json);

    public Task<(HttpStatusCode Status, string Body)> UploadAsync(
        HttpMethod method,
        string path,
        string key,
        byte[] data,
        string contentType
    ) => SendAsync(method, path, key, null, contentType, data);

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
