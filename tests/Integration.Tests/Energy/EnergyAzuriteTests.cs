namespace Workflows.Integration.Tests.Energy;

/// <summary>One coal path over Azurite (Azure Storage backend of the durable engine and of the tables/blobs).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class EnergyAzuriteTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private EnergyHost host = null!;

    public async Task InitializeAsync() => host = await EnergyHost.StartAsync(inMemory: false, azurite.ConnectionString);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task CoalProject_OverAzurite_OverdueThenLateReport()
    {
        var id = await CoalScenario.ToProductionAsync(host, 2_500m, "2025-03-01");
        await host.WaitForCaseAsync(id, c => c.GetProperty("state").GetString() == "report-overdue");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/coal-projects/{id}/report?name=report.pdf")
        {
            Content = new ByteArrayContent("%PDF late"u8.ToArray()),
        };
        request.Headers.Add("X-Api-Key", CoalScenario.Owner);
        Assert.Equal(202, (int)(await host.Http.SendAsync(request)).StatusCode);

        var closed = await host.WaitForCaseAsync(id, CoalScenario.IsClosed);
        Assert.Equal(("report-filed-late", true), (closed.GetProperty("outcome").GetString(), closed.GetProperty("late").GetBoolean()));
    }
}
