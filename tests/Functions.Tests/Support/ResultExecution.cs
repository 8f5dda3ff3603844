using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.Tests.Support;

/// <summary>An <see cref="IResult"/> as the client would see it: status, content type and JSON body.</summary>
public sealed record ExecutedResult(int Status, string? ContentType, JsonElement Body)
{
    public string? Text(string property) => Body.TryGetProperty(property, out var v) ? v.GetString() : null;
}

public static class ResultExecution
{
    /// <summary>Writes the result into a <see cref="DefaultHttpContext"/> (with the services ASP.NET Core result
    /// writers need) and reads the response back.</summary>
    public static async Task<ExecutedResult> ExecuteAsync(IResult result)
    {
        var services = new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        body.Position = 0;
        using var doc = await JsonDocument.ParseAsync(body);
        return new ExecutedResult(context.Response.StatusCode, context.Response.ContentType, doc.RootElement.Clone());
    }

    public static HttpRequest Request(
        IReadOnlyDictionary<string, string>? headers = null,
        byte[]? body = null,
        bool sendContentLength = true
    )
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            if (sendContentLength)
            {
                context.Request.ContentLength = body.Length;
            }
        }

        return context.Request;
    }
}
