using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Workflows.Domain.Identifiers;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Contract;

/// <summary>Small builders for JSON Schema 2020-12 (what OpenAPI 3.1 schemas are).</summary>
internal static class Js
{
    public static JsonObject Str(string? format = null) =>
        format is null ? Type("string") : new() { ["type"] = "string", ["format"] = format };

    public static JsonObject Date() => Str("date");

    public static JsonObject Int() => Type("integer");

    public static JsonObject Num() => Type("number");

    public static JsonObject Bool() => Type("boolean");

    /// <summary>Any JSON value (free-form case data, a procedure's own fields).</summary>
    public static JsonObject Any() => [];

    public static JsonObject OrNull(JsonObject schema) => new() { ["anyOf"] = new JsonArray(schema, Type("null")) };

    public static JsonObject Enum(params string[] values) =>
        new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    public static JsonObject Array(JsonNode items) => new() { ["type"] = "array", ["items"] = items };

    public static JsonObject Ref(string component) => new() { ["$ref"] = "#/components/schemas/" + component };

    /// <summary>An object with these properties; fields not listed are allowed (additive changes, README policy).</summary>
    public static JsonObject Obj(string[] required, params (string Name, JsonNode Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        var schemaObject = new JsonObject { ["type"] = "object", ["properties"] = props };
        if (required.Length > 0)
        {
            schemaObject["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        return schemaObject;
    }

    private static JsonObject Type(string type) => new() { ["type"] = type };
}

/// <summary>
/// The response body schemas of the API (components of the OpenAPI document). A typed answer's schema is exported from
/// its C# record with the serializer options the API writes it with (<see cref="CaseJson.Response"/>), so the two
/// cannot drift; the anonymous views of the handlers are described here beside the record they project. Every JSON
/// answer the integration tests receive is validated against these (tests' ContractCheck).
/// </summary>
internal static class ApiSchemas
{
    private static readonly JsonSerializerOptions Exported = new(CaseJson.Response)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static readonly string[] Lights = ["green", "yellow", "red", "grey"];

    public static IEnumerable<(string Name, JsonNode Schema)> All() =>
        [
            ("IntakeAnswer", IntakeAnswer()),
            ("EventAccepted", EventAccepted()),
            ("Case", Case()),
            ("CasePage", CasePage()),
            ("CaseParty", Typed<CaseParty>()),
            ("CaseDeadline", Typed<CaseDeadline>()),
            ("AuditEntry", HistoryEntry()),
            ("CaseActions", CaseActions()),
            ("Worklist", Worklist()),
            ("DeadlineAnswer", DeadlineAnswer()),
            ("CalendarYear", CalendarYear()),
            ("IdentifierCheck", IdentifierCheck()),
            ("Health", Health()),
            ("InstanceStarted", Js.Obj(["id", "statusUrl"], ("id", Js.Str()), ("statusUrl", Js.Str()), ("startedBy", Js.Str()))),
            ("InstanceStatus", InstanceStatus()),
            ("Quarantine", Js.Obj(["total", "items"], ("total", Js.Int()), ("items", Js.Array(Typed<QuarantinedFile>())))),
            ("RegisterEntry", RegisterEntry()),
            ("RegisterPage", Js.Obj(["count", "items"], ("count", Js.Int()), ("items", Js.Array(RegisterEntry())))),
            ("RegisterImported", Js.Obj(["imported", "next"], ("imported", Js.Int()), ("next", Js.Str()))),
            ("DisqualificationsEntered", Js.Obj(["entered", "bans"], ("entered", Js.Int()), ("bans", Js.Array(Js.Any())))),
            (
                "DisqualificationsImported",
                Js.Obj(
                    ["imported", "alreadyRecorded", "bans", "next"],
                    ("imported", Js.Int()),
                    ("alreadyRecorded", Js.Int()),
                    ("bans", Js.Array(Js.Any())),
                    ("next", Js.Str())
                )
            ),
            ("Disqualification", Disqualification()),
            ("Disqualifications", Js.Obj(["count", "items"], ("count", Js.Int()), ("items", Js.Array(Disqualification())))),
            ("CoalSourceRegistered", CoalSourceRegistered()),
            ("CoalAllocation", CoalAllocation()),
            ("CoalProjectSources", CoalProjectSources()),
            ("CoalReportAccepted", Js.Obj(["caseId"], ("caseId", Js.Str()), ("document", Js.Any()))),
            ("CoalSuspension", Typed<StoredSuspension>()),
            ("CoalSuspensionCreated", Js.Obj(["id", "suspension"], ("id", Js.Str()), ("suspension", Js.Any()))),
            ("CoalSuspensions", Js.Array(Js.Ref("CoalSuspension"))),
            ("RetrofitProgramme", RetrofitProgramme()),
            ("RetrofitUnitsImported", RetrofitUnitsImported()),
            ("SweepResult", Typed<SweepResult>()),
            ("SupervisionStats", Typed<SupervisionStats>()),
            ("Digests", Digests()),
            ("Notifications", Notifications()),
            ("AuditVerification", Typed<AuditVerificationResult>()),
            ("ProblemRule", ProblemRule()),
            ("ProblemRules", Js.Array(Js.Ref("ProblemRule"))),
            ("TwoHighBarometerPublished", Js.Obj(["published", "cases"], ("published", Js.Int()), ("cases", Js.Any()))),
            (
                "ProxyPowerObligationsOpened",
                Js.Obj(
                    ["kind", "period", "cases", "created"],
                    ("kind", Js.Str()),
                    ("period", Js.Str()),
                    ("cases", Js.Any()),
                    ("created", Js.Bool())
                )
            ),
            .. ApiRequests.Schemas(),
            ("OpenApiDocument", Js.Obj(["openapi", "info", "paths"], ("openapi", Js.Str()), ("info", Js.Any()), ("paths", Js.Any()))),
        ];

    /// <summary>The schema System.Text.Json writes <typeparamref name="T"/> with (the API's options).</summary>
    public static JsonNode Typed<T>() => Export<T>(Exported);

    /// <summary>The schema <paramref name="options"/> read or write <typeparamref name="T"/> with. Required are exactly
    /// the properties the options require when reading (<c>StrictInputJson</c>: non-nullable ones without a default);
    /// an answer leaves nulls out, so what it writes is described without a required list.</summary>
    public static JsonNode Export<T>(JsonSerializerOptions options) =>
        Portable(
            (
                options.TypeInfoResolver is null
                    ? new JsonSerializerOptions(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }
                    : options
            ).GetJsonSchemaAsNode(typeof(T), new JsonSchemaExporterOptions { TransformSchemaNode = RequiredAsRead })
        );

    private static JsonNode RequiredAsRead(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && schema is JsonObject { } obj && obj.ContainsKey("properties"))
        {
            var required = context.TypeInfo.Properties.Where(p => p.IsRequired).Select(p => (JsonNode)p.Name).ToList();
            obj.Remove("required");
            if (required.Count > 0)
            {
                obj["required"] = new JsonArray([.. required]);
            }
        }

        return schema;
    }

    /// <summary>A schema that stands on its own as a component: the exporter's local references (<c>#/properties/...</c>,
    /// written for a type met twice) inlined, and boolean schemas as objects.</summary>
    private static JsonNode Portable(JsonNode node)
    {
        var source = node.DeepClone();
        for (var pass = 0; pass < 8 && InlineLocalReferences(node, source); pass++)
        {
            source = node.DeepClone();
        }

        return Booleans(node);
    }

    /// <summary>Replaces each <c>{"$ref": "#/..."}</c> with a copy of what it points to in <paramref name="source"/>.</summary>
    private static bool InlineLocalReferences(JsonNode node, JsonNode source)
    {
        var replaced = false;
        foreach (var (parent, key, target) in Children(node).ToList())
        {
            if (
                target is JsonObject { Count: 1 } reference
                && reference["$ref"] is JsonValue r
                && r.GetValue<string>() is ['#', '/', ..] pointer
            )
            {
                var resolved = pointer[2..].Split('/').Aggregate((JsonNode?)source, (at, segment) => at?[segment]);
                if (resolved is not null)
                {
                    Set(parent, key, resolved.DeepClone());
                    replaced = true;
                }
            }
            else if (target is not null)
            {
                replaced |= InlineLocalReferences(target, source);
            }
        }

        return replaced;
    }

    private static IEnumerable<(JsonNode Parent, object Key, JsonNode? Child)> Children(JsonNode node) =>
        node switch
        {
            JsonObject obj => obj.Select(p => ((JsonNode)obj, (object)p.Key, p.Value)),
            JsonArray array => array.Select((item, i) => ((JsonNode)array, (object)i, item)),
            _ => [],
        };

    private static void Set(JsonNode parent, object key, JsonNode value)
    {
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }
    }

    /// <summary>Boolean schemas (<c>true</c>: any value) as <c>{}</c>, which every OpenAPI 3.1 reader takes.</summary>
    private static JsonNode Booleans(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (
                        child is JsonValue v
                        && v.TryGetValue<bool>(out var any)
                        && any
                        && name is not ("additionalProperties" or "unevaluatedProperties")
                    )
                    {
                        obj[name] = new JsonObject();
                    }
                    else if (child is not null)
                    {
                        Booleans(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<bool>(out var any) && any)
                    {
                        array[i] = new JsonObject();
                    }
                    else if (array[i] is { } item)
                    {
                        Booleans(item);
                    }
                }

                break;
        }

        return node is JsonValue b && b.TryGetValue<bool>(out var t) && t ? new JsonObject() : node;
    }

