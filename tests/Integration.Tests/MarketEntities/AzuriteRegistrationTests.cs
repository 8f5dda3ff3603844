using System.Net;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.MarketEntities;

/// <summary>One registration path over Azurite (Azure Storage durable backend, Table and Blob storage).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteRegistrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AzuriteMarketHost host = new(azurite.ConnectionString);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Registration_OverAzurite_OverdueThenExtendedThenRegisteredLate()
    {
        var id = await OpenAsync(
            host.Http,
            Enterprise,
            "/api/registrations",
            With(Sample("registration/application-complete.json"), new { acceptedOn = "2024-02-08" }),
            "azurite-" + Guid.NewGuid().ToString("N")
        );

        // The Azure Storage backend first acquires its partition leases on a new task hub (can take a minute or more).
        var overdue = await WaitForCaseAsync(host.Http, id, c => State(c) == "overdue", seconds: 300);
        Assert.Equal("2024-02-19", Due(overdue));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(host.Http, Head, id, new { type = "extend", reason = "情形复杂" })).Status);
        // Decree 746 Art. 19 para 1 (issue 14, version 3): approved after the limit, the extension extends nothing.
        await WaitForCaseAsync(
            host.Http,
            id,
            c => Actions(c).Contains("extension-late") && Due(c) == "2024-02-19" && Awaits(c, "register"),
            seconds: 90
        );
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await EventAsync(host.Http, Officer, id, new { type = "register", uscc = "91411100MA44X1Y23P" })).Status
        );

        var registered = await WaitForCaseAsync(host.Http, id, Closed, seconds: 90);
        Assert.True(registered.GetProperty("late").GetBoolean());
        Assert.Equal("registered", registered.GetProperty("outcome").GetString());
    }
}
