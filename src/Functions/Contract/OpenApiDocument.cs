using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;

namespace Workflows.Functions.Contract;

/// <summary>
/// The OpenAPI 3.1 document of the API, built from the code's own declarations: the routes and methods from the HTTP
/// triggers' attributes (<see cref="ApiRouteTable"/>), the event schemas from the event rules the case API enforces
/// (<see cref="CaseProcedureCatalog"/>), the problem rule codes from <see cref="ProblemCatalog"/>. Both hosts serve
/// the same bytes at <c>GET /api/openapi.json</c>.
/// </summary>
public sealed class OpenApiDocument(CaseProcedureCatalog procedures)
{
    public const string Version = "3.1.0";

    /// <summary>UTF-8 as it is (no \uXXXX for Chinese), like every JSON answer of the API.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lazy<string> text = new(() => Build(procedures).ToJsonString(Json));

    /// <summary>The document as JSON text (built once: every input is fixed when the host starts).</summary>
    public string Text => text.Value;

    public static string EventSchemaName(string procedure, string type) => $"event.{procedure}.{type}";

    private static JsonObject Build(CaseProcedureCatalog procedures) =>
        new()
        {
            ["openapi"] = Version,
            ["info"] = new JsonObject
            {
                ["title"] = "工作流接口 / Workflows API",
                ["version"] = "1",
                ["description"] =
                    "河南省漯河市政策汇编所列限时程序的办理接口 / "
                    + "The time-bound procedures of the Henan/Luohe policy compendium. "
                    + "兼容性：仅做增量变更，破坏性变更使用新的路由版本 / "
                    + "Compatibility: additive changes only; a breaking change gets a new route version.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["paths"] = Paths(procedures),
            ["components"] = new JsonObject
            {
                ["schemas"] = Schemas(procedures),
                ["responses"] = new JsonObject { ["Problem"] = ProblemResponse() },
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = "X-Api-Key",
                    },
                },
            },
            ["x-problem-rules"] = new JsonArray([
                .. ProblemCatalog
                    .All.OrderBy(r => r.Code, StringComparer.Ordinal)
                    .Select(r =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["rule"] = r.Code,
                                ["zh"] = r.Zh,
                                ["en"] = r.En,
                                ["type"] = ProblemCatalog.TypePath + r.Code,
                            }
                    ),
            ]),
        };

    private static JsonObject Paths(CaseProcedureCatalog procedures)
    {
        var paths = new JsonObject();
        var byPath = ApiRouteTable.Documented.GroupBy(r => "/api/" + r.Template.Replace("{*", "{", StringComparison.Ordinal));
        foreach (var group in byPath.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var route in group)
            {
                foreach (var method in route.Methods)
                {
                    item[method.ToLowerInvariant()] = Operation(route, method, procedures);
                }
            }

            paths[group.Key] = item;
        }

        return paths;
    }

    private static JsonObject Operation(ApiRoute route, string method, CaseProcedureCatalog procedures)
    {
        var operation = new JsonObject
        {
            ["operationId"] = route.Methods.Count == 1 ? route.Function : route.Function + method[..1] + method[1..].ToLowerInvariant(),
            ["tags"] = new JsonArray(route.Segments[0]),
            ["parameters"] = new JsonArray([
                .. route.Parameters.Select(p => Parameter(p, "path", required: true)),
                .. route.Query.Select(q => Parameter(q, "query", required: false)),
            ]),
            ["responses"] = Responses(route),
        };
        AddAccess(operation, route);
        if (route.Function == "PostCaseEvent")
        {
            operation["requestBody"] = EventBody(procedures);
        }
        else if (ApiRequests.Of(route) is { Count: > 0 } bodies)
        {
            var content = new JsonObject();
            foreach (var body in bodies)
            {
                content[body.MediaType] = new JsonObject { ["schema"] = Js.Ref(body.Schema) };
            }

            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content };
        }

        return operation;
    }

    /// <summary>The route's success answers (<see cref="ApiResponses"/>) and problem+json for every 4xx and 5xx.</summary>
    private static JsonObject Responses(ApiRoute route)
    {
        var responses = new JsonObject();
        foreach (var byStatus in ApiResponses.Of(route).GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            var content = new JsonObject();
            foreach (var answer in byStatus)
            {
                content[answer.MediaType] = answer.Schema is null
                    ? new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["contentMediaType"] = answer.MediaType } }
                    : new JsonObject { ["schema"] = Js.Ref(answer.Schema) };
            }

            var response = new JsonObject { ["description"] = StatusText(byStatus.Key), ["content"] = content };
            if (byStatus.Any(r => r.Location))
            {
                response["headers"] = new JsonObject
                {
                    ["Location"] = new JsonObject
                    {
                        ["description"] = "新资源或其状态的地址 / Where the new resource or its status is",
                        ["schema"] = Js.Str("uri-reference"),
                    },
                };
            }

            responses[byStatus.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        responses["4XX"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" };
        responses["5XX"] = new JsonObject { ["$ref"] = "#/components/responses/Problem" };
        return responses;
    }

    private static string StatusText(int status) =>
        status switch
        {
            200 => "成功 / OK",
            201 => "已创建 / Created",
            202 => "已受理，异步处理 / Accepted, processed asynchronously",
            503 => "不健康 / Unhealthy",
            _ => "成功 / Success",
        };

    /// <summary>Who may call the route (<see cref="RouteAccess"/>, which both hosts enforce): <c>x-callers</c>,
    /// <c>x-roles</c>, the security requirement and one sentence in the description, Chinese first.</summary>
    private static void AddAccess(JsonObject operation, ApiRoute route)
    {
        if (RouteAccess.Of(route) is not { } rule)
        {
            return;
        }

        var callers = rule.Callers switch
        {
            RouteCallers.Anyone => "anyone",
            RouteCallers.SignedIn => "signed-in",
            _ => "roles",
        };
        operation["x-callers"] = callers;
        operation["x-roles"] = new JsonArray([.. rule.RoleNames.Select(r => (JsonNode)r)]);
        operation["security"] = rule.Callers == RouteCallers.Anyone
            ? new JsonArray(new JsonObject())
            : new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() });
        operation["description"] = rule.Callers switch
        {
            RouteCallers.Anyone => "调用者：任何人（无需登录） / Callers: anyone (no sign-in).",
            RouteCallers.SignedIn => "调用者：任一已登录角色，案件范围由访问策略决定（范围外为 404） / "
                + "Callers: any signed-in role; the access policy bounds the cases (out of scope: 404).",
            _ => $"调用者角色 / Caller roles: {string.Join(", ", rule.RoleNames)}（其他角色 403 / other roles 403）.",
        };
    }

    private static JsonObject Parameter(string name, string location, bool required) =>
        new()
        {
            ["name"] = name,
            ["in"] = location,
            ["required"] = required,
            ["schema"] = new JsonObject { ["type"] = "string" },
        };

    private static JsonObject EventBody(CaseProcedureCatalog procedures) =>
        new()
        {
            ["required"] = true,
            ["content"] = new JsonObject
            {
                ["application/json"] = new JsonObject
                {
                    ["schema"] = new JsonObject
                    {
                        ["oneOf"] = new JsonArray([
                            .. Events(procedures)
                                .Select(e =>
                                    (JsonNode)
                                        new JsonObject { ["$ref"] = "#/components/schemas/" + EventSchemaName(e.Procedure, e.Rule.Type) }
                                ),
                        ]),
                    },
                },
                // Issue 16: the events that take documents (EventAttachments) also come as a form with their files.
                ["multipart/form-data"] = EventUploadBody(procedures),
            },
        };

    private static JsonObject EventUploadBody(CaseProcedureCatalog procedures) =>
        new()
        {
            ["schema"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray(Api.EventAttachments.EventPart),
                ["properties"] = new JsonObject
                {
                    [Api.EventAttachments.EventPart] = new JsonObject
                    {
                        ["oneOf"] = new JsonArray([
                            .. Events(procedures)
                                .Where(e => Api.EventAttachments.Takes(e.Procedure, e.Rule.Type))
                                .Select(e =>
                                    (JsonNode)
                                        new JsonObject { ["$ref"] = "#/components/schemas/" + EventSchemaName(e.Procedure, e.Rule.Type) }
                                ),
                        ]),
                    },
                    [Api.EventAttachments.FilesPart] = new JsonObject
                    {
                        ["type"] = "array",
                        ["maxItems"] = Api.EventAttachments.MaxFiles,
                        ["items"] = new JsonObject { ["type"] = "string", ["contentMediaType"] = "application/octet-stream" },
                        ["description"] = "附件：PDF、OFD、图片或办公文档，每件不超过 Limits:MaxDocumentBytes / "
                            + "Documents: PDF, OFD, images or office files, each within Limits:MaxDocumentBytes",
                    },
                },
            },
            ["encoding"] = new JsonObject { [Api.EventAttachments.EventPart] = new JsonObject { ["contentType"] = "application/json" } },
        };

    private static IEnumerable<(string Procedure, CaseEventRule Rule)> Events(CaseProcedureCatalog procedures) =>
        procedures.All.OrderBy(p => p.Name, StringComparer.Ordinal).SelectMany(p => p.Events.Select(e => (p.Name, e)));

    private static JsonObject Schemas(CaseProcedureCatalog procedures)
    {
        var schemas = new JsonObject
        {
            ["Problem"] = ProblemSchema(),
            ["ApiError"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["field"] = new JsonObject { ["type"] = "string" },
                    ["rule"] = RuleSchema(),
                    ["message"] = new JsonObject { ["type"] = "string" },
                },
                ["required"] = new JsonArray("field", "rule", "message"),
            },
        };
        foreach (var (name, schema) in ApiSchemas.All())
        {
            schemas[name] = schema;
        }

        foreach (var (procedure, rule) in Events(procedures))
        {
            schemas[EventSchemaName(procedure, rule.Type)] = EventSchema(procedure, rule);
        }

        return schemas;
    }

    /// <summary>One event: its <c>type</c>, the fields it requires, who may send it and the article (the API's own rule).</summary>
    private static JsonObject EventSchema(string procedure, CaseEventRule rule)
    {
        var properties = new JsonObject { ["type"] = new JsonObject { ["type"] = "string", ["const"] = rule.Type } };
        foreach (var field in Api.EventForms.FieldsOf(rule))
        {
            properties[field.Name] = EventField(field, rule.Article);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["title"] = $"{procedure}: {rule.Type}",
            ["description"] = $"{rule.Description} ({rule.Article})",
            ["properties"] = properties,
            ["required"] = new JsonArray(["type", .. rule.RequiredFields.Select(f => (JsonNode)f)]),
            ["additionalProperties"] = true,
            ["x-procedure"] = procedure,
            ["x-article"] = rule.Article,
            ["x-takes-documents"] = Api.EventAttachments.Takes(procedure, rule.Type),
            ["x-allowed-roles"] = new JsonArray([
                .. rule.AllowedRoles.Select(r => (JsonNode)JsonNamingPolicy.CamelCase.ConvertName(r.ToString())),
            ]),
        };
    }

    /// <summary>A field of an event; a closed vocabulary (materials, Art. 41 grounds, tracker kinds, retrofit status) is
    /// stated as the enumeration the server checks. Other fields keep any JSON type: the event rules check presence.</summary>
    private static JsonObject EventField(Api.EventFormField field, string article)
    {
        var schema = new JsonObject { ["description"] = field.Required ? $"必填 / required ({article})" : $"选填 / optional ({article})" };
        var codes = new JsonArray([.. field.Options.Select(o => (JsonNode)o.Value)]);
        if (codes.Count > 0 && field.Kind == "multi")
        {
            schema["type"] = "array";
            schema["items"] = new JsonObject { ["type"] = "string", ["enum"] = codes };
        }
        else if (codes.Count > 0)
        {
            schema["type"] = "string";
            schema["enum"] = codes;
        }

        return schema;
    }

    private static JsonObject RuleSchema() =>
        new()
        {
            ["type"] = "string",
            ["description"] =
                "规则代码，含义见 x-problem-rules 与 /api/problems/{rule} / Rule code; meanings in x-problem-rules and at /api/problems/{rule}",
            ["enum"] = new JsonArray([
                .. ProblemCatalog.All.Select(r => (JsonNode)r.Code).OrderBy(c => c!.GetValue<string>(), StringComparer.Ordinal),
            ]),
        };

    private static JsonObject ProblemSchema() =>
        new()
        {
            ["type"] = "object",
            ["description"] = "RFC 9457：title 与 detail 均为“中文 / English” / RFC 9457: title and detail are both \"中文 / English\"",
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri-reference" },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer" },
                ["detail"] = new JsonObject { ["type"] = "string" },
                ["rule"] = RuleSchema(),
                ["field"] = new JsonObject { ["type"] = "string" },
                ["errors"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["$ref"] = "#/components/schemas/ApiError" },
                },
            },
            ["required"] = new JsonArray("type", "title", "status", "rule"),
        };

    private static JsonObject ProblemResponse() =>
        new()
        {
            ["description"] = "问题详情 / Problem details",
            ["content"] = new JsonObject
            {
                ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } },
            },
        };
}