    /// <summary><see cref="IntakeAnswer"/>: the one body of every intake.</summary>
    /// <summary>An entry of the register of market entities (登记簿), as <c>RegisterApi</c> writes it.</summary>
    private static JsonObject RegisterEntry() =>
        Js.Obj(
            ["uscc", "name", "status", "agency"],
            ("uscc", Js.Str()),
            ("name", Js.Str()),
            ("status", Js.Str()),
            ("statusText", Js.Str()),
            ("agency", Js.Str()),
            ("entityType", Js.OrNull(Js.Str())),
            ("history", Js.Array(Js.Any()))
        );

    private static JsonObject Disqualification() =>
        Js.Obj(
            ["reference", "status", "personName", "personIdNumber", "article", "startDate"],
            ("reference", Js.Str()),
            ("status", Js.Str()),
            ("statusText", Js.Str()),
            ("personName", Js.Str()),
            ("personIdNumber", Js.Str()),
            ("reason", Js.Str()),
            ("article", Js.Str()),
            ("startDate", Js.Str()),
            ("endDate", Js.OrNull(Js.Str())),
            ("liftedOn", Js.OrNull(Js.Str())),
            ("liftReason", Js.OrNull(Js.Str()))
        );

    private static JsonObject IntakeAnswer() =>
        Js.Obj(
            ["caseId", "procedure", "created", "location"],
            ("caseId", Js.Str()),
            ("procedure", Js.Str()),
            ("created", Js.Bool()),
            ("location", Js.Str("uri-reference"))
        );

