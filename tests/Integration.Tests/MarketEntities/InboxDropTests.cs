using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.MarketEntities;

/// <summary>Packages dropped into registrations-inbox, picked up by LocalHost's blob watcher.</summary>
public sealed class InboxDropTests(InMemoryMarketHost host) : IClassFixture<InMemoryMarketHost>
{
    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(data);
            }
        }

        return buffer.ToArray();
    }

    private static string ExpectedCaseId(byte[] package, DateOnly acceptedOn) =>
        CaseIds.FromKey("REG", "411100", acceptedOn, $"drop|{StorageNames.RegistrationsInbox}|{IdempotencyStore.Hash(package)}");

    [Fact]
    public async Task Drop_ZipWithAttachments_OpensOneCaseWithDocuments_EvenWhenDroppedTwice()
    {
        var application = Encoding.UTF8.GetBytes(With(Sample("registration/application-complete.json"), new { acceptedOn = "2024-05-06" }));
        var package = Zip(
            ("application.json", application),
            ("公司章程.pdf", Encoding.UTF8.GetBytes("%PDF-1.4 articles")),
            ("attachments/租赁合同.pdf", Encoding.UTF8.GetBytes("%PDF-1.4 lease"))
        );
        var blobs = host.Services.GetRequiredService<IBlobStore>();

        await blobs.PutAsync(StorageNames.RegistrationsInbox, "xinhe-1.zip", package, "application/zip");
        await blobs.PutAsync(StorageNames.RegistrationsInbox, "xinhe-again.zip", package, "application/zip");

        var id = ExpectedCaseId(package, new DateOnly(2024, 5, 6));
        var opened = await WaitForCaseAsync(host.Http, id, c => Awaits(c, "register"), seconds: 45);
        var documents = opened.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("application.json", documents);
        Assert.Contains("公司章程.pdf", documents);
        Assert.Contains("attachments_租赁合同.pdf", documents);
        Assert.Equal("2024-05-09", Due(opened));

        // The watcher's own record that it handled the second copy (its receipt), not a pause: then count the cases.
        await WaitForReceiptAsync(host.Services.GetRequiredService<ITableStore>(), "xinhe-again.zip", "handled");
        var cases = host.Services.GetRequiredService<CaseStore>();
        var page = await cases.ListAsync(
            "411100",
            c =>
                c.Procedure == "registration"
                && c.Title.Contains("鑫禾", StringComparison.Ordinal)
                && c.CreatedUtc == ChinaTime.StartOfDayUtc(new DateOnly(2024, 5, 6)).AddHours(9),
            1,
            50
        );
        Assert.Equal(1, page.Total);
    }

    [Theory]
    [InlineData("../evil.json", "package.path-traversal")]
    [InlineData("/etc/passwd", "package.path-traversal")]
    [InlineData("readme.txt", "package.application-missing")]
    public async Task Drop_UnsafeOrIncompleteZip_Quarantined(string entryName, string rule)
    {
        var package = Zip((entryName, Encoding.UTF8.GetBytes("{}")));
        var name = $"bad-{Guid.NewGuid():N}.zip";
        var blobs = host.Services.GetRequiredService<IBlobStore>();

        await blobs.PutAsync(StorageNames.RegistrationsInbox, name, package, "application/zip");

        var report = await WaitForBlobAsync(blobs, Quarantine.ReportName(StorageNames.RegistrationsInbox, name));
        Assert.Contains(rule, report, StringComparison.Ordinal);
        Assert.Null(await blobs.GetAsync(StorageNames.RegistrationsInbox, name));
    }

    [Fact]
    public async Task Drop_ZipExpandingBeyondLimit_QuarantinedWhileReading()
    {
        // 200 KB of zeros compresses to a few hundred bytes; the test host's limit is 64 KB.
        var package = Zip(("application.json", Encoding.UTF8.GetBytes("{}")), ("bomb.bin", new byte[200 * 1024]));
        var name = $"bomb-{Guid.NewGuid():N}.zip";
        var blobs = host.Services.GetRequiredService<IBlobStore>();

        await blobs.PutAsync(StorageNames.RegistrationsInbox, name, package, "application/zip");

        var report = await WaitForBlobAsync(blobs, Quarantine.ReportName(StorageNames.RegistrationsInbox, name));
        Assert.Contains("package.too-large", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drop_InvalidApplication_QuarantinedWithFieldAndRule()
    {
        var name = $"invalid-{Guid.NewGuid():N}.json";
        var blobs = host.Services.GetRequiredService<IBlobStore>();

        await blobs.PutAsync(
            StorageNames.RegistrationsInbox,
            name,
            Encoding.UTF8.GetBytes(Sample("registration/application-invalid-id.json")),
            "application/json"
        );

        var report = JsonDocument
            .Parse(await WaitForBlobAsync(blobs, Quarantine.ReportName(StorageNames.RegistrationsInbox, name)))
            .RootElement;
        Assert.Contains(
            report.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == "individualBusiness.operator.idNumber"
        );
    }

    private static async Task WaitForReceiptAsync(ITableStore tables, string name, string status)
    {
        for (var i = 0; i < 150; i++)
        {
            var receipt = await tables.GetAsync(
                StorageNames.BlobReceiptsTable,
                StorageNames.RegistrationsInbox,
                DropRunner.ReceiptKey(name)
            );
            if (receipt?.Get("Status") == status)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The watcher recorded no '{status}' receipt for {name}.");
    }

    private static async Task<string> WaitForBlobAsync(IBlobStore blobs, string name)
    {
        for (var i = 0; i < 150; i++)
        {
            var blob = await blobs.GetAsync(StorageNames.Quarantine, name);
            if (blob is not null)
            {
                return Encoding.UTF8.GetString(blob.Data);
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No quarantine report {name}.");
    }
}
