using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Api;

/// <summary>An event and the documents sent with it (<c>multipart/form-data</c>: the JSON part <c>event</c>, files <c>files</c>).</summary>
public sealed record EventUpload(JsonElement Json, IReadOnlyList<IntakeDocument> Files);

/// <summary>
/// Events that take documents (a corrected material on resubmission, evidence, a report) accept them with the event
/// itself, as <c>multipart/form-data</c>: one part <c>event</c> with the event JSON, the same as the JSON body would be,
/// and the files as parts <c>files</c>. Each file is checked as every upload is (<c>Limits:MaxDocumentBytes</c>, the
/// declared document types by name, stated type and content: inert uploads only) before anything is stored.
/// </summary>
public static class EventAttachments
{
    public const string EventPart = "event";
    public const string FilesPart = "files";

    /// <summary>At most this many documents with one event.</summary>
    public const int MaxFiles = 10;

    /// <summary>(procedure, event type) pairs that take documents; the form, the contract and the check read this one table.</summary>
    private static readonly HashSet<(string Procedure, string Type)> Taking =
    [
        // Decree 746 Art. 19 para 2: the applicant submits the corrected materials the one-time notice listed.
        ("registration", "resubmit"),
        // Decree 746 Art. 40: the investigation's evidence of a registration obtained by fraud.
        ("revocation", "investigation-finding"),
        // Decree 746 Arts. 33-34: an objection to a simplified or individual-business deregistration, with its proof.
        ("simplified-deregistration", "object"),
        ("individual-business-deregistration", "object"),
        ("revocation", "object"),
        // Decree 746 tracked obligations: proof that the obligation was met.
        ("tracker", "comply"),
        // Luohe notice 五(三) / 四(三): progress evidence and the third-party energy audit of a retrofit project.
        ("retrofit-project", "progress"),
        ("retrofit-project", "file-audit"),
    ];

    public static bool Takes(string procedure, string type) => Taking.Contains((procedure, type));

    public static bool IsMultipart(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the event part and the files; a 400/413/415 problem naming the part and the rule otherwise.</summary>
    public static async Task<(EventUpload? Upload, IResult? Problem)> ReadAsync(
        HttpRequest request,
        LimitsOptions limits,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        IFormCollection form;
        try
        {
            form = await request
                .ReadFormAsync(
                    new FormOptions
                    {
                        MultipartBodyLengthLimit = (long)limits.MaxDocumentBytes * MaxFiles + limits.MaxJsonBodyBytes,
                        MultipartHeadersLengthLimit = 16 * 1024,
                        ValueLengthLimit = limits.MaxJsonBodyBytes,
                        ValueCountLimit = 16,
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, ApiProblems.Validation("body", "event.multipart", $"The multipart form could not be read: {e.Message}"));
        }

        var json = await JsonPartAsync(form, limits, cancellationToken).ConfigureAwait(false);
        if (json.Problem is not null)
        {
            return (null, json.Problem);
        }

        var files = new List<IntakeDocument>();
        var parts = form.Files.GetFiles(FilesPart);
        var eventFiles = form.Files.GetFiles(EventPart).Count;
        if (parts.Count > MaxFiles || form.Files.Count != parts.Count + eventFiles)
        {
            return (
                null,
                ApiProblems.Validation(
                    FilesPart,
                    "event.too-many-documents",
                    $"Send at most {MaxFiles} documents, each as a part named '{FilesPart}'; this form has {form.Files.Count} files."
                )
            );
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var (file, problem) = await ReadFileAsync(parts[i], $"{FilesPart}[{i}]", limits, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return (null, problem);
            }

            files.Add(file!);
        }

        return (new EventUpload(json.Value!.Value, files), null);
    }

    // The event part as a form value, or as a file part (a client that sends it with a file name and application/json).
    private static async Task<JsonBody.Parsed> JsonPartAsync(IFormCollection form, LimitsOptions limits, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile(EventPart) is { } file)
        {
            if (file.Length > limits.MaxJsonBodyBytes)
            {
                return JsonBody.ParseObject(null, limits.MaxJsonBodyBytes);
            }

            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream())
            {
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            return JsonBody.ParseObject(buffer.ToArray(), limits.MaxJsonBodyBytes);
        }

        var text = form[EventPart].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return new JsonBody.Parsed(
                null,
                ApiProblems.Validation(EventPart, "event.part-missing", $"The form needs a part '{EventPart}' with the event JSON.")
            );
        }

        return JsonBody.ParseObject(System.Text.Encoding.UTF8.GetBytes(text), limits.MaxJsonBodyBytes);
    }

