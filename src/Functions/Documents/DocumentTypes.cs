using System.IO.Compression;
using Workflows.Functions.Http;

namespace Workflows.Functions.Documents;

/// <summary>A declared document type: its canonical media type, the file extensions and media types that state it,
/// and the test its bytes must pass.</summary>
public sealed record DocumentType(
    string Label,
    string ContentType,
    IReadOnlyList<string> Extensions,
    IReadOnlyList<string> StatedTypes,
    Func<byte[], bool> Matches
);

/// <summary>A checked upload: its declared type, or the error naming the field and the rule that failed.</summary>
public sealed record DocumentCheck(DocumentType? Type, ApiError? Error);

/// <summary>
/// The document types an upload may be (implementation reports over HTTP and from <c>coal-reports</c>, attachments
/// inside registration packages): PDF, OFD (GB/T 33190), raster images, and office documents (OOXML, and the OLE
/// compound files of legacy Office and WPS). Never HTML, SVG, XML or script. A file is accepted only when its name's
/// extension, its stated media type (when one is stated) and its content all agree on one declared type; it is stored
/// and served under that type's canonical media type, never the one the client sent.
/// </summary>
public static class DocumentTypes
{
    public const string TypeRule = "document.type";
    public const string StatedTypeRule = "document.stated-type";
    public const string ContentRule = "document.content";
    private const string OctetStream = "application/octet-stream";

    /// <summary>A registration package's own application.json, parsed and validated by intake; inert as an attachment.</summary>
    private const string ApplicationJson = "application/json";

    public static readonly IReadOnlyList<DocumentType> Declared =
    [
        new("PDF", "application/pdf", [".pdf"], ["application/pdf", "application/x-pdf"], d => StartsWith(d, "%PDF"u8)),
        new(
            "OFD",
            "application/ofd",
            [".ofd"],
            ["application/ofd"],
            d => ZipHas(d, e => e.Equals("OFD.xml", StringComparison.OrdinalIgnoreCase))
        ),
        new("PNG", "image/png", [".png"], ["image/png"], d => StartsWith(d, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        new("JPEG", "image/jpeg", [".jpg", ".jpeg"], ["image/jpeg", "image/pjpeg"], d => StartsWith(d, [0xFF, 0xD8, 0xFF])),
        new("GIF", "image/gif", [".gif"], ["image/gif"], d => StartsWith(d, "GIF87a"u8) || StartsWith(d, "GIF89a"u8)),
        new("TIFF", "image/tiff", [".tif", ".tiff"], ["image/tiff"], d => StartsWith(d, "II*\0"u8) || StartsWith(d, "MM\0*"u8)),
        new(
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            [".docx"],
            ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
            d => IsOoxml(d, "word/")
        ),
        new(
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            [".xlsx"],
            ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
            d => IsOoxml(d, "xl/")
        ),
        new(
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            [".pptx"],
            ["application/vnd.openxmlformats-officedocument.presentationml.presentation"],
            d => IsOoxml(d, "ppt/")
        ),
        new(
            "Office 97-2003 / WPS",
            "application/x-ole-storage",
            [".doc", ".xls", ".ppt", ".wps", ".et", ".dps"],
            [
                "application/msword",
                "application/vnd.ms-excel",
                "application/vnd.ms-powerpoint",
                "application/vnd.ms-works",
                "application/x-ole-storage",
            ],
            d => StartsWith(d, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        ),
    ];

    private static readonly string DeclaredList = string.Join(", ", Declared.SelectMany(t => t.Extensions));

    /// <summary>Checks an upload named <paramref name="fileName"/>, stated as <paramref name="statedContentType"/>.</summary>
    public static DocumentCheck Check(string field, string fileName, string? statedContentType, byte[] data)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var type = Declared.FirstOrDefault(t => t.Extensions.Contains(extension));
        if (type is null)
        {
            return Refused(
                field,
                TypeRule,
                $"'{fileName}' is not a declared document type; accepted: {DeclaredList} (never HTML, SVG or script)."
            );
        }

        var stated = MediaType(statedContentType);
        if (stated.Length > 0 && stated != OctetStream && !type.StatedTypes.Contains(stated))
        {
            return Refused(
                field,
                StatedTypeRule,
                $"'{fileName}' is stated as '{stated}', which is not a {type.Label} media type ({string.Join(", ", type.StatedTypes)})."
            );
        }

        return type.Matches(data)
            ? new DocumentCheck(type, null)
            : Refused(field, ContentRule, $"The content of '{fileName}' is not a {type.Label} file (checked by its bytes, not its name).");
    }

    /// <summary>The media type a stored document is served with: its declared type (or a package's validated
    /// application.json), else <c>application/octet-stream</c>.</summary>
    public static string ServedContentType(string storedContentType)
    {
        var stored = MediaType(storedContentType);
        return Declared.Any(t => t.ContentType == stored) || stored == ApplicationJson ? stored : OctetStream;
    }

    /// <summary>The 415 problem for a refused upload (Chinese first, then English), naming the field and the rule.</summary>
    public static Microsoft.AspNetCore.Http.IResult Problem(ApiError error) =>
        ApiProblems.Create(
            Microsoft.AspNetCore.Http.StatusCodes.Status415UnsupportedMediaType,
            error.Rule,
            error.Message,
            new Dictionary<string, object?> { ["field"] = error.Field, ["errors"] = new[] { error } }
        );

    public static bool IsTypeRule(string rule) => rule is TypeRule or StatedTypeRule or ContentRule;

    private static string MediaType(string? contentType) => (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();

    private static bool StartsWith(byte[] data, ReadOnlySpan<byte> magic) => data.AsSpan().StartsWith(magic);

    private static bool IsOoxml(byte[] data, string partPrefix) =>
        ZipHas(data, e => e == "[Content_Types].xml") && ZipHas(data, e => e.StartsWith(partPrefix, StringComparison.Ordinal));

    /// <summary>Reads only the zip's central directory (entry names); nothing is decompressed.</summary>
    private static bool ZipHas(byte[] data, Func<string, bool> entry)
    {
        if (!StartsWith(data, "PK\x03\x04"u8))
        {
            return false;
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(data, writable: false), ZipArchiveMode.Read);
            return archive.Entries.Any(e => entry(e.FullName));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static DocumentCheck Refused(string field, string rule, string message) => new(null, new ApiError(field, rule, message));
}
