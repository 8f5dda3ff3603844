using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Access;

/// <summary>
/// Whether a principal may drop a file into a watched container: the role (<see cref="CaseAccess.DropRoles"/>) and
/// the jurisdiction of the file's content. LocalHost's <c>PUT /local/blobs</c> asks it before storing anything; on
/// Azure the same roles are the ones granted upload rights, and the drop handlers act for the container.
/// </summary>
public sealed class DropAuthorization(
    CaseStore cases,
    RetrofitStore retrofit,
    KeyUnitsImporter importer,
    IOptions<MarketEntitiesOptions> market
)
{
    /// <summary>Null when the drop is allowed; otherwise the 403/404 problem to return.</summary>
    public async Task<IResult?> CheckAsync(
        Principal principal,
        string container,
        string name,
        byte[] data,
        CancellationToken cancellationToken
    )
    {
        if (!CaseAccess.CanDrop(principal, container))
        {
            var roles = CaseAccess.DropRoles.TryGetValue(container, out var r) ? string.Join(", ", r) : "nobody";
            return ApiProblems.Forbidden(
                $"无权向 {container} 投递文件 (role '{principal.Role}' may not drop files into '{container}'; allowed: {roles})."
            );
        }

        return container switch
        {
            StorageNames.RegistrationsInbox => Covers(principal, market.Value.InboxAgency, "the registrations inbox"),
            StorageNames.CoalInbox => CoalFiling(principal, data),
            StorageNames.CoalReports => await CoalReportAsync(principal, name, cancellationToken).ConfigureAwait(false),
            StorageNames.RetrofitInbox => await UnitsListAsync(principal, name, data, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
    }

    private static IResult? Covers(Principal principal, string agency, string what) =>
        Jurisdiction.Covers(principal.Agency, agency)
            ? null
            : ApiProblems.Forbidden(
                $"超出本机关管辖范围 ({what} belongs to agency {agency}, outside your jurisdiction {principal.Agency})."
            );

    /// <summary>A coal filing: a project owner files only its own project, a DRC only inside its jurisdiction (Art. 10).
    /// An unreadable file is let through: the drop handler quarantines it without opening anything.</summary>
    private static IResult? CoalFiling(Principal principal, byte[] data)
    {
        CoalProjectIntake? filing;
        try
        {
            filing = JsonSerializer.Deserialize<CoalProjectIntake>(data, EnergyJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }

        if (filing?.Location is null)
        {
            return null;
        }

        if (principal.Role == Role.ProjectOwner)
        {
            return string.Equals(principal.Uscc, filing.OwnerUscc, StringComparison.OrdinalIgnoreCase)
                ? null
                : ApiProblems.Forbidden(
                    $"项目单位只能报送本单位项目 (a project owner files only its own projects: "
                        + $"the filing names {filing.OwnerUscc}, you are {principal.Uscc})."
                );
        }

        var where = $"The project in {filing.Location.City}{filing.Location.County}";
        return Covers(principal, HenanDivisions.AgencyOf(filing.Location), where);
    }

    /// <summary><c>&lt;caseId&gt;/&lt;file&gt;</c>: only on a coal case the uploader may act on; any other is not found.</summary>
    private async Task<IResult?> CoalReportAsync(Principal principal, string name, CancellationToken cancellationToken)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var record = slash > 0 ? await cases.GetAsync(name[..slash], cancellationToken).ConfigureAwait(false) : null;
        return record is not null && record.Procedure == CoalSubstitutionProcedure.ProcedureName && CaseAccess.CanAct(principal, record)
            ? null
            : ApiProblems.NotFound($"未找到该耗煤项目 (no coal project '{(slash > 0 ? name[..slash] : name)}' in your jurisdiction).");
    }

    /// <summary><c>&lt;programmeId&gt;/&lt;file&gt;</c>: every unit in the uploader's jurisdiction, none re-homed from
    /// outside it.</summary>
    private async Task<IResult?> UnitsListAsync(Principal principal, string name, byte[] data, CancellationToken cancellationToken)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var programme = slash > 0 ? name[..slash] : null;
        var read = importer.Read(name, data);
        if (programme is null || read.Good.Count == 0)
        {
            return null;
        }

        var existing = await retrofit.ListUnitsAsync(programme, cancellationToken).ConfigureAwait(false);
        var errors = KeyUnitsOwnership.Check(principal, read.Good, existing);
        return errors.Count == 0 ? null : ApiProblems.Forbidden(string.Join(" ", errors.Select(e => e.Message)));
    }
}

/// <summary>
/// Ownership of a units list (漯节减办〔2021〕7号 五(二)): a county office lists only the units of its county and may
/// not move another county's unit into its own (that would also shift both counties' checkpoint shares).
/// </summary>
public static class KeyUnitsOwnership
{
    public static IReadOnlyList<ApiError> Check(Principal actor, IReadOnlyList<KeyEnergyUnit> units, IReadOnlyList<KeyEnergyUnit> existing)
    {
        var before = existing.ToDictionary(u => u.Uscc, StringComparer.OrdinalIgnoreCase);
        var errors = new List<ApiError>();
        foreach (var unit in units)
        {
            var agency = HenanDivisions.LuoheCounty(unit.County);
            if (!Jurisdiction.Covers(actor.Agency, agency))
            {
                errors.Add(
                    new ApiError(
                        $"uscc {unit.Uscc}",
                        "units.county.outside-jurisdiction",
                        $"该单位不在本机关管辖范围内 (unit {unit.Uscc} is in {unit.County} ({agency}), outside your jurisdiction {actor.Agency})."
                    )
                );
            }
            else if (
                before.TryGetValue(unit.Uscc, out var listed)
                && HenanDivisions.LuoheCounty(listed.County) is var was
                && !Jurisdiction.Covers(actor.Agency, was)
            )
            {
                errors.Add(
                    new ApiError(
                        $"uscc {unit.Uscc}",
                        "units.county.rehome",
                        $"不得变更其他县区重点用能单位的归属 (unit {unit.Uscc} is listed under {listed.County} ({was}); "
                            + "only that county's office or a DRC above it may move it)."
                    )
                );
            }
        }

        return errors;
    }
}
