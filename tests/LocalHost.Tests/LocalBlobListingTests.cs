using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Storage;

namespace Workflows.LocalHost.Tests;

/// <summary><c>GET /local/blobs/{container}</c>: an administrator sees what landed where, quarantine included.</summary>
public sealed class LocalBlobListingTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    [Fact]
    public async Task ListBlobs_AdministratorAfterDrop_ListsTheDroppedName()
    {
        var name = $"listing-{Guid.NewGuid():N}.json";
        using (var put = await SendAsync(HttpMethod.Put, $"/local/blobs/calendars/{name}", "dev-admin", "{}"))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var response = await SendAsync(HttpMethod.Get, "/local/blobs/calendars", "dev-admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("calendars", doc.RootElement.GetProperty("container").GetString());
        var item = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == name);
        Assert.Equal(2, item.GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task ListBlobs_Quarantine_IsListedWithPrefixFilter()
    {
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        var refused = $"calendars/refused-{Guid.NewGuid():N}.json";
        await blobs.PutAsync(StorageNames.Quarantine, refused, "{}"u8.ToArray(), "application/json");
        await blobs.PutAsync(StorageNames.Quarantine, $"coal-inbox/other-{Guid.NewGuid():N}.json", "{}"u8.ToArray(), "application/json");

        using var response = await SendAsync(HttpMethod.Get, "/local/blobs/quarantine?prefix=calendars/", "dev-admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var names = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Contains(refused, names);
        Assert.All(names, n => Assert.StartsWith("calendars/", n, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("dev-registration-officer", HttpStatusCode.Forbidden)]
    [InlineData("dev-enterprise", HttpStatusCode.Forbidden)]
    public async Task ListBlobs_NotAnAdministrator_IsRefused(string? key, HttpStatusCode status)
    {
        using var response = await SendAsync(HttpMethod.Get, "/local/blobs/quarantine", key);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ListBlobs_UnknownContainer_Returns404Problem()
    {
        using var response = await SendAsync(HttpMethod.Get, "/local/blobs/no-such-container", "dev-admin");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? key, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await host.Http.SendAsync(request);
    }
}
