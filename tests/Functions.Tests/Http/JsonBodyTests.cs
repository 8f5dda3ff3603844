using System.Text;
using Workflows.Functions.Http;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Http;

public sealed class JsonBodyTests
{
    public static TheoryData<byte[], string> InvalidBodies =>
        new()
        {
            { Encoding.UTF8.GetBytes("{\"delaySeconds\": "), "body.json" },
            { Encoding.UTF8.GetBytes("not json"), "body.json" },
            { Encoding.UTF8.GetBytes("[1, 2]"), "body.object" },
            { Encoding.UTF8.GetBytes("\"text\""), "body.object" },
            { Encoding.UTF8.GetBytes("42"), "body.object" },
            { Encoding.UTF8.GetBytes("null"), "body.object" },
            { [], "body.required" },
            { [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "body.utf8" },
            { [(byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "body.utf8" },
            { Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)), "body.json" },
        };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task ReadObjectAsync_InvalidBody_Returns400ProblemNamingBodyAndRule(byte[] body, string rule)
    {
        var parsed = await JsonBody.ReadObjectAsync(ResultExecution.Request(body: body), CancellationToken.None);

        Assert.Null(parsed.Value);
        await AssertBodyProblem(parsed, rule);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadObjectAsync_TooLarge_Returns400ProblemWithWithOrWithoutContentLength(bool sendContentLength)
    {
        const int max = 64;
        var body = Encoding.UTF8.GetBytes("{\"note\":\"" + new string('x', max) + "\"}");

        var parsed = await JsonBody.ReadObjectAsync(
            ResultExecution.Request(body: body, sendContentLength: sendContentLength),
            CancellationToken.None,
            max
        );

        await AssertBodyProblem(parsed, "body.too-large");
    }

    [Fact]
    public async Task ReadObjectAsync_ExactlyAtLimit_ReturnsObject()
    {
        var body = Encoding.UTF8.GetBytes("{\"note\":\"多字节\"}");

        var parsed = await JsonBody.ReadObjectAsync(
            ResultExecution.Request(body: body, sendContentLength: false),
            CancellationToken.None,
            body.Length
        );

        Assert.Null(parsed.Problem);
        Assert.Equal("多字节", parsed.Value!.Value.GetProperty("note").GetString());
    }

    private static async Task AssertBodyProblem(JsonBody.Parsed parsed, string rule)
    {
        Assert.NotNull(parsed.Problem);
        var response = await ResultExecution.ExecuteAsync(parsed.Problem);
        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("body", response.Text("field"));
        Assert.Equal(rule, response.Text("rule"));
        Assert.Equal(ApiProblems.TypeBase + rule, response.Text("type"));
        var error = Assert.Single(response.Body.GetProperty("errors").EnumerateArray());
        Assert.Equal("body", error.GetProperty("field").GetString());
        Assert.Equal(rule, error.GetProperty("rule").GetString());
    }
}