    private static JsonObject EventAccepted() =>
        Js.Obj(
            ["caseId", "eventId", "type", "statusUrl"],
            ("caseId", Js.Str()),
            ("eventId", Js.Str()),
            ("type", Js.Str()),
            ("stage", Js.Int()),
            ("replayed", Js.Bool()),
            ("statusUrl", Js.Str("uri-reference"))
        );

    /// <summary>Procedures, states and event types in one casing: lower-case kebab (<c>under-review</c>).</summary>
    public const string KebabCase = "^[a-z0-9]+(-[a-z0-9]+)*$";

    /// <summary>Roles in one casing: camelCase as in the event catalogue (<c>registrationOfficer</c>, <c>system</c>).</summary>
    public const string CamelCase = "^[a-z][A-Za-z0-9]*$";

    private static JsonObject Code(string pattern) => new() { ["type"] = "string", ["pattern"] = pattern };

    /// <summary>An audit row as the case page writes it: the role in the API's casing.</summary>
    private static JsonNode HistoryEntry()
    {
        var entry = Typed<AuditEntry>();
        entry["properties"]!["actorRole"] = Code(CamelCase);
        return entry;
    }

    /// <summary><see cref="CasesApi.View"/>: a case page (with <c>history</c>) or a list item (without).</summary>
    private static JsonObject Case() =>
        Js.Obj(
            ["id", "procedure", "agency", "title", "state", "light", "closed", "createdUtc", "stage"],
            ("id", Js.Str()),
            ("procedure", Code(KebabCase)),
            ("agency", Js.Str()),
            ("title", Js.Str()),
            ("state", Code(KebabCase)),
            ("light", Js.Enum(Lights)),
            ("closed", Js.Bool()),
            ("outcome", Js.Str()),
            ("late", Js.Bool()),
            ("onTime", Js.Bool()),
            ("createdUtc", Js.Str("date-time")),
            ("updatedUtc", Js.Str("date-time")),
            ("closedUtc", Js.Str("date-time")),
            ("parties", Js.Array(Js.Ref("CaseParty"))),
            ("usccs", Js.Array(Js.Str())),
            ("deadline", Js.Ref("CaseDeadline")),
            ("awaitedEvents", Js.Array(Code(KebabCase))),
            ("stage", Js.Int()),
            ("documents", Js.Array(CaseDocument())),
            ("data", Js.Any()),
            ("history", Js.Array(Js.Ref("AuditEntry"))),
            ("afterEvent", Js.Obj(["eventId", "recorded"], ("eventId", Js.Str()), ("recorded", Js.Bool())))
        );

