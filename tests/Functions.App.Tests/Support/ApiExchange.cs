using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>One request, sent the same way to both hosts.</summary>
public sealed record ApiRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[]? Body = null,
    string? ContentType = null)
{
    public string Path => PathAndQuery.Split('?', 2)[0];

    public string Query => PathAndQuery.Contains('?', StringComparison.Ordinal) ? "?" + PathAndQuery.Split('?', 2)[1] : string.Empty;

    public static ApiRequest Json(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, string? json) =>
        new(method, pathAndQuery, headers, json is null ? null : Encoding.UTF8.GetBytes(json), json is null ? null : "application/json");

    public HttpContext ToHttpContext(IServiceProvider requestServices)
    {
        var context = new DefaultHttpContext { RequestServices = requestServices };
        var request = context.Request;
        request.Method = Method;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        request.Path = Path;
        request.QueryString = new QueryString(Query);
        foreach (var (name, value) in Headers)
        {
            request.Headers[name] = value;
        }

        if (Body is not null)
        {
            request.Body = new MemoryStream(Body);
            request.ContentLength = Body.Length;
            request.ContentType = ContentType;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    public HttpRequestMessage ToHttpRequestMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        return message;
    }

    public override string ToString() => $"{Method} {PathAndQuery}";
}

/// <summary>What a client sees of a response: status, headers (transport headers aside) and body.</summary>
public sealed record ApiResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Headers the server, not the application, writes (Kestrel's Date and Server, chunking, lengths).</summary>
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Transfer-Encoding", "Content-Length", "Connection", "Keep-Alive",
    };

    public string Text => Encoding.UTF8.GetString(Body);

    public static ApiResponse From(HttpResponse response)
    {
        var body = ((MemoryStream)response.Body).ToArray();
        var headers = response.Headers
            .Where(h => !TransportHeaders.Contains(h.Key))
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        return new ApiResponse(response.StatusCode, headers, body);
    }

    public static async Task<ApiResponse> FromAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !TransportHeaders.Contains(h.Key))
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        return new ApiResponse((int)response.StatusCode, headers, body);
    }
}
