using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.Documents;

/// <summary>Response headers that keep served bytes from running as script in the dashboard's origin.</summary>
public static class SecurityHeaders
{
    /// <summary>The dashboard: its own script and style files only, no inline script, no framing, API calls same-origin.</summary>
    public const string DashboardPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>A stored document or digest: nothing in it may load, run or frame, even if a browser renders it.</summary>
    public const string DocumentPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";

    public static readonly IReadOnlyDictionary<string, string> Dashboard = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = DashboardPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["X-Frame-Options"] = "DENY",
    };

    public static readonly IReadOnlyDictionary<string, string> Document = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = DocumentPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "private, no-store",
    };
}

/// <summary>Writes <paramref name="inner"/> with <paramref name="headers"/> set first (both hosts execute IResult).</summary>
public sealed class SecuredResult(IResult inner, IReadOnlyDictionary<string, string> headers) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return inner.ExecuteAsync(httpContext);
    }
}

/// <summary>
/// A stored document or digest as a download: <c>Content-Disposition: attachment</c>, <c>nosniff</c> and a sandboxing
/// CSP, and a declared document type only (anything else, e.g. a file stored before type checking, goes out as
/// <c>application/octet-stream</c>), so no upload renders as HTML or SVG in the dashboard's origin.
/// </summary>
public static class DocumentDownload
{
    public static IResult Attachment(byte[] data, string storedContentType, string fileName) =>
        new SecuredResult(Results.File(data, DocumentTypes.ServedContentType(storedContentType), fileName), SecurityHeaders.Document);

    /// <summary>A report the system wrote itself (a daily digest in CSV or HTML): its own type, still as a sandboxed
    /// attachment, since it quotes case titles that parties typed.</summary>
    public static IResult GeneratedReport(byte[] data, string contentType, string fileName) =>
        new SecuredResult(Results.File(data, contentType, fileName), SecurityHeaders.Document);
}
