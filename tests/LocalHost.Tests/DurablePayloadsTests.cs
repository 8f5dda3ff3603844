using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 22: the local engine writes durable payloads with Chinese as it is, and reads what the SDK default
/// wrote before as the same value.</summary>
public sealed class DurablePayloadsTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    private static readonly Payload Sample = new(
        "登记决定期限为 2024-03-07：自 2024-03-04 受理之日起 3 个工作日。 / Decision due 2024-03-07 <b>&</b>",
        ["漯河市源汇区", "工作日期间不含法定节假日"],
        3
    );

    [Fact]
    public void Serialize_ChineseText_WrittenAsItIsAndReadBack()
    {
        var stored = DurablePayloads.Converter.Serialize(Sample)!;

        Assert.Contains("登记决定期限", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u767B", stored, StringComparison.Ordinal);
        Assert.True(stored.Length < JsonDataConverter.Default.Serialize(Sample)!.Length / 2);
        Assert.Equal(Sample, DurablePayloads.Converter.Deserialize<Payload>(stored));
    }

    [Fact]
    public void Serialize_HtmlSensitiveCharacters_StillEscaped()
    {
        var stored = DurablePayloads.Converter.Serialize(Sample)!;

        Assert.DoesNotContain("<b>", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("&", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_PayloadWrittenByTheSdkDefault_SameValue()
    {
        var escaped = JsonDataConverter.Default.Serialize(Sample)!;
        Assert.Contains("\\u767B", escaped, StringComparison.Ordinal);

        Assert.Equal(Sample, DurablePayloads.Converter.Deserialize<Payload>(escaped));
    }

    /// <summary>Wired into the host: the client wrote the registration's input (the application) with its Chinese as it
    /// is, and the worker read it back (the case reached the officer).</summary>
    [Fact]
    public async Task RegistrationIntake_InMemoryEngine_InputStoredUnescapedAndCaseOpened()
    {
        var caseId = await SampleRegistration.PostAsync(host.Http, "dev-enterprise");
        using var opened = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}?afterEvent=intake&waitSeconds=30");
        opened.Headers.Add("X-Api-Key", "dev-registration-officer");
        using var response = await host.Http.SendAsync(opened);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(view.GetProperty("awaitedEvents").EnumerateArray(), e => e.GetString() == "request-correction");

        var instance = await host.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(caseId, getInputsAndOutputs: true);

        Assert.NotNull(instance?.SerializedInput);
        Assert.Contains("漯河市", instance.SerializedInput, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u6F2F", instance.SerializedInput, StringComparison.Ordinal);
        Assert.Equal(caseId, JsonDocument.Parse(instance.SerializedInput).RootElement.GetProperty("CaseId").GetString());
    }

    private sealed record Payload(string Title, IReadOnlyList<string> Lines, int Count)
    {
        public bool Equals(Payload? other) =>
            other is not null && Title == other.Title && Count == other.Count && Lines.SequenceEqual(other.Lines);

        public override int GetHashCode() => HashCode.Combine(Title, Count, Lines.Count);
    }
}
