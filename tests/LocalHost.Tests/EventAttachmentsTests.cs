using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// Issue 16 item 2: an event that takes documents (the resubmission after a one-time correction notice, Decree 746
/// Art. 19 para 2) comes as multipart/form-data, the event JSON in the part "event" and the files in parts "files";
/// each file is checked as every upload is (declared types by name, stated type and content) before anything is
/// written, and the case lists the documents in the same write that takes the event.
/// </summary>
public sealed class EventAttachmentsTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    private const string Officer = "dev-registration-officer";
    private const string Enterprise = "dev-enterprise";
    private const string Resubmit =
        """{"type":"resubmit","materials":["identity-documents","residence-proof","partnership-agreement","executive-partner-appointment"]}""";

    private static readonly byte[] Pdf = Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF");

    [Fact]
    public async Task PostEvent_ResubmitWithPdf_CaseListsTheDocumentAndOfficerDownloadsTheSameBytes()
    {
        var caseId = await AwaitingResubmissionAsync();

        using var accepted = await SendFormAsync(caseId, Enterprise, Resubmit, ("营业场所使用证明.pdf", "application/pdf", Pdf));
        var statusUrl = (await ReadJsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("statusUrl").GetString()!;
        using var recorded = await SendAsync(HttpMethod.Get, statusUrl, Officer);
        var view = await ReadJsonAsync(recorded, HttpStatusCode.OK);

        Assert.Equal("under-review", view.GetProperty("state").GetString());
        var document = Assert.Single(
            view.GetProperty("documents").EnumerateArray(),
            d => d.GetProperty("name").GetString() == "营业场所使用证明.pdf"
        );
        using var download = await SendAsync(HttpMethod.Get, document.GetProperty("url").GetString()!, Officer);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task PostEvent_HtmlNamedPdf_Refused415AndCaseStillAwaitsTheResubmission()
    {
        var caseId = await AwaitingResubmissionAsync();

        using var refused = await SendFormAsync(
            caseId,
            Enterprise,
            Resubmit,
            ("证明.pdf", "application/pdf", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"))
        );

        var problem = await ReadJsonAsync(refused, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("files[0]", problem.GetProperty("field").GetString());
        Assert.StartsWith("document.", problem.GetProperty("rule").GetString(), StringComparison.Ordinal);
        var view = await ReadJsonAsync(await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", Enterprise), HttpStatusCode.OK);
        Assert.Contains(view.GetProperty("awaitedEvents").EnumerateArray(), e => e.GetString() == "resubmit");
        Assert.DoesNotContain(view.GetProperty("documents").EnumerateArray(), d => d.GetProperty("name").GetString() == "证明.pdf");
    }

    [Fact]
    public async Task PostEvent_DocumentsWithAnEventThatTakesNone_Refused400NamingFiles()
    {
        var caseId = await OpenRegistrationAsync();

        using var refused = await SendFormAsync(
            caseId,
            Officer,
            SampleRegistration.CorrectionEvent(),
            ("通知.pdf", "application/pdf", Pdf)
        );

        var problem = await ReadJsonAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal(
            ("files", "event.documents-not-taken"),
            (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString())
        );
    }

    [Fact]
    public async Task PostEvent_FormWithoutEventPart_Refused400NamingThePart()
    {
        var caseId = await AwaitingResubmissionAsync();

        using var refused = await SendFormAsync(caseId, Enterprise, null, ("营业场所使用证明.pdf", "application/pdf", Pdf));

        var problem = await ReadJsonAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal(("event", "event.part-missing"), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task GetActions_Resubmission_DeclaresThatItTakesDocuments()
    {
        var caseId = await AwaitingResubmissionAsync();

        var actions = await ReadJsonAsync(await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/actions", Enterprise), HttpStatusCode.OK);

        var resubmit = Assert.Single(actions.GetProperty("items").EnumerateArray(), a => a.GetProperty("type").GetString() == "resubmit");
        Assert.True(resubmit.GetProperty("takesDocuments").GetBoolean());
    }

    private async Task<string> OpenRegistrationAsync()
    {
        var caseId = await SampleRegistration.PostAsync(host.Http, Enterprise);
        using var opened = await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}?afterEvent=intake&waitSeconds=30", Officer);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        return caseId;
    }

    private async Task<string> AwaitingResubmissionAsync()
    {
        var caseId = await OpenRegistrationAsync();
        using var accepted = await SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/events", Officer, SampleRegistration.CorrectionEvent());
        var statusUrl = (await ReadJsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("statusUrl").GetString()!;
        var view = await ReadJsonAsync(await SendAsync(HttpMethod.Get, statusUrl, Enterprise), HttpStatusCode.OK);
        Assert.Equal("awaiting-correction", view.GetProperty("state").GetString());
        return caseId;
    }

    private async Task<HttpResponseMessage> SendFormAsync(
        string caseId,
        string key,
        string? eventJson,
        params (string Name, string Type, byte[] Data)[] files
    )
    {
        using var form = new MultipartFormDataContent();
        if (eventJson is not null)
        {
            form.Add(new StringContent(eventJson, Encoding.UTF8, "application/json"), "event");
        }

        foreach (var (name, type, data) in files)
        {
            var part = new ByteArrayContent(data);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "files", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/events") { Content = form };
        request.Headers.Add("X-Api-Key", key);
        return await host.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await host.Http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
