using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Documents;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Tests.Documents;

/// <summary>
/// What the browser is told: a document is a download that may not sniff, render or run; the dashboard runs only its
/// own script files; and unknown dashboard names cannot grow the host's memory.
/// </summary>
public sealed partial class ServedHeadersTests
{
    private static async Task<HttpResponse> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        return context.Response;
    }

    /// <summary>Blocks: an uploaded HTML report opened same-origin from the dashboard (stored XSS).</summary>
    [Theory]
    [InlineData("text/html", "application/octet-stream")]
    [InlineData("application/pdf", "application/pdf")]
    public async Task Attachment_AnyStoredType_DownloadNosniffSandboxed(string storedType, string servedType)
    {
        var response = await ExecuteAsync(DocumentDownload.Attachment("%PDF-1.7"u8.ToArray(), storedType, "实施情况报告.pdf"));

        Assert.Equal(servedType, response.ContentType);
        Assert.StartsWith("attachment;", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        var csp = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("sandbox", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratedReport_HtmlDigest_IsASandboxedAttachment()
    {
        var digest = DocumentDownload.GeneratedReport(
            "<html></html>"u8.ToArray(), "text/html; charset=utf-8", "digest-411100-2025-03-03.html");

        var response = await ExecuteAsync(digest);

        Assert.StartsWith("attachment;", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Contains("sandbox", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("app.js")]
    [InlineData("app.css")]
    public async Task Dashboard_Asset_HasCspWithoutInlineScript(string? path)
    {
        var response = await ExecuteAsync(DashboardAssets.Serve(path));

        Assert.Equal(200, response.StatusCode);
        var csp = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("blob:", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
    }

    /// <summary>The policy forbids inline script, so the page must not need any: every script is a file, no handler attribute.</summary>
    [Fact]
    public async Task Dashboard_IndexHtml_HasNoInlineScriptOrHandler()
    {
        var response = await ExecuteAsync(DashboardAssets.Serve(null));
        response.Body.Position = 0;
        var html = await new StreamReader(response.Body).ReadToEndAsync();

        Assert.All(ScriptTag().Matches(html), m =>
            Assert.True(m.Groups["src"].Success && m.Groups["body"].Value.Trim().Length == 0, m.Value));
        Assert.DoesNotMatch(HandlerAttribute(), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Blocks: the dashboard opening a downloaded file through a blob URL in a new window (same origin).</summary>
    [Fact]
    public async Task Dashboard_AppJs_DownloadsFilesAndNeverOpensThem()
    {
        var response = await ExecuteAsync(DashboardAssets.Serve("app.js"));
        response.Body.Position = 0;
        var js = await new StreamReader(response.Body).ReadToEndAsync();

        Assert.DoesNotContain("window.open", js, StringComparison.Ordinal);
        Assert.DoesNotContain("location.href = url", js, StringComparison.Ordinal);
        Assert.Contains(".download =", js, StringComparison.Ordinal);
        Assert.Contains("'application/octet-stream'", js, StringComparison.Ordinal);
    }

    /// <summary>Blocks: anonymous memory growth by requesting ever new dashboard asset names (cached misses).</summary>
    [Fact]
    public async Task Dashboard_TenThousandUnknownNames_CacheDoesNotGrow()
    {
        var before = DashboardAssets.CachedEntryCount;

        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(404, (await ExecuteAsync(DashboardAssets.Serve($"no-such-{i}-{new string('x', 200)}.js"))).StatusCode);
        }

        Assert.Equal(before, DashboardAssets.CachedEntryCount);
        var embedded = typeof(DashboardAssets).Assembly.GetManifestResourceNames()
            .Count(n => n.StartsWith("Workflows.Web.", StringComparison.Ordinal));
        Assert.Equal(embedded, before);
    }

    [GeneratedRegex(
        "<script(?:[^>]*\\ssrc=\"(?<src>[^\"]+)\")?[^>]*>(?<body>.*?)</script>",
        RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();
}
