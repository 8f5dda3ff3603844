using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Functions.Hosting;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Storage;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>The bad-input corpus for the register import dropped into <c>registrations-inbox/register/</c> (issue 14):
/// each bad file ends in quarantine with its report and nothing enters the register; a good export (GB18030) does.</summary>
public sealed class RegisterDropTests : IAsyncLifetime
{
    private LocalHostApp? local;

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(new LocalHostSettings { InMemory = true, Port = TestPorts.Free(), RunBackgroundServices = false }, [], _ => { });
        await local.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }

    private static byte[] Sample(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples", "register")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllBytes(Path.Combine(dir!.FullName, "samples", "register", name));
    }

    public static TheoryData<string, string> Corpus() => new()
    {
        { "bad rows", "register/register-bad-rows.csv" },
        { "garbage workbook", "register/register.xlsx" },
        { "neither CSV nor XLSX", "register/register.txt" },
        { "not UTF-8 although stated nowhere: GB18030 with a broken byte", "register/broken.csv" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Drop_BadRegisterFile_QuarantinedWithReportAndRegisterUnchanged(string kind, string name)
    {
        var services = local!.App.Services;
        var blobs = services.GetRequiredService<IBlobStore>();
        var body = kind switch
        {
            "bad rows" => Sample("register-bad-rows.csv"),
            "not UTF-8 although stated nowhere: GB18030 with a broken byte" => [.. Sample("register-luohe-gb18030.csv"), 0x81, 0x0A],
            _ => [0xFF, 0xFE, 0x00, 0x13, 0x37, 0xC3, 0x28],
        };
        await blobs.PutAsync(StorageNames.RegistrationsInbox, name, body, "application/octet-stream");

        await Watcher(services).PollOnceAsync(CancellationToken.None);

        Assert.Null(await blobs.GetAsync(StorageNames.RegistrationsInbox, name));
        Assert.NotNull(await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.RegistrationsInbox, name)));
        Assert.Empty(await services.GetRequiredService<EntityRegisterStore>().ListAsync("411100"));
    }

    [Fact]
    public async Task Drop_Gb18030Export_EveryEntityEntersTheRegister()
    {
        var services = local!.App.Services;
        await services.GetRequiredService<IBlobStore>().PutAsync(StorageNames.RegistrationsInbox, "register/register-luohe-gb18030.csv", Sample("register-luohe-gb18030.csv"), "text/csv");

        await Watcher(services).PollOnceAsync(CancellationToken.None);

        var entries = await services.GetRequiredService<EntityRegisterStore>().ListAsync("411100");
        Assert.Equal(6, entries.Count);
        Assert.Contains(entries, e => e.Name == "漯河市召陵区李记烩面馆" && e.OnAbnormalOperationsList);
    }

    /// <summary>Decree 746 Art. 12, Art. 40 para 3: a GB18030 list of disqualifications dropped into
    /// <c>registrations-inbox/disqualifications/</c> enters the ban registry, each with the end of its period.</summary>
    [Fact]
    public async Task Drop_Gb18030DisqualificationList_EveryPersonEntersTheBanRegistry()
    {
        var services = local!.App.Services;
        const string name = "disqualifications/disqualifications-luohe-gb18030.csv";
        var blobs = services.GetRequiredService<IBlobStore>();
        await blobs.PutAsync(StorageNames.RegistrationsInbox, name, Sample("disqualifications-luohe-gb18030.csv"), "text/csv");

        await Watcher(services).PollOnceAsync(CancellationToken.None);

        var bans = await services.GetRequiredService<BanRegistry>().ListAsync(null);
        Assert.Equal(4, bans.Count);
        Assert.Contains(bans, b => b.Ban.PersonName == "孙建军" && b.Ban.EndDate == new DateOnly(2027, 6, 3));
        Assert.Null(await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.RegistrationsInbox, name)));
    }

    /// <summary>A list with bad rows is refused whole: quarantined with its row report, the ban registry untouched.</summary>
    [Fact]
    public async Task Drop_DisqualificationListWithBadRows_QuarantinedWithReportAndNoBanEntered()
    {
        var services = local!.App.Services;
        const string name = "disqualifications/disqualifications-bad-rows.csv";
        var blobs = services.GetRequiredService<IBlobStore>();
        await blobs.PutAsync(StorageNames.RegistrationsInbox, name, Sample("disqualifications-bad-rows.csv"), "text/csv");

        await Watcher(services).PollOnceAsync(CancellationToken.None);

        Assert.Null(await blobs.GetAsync(StorageNames.RegistrationsInbox, name));
        var report = await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(StorageNames.RegistrationsInbox, name));
        Assert.NotNull(report);
        Assert.Contains("disqualification.import.duplicate", System.Text.Encoding.UTF8.GetString(report.Data), StringComparison.Ordinal);
        Assert.Empty(await services.GetRequiredService<BanRegistry>().ListAsync(null));
    }

    private static BlobWatcher Watcher(IServiceProvider services) =>
        new(
            services.GetServices<IBlobDropHandler>().ToList(),
            services.GetRequiredService<IBlobStore>(),
            services.GetRequiredService<ITableStore>(),
            TimeProvider.System,
            NullLogger<BlobWatcher>.Instance,
            services.GetRequiredService<DurableTaskClient>()
        );
}