    private static async Task<(IntakeDocument? File, IResult? Problem)> ReadFileAsync(
        IFormFile part,
        string field,
        LimitsOptions limits,
        CancellationToken cancellationToken
    )
    {
        if (part.Length == 0 || part.Length > limits.MaxDocumentBytes)
        {
            return (
                null,
                ApiProblems.Validation(
                    field,
                    "event.document-too-large",
                    $"'{part.FileName}' must be 1 byte to {limits.MaxDocumentBytes} bytes (Limits:MaxDocumentBytes); it has {part.Length}."
                )
            );
        }

        using var buffer = new MemoryStream((int)part.Length);
        await using (var stream = part.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        var data = buffer.ToArray();
        var check = DocumentTypes.Check(field, part.FileName, part.ContentType, data);
        return check.Type is null ? (null, DocumentTypes.Problem(check.Error!)) : (new IntakeDocument(part.FileName, data, check.Type.ContentType), null);
    }

    /// <summary>
    /// Stores the event's documents under the event's own prefix (documents/{caseId}/{eventId}/{name}), so nothing a
    /// case already refers to is overwritten before the event has claimed its stage; the case lists them only in the
    /// claim's write (see CasesApi.PostEventAsync).
    /// </summary>
    public static async Task<IReadOnlyList<CaseDocument>> StoreAsync(
        IBlobStore blobs,
        string caseId,
        string eventId,
        IReadOnlyList<IntakeDocument> files,
        Principal actor,
        DateTimeOffset atUtc,
        CancellationToken cancellationToken
    )
    {
        var stored = new List<CaseDocument>();
        foreach (var file in files)
        {
            var name = CaseIntake.SafeName(file.Name);
            var blobName = $"{caseId}/{eventId}/{name}";
            await blobs
                .PutAsync(
                    StorageNames.Documents,
                    blobName,
                    file.Data,
                    file.ContentType,
                    new Dictionary<string, string> { ["caseId"] = caseId, ["eventId"] = eventId },
                    cancellationToken: cancellationToken
                )
                .ConfigureAwait(false);
            stored.Add(new CaseDocument(name, blobName, file.ContentType, file.Data.Length, IdempotencyStore.Hash(file.Data), atUtc, actor.Id));
        }

        return stored;
    }

    /// <summary>The case's documents with the event's added (a later document of the same name replaces the earlier).</summary>
    public static IReadOnlyList<CaseDocument> Merge(IReadOnlyList<CaseDocument> existing, IReadOnlyList<CaseDocument> added) =>
        added.Count == 0 ? existing : [.. existing.Where(d => added.All(a => a.Name != d.Name)), .. added];

    /// <summary>The event JSON the orchestration receives: the sender's fields plus <c>documents</c> (names and SHA-256).</summary>
    public static string PayloadWith(JsonElement json, IReadOnlyList<CaseDocument> documents)
    {
        if (documents.Count == 0)
        {
            return json.GetRawText();
        }

        var node = System.Text.Json.Nodes.JsonNode.Parse(json.GetRawText())!.AsObject();
        node["documents"] = new System.Text.Json.Nodes.JsonArray(
            documents.Select(d => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["name"] = d.Name, ["sha256"] = d.Sha256 }).ToArray()
        );
        return node.ToJsonString();
    }
}