    private static JsonObject CaseDocument() =>
        Js.Obj(
            ["name", "contentType", "length", "url"],
            ("name", Js.Str()),
            ("contentType", Js.Str()),
            ("length", Js.Int()),
            ("sha256", Js.Str()),
            ("addedUtc", Js.Str("date-time")),
            ("addedBy", Js.Str()),
            ("url", Js.Str("uri-reference"))
        );

    private static JsonObject CasePage() =>
        Js.Obj(
            ["pageSize", "items"],
            ("page", Js.Int()),
            ("pageSize", Js.Int()),
            ("total", Js.Int()),
            ("continuationToken", Js.Str()),
            ("next", Js.Str("uri-reference")),
            ("items", Js.Array(Js.Ref("Case")))
        );

    private static JsonObject CaseActions() =>
        Js.Obj(
            ["caseId", "stage", "state", "items"],
            ("caseId", Js.Str()),
            ("stage", Js.Int()),
            ("state", Js.Str()),
            ("items", Js.Array(Typed<EventForm>()))
        );

    private static JsonObject Worklist() =>
        Js.Obj(
            ["page", "pageSize", "total", "lights", "items"],
            ("page", Js.Int()),
            ("pageSize", Js.Int()),
            ("total", Js.Int()),
            ("lights", new JsonObject { ["type"] = "object", ["additionalProperties"] = Js.Int() }),
            ("procedures", Js.Array(Js.Str())),
            ("items", Js.Array(WorklistItem()))
        );

    /// <summary>One row of 待办 (<see cref="WorklistApi"/>): the case's list fields and whether it awaits the caller.</summary>
    private static JsonObject WorklistItem() =>
        Js.Obj(
            ["id", "procedure", "agency", "title", "state", "light", "closed", "awaitsMe"],
            ("id", Js.Str()),
            ("procedure", Code(KebabCase)),
            ("agency", Js.Str()),
            ("title", Js.Str()),
            ("state", Code(KebabCase)),
            ("light", Js.Enum(Lights)),
            ("closed", Js.Bool()),
            ("late", Js.Bool()),
            ("usccs", Js.Array(Js.Str())),
            ("deadline", Js.Ref("CaseDeadline")),
            ("awaitedEvents", Js.Array(Code(KebabCase))),
            ("awaitsMe", Js.Bool())
        );

    /// <summary><see cref="CalendarApi.ToJson"/>.</summary>
    private static JsonObject DeadlineAnswer() =>
        Js.Obj(
            ["deadline", "deadlineUtc", "provisional", "rule", "legalBasis", "start", "amount", "explanation"],
            ("deadline", Js.Date()),
            ("deadlineUtc", Js.Str("date-time")),
            ("provisional", Js.Bool()),
            ("rule", Js.Str()),
            ("legalBasis", Js.Str()),
            ("start", Js.Date()),
            ("amount", Js.Int()),
            ("explanation", Js.Array(Js.Str())),
            ("windowStart", Js.OrNull(Js.Date())),
            ("windowEnd", Js.OrNull(Js.Date()))
        );

    private static JsonObject CalendarYear()
    {
        var day = Js.Obj(["date", "name"], ("date", Js.Date()), ("name", Js.Str()), ("provisional", Js.Bool()), ("source", Js.Any()));
        return Js.Obj(
            ["year", "status", "provisional", "restDays", "makeUpWorkingDays"],
            ("year", Js.Int()),
            ("status", Js.Enum("official", "provisional")),
            ("provisional", Js.Bool()),
            ("notice", Js.OrNull(Js.Str())),
            ("papers", Js.Array(Js.Str())),
            ("restDays", Js.Array(day)),
            ("makeUpWorkingDays", Js.Array(day.DeepClone()))
        );
    }

