using System.Text;
using Workflows.Functions.Http;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Http;

/// <summary>Issue 12: every JSON input is bounded before a handler reads it, and a JSON route refuses other media types.</summary>
public sealed class JsonInputGuardTests
{
    public static TheoryData<string, string, string> RefusedBodies =>
        new()
        {
            { "{\"newCoalConsumptionTonnes\": 1e400}", "newCoalConsumptionTonnes", JsonInputGuard.NumberRule },
            { "{\"tonnes\": 7.9e28}", "tonnes", JsonInputGuard.NumberRule },
            { "{\"targetYear\": -1000000000000000.5}", "targetYear", JsonInputGuard.NumberRule },
            { "{\"sources\": [{\"reductionTonnes\": 1e16}]}", "sources[0].reductionTonnes", JsonInputGuard.NumberRule },
            { "{\"parties\": [null, null]}", "parties[0]", JsonInputGuard.NullElementRule },
            { "{\"a\": {\"reasons\": [\"ok\", null]}}", "a.reasons[1]", JsonInputGuard.NullElementRule },
            { "{\"reason\": \"" + new string('长', JsonInputGuard.MaxTextChars + 1) + "\"}", "reason", JsonInputGuard.TextRule },
        };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task ReadObjectAsync_UnboundedValue_Returns400NamingTheField(string json, string field, string rule)
    {
        var parsed = await JsonBody.ReadObjectAsync(ResultExecution.Request(body: Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        Assert.NotNull(parsed.Problem);
        var response = await ResultExecution.ExecuteAsync(parsed.Problem);
        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(field, response.Text("field"));
        Assert.Equal(rule, response.Text("rule"));
    }

    [Fact]
    public async Task ReadObjectAsync_LargestAllowedValues_Accepted()
    {
        var json =
            $"{{\"n\": 1000000000000000, \"m\": -1e15, \"text\": \"{new string('a', JsonInputGuard.MaxTextChars)}\", \"list\": [1, {{}}, []]}}";

        var parsed = await JsonBody.ReadObjectAsync(ResultExecution.Request(body: Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        Assert.Null(parsed.Problem);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    [InlineData("text/json-ish")]
    [InlineData("not a media type")]
    public async Task ReadObjectAsync_NotJsonMediaType_Returns415Problem(string contentType)
    {
        var request = ResultExecution.Request(
            new Dictionary<string, string> { ["Content-Type"] = contentType },
            Encoding.UTF8.GetBytes("{}")
        );

        var parsed = await JsonBody.ReadObjectAsync(request, CancellationToken.None);

        Assert.NotNull(parsed.Problem);
        var response = await ResultExecution.ExecuteAsync(parsed.Problem);
        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("Content-Type", response.Text("field"));
        Assert.Equal(ApiProblems.MediaTypeRule, response.Text("rule"));
        Assert.StartsWith("不支持的媒体类型", response.Text("title"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/merge-patch+json")]
    public async Task ReadObjectAsync_JsonMediaType_Accepted(string contentType)
    {
        var request = ResultExecution.Request(
            new Dictionary<string, string> { ["Content-Type"] = contentType },
            Encoding.UTF8.GetBytes("{\"a\":1}")
        );

        var parsed = await JsonBody.ReadObjectAsync(request, CancellationToken.None);

        Assert.Null(parsed.Problem);
        Assert.Equal(1, parsed.Value!.Value.GetProperty("a").GetInt32());
    }
}
