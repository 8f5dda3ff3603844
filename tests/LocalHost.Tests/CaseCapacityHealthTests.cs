using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;
using Workflows.LocalHost;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 22: LocalHost's health warns as the open cases approach the backend's measured capacity.</summary>
public sealed class CaseCapacityHealthTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 4, 2, 0, 0, TimeSpan.Zero);

    private static readonly CapacityOptions TenCases = new() { AzuriteOpenCases = 10, WarnFraction = 0.8 };

    [Fact]
    public async Task CheckAsync_EightOfTenOpenOnAzurite_WarnsAndNamesAzureStorage()
    {
        var cases = await WithCasesAsync(open: 8, closed: 5);

        var (ok, detail) = await new CaseCapacityHealth(cases, TenCases, CapacityBackend.Azurite).CheckAsync(CancellationToken.None);

        var json = JsonSerializer.SerializeToElement(detail);
        Assert.True(ok, "a warning, not a failure");
        Assert.Equal(
            ("warning", 8, 10, 8),
            (
                json.GetProperty("status").GetString(),
                json.GetProperty("open").GetInt32(),
                json.GetProperty("capacity").GetInt32(),
                json.GetProperty("warnAt").GetInt32()
            )
        );
        Assert.StartsWith("未结案件 8 件", json.GetProperty("warning").GetString());
        Assert.Contains("AzureWebJobsStorage", json.GetProperty("warning").GetString());
    }

    [Fact]
    public async Task CheckAsync_SevenOfTenOpen_NoWarningAndClosedCasesNotCounted()
    {
        var cases = await WithCasesAsync(open: 7, closed: 20);

        var (_, detail) = await new CaseCapacityHealth(cases, TenCases, CapacityBackend.Azurite).CheckAsync(CancellationToken.None);

        var json = JsonSerializer.SerializeToElement(detail);
        Assert.Equal(
            ("ok", 7, JsonValueKind.Null),
            (json.GetProperty("status").GetString(), json.GetProperty("open").GetInt32(), json.GetProperty("warning").ValueKind)
        );
    }

    [Fact]
    public async Task CheckAsync_CaseClosed_LeavesTheCount()
    {
        var cases = await WithCasesAsync(open: 8, closed: 0);
        await cases.UpdateAsync(Id(0), c => c with { Closed = true, State = "registered" });

        var (_, detail) = await new CaseCapacityHealth(cases, TenCases, CapacityBackend.Azurite).CheckAsync(CancellationToken.None);

        Assert.Equal(7, JsonSerializer.SerializeToElement(detail).GetProperty("open").GetInt32());
    }

    [Fact]
    public async Task CheckAsync_StorageAccount_CountsWithoutCapacity()
    {
        var cases = await WithCasesAsync(open: 9, closed: 0);

        var (_, detail) = await new CaseCapacityHealth(cases, TenCases, CapacityBackend.StorageAccount).CheckAsync(CancellationToken.None);

        var json = JsonSerializer.SerializeToElement(detail);
        Assert.Equal(
            ("ok", 9, JsonValueKind.Null),
            (json.GetProperty("status").GetString(), json.GetProperty("open").GetInt32(), json.GetProperty("capacity").ValueKind)
        );
    }

    [Fact]
    public void AddValidatedOptions_ConfigurationSection_OverridesTheMeasuredDefaults()
    {
        var options = Capacity(new() { ["Capacity:AzuriteOpenCases"] = "2000", ["Capacity:WarnFraction"] = "0.9" })
            .GetRequiredService<IOptions<CapacityOptions>>()
            .Value;

        Assert.Equal(
            (2000, 0.9, new CapacityOptions().InMemoryOpenCases),
            (options.AzuriteOpenCases, options.WarnFraction, options.InMemoryOpenCases)
        );
    }

    [Fact]
    public void AddValidatedOptions_WarnFractionAboveOne_FailsAtStartNamingTheSetting()
    {
        var validator = Capacity(new() { ["Capacity:WarnFraction"] = "1.5" }).GetRequiredService<IStartupValidator>();

        var failure = Assert.Throws<OptionsValidationException>(validator.Validate);

        Assert.Contains(nameof(CapacityOptions.WarnFraction), failure.Message, StringComparison.Ordinal);
        Assert.Contains("设置", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The options as LocalHost registers them (bound from the section, validated on start).</summary>
    private static ServiceProvider Capacity(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<CapacityOptions>(CapacityOptions.SectionName, configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task CheckAsync_StorageFails_ReportsUnknownWithoutThrowing()
    {
        var cases = new CaseStore(new FailingTables());

        var (ok, detail) = await new CaseCapacityHealth(cases, TenCases, CapacityBackend.Azurite).CheckAsync(CancellationToken.None);

        var json = JsonSerializer.SerializeToElement(detail);
        Assert.True(ok);
        Assert.Equal("unknown", json.GetProperty("status").GetString());
        Assert.Contains("storage down", json.GetProperty("error").GetString());
    }

    /// <summary>Storage that refuses every call, as an Azurite still starting does.</summary>
    private sealed class FailingTables : ITableStore
    {
        private static InvalidOperationException Down() => new("storage down");

        public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            throw Down();

        public Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
            string table,
            string partitionKey,
            string? rowKeyFrom = null,
            string? rowKeyTo = null,
            CancellationToken cancellationToken = default
        ) => throw Down();

        public Task<IReadOnlyList<TableRow>> QueryPageAsync(
            string table,
            string partitionKey,
            string? rowKeyAfter,
            string? rowKeyTo,
            int maxRows,
            CancellationToken cancellationToken = default
        ) => throw Down();

        public Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
            string table,
            string partitionFrom,
            string partitionTo,
            CancellationToken cancellationToken = default
        ) => throw Down();

        public Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default) => throw Down();

        public Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default) => throw Down();

        public Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default) => throw Down();

        public Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default) =>
            throw Down();

        public Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            throw Down();

        public Task PingAsync(CancellationToken cancellationToken = default) => throw Down();
    }

    private static string Id(int i) => $"REG-411100-20240304-CAP{i:D5}";

    private static async Task<CaseStore> WithCasesAsync(int open, int closed)
    {
        var cases = new CaseStore(new InMemoryTableStore());
        for (var i = 0; i < open + closed; i++)
        {
            Assert.True(
                await cases.TryCreateAsync(
                    new CaseRecord
                    {
                        Id = Id(i),
                        Procedure = "registration",
                        Agency = "411100",
                        Title = "漯河市示例商贸有限公司设立登记",
                        State = i < open ? "under-review" : "registered",
                        Closed = i >= open,
                        CreatedUtc = Now.AddMinutes(i),
                    }
                )
            );
        }

        return cases;
    }
}
