using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflows.Functions.Contract;

namespace Workflows.Tests.Support;

/// <summary>An answer of the API that the OpenAPI document does not describe (issue 15: the document is the contract).</summary>
public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>
/// The one contract check of every HTTP test client (<see cref="ContractCheck.Client"/>): each answer of an
/// <c>/api</c> route is compared with the host's own <c>/api/openapi.json</c> before the test sees it: a 4xx/5xx is
/// problem+json matching <c>Problem</c>; a success has a status the route documents, its media type, and a JSON body
/// that validates against the schema documented for that status; no JSON answer escapes non-ASCII text as \uXXXX.
/// A mismatch throws <see cref="ContractViolationException"/>, so the calling test fails naming route and field.
/// </summary>
public sealed partial class ContractCheck : DelegatingHandler
{
    private const string Prefix = "/api/";

    private readonly SemaphoreSlim loading = new(1, 1);

    private (JsonElement Document, OpenApiSchemas Schemas)? contract;

    public ContractCheck(HttpMessageHandler inner)
        : base(inner) { }

    /// <summary>An HTTP client for the host at <paramref name="baseUrl"/> whose every answer is checked.</summary>
    public static HttpClient Client(string baseUrl, TimeSpan timeout) =>
        new(new ContractCheck(new HttpClientHandler())) { BaseAddress = new Uri(baseUrl), Timeout = timeout };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || request.Method == HttpMethod.Head)
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var (document, schemas) = await ContractAsync(request.RequestUri!, cancellationToken).ConfigureAwait(false);
        var errors = Check(document, schemas, request.Method.Method, path[Prefix.Length..], response, body);
        if (errors.Count > 0)
        {
            var shown = body.Length > 600 ? body[..600] + "…" : body;
            throw new ContractViolationException(
                $"{request.Method} {path} answered {(int)response.StatusCode} outside the OpenAPI document: "
                    + $"{string.Join("; ", errors)}. Body: {shown}"
            );
        }

        return response;
    }

    /// <summary>The differences between one answer and the document (empty: it is as documented).</summary>
    public static IReadOnlyList<string> Check(
        JsonElement document,
        OpenApiSchemas schemas,
        string method,
        string path,
        HttpResponseMessage response,
        string body
    )
    {
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var json = mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));
        var errors = new List<string>();
        if (json && EscapedText().Match(body) is { Success: true } escaped)
        {
            errors.Add($"non-ASCII text escaped as {escaped.Value} (the API writes UTF-8 as it is)");
        }

        if (status >= 400)
        {
            if (mediaType != "application/problem+json")
            {
                errors.Add($"a {status} must be application/problem+json, not '{mediaType}'");
                return errors;
            }

            errors.AddRange(schemas.Errors("Problem", JsonNode.Parse(body)));
            return errors;
        }

        var route = ApiRouteTable.Find(method, path);
        var key = route is null ? null : "/api/" + route.Template.Replace("{*", "{", StringComparison.Ordinal);
        var documented =
            key is not null
            && document.GetProperty("paths").TryGetProperty(key, out var item)
            && item.TryGetProperty(method.ToLowerInvariant(), out var operation)
            && operation.GetProperty("responses").TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var answer)
                ? answer
                : (JsonElement?)null;
        if (documented is null)
        {
            errors.Add($"status {status} is not documented for {method} {key ?? path}");
            return errors;
        }

        return [.. errors, .. CheckContent(documented.Value, schemas, mediaType, json, body)];
    }

    private static IEnumerable<string> CheckContent(JsonElement answer, OpenApiSchemas schemas, string? mediaType, bool json, string body)
    {
        if (!answer.TryGetProperty("content", out var content))
        {
            return body.Length == 0 ? [] : ["a body where the document declares none"];
        }

        if (!(mediaType is not null && content.TryGetProperty(mediaType, out var entry)) && !content.TryGetProperty("*/*", out entry))
        {
            return [$"media type '{mediaType}' is not one of {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}"];
        }

        if (!json || !entry.TryGetProperty("schema", out var schema) || !schema.TryGetProperty("$ref", out var reference))
        {
            return [];
        }

        var name = reference.GetString()!;
        return schemas.Errors(name[(name.LastIndexOf('/') + 1)..], JsonNode.Parse(body));
    }

    private async Task<(JsonElement, OpenApiSchemas)> ContractAsync(Uri any, CancellationToken cancellationToken)
    {
        await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (contract is null)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(any, "/api/openapi.json"));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new ContractViolationException($"The host's /api/openapi.json answered {(int)response.StatusCode}: {text}");
                }

                contract = Contracts.GetOrAdd(text, Load);
            }

            return contract.Value;
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>Documents already loaded, by text: every test host serves the same one, so its schemas are compiled
    /// once per test run and checking an answer costs an evaluation, not a compilation (timing-sensitive tests stay so).</summary>
    private static readonly ConcurrentDictionary<string, (JsonElement, OpenApiSchemas)> Contracts = new(StringComparer.Ordinal);

    private static (JsonElement, OpenApiSchemas) Load(string text)
    {
        var parsed = JsonNode.Parse(text)!;
        var schemas = new OpenApiSchemas(text);
        var referenced = parsed["paths"]!
            .AsObject()
            .SelectMany(p => p.Value!.AsObject())
            .SelectMany(o => o.Value?["responses"]?.AsObject() ?? [])
            .SelectMany(r => r.Value?["content"]?.AsObject() ?? [])
            .Select(c => c.Value?["schema"]?["$ref"]?.GetValue<string>())
            .OfType<string>()
            .Select(r => r[(r.LastIndexOf('/') + 1)..])
            .Append("Problem")
            .Distinct(StringComparer.Ordinal);
        foreach (var name in referenced)
        {
            _ = schemas.Errors(name, new JsonObject());
        }

        using var document = JsonDocument.Parse(text);
        return (document.RootElement.Clone(), schemas);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            loading.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A \uXXXX escape of a letter beyond ASCII (quotes, control characters and the line separators may be escaped).</summary>
    [GeneratedRegex(@"\\u(?!00[0-7][0-9a-fA-F]|202[89])[0-9a-fA-F]{4}")]
    private static partial Regex EscapedText();
}