    /// <summary><see cref="IdentifiersApi"/>: valid with the code's parts, or the rule that failed.</summary>
    private static JsonObject IdentifierCheck() =>
        Js.Obj(
            ["valid"],
            ("valid", Js.Bool()),
            ("code", Js.Str()),
            ("id", Js.Str()),
            ("error", Typed<IdentifierError>()),
            ("birthDate", Js.Date()),
            ("addressCode", Js.Str()),
            ("divisionCode", Js.Str())
        );

    private static JsonObject Health()
    {
        var probe = Js.Obj(["ok"], ("ok", Js.Bool()), ("error", Js.OrNull(Js.Str())));
        return Js.Obj(
            ["storage", "taskHub", "status"],
            ("storage", probe),
            ("taskHub", probe.DeepClone()),
            ("status", Js.Enum("healthy", "unhealthy"))
        );
    }

    private static JsonObject InstanceStatus() =>
        Js.Obj(
            ["id", "runtimeStatus", "failed"],
            ("id", Js.Str()),
            ("name", Js.Str()),
            ("caseId", Js.OrNull(Js.Str())),
            ("runtimeStatus", Js.Str()),
            ("createdAt", Js.Str("date-time")),
            ("lastUpdatedAt", Js.Str("date-time")),
            ("failed", Js.Bool()),
            ("probe", Js.Any())
        );

    private static JsonObject CoalSourceRegistered() =>
        Js.Obj(["sourceId", "registered"], ("sourceId", Js.Str()), ("registered", Js.Bool()), ("reductionTonnes", Js.Num()));

    private static JsonObject CoalAllocation() =>
        Js.Obj(
            ["caseId", "sourceId", "tonnes", "securedTonnes", "achievedTonnes"],
            ("caseId", Js.Str()),
            ("sourceId", Js.Str()),
            ("tonnes", Js.Num()),
            ("securedTonnes", Js.Num()),
            ("achievedTonnes", Js.Num())
        );

    private static JsonObject CoalProjectSources() =>
        Js.Obj(
            ["caseId", "today", "securedTonnes", "achievedTonnes", "sources"],
            ("caseId", Js.Str()),
            ("today", Js.Date()),
            ("substitutionTonnes", Js.OrNull(Js.Num())),
            ("requiredBeforeReview", Js.OrNull(Js.Num())),
            ("securedTonnes", Js.Num()),
            ("achievedTonnes", Js.Num()),
            (
                "sources",
                Js.Array(
                    Js.Obj(
                        ["sourceId", "tonnes", "allocatedOn", "achieved"],
                        ("sourceId", Js.Str()),
                        ("description", Js.OrNull(Js.Str())),
                        ("tonnes", Js.Num()),
                        ("allocatedOn", Js.Date()),
                        ("achievedFrom", Js.OrNull(Js.Date())),
                        ("achieved", Js.Bool())
                    )
                )
            )
        );

    private static JsonObject RetrofitProgramme() =>
        Js.Obj(
            ["id", "title", "firstYear", "lastYear"],
            ("id", Js.Str()),
            ("title", Js.Str()),
            ("firstYear", Js.Int()),
            ("lastYear", Js.Int())
        );

    private static JsonObject RetrofitUnitsImported() =>
        Js.Obj(
            ["programmeId", "imported", "next"],
            ("programmeId", Js.Str()),
            ("imported", Js.Int()),
            ("caseId", Js.Str()),
            ("next", Js.Str())
        );

    private static JsonObject Digests()
    {
        var file = Js.Obj(["format", "name", "url"], ("format", Js.Str()), ("name", Js.Str()), ("length", Js.Int()), ("url", Js.Str()));
        var digest = Js.Obj(
            ["agency", "department", "date", "files"],
            ("agency", Js.Str()),
            ("department", Js.Str()),
            ("departmentName", Js.Str()),
            ("date", Js.Str()),
            ("files", Js.Array(file))
        );
        return Js.Obj(["agency", "items"], ("agency", Js.Str()), ("items", Js.Array(digest)));
    }

    private static JsonObject Notifications() =>
        Js.Obj(
            ["page", "pageSize", "total", "items"],
            ("date", Js.Str()),
            ("status", Js.Str()),
            ("page", Js.Int()),
            ("pageSize", Js.Int()),
            ("total", Js.Int()),
            ("items", Js.Array(Typed<OutboxMessage>()))
        );

    private static JsonObject ProblemRule() =>
        Js.Obj(["rule", "zh", "en", "type"], ("rule", Js.Str()), ("zh", Js.Str()), ("en", Js.Str()), ("type", Js.Str("uri-reference")));
}
