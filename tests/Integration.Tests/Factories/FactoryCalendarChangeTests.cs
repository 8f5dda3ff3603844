using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Calendar;
using Workflows.Integration.Tests.Energy;
using Workflows.LocalHost;

namespace Workflows.Integration.Tests.Factories;

/// <summary>
/// Issue 13: a published calendar year reaches the standard-factory submissions too (漯政〔2021〕17号 三(一), the first
/// month's last day under the rest-day rule). 2021-H2 is due 2022-02-07 (the Spring Festival moves 2022-01-31); a
/// corrected 2022 notice that also rests on 2022-02-07 moves it to 2022-02-08, on the real engine (in memory).
/// </summary>
public sealed class FactoryCalendarChangeTests : IAsyncLifetime
{
    private const string City = "dev-municipal-drc";
    private EnergyHost host = null!;

    public async Task InitializeAsync() => host = await EnergyHost.StartAsync(inMemory: true);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ActivateAsync_YearMovesTheLastDay_SubmissionDeadlineRecomputedAndRecorded()
    {
        var (opened, round) = await host.SendAsync(HttpMethod.Post, "/api/standard-factory-rounds", City, new { halfYear = "2021-H2" });
        Assert.Equal(201, opened);
        var roundCase = await host.WaitForAwaitedAsync(round.GetProperty("caseId").GetString()!, "rank");
        var yuanhui = roundCase.GetProperty("data").GetProperty("submissions").GetProperty("yuanhui").GetString()!;
        var overdue = await host.WaitForCaseAsync(yuanhui, c => c.GetProperty("state").GetString() == "overdue");
        Assert.Equal("2022-02-07", Due(overdue));

        var calendars = host.Services.GetRequiredService<CalendarService>();
        var result = await calendars.ActivateAsync(2022, CorrectedYear2022(), "calendars/2022.json",
            host.Services.GetRequiredService<DurableTaskClient>());

        Assert.True(result.Success, string.Join(" ", result.Errors));
        var moved = await host.WaitForCaseAsync(yuanhui, c => Actions(c).Contains("deadline-recomputed"));
        Assert.Equal("2022-02-08", Due(moved));
        Assert.Equal("2022-02-08", moved.GetProperty("data").GetProperty("dueOn").GetString());
    }

    /// <summary>The embedded 2022 notice with one more rest day, 2022-02-07 (as a corrected notice would publish it).</summary>
    private static byte[] CorrectedYear2022()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "src", "Domain", "Data", "Calendar", "2022.json")))!;
        root["days"]!.AsArray().Add(new JsonObject { ["name"] = "春节", ["date"] = "2022-02-07", ["isOffDay"] = true });
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static string Due(JsonElement c) => c.GetProperty("deadline").GetProperty("due").GetString()!;

    private static IEnumerable<string> Actions(JsonElement c) =>
        c.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()!);
}
