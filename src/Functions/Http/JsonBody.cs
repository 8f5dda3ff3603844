using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.Http;

/// <summary>Reads a JSON request body with a size limit and clear errors (never a 500 for bad input).</summary>
public static class JsonBody
{
    /// <summary>Default body limit; endpoints that take documents set their own.</summary>
    public const int DefaultMaxBytes = 1 << 20;

    public sealed record Parsed(JsonElement? Value, IResult? Problem);

    public static async Task<Parsed> ReadObjectAsync(
        HttpRequest request,
        CancellationToken cancellationToken,
        int maxBytes = DefaultMaxBytes
    )
    {
        if (!IsJsonMediaType(request.ContentType))
        {
            return new Parsed(null, ApiProblems.UnsupportedMediaType(request.ContentType!));
        }

        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return ParseObject(bytes, maxBytes);
    }

    /// <summary>A JSON object from bytes already read (a request body, or the event part of a multipart form), with
    /// the same limits and the same problems as a body.</summary>
    public static Parsed ParseObject(byte[]? bytes, int maxBytes)
    {
        if (bytes is null || bytes.Length > maxBytes)
        {
            return new Parsed(null, ApiProblems.Validation("body", "body.too-large", $"The request body is larger than {maxBytes} bytes."));
        }

        if (bytes.Length == 0)
        {
            return new Parsed(null, ApiProblems.Validation("body", "body.required", "A JSON object body is required."));
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new Parsed(null, ApiProblems.Validation("body", "body.object", "The body must be a JSON object."));
            }

            if (JsonInputGuard.Check(doc.RootElement) is { } refused)
            {
                return new Parsed(null, ApiProblems.Validation([refused]));
            }

            return new Parsed(doc.RootElement.Clone(), null);
        }
        catch (DecoderFallbackException)
        {
            return new Parsed(null, ApiProblems.Validation("body", "body.utf8", "The body is not valid UTF-8."));
        }
        catch (JsonException e)
        {
            return new Parsed(null, ApiProblems.Validation("body", "body.json", $"The body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>A JSON body is sent as <c>application/json</c> or a <c>+json</c> type; a request without a
    /// Content-Type is read as JSON (curl and simple clients), anything else (text, forms, XML) is refused with 415.</summary>
    public static bool IsJsonMediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var media = parsed.MediaType.Value ?? string.Empty;
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (
                media.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            );
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the body is larger.</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // Sized from the declared length (a 4 KB first chunk otherwise): an 80 KB chunk per request was a registration's
        // largest single allocation (issue 22 profile).
        var declared = request.ContentLength is > 0 and var length ? (int)length : 0;
        using var buffer = new MemoryStream(declared);
        var chunk = ArrayPool<byte>.Shared.Rent(Math.Clamp(declared, 4096, 81920));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
