using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Access;

/// <summary>
/// The one place the Functions and LocalHost ask who may list, read, act on and drop what (the table is
/// <see cref="AccessPolicy"/>), and how a case is shaped for the caller (personal data masked unless the caller is an
/// officer of the responsible agency). A case outside the caller's share is answered 404, before anything else is
/// checked, so that nothing about it (its events, its state) leaks.
/// </summary>
public static class CaseAccess
{
    /// <summary>Who may drop files into each watched container, as the blob triggers' real uploaders are granted on
    /// Azure; what the file may contain is checked by <see cref="DropAuthorization"/>.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Role>> DropRoles = new Dictionary<string, IReadOnlyList<Role>>(
        StringComparer.Ordinal
    )
    {
        // The registration authority's own inbox (Decree 746 Art. 18: the authority accepts the application).
        [StorageNames.RegistrationsInbox] = [Role.RegistrationOfficer],
        // 豫发改环资〔2021〕893号 Art. 10: the project unit files, the DRC of the project's place receives.
        [StorageNames.CoalInbox] = [Role.ProjectOwner, Role.MunicipalDrc, Role.ProvincialDrc],
        // Art. 16: the project unit reports; its DRC may file on its behalf (the same roles as the HTTP upload).
        [StorageNames.CoalReports] = [Role.ProjectOwner, Role.MunicipalDrc],
        // 漯节减办〔2021〕7号 五(二): the county offices list their units, the DRCs the whole list.
        [StorageNames.RetrofitInbox] = [Role.CountyOffice, Role.MunicipalDrc, Role.ProvincialDrc],
        // An official calendar changes every deadline: only an administrator activates one.
        [StorageNames.Calendars] = [Role.Administrator],
        // 豫政办〔2021〕65号 （十八）: the provincial DRC publishes the barometer (a file publishes for the province).
        [StorageNames.TwoHighInbox] = [Role.ProvincialDrc],
    };

    public static CaseFacts Facts(CaseRecord record) =>
        new(record.Procedure, record.Agency, record.Usccs, record.ParticipantIds, record.AwaitedEvents);

    public static bool CanRead(Principal principal, CaseRecord record) => AccessPolicy.CanRead(principal, Facts(record));

    public static bool CanAct(Principal principal, CaseRecord record) => AccessPolicy.CanAct(principal, Facts(record));

    /// <summary>A stored document cannot be masked (an ID card scan, the application as filed): only an officer of
    /// the responsible agency, or whoever uploaded it, downloads it.</summary>
    public static bool CanDownload(Principal principal, CaseRecord record, CaseDocument document) =>
        CanRead(principal, record) && (AccessPolicy.SeesPersonalData(principal, Facts(record)) || document.AddedBy == principal.Id);

    public static bool CanDrop(Principal principal, string container) =>
        DropRoles.TryGetValue(container, out var roles) && roles.Contains(principal.Role);

    /// <summary>The partition range a list scans: an agency's jurisdiction (or the narrower agency asked for); for a
    /// party, every agency (its cases may have been filed anywhere) unless it asked for one.</summary>
    public static string? ListRange(Principal principal, string? requestedAgency) =>
        !string.IsNullOrEmpty(requestedAgency) ? requestedAgency
        : AccessPolicy.Of(principal.Role).Scope == CaseScope.Jurisdiction ? principal.Agency
        : null;

    /// <summary>Why an intake was refused: the case would be outside the filer's own share.</summary>
    public static string ReadBackRefusal(Principal actor, CaseFacts facts)
    {
        var policy = AccessPolicy.Of(actor.Role);
        var share = policy.Scope == CaseScope.Jurisdiction ? $"jurisdiction {actor.Agency}" : "cases it is a party to";
        return $"此案件不在您的办理范围内，不予受理 (a {actor.Role} may open only cases it can read back: procedures "
            + $"{string.Join(", ", policy.Procedures)} in its {share}; this would be a '{facts.Procedure}' case of agency {facts.Agency}).";
    }

    /// <summary>A case view for the case page: in full for an officer of the responsible agency, masked otherwise.</summary>
    public static JsonNode ForCasePage(Principal principal, CaseRecord record, object view) =>
        Shape(view, full: AccessPolicy.SeesPersonalData(principal, Facts(record)));

    /// <summary>Any response that is not the responsible officer's case page (lists, digests, other parties): masked.</summary>
    public static JsonNode Masked(object view) => Shape(view, full: false);

    private static JsonNode Shape(object view, bool full)
    {
        var node = JsonSerializer.SerializeToNode(view, CaseJson.Options) ?? new JsonObject();
        return full ? node : Redact(node);
    }

    /// <summary>Masks personal data in place: fields named as such (<see cref="PersonalData.Fields"/>), and ID and
    /// mobile numbers written into any other text (summaries, titles, free-form data).</summary>
    public static JsonNode Redact(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        obj[name] = PersonalData.Fields.TryGetValue(name, out var kind)
                            ? PersonalData.Mask(kind, text)
                            : PersonalData.MaskText(text);
                    }
                    else if (child is not null)
                    {
                        Redact(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        array[i] = PersonalData.MaskText(text);
                    }
                    else if (array[i] is { } child)
                    {
                        Redact(child);
                    }
                }

                break;
        }

        return node;
    }
}
