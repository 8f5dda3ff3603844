using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.DurableTask.Converters;

namespace Workflows.LocalHost;

/// <summary>
/// How the local engine writes orchestration inputs, activity inputs and results, events and outputs (issue 22). Each
/// stays in the instance's durable history for the life of the case: on the in-memory backend in this process, on
/// Azurite in table rows that every step reads again. The SDK's default converter escapes every character outside
/// ASCII, so each Chinese character of an application, an audit summary or a deadline explanation was stored as a
/// six-character <c>\uXXXX</c> (a quarter of a registration's history). This converter writes them as they are; it keeps
/// the default's <c>IncludeFields</c> and still escapes HTML-sensitive characters. Reading is unchanged, so an escaped
/// payload written before reads back as the same value and waiting cases replay. The Functions host on Azure keeps the
/// extension's serializer (WorkerOptions.Serializer, which is also every binding's).
/// </summary>
public static class DurablePayloads
{
    public static readonly JsonSerializerOptions Options = new()
    {
        IncludeFields = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static JsonDataConverter Converter { get; } = new(Options);
}
