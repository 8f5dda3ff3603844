using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Serialization.Json;
using Workflows.Client;
using Workflows.Client.Models;
using Workflows.Client.Models.Registration;
using Workflows.LocalHost;
using Workflows.Tests.Support;
using EventBody = Workflows.Client.Api.Cases.Item.Events.EventsRequestBuilder.EventsPostRequestBody;

namespace Workflows.Client.Tests;

/// <summary>
/// Issue 15: the client Kiota generates from the served OpenAPI document (at build time, see the csproj) registers a
/// partnership end to end against LocalHost, as an agency system would: intake (202 + Location), the correction
/// notice listing every missing material at once (Decree 746 Art. 19 para 2), the resubmission of all of them, the
/// registration and the business licence (Arts. 19, 21). Every answer also passes the shared ContractCheck; a document
/// that does not describe the API makes this test (or the build that generates the client) fail.
/// </summary>
public sealed class GeneratedClientRegistrationTests : IAsyncLifetime
{
    private const string NewEntityUscc = "91411100MA44X1Y23P";

    private LocalHostApp? local;

    private readonly List<HttpClient> clients = [];

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
            },
            [],
            _ => { }
        );
        await local.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }

    [Fact]
    public async Task GeneratedClient_IntakeCorrectionResubmissionDecision_RegistersTheEntityAndIssuesItsLicence()
    {
        var enterprise = Client("dev-enterprise");
        var officer = Client("dev-registration-officer");
        var application = await KiotaJsonSerializer.DeserializeAsync(
            File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "samples", "registration", "application-missing-materials.json")),
            RegistrationApplication.CreateFromDiscriminatorValue
        );

        var intake = await enterprise.Api.Registrations.PostAsync(application!);
        var caseId = intake!.CaseId!;
        var opened = await WaitAsync(officer, caseId, "intake");
        var missing = Texts(Field(opened.Data, "missingMaterials"));

        var notice = await officer
            .Api.Cases[caseId]
            .Events.PostAsync(
                new EventBody
                {
                    RequestCorrection = new RequestCorrection
                    {
                        Type = "request-correction",
                        MissingMaterials = Materials<RequestCorrection_missingMaterials>(missing),
                    },
                }
            );
        var awaitingCorrection = await WaitAsync(enterprise, caseId, notice!.EventId!);
        var resubmitted = await enterprise
            .Api.Cases[caseId]
            .Events.PostAsync(
                new EventBody
                {
                    Resubmit = new Resubmit { Type = "resubmit", Materials = Materials<Resubmit_materials>(missing) },
                }
            );
        var reviewing = await WaitAsync(officer, caseId, resubmitted!.EventId!);
        var decided = await officer
            .Api.Cases[caseId]
            .Events.PostAsync(
                new EventBody
                {
                    Register = new Register { Type = "register", Uscc = new UntypedString(NewEntityUscc) },
                }
            );
        var registered = await WaitAsync(officer, caseId, decided!.EventId!);
        var licence = Field(registered.Data, "licence");

        Assert.Equal("registration", intake.Procedure);
        Assert.Equal($"/api/cases/{caseId}", intake.Location);
        Assert.NotEmpty(missing);
        Assert.Contains("request-correction", opened.AwaitedEvents!);
        Assert.Equal("awaiting-correction", awaitingCorrection.State);
        Assert.Contains("resubmit", awaitingCorrection.AwaitedEvents!);
        Assert.Empty(Texts(Field(reviewing.Data, "missingMaterials")));
        Assert.Contains("register", reviewing.AwaitedEvents!);
        Assert.True(registered.Closed);
        Assert.Equal("registered", registered.Outcome);
        Assert.Equal(NewEntityUscc, Text(Field(licence, "uscc")));
        Assert.False(string.IsNullOrEmpty(Text(Field(licence, "licenceNumber"))));
        Assert.Contains(registered.History!, h => h.Action == "correction-requested");
        Assert.Contains(registered.History!, h => h.Action == "resubmitted");
    }

    /// <summary>The case once <paramref name="eventId"/> (or <c>intake</c>) is recorded and shows its effect.</summary>
    private static async Task<Case> WaitAsync(WorkflowsClient client, string caseId, string eventId)
    {
        var view = await client
            .Api.Cases[caseId]
            .GetAsync(c =>
            {
                c.QueryParameters.AfterEvent = eventId;
                c.QueryParameters.WaitSeconds = "30";
            });
        Assert.True(view?.AfterEvent?.Recorded == true, $"{caseId}: event {eventId} was not recorded within 30 s.");
        return view!;
    }

    private WorkflowsClient Client(string apiKey)
    {
        var http = ContractCheck.Client(local!.BaseUrl, TimeSpan.FromSeconds(60));
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        clients.Add(http);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http);
        var client = new WorkflowsClient(adapter);
        adapter.BaseUrl = local.BaseUrl.TrimEnd('/');
        return client;
    }

    /// <summary>Material codes as the generated enumeration (the document's closed vocabulary of Art. 19 materials).</summary>
    private static List<T?> Materials<T>(IEnumerable<string> codes)
        where T : struct, Enum =>
        [
            .. codes.Select(code =>
                Enum.GetValues<T>().Cast<T?>().SingleOrDefault(v => EnumValue(v!.Value) == code)
                ?? throw new InvalidOperationException($"The document has no material '{code}'.")
            ),
        ];

    private static string EnumValue<T>(T value)
        where T : struct, Enum =>
        typeof(T).GetField(value.ToString())!.GetCustomAttributes(typeof(System.Runtime.Serialization.EnumMemberAttribute), false)
            is [System.Runtime.Serialization.EnumMemberAttribute { Value: { } name }]
            ? name
            : value.ToString();

    private static UntypedNode? Field(UntypedNode? node, string name) =>
        node is UntypedObject obj && obj.GetValue().TryGetValue(name, out var value) ? value : null;

    private static List<string> Texts(UntypedNode? node) =>
        node is UntypedArray array ? [.. array.GetValue().OfType<UntypedString>().Select(s => s.GetValue()!)] : [];

    private static string? Text(UntypedNode? node) => (node as UntypedString)?.GetValue();
}
