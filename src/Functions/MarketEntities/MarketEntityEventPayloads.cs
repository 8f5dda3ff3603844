using System.Text.Json;
using System.Text.Json.Serialization;
using Workflows.Functions.Cases;

namespace Workflows.Functions.MarketEntities;

/// <summary>Art. 19 para 1, Art. 21: the code the officer gives the licence (else the entity's own or a new one).</summary>
public sealed record RegisterPayload(string? Uscc);

/// <summary>Art. 20: the reasons of a refusal.</summary>
public sealed record RefusePayload(IReadOnlyList<string>? Reasons);

/// <summary>Art. 19 para 1: why the head extends (an Art. 42 reversal and an Art. 33 withdrawal carry a reason too).</summary>
public sealed record ReasonPayload(string? Reason);

/// <summary>Art. 19 para 2: the materials the one-time notice lists.</summary>
public sealed record RequestCorrectionPayload(IReadOnlyList<string>? MissingMaterials);

/// <summary>Art. 19 para 2: the materials handed in.</summary>
public sealed record ResubmitPayload(IReadOnlyList<string>? Materials);

/// <param name="Established">Art. 40 para 2: false when the finding does not establish a false registration.</param>
public sealed record InvestigationFindingPayload(string? Finding, IReadOnlyList<string>? Evidence, bool? Established);

/// <summary>Art. 40 para 2: the day the notice starts (never later than the event) and why the entity cannot be reached.</summary>
public sealed record StartPublicNoticePayload(string? NoticeStart, string? UnreachableOrRefused);

/// <summary>Art. 33 para 2-3, Art. 40 para 2: an objection, and who raised it.</summary>
public sealed record ObjectionPayload(string? Reason, string? Objector);

/// <summary>A directly responsible person of a revocation (Art. 40 para 3).</summary>
public sealed record ResponsiblePersonPayload(string? Name, string? IdNumber);

/// <summary>Art. 40 para 2-3: the persons banned for 3 years.</summary>
public sealed record DecideRevokePayload(IReadOnlyList<ResponsiblePersonPayload>? DirectlyResponsiblePersons);

/// <summary>Art. 41: the ground (one of three) and the reasons.</summary>
public sealed record DecideNotRevokePayload(string? Ground, IReadOnlyList<string>? Reasons);

/// <summary>What was published, where, on which day and with what text (issue 14 item 3).</summary>
public sealed record RecordPublicationPayload(string? Item, string? Where, string? PublishedOn, string? Content);

/// <summary>Art. 33 para 3: the departments the application was pushed to.</summary>
public sealed record PushToDepartmentsPayload(IReadOnlyList<string>? Departments);

/// <summary>Arts. 24, 26, 29, 30, 32: the evidence of a tracked obligation done.</summary>
public sealed record ComplyPayload(IReadOnlyList<string>? Evidence);

