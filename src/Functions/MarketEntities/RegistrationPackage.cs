using System.IO.Compression;
using Workflows.Domain.Validation;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;

namespace Workflows.Functions.MarketEntities;

/// <summary>A registration package: the application JSON and its attachments.</summary>
public sealed record RegistrationPackage(byte[] ApplicationJson, IReadOnlyList<IntakeDocument> Attachments);

/// <summary>
/// Reads a dropped registration package: a bare <c>application.json</c>, or a <c>.zip</c> holding
/// <c>application.json</c> and its attachments. Limits (<see cref="LimitsOptions"/>, section <c>Limits</c>): the stored
/// package at most <c>MaxPackageBytes</c>; zip safety: no path traversal or absolute names, at most
/// <c>MaxPackageEntries</c> entries, each at most <c>MaxDocumentBytes</c>, and an uncompressed total of at most
/// <c>MaxPackageUncompressedBytes</c>, counted while reading (the sizes in the zip headers are not trusted). Entry
/// names in UTF-8 (flagged) or GBK (unflagged, as Chinese Windows writes them).
/// </summary>
public static class RegistrationPackageReader
{
    public const string ApplicationFile = "application.json";

    public static (RegistrationPackage? Package, IReadOnlyList<ApiError> Errors) Read(string name, byte[] data, LimitsOptions options)
    {
        if (data.Length > options.MaxPackageBytes)
        {
            return (
                null,
                [
                    new ApiError(
                        "package",
                        "package.too-large",
                        $"The package has {data.Length} bytes; at most {options.MaxPackageBytes} are allowed (Limits:MaxPackageBytes)."
                    ),
                ]
            );
        }

        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return data.Length > options.MaxPackageUncompressedBytes
                ? (
                    null,
                    [
                        new ApiError(
                            "package",
                            "package.too-large",
                            $"The application is larger than {options.MaxPackageUncompressedBytes} bytes."
                        ),
                    ]
                )
                : (new RegistrationPackage(data, []), []);
        }

        if (!name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return (null, [new ApiError("package", "package.type", $"'{name}' is neither application.json nor a .zip package.")]);
        }

        try
        {
            // The zip's language-encoding flag (general purpose bit 11) decides each name: set, UTF-8; unset, the code
            // page of the Chinese Windows tool that wrote it (GBK, read as GB18030), so 营业执照.pdf stays 营业执照.pdf.
            using var archive = new ZipArchive(
                new MemoryStream(data, writable: false),
                ZipArchiveMode.Read,
                leaveOpen: false,
                ChineseTextEncodings.ZipEntryNames
            );
            if (archive.Entries.Count > options.MaxPackageEntries)
            {
                return (
                    null,
                    [
                        new ApiError(
                            "package",
                            "package.too-many-entries",
                            $"The package has {archive.Entries.Count} entries; at most {options.MaxPackageEntries} are allowed."
                        ),
                    ]
                );
            }

            var unsafeNames = archive
                .Entries.Where(e => !IsSafe(e.FullName))
                .Select(e => new ApiError(
                    "package",
                    "package.path-traversal",
                    $"Entry '{e.FullName}' has an unsafe name (absolute path, drive, '..' or backslash)."
                ))
                .ToList();
            if (unsafeNames.Count > 0)
            {
                return (null, unsafeNames);
            }

            long total = 0;
            byte[]? application = null;
            var attachments = new List<IntakeDocument>();
            var buffer = new byte[81920];
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open())
                {
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        total += read;
                        if (content.Length + read > options.MaxDocumentBytes)
                        {
                            return (
                                null,
                                [
                                    new ApiError(
                                        "package",
                                        "package.document-too-large",
                                        $"Entry '{entry.FullName}' expands to more than {options.MaxDocumentBytes} bytes (Limits:MaxDocumentBytes)."
                                    ),
                                ]
                            );
                        }

                        if (total > options.MaxPackageUncompressedBytes)
                        {
                            return (
                                null,
                                [
                                    new ApiError(
                                        "package",
                                        "package.too-large",
                                        $"The package expands to more than {options.MaxPackageUncompressedBytes} bytes (stopped at entry '{entry.FullName}')."
                                    ),
                                ]
                            );
                        }

                        content.Write(buffer, 0, read);
                    }
                }

                if (string.Equals(entry.FullName, ApplicationFile, StringComparison.OrdinalIgnoreCase))
                {
                    application = content.ToArray();
                }
                else
                {
                    attachments.Add(new IntakeDocument(entry.FullName.Replace('/', '_'), content.ToArray(), string.Empty));
                }
            }

            if (application is null)
            {
                return (
                    null,
                    [new ApiError("package", "package.application-missing", $"The package has no {ApplicationFile} at its root.")]
                );
            }

            var typed = Typed(attachments);
            return typed.Errors.Count > 0 ? (null, typed.Errors) : (new RegistrationPackage(application, typed.Attachments), []);
        }
        catch (InvalidDataException e)
        {
            return (null, [new ApiError("package", "package.corrupt", $"The package is not a readable zip file: {e.Message}")]);
        }
    }

    private static bool IsSafe(string name) =>
        name.Length > 0
        && !name.StartsWith('/')
        && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Contains(':', StringComparison.Ordinal)
        && !name.Split('/').Any(segment => segment is ".." or ".");

    /// <summary>Every attachment must be a declared document type by name and content (no HTML, SVG or script can
    /// reach the case's documents); all refusals are reported at once, and the package is kept whole or not at all.</summary>
    private static (IReadOnlyList<IntakeDocument> Attachments, IReadOnlyList<ApiError> Errors) Typed(List<IntakeDocument> attachments)
    {
        var checks = attachments
            .Select(a => (Attachment: a, Check: DocumentTypes.Check($"package/{a.Name}", a.Name, null, a.Data)))
            .ToList();
        var errors = checks.Where(c => c.Check.Error is not null).Select(c => c.Check.Error!).ToList();
        return (
            checks.Where(c => c.Check.Type is not null).Select(c => c.Attachment with { ContentType = c.Check.Type!.ContentType }).ToList(),
            errors
        );
    }
}
