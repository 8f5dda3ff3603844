using System.IO.Compression;
using System.Text;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Tests.MarketEntities;

public sealed class RegistrationPackageReaderTests
{
    private static readonly Workflows.Functions.Hosting.LimitsOptions Options = new()
    {
        MaxPackageUncompressedBytes = 10_000,
        MaxPackageEntries = 5,
        MaxDocumentBytes = 8_000,
        MaxPackageBytes = 50_000,
    };

    private static byte[] Zip(params (string Name, int Size)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, size) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(name == "application.json" ? Encoding.UTF8.GetBytes("{}") : Content(name, size));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A .pdf entry starts like a PDF (attachments are checked by content); anything else is zeros.</summary>
    private static byte[] Content(string name, int size)
    {
        var bytes = new byte[size];
        if (name.EndsWith(".pdf", StringComparison.Ordinal))
        {
            "%PDF-1.7"u8.ToArray().AsSpan(0, Math.Min(8, size)).CopyTo(bytes);
        }

        return bytes;
    }

    [Fact]
    public void Read_ZipWithApplicationAndAttachments_ReturnsBoth()
    {
        var (package, errors) = RegistrationPackageReader.Read(
            "p.zip",
            Zip(("application.json", 2), ("章程.pdf", 100), ("docs/lease.pdf", 50)),
            Options
        );

        Assert.Empty(errors);
        Assert.Equal("{}", Encoding.UTF8.GetString(package!.ApplicationJson));
        Assert.Equal(["章程.pdf", "docs_lease.pdf"], package.Attachments.Select(a => a.Name));
        Assert.Equal("application/pdf", package.Attachments[0].ContentType);
    }

    [Theory]
    [InlineData("../x.pdf", "package.path-traversal")]
    [InlineData("a/../../x.pdf", "package.path-traversal")]
    [InlineData("/abs.pdf", "package.path-traversal")]
    [InlineData("c:/x.pdf", "package.path-traversal")]
    [InlineData("a\\b.pdf", "package.path-traversal")]
    public void Read_UnsafeEntryName_Rejected(string name, string rule)
    {
        var (package, errors) = RegistrationPackageReader.Read("p.zip", Zip(("application.json", 2), (name, 10)), Options);

        Assert.Null(package);
        Assert.Equal(rule, Assert.Single(errors).Rule);
    }

    [Theory]
    [InlineData(6, 10, "package.too-many-entries")]
    [InlineData(2, 6_000, "package.too-large")]
    [InlineData(1, 9_000, "package.document-too-large")]
    public void Read_TooManyEntriesOrTooLarge_Rejected(int attachments, int size, string rule)
    {
        var entries = Enumerable.Range(0, attachments).Select(i => ($"a{i}.bin", size)).Prepend(("application.json", 2)).ToArray();

        var (package, errors) = RegistrationPackageReader.Read("p.zip", Zip(entries), Options);

        Assert.Null(package);
        Assert.Equal(rule, errors[0].Rule);
    }

    [Theory]
    [InlineData("p.zip", "package.application-missing")]
    [InlineData("p.txt", "package.type")]
    public void Read_NoApplicationOrWrongType_Rejected(string name, string rule)
    {
        var (_, errors) = RegistrationPackageReader.Read(name, Zip(("other.pdf", 10)), Options);

        Assert.Equal(rule, Assert.Single(errors).Rule);
    }

    [Theory]
    [InlineData("application.json")]
    [InlineData("p.zip")]
    public void Read_StoredPackageOverMaxPackageBytes_RejectedBeforeReading(string name)
    {
        var (package, errors) = RegistrationPackageReader.Read(name, new byte[Options.MaxPackageBytes + 1], Options);

        Assert.Null(package);
        var error = Assert.Single(errors);
        Assert.Equal("package.too-large", error.Rule);
        Assert.Contains("Limits:MaxPackageBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAZip_Corrupt()
    {
        var (_, errors) = RegistrationPackageReader.Read("p.zip", Encoding.UTF8.GetBytes("not a zip"), Options);

        Assert.Equal("package.corrupt", Assert.Single(errors).Rule);
    }

    [Theory]
    [InlineData("gbk-entry-names.zip")]
    [InlineData("utf8-entry-names.zip")]
    public void Read_ChineseEntryNameInGbkOrUtf8_NameIntact(string sample)
    {
        // gbk-entry-names.zip: written by Info-ZIP from a GBK file name, no language-encoding flag (as Chinese
        // Windows tools write); utf8-entry-names.zip: the flag set and the name in UTF-8.
        var data = File.ReadAllBytes(Path.Combine(MarketSamples.Directory(), "registration", "packages", sample));

        var (package, errors) = RegistrationPackageReader.Read(sample, data, new Workflows.Functions.Hosting.LimitsOptions());

        Assert.Empty(errors);
        Assert.Equal(["营业执照.pdf"], package!.Attachments.Select(a => a.Name));
        Assert.Equal("application/pdf", package.Attachments[0].ContentType);
    }
}
