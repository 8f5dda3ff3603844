using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.MarketEntities;

namespace Workflows.Functions.Contract;

/// <summary>The body a route reads: media type and schema (a component of the document).</summary>
public sealed record ApiRequestBody(string MediaType, string Schema);

/// <summary>
/// The request bodies of the routes, by function name, and their schemas. A body the handler deserializes into a model
/// is described by exporting that model with the very options the handler reads it with (<c>InputOptions</c>: the
/// fields it requires, their types, the closed vocabularies of its enums), plus the fields the handler reads beside the
/// model (dates of acceptance and receipt). The files dropped into the inbox containers are described too, so every
/// sample under <c>samples/</c> has a schema to validate against.
/// </summary>
public static class ApiRequests
{
    public const string Csv = "text/csv";

    /// <summary><c>POST /api/cases/{id}/events</c> has its own body (one schema per declared event).</summary>
    public const string EventBodyFunction = "PostCaseEvent";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ApiRequestBody>> ByFunction = new Dictionary<
        string,
        IReadOnlyList<ApiRequestBody>
    >(StringComparer.Ordinal)
    {
        ["PostRegistration"] = [Json("RegistrationApplication")],
        ["PostSimplifiedDeregistration"] = [Json("SimplifiedDeregistrationRequest")],
        ["PostIndividualBusinessDeregistration"] = [Json("SimplifiedDeregistrationRequest")],
        ["PostRevocation"] = [Json("RevocationApplication")],
        ["PostTracker"] = [Json("TrackerStart")],
        ["CreateCoalProject"] = [Json("CoalProjectIntake")],
        ["RegisterCoalSource"] = [Json("SubstitutionSource")],
        ["AllocateCoalSource"] = [Json("CoalAllocationRequest")],
        ["UploadCoalReport"] = [new("application/octet-stream", "FileUpload"), new("multipart/form-data", "FileForm")],
        ["CreateCoalSuspension"] = [Json("CoalSuspensionRequest")],
        ["CreateRetrofitProgramme"] = [Json("RetrofitProgramme")],
        ["ImportRetrofitUnits"] =
        [
            new(Csv, "KeyUnitsCsv"),
            new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "FileUpload"),
        ],
        ["CreateRetrofitProject"] = [Json("RetrofitProjectRequest")],
        ["StartTimerProbe"] = [Json("TimerProbeRequest")],
        ["OpenProxyPowerObligations"] = [Json("ProxyPowerObligationRequest")],
        ["OpenProxyPowerUser"] = [Json("ProxyUserRequest")],
        ["PublishTwoHighBarometer"] = [Json("TwoHighBarometerRows")],
        ["ListTwoHighProject"] = [Json("TwoHighProjectListing")],
    };

    /// <summary>The drop containers' JSON files (not routes: blob drops) that share or add a schema.</summary>
    public static readonly IReadOnlyDictionary<string, string> DropSchemas = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["registrations-inbox"] = "RegistrationApplication",
        ["coal-inbox"] = "CoalProjectIntake",
        ["retrofit-inbox"] = "KeyUnitsCsv",
        ["calendars"] = "CalendarYearFile",
        ["twohigh-inbox"] = "TwoHighBarometerCsv",
    };

    public static IReadOnlyList<ApiRequestBody> Of(ApiRoute route) => ByFunction.GetValueOrDefault(route.Function) ?? [];

    private static ApiRequestBody Json(string schema) => new(ApiResponses.Json, schema);

    internal static IEnumerable<(string Name, JsonNode Schema)> Schemas() =>
        [
            (
                "RegistrationApplication",
                With(Input<RegistrationApplication>(MarketEntityJson.InputOptions), AcceptedOn(), RegisterOnTheSpot())
            ),
            ("SimplifiedDeregistrationRequest", With(Input<SimplifiedDeregistrationRequest>(MarketEntityJson.InputOptions), NoticeStart())),
            ("RevocationApplication", Input<RevocationApplication>(MarketEntityJson.InputOptions)),
            ("TrackerStart", TrackerStart()),
            ("CoalProjectIntake", Input<CoalProjectIntake>(EnergyJson.InputOptions)),
            ("SubstitutionSource", Input<SubstitutionSource>(EnergyJson.InputOptions)),
            ("CoalAllocationRequest", Js.Obj(["sourceId", "tonnes"], ("sourceId", Js.Str()), ("tonnes", Js.Num()))),
            ("CoalSuspensionRequest", CoalSuspension()),
            ("RetrofitProgramme", Input<RetrofitProgramme>(EnergyJson.Options)),
            (
                "RetrofitProjectRequest",
                Js.Obj(["programmeId", "project"], ("programmeId", Js.Str()), ("project", Input<RetrofitProject>(EnergyJson.InputOptions)))
            ),
            ("TimerProbeRequest", Js.Obj([], ("delaySeconds", Js.Int()), ("note", Js.Str()))),
            ("CalendarYearFile", Input<CalendarYearFile>(new JsonSerializerOptions(JsonSerializerDefaults.Web))),
            ("KeyUnitsCsv", KeyUnitsCsv()),
            ("FileUpload", new JsonObject { ["type"] = "string", ["contentMediaType"] = "application/octet-stream" }),
            (
                "FileForm",
                Js.Obj(["file"], ("file", new JsonObject { ["type"] = "string", ["contentMediaType"] = "application/octet-stream" }))
            ),
            (
                "ProxyPowerObligationRequest",
                Js.Obj(["kind", "period"], ("kind", Js.Enum([.. Power.PowerObligationKinds.All])), ("period", Js.Str()))
            ),
            ("ProxyUserRequest", Input<Power.ProxyUserRequest>(EnergyJson.InputOptions)),
            ("TwoHighBarometerRows", TwoHighBarometerRows()),
            ("TwoHighProjectListing", Input<TwoHigh.TwoHighProjectListing>(EnergyJson.InputOptions)),
            ("TwoHighBarometerCsv", TwoHighBarometerCsv()),
        ];

    private static JsonNode Input<T>(JsonSerializerOptions options) => ApiSchemas.Export<T>(options);

    /// <summary>Fields a handler reads from the body beside its model.</summary>
    private static JsonNode With(JsonNode model, params (string Name, JsonNode Schema)[] fields)
    {
        var properties = model["properties"]!.AsObject();
        foreach (var (name, schema) in fields)
        {
            properties[name] = schema;
        }

        return model;
    }

    private static (string, JsonNode) AcceptedOn() =>
        (
            MarketEntities.MarketEntityIntake.AcceptedOnField,
            Described(Js.Date(), "受理日期（默认今天） / Date of acceptance (default: today), Decree 746 Art. 19")
        );

    private static (string, JsonNode) RegisterOnTheSpot() =>
        (
            "registerOnTheSpot",
            Described(Js.Bool(), "当场登记（仅登记机关经办人） / Register on the spot (registration officer only), Art. 19")
        );

    private static (string, JsonNode) NoticeStart() =>
        ("noticeStart", Described(Js.Date(), "公示起始日（默认今天） / First day of the public notice (default: today), Art. 33"));

    private static JsonObject TrackerStart() =>
        Js.Obj(
            ["kind"],
            ("kind", Js.Str()),
            ("uscc", Js.Str()),
            ("entityName", Js.Str()),
            ("triggerDate", Js.Date()),
            ("startDate", Described(Js.Date(), "triggerDate 的旧名 / Older name of triggerDate")),
            ("triggerDescription", Js.Str())
        );

    private static JsonObject CoalSuspension() =>
        Js.Obj(
            ["city", "from"],
            ("city", Js.Str()),
            ("county", Js.Str()),
            ("from", Js.Date()),
            ("until", Js.Date()),
            ("targetYear", Js.Int()),
            ("reason", Js.Str())
        );

    /// <summary>A units list (CSV, UTF-8 or GB18030): the columns of <see cref="KeyUnitsRowValidator.Columns"/>, by
    /// those names or the Chinese headers of the provincial form.</summary>
    private static JsonObject KeyUnitsCsv() =>
        new()
        {
            ["type"] = "string",
            ["contentMediaType"] = Csv,
            ["description"] = "重点用能单位名单 / Key energy-using units list (漯节减办〔2021〕7号)",
            ["x-columns"] = new JsonArray([.. KeyUnitsRowValidator.Columns.Select(c => (JsonNode)c)]),
        };

    /// <summary>豫政办〔2021〕65号 （十八）: a month's barometer rows, a region each (the CSV's columns as properties).</summary>
    private static JsonObject TwoHighBarometerRows()
    {
        var row = Js.Obj(
            ["city", "month", "intensityReductionPercent", "intensityTargetPercent", "energyTotalTce", "energyCapTce", "coalTotalTonnes",
                "coalCapTonnes"],
            ("city", Js.Str()),
            ("county", Js.Str()),
            ("month", Described(Js.Str(), "月份，如 2021-09 / The month, e.g. 2021-09")),
            ("intensityReductionPercent", Js.Num()),
            ("intensityTargetPercent", Js.Num()),
            ("energyTotalTce", Js.Num()),
            ("energyCapTce", Js.Num()),
            ("coalTotalTonnes", Js.Num()),
            ("coalCapTonnes", Js.Num())
        );
        return Js.Obj(["rows"], ("rows", Js.Array(row)));
    }

    /// <summary>The barometer as a file (CSV, UTF-8 or GB18030; or XLSX with the same header row).</summary>
    private static JsonObject TwoHighBarometerCsv() =>
        new()
        {
            ["type"] = "string",
            ["contentMediaType"] = Csv,
            ["description"] = "能耗“双控”和煤炭消费总量控制目标完成情况“晴雨表” / The monthly barometer (豫政办〔2021〕65号 （十八）)",
            ["x-columns"] = new JsonArray([.. Workflows.Domain.TwoHigh.BarometerRowValidator.Columns.Select(c => (JsonNode)c)]),
        };

    private static JsonObject Described(JsonObject schema, string description)
    {
        schema["description"] = description;
        return schema;
    }
}
