using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Api;

/// <summary>One choice of a closed vocabulary (a material of the catalogue, an Art. 41 ground), Chinese first.</summary>
public sealed record FieldOption(string Value, string LabelZh, string LabelEn);

/// <summary>One field of an event form: its JSON name, how it is entered, whether it is required, its choices.</summary>
/// <param name="Kind"><c>text</c>, <c>textarea</c>, <c>lines</c> (a list of strings, one a line), <c>number</c>,
/// <c>date</c>, <c>boolean</c>, <c>choice</c> (one of <paramref name="Options"/>) or <c>multi</c> (several).</param>
public sealed record EventFormField(string Name, string Kind, bool Required, IReadOnlyList<FieldOption> Options);

/// <summary>A form for one event the caller may send now: the server's declared fields, and whether the UI asks for
/// confirmation (an official's decision cannot be taken back by the sender).</summary>
public sealed record EventForm(string Type, string Article, string Description, bool Confirm, IReadOnlyList<EventFormField> Fields)
{
    /// <summary>The event takes documents (<see cref="EventAttachments"/>): the form sends them with it as multipart/form-data.</summary>
    public bool TakesDocuments { get; init; }
}

/// <summary>
/// Turns the declared events (<see cref="CaseEventRule"/>: type, roles, required fields, article) into forms: the
/// awaited events the principal's role may send, each field with its input kind and, where the law closes the
/// vocabulary, its choices from the same catalogues the validation uses (materials, Art. 19 para 2; grounds, Art. 41;
/// tracker kinds; retrofit status). The server still checks every event; this only decides what the UI offers.
/// </summary>
public static class EventForms
{
    /// <summary>Fields that are optional but meaningful for an event (the note of a correction notice).</summary>
    private static readonly IReadOnlyDictionary<string, string[]> OptionalFields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["request-correction"] = ["note"],
        ["register"] = ["note"],
        ["investigation-finding"] = ["established"],
        ["record-publication"] = ["publishedOn", "where"],
    };

    private static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["missingMaterials"] = "multi",
        ["materials"] = "multi",
        ["ground"] = "choice",
        ["kind"] = "choice",
        ["status"] = "choice",
        ["reasons"] = "lines",
        ["evidence"] = "lines",
        ["departments"] = "lines",
        ["directlyResponsiblePersons"] = "lines",
        ["reason"] = "textarea",
        ["note"] = "textarea",
        ["opinion"] = "textarea",
        ["finding"] = "textarea",
        ["commitmentLetter"] = "textarea",
        ["tonnes"] = "number",
        ["newCoalConsumptionTonnes"] = "number",
        ["date"] = "date",
        ["publishedOn"] = "date",
        ["triggerDate"] = "date",
        ["reportDate"] = "date",
        ["unreachableOrRefused"] = "boolean",
        ["established"] = "boolean",
        ["item"] = "choice",
        ["content"] = "textarea",
    };

    private static readonly Role[] Parties = [Role.Enterprise, Role.ProjectOwner, Role.AffectedParty, Role.ObjectingParty];

    /// <summary>The forms for <paramref name="record"/> as <paramref name="principal"/> sees it: none when the case is
    /// closed, already holds an unprocessed event, or the role only reads.</summary>
    public static IReadOnlyList<EventForm> For(Principal principal, CaseRecord record, ICaseProcedure? procedure)
    {
        if (
            procedure is null
            || record.Closed
            || record.PendingEvent is not null && record.AwaitedEvents.Count == 0
            || !Access.CaseAccess.CanAct(principal, record)
        )
        {
            return [];
        }

        return procedure
            .Events.Where(e => record.AwaitedEvents.Contains(e.Type) && e.AllowedRoles.Contains(principal.Role))
            .Where(e => procedure.Offers(record, e.Type))
            .Select(e => new EventForm(e.Type, e.Article, e.Description, Confirm: !Parties.Contains(principal.Role), Fields(e))
            {
                TakesDocuments = EventAttachments.Takes(procedure.Name, e.Type),
            })
            .ToList();
    }

    /// <summary>Whether the case waits for an event <paramref name="principal"/> may send (the 待办 of that principal).</summary>
    public static bool AwaitsMe(Principal principal, CaseRecord record, ICaseProcedure? procedure) =>
        AwaitsMe(principal, CaseListFacts.Of(record), procedure)
        && procedure!.Events.Any(e =>
            record.AwaitedEvents.Contains(e.Type) && e.AllowedRoles.Contains(principal.Role) && procedure.Offers(record, e.Type)
        );

    /// <summary>The same rule on a list index row's facts (the worklist counts without reading case records); what the
    /// procedure's rules would refuse in the case's data (<see cref="ICaseProcedure.Offers"/>) is left to the case page.</summary>
    public static bool AwaitsMe(Principal principal, CaseListFacts facts, ICaseProcedure? procedure) =>
        procedure is not null
        && !facts.Closed
        && AccessPolicy.CanAct(principal, facts.Access())
        && procedure.Events.Any(e => facts.AwaitedEvents.Contains(e.Type) && e.AllowedRoles.Contains(principal.Role));

    /// <summary>The fields of an event with their kinds and closed vocabularies (the OpenAPI event schemas use them).</summary>
    public static IReadOnlyList<EventFormField> FieldsOf(CaseEventRule rule) => Fields(rule);

    private static List<EventFormField> Fields(CaseEventRule rule)
    {
        var optional = OptionalFields.GetValueOrDefault(rule.Type, []);
        return rule
            .RequiredFields.Select(f => Field(f, required: true))
            .Concat(optional.Where(f => !rule.RequiredFields.Contains(f)).Select(f => Field(f, required: false)))
            .ToList();
    }

    private static EventFormField Field(string name, bool required) =>
        new(name, Kinds.GetValueOrDefault(name, "text"), required, Options(name));

    private static IReadOnlyList<FieldOption> Options(string name) =>
        name switch
        {
            "missingMaterials" or "materials" => RequiredMaterials
                .Catalogue.Values.Select(m => new FieldOption(m.Code, m.NameZh, m.NameEn))
                .ToList(),
            "ground" => Art41Grounds.All.Select(g => new FieldOption(CamelCase(g.Ground.ToString()), g.TextZh, g.TextEn)).ToList(),
            "kind" => TrackerKinds.All.Select(k => new FieldOption(k.Id, k.ObligationZh, k.ObligationEn)).ToList(),
            "status" => RetrofitStatusTexts,
            "item" => PublicationItems.All.Select(i => new FieldOption(i.Code, i.NameZh, i.NameEn)).ToList(),
            _ => [],
        };

    /// <summary>The statuses of a progress report (漯节减办〔2021〕7号 五(三)).</summary>
    private static readonly IReadOnlyList<FieldOption> RetrofitStatusTexts =
    [
        new(CamelCase(nameof(RetrofitStatus.NotStarted)), "未开工", "Not started"),
        new(CamelCase(nameof(RetrofitStatus.InProgress)), "实施中", "In progress"),
        new(CamelCase(nameof(RetrofitStatus.Completed)), "已完成", "Completed"),
    ];

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