/// <summary>
/// The payload record of every market-entity event, declared once (issue 13 item 3): the API reads a body with it
/// before the event claims a stage (a body that does not fit is a 400 naming the field), and the orchestration reads
/// the accepted envelope with the same record once, in the handler of the event. The orchestration reads leniently
/// (a value of another JSON kind is read as absent, as the property readers before the records did), so an event
/// accepted before the records existed still replays; a list field takes a single string as a one-item list.
/// </summary>
public static class MarketEntityEventPayloads
{
    public static IReadOnlyDictionary<string, Type> Types { get; } =
        new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [MarketEntityEvents.Register] = typeof(RegisterPayload),
            [MarketEntityEvents.Refuse] = typeof(RefusePayload),
            [MarketEntityEvents.Extend] = typeof(ReasonPayload),
            [MarketEntityEvents.RequestCorrection] = typeof(RequestCorrectionPayload),
            [MarketEntityEvents.Resubmit] = typeof(ResubmitPayload),
            [MarketEntityEvents.InvestigationFinding] = typeof(InvestigationFindingPayload),
            [MarketEntityEvents.StartPublicNotice] = typeof(StartPublicNoticePayload),
            [MarketEntityEvents.Objection] = typeof(ObjectionPayload),
            [MarketEntityEvents.DecideRevoke] = typeof(DecideRevokePayload),
            [MarketEntityEvents.DecideNotRevoke] = typeof(DecideNotRevokePayload),
            [MarketEntityEvents.Reverse] = typeof(ReasonPayload),
            [MarketEntityEvents.RecordPublication] = typeof(RecordPublicationPayload),
            [MarketEntityEvents.PushToDepartments] = typeof(PushToDepartmentsPayload),
            [MarketEntityEvents.Comply] = typeof(ComplyPayload),
            [MarketEntityEvents.Cancel] = typeof(ReasonPayload),
        };

    private static readonly JsonSerializerOptions Strict = WithConverters(new TextListConverter(lenient: false));

    private static readonly JsonSerializerOptions Lenient = WithConverters(
        new TextListConverter(lenient: true),
        new LenientTextConverter(),
        new LenientFlagConverter(),
        new LenientPersonsConverter()
    );

    /// <summary>The accepted event's payload as its record (an empty record when the payload is not an object).</summary>
    public static T Read<T>(CaseEventEnvelope e)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(e);
        using var doc = JsonDocument.Parse(e.PayloadJson);
        var json = doc.RootElement.ValueKind == JsonValueKind.Object ? e.PayloadJson : "{}";
        return JsonSerializer.Deserialize<T>(json, Lenient) ?? throw new ArgumentException($"Event {e.EventId} has no payload.", nameof(e));
    }

    /// <summary>Null when the body fits the event's record (or the event declares none); else the field and why.</summary>
    public static (string Field, string Message)? Misfit(string type, JsonElement body)
    {
        if (!Types.TryGetValue(type, out var record) || body.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return ("body", $"事件内容须为 JSON 对象 / The '{type}' event's payload must be a JSON object.");
        }

        try
        {
            _ = JsonSerializer.Deserialize(body.GetRawText(), record, Strict);
            return null;
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (field, $"“{field}”格式不符 / '{field}' does not fit the '{type}' event: {ex.Message}");
        }
    }

    private static JsonSerializerOptions WithConverters(params JsonConverter[] converters)
    {
        var options = new JsonSerializerOptions(CaseJson.Options);
        foreach (var converter in converters)
        {
            options.Converters.Add(converter);
        }

        return options;
    }

    /// <summary>A list of texts; a single value is a one-item list; leniently, a non-text item is its raw JSON text.</summary>
    private sealed class TextListConverter(bool lenient) : JsonConverter<IReadOnlyList<string>>
    {
        public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var value = doc.RootElement;
            return value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => [value.GetString()!],
                JsonValueKind.Array when lenient || value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                    value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList(),
                _ when lenient => [value.GetRawText()],
                _ => throw new JsonException("须为文本或文本列表 / must be a text or a list of texts"),
            };
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), options);
    }

    /// <summary>A text; any other JSON value reads as absent (as <see cref="CaseEventEnvelope.Text"/> does).</summary>
    private sealed class LenientTextConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>A flag; any value but a JSON boolean reads as absent.</summary>
    private sealed class LenientFlagConverter : JsonConverter<bool?>
    {
        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                return reader.GetBoolean();
            }

            reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, CaseJson.Options);
    }

    /// <summary>The persons of a decision; leniently, anything but an array is none and an item that is not an object is skipped.</summary>
    private sealed class LenientPersonsConverter : JsonConverter<IReadOnlyList<ResponsiblePersonPayload>>
    {
        public override IReadOnlyList<ResponsiblePersonPayload>? Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        )
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind != JsonValueKind.Array
                ? null
                : doc
                    .RootElement.EnumerateArray()
                    .Where(p => p.ValueKind == JsonValueKind.Object)
                    .Select(p => p.Deserialize<ResponsiblePersonPayload>(options)!)
                    .ToList();
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<ResponsiblePersonPayload> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), CaseJson.Options);
    }
}
