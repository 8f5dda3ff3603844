using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Functions.Http;

namespace Workflows.Functions.Contract;

/// <summary>Who may call a route at all: anyone, any signed-in principal, or only some roles. Which cases a signed-in
/// caller then sees is the access policy's part (<see cref="AccessPolicy"/>: out of scope is 404).</summary>
public enum RouteCallers
{
    Anyone,
    SignedIn,
    Roles,
}

/// <summary>The callers of one route; <see cref="Roles"/> is every role for <see cref="RouteCallers.SignedIn"/>.</summary>
public sealed record RouteAccessRule(RouteCallers Callers, IReadOnlyList<Role> Roles)
{
    public static readonly RouteAccessRule Anyone = new(RouteCallers.Anyone, []);

    public static readonly RouteAccessRule SignedIn = new(RouteCallers.SignedIn, Enum.GetValues<Role>());

    public static RouteAccessRule Only(params Role[] roles) => new(RouteCallers.Roles, roles);

    /// <summary>The roles as the API writes them (camelCase, as in the event catalogue).</summary>
    public IReadOnlyList<string> RoleNames => [.. Roles.Select(RouteAccess.RoleName)];
}

/// <summary>
/// The one declaration of who may call each HTTP route (by its function name). Both hosts enforce it before the handler
/// runs (<see cref="RouteGate"/>: 401 without a principal, 403 for another role, the answers of
/// <see cref="RequestAuthorization"/>), and the OpenAPI document states it (<c>x-roles</c>, <c>x-callers</c>, security),
/// so the document cannot promise a role the host refuses. Handlers keep their own checks (defence in depth).
/// </summary>
public static class RouteAccess
{
    private static readonly Role[] Officials =
    [
        Role.RegistrationOfficer,
        Role.AuthorityHead,
        Role.MunicipalDrc,
        Role.ProvincialDrc,
        Role.CountyOffice,
        Role.Administrator,
    ];

    /// <summary>By function name. A route missing here has no documented callers: the contract tests fail on it.</summary>
    public static readonly IReadOnlyDictionary<string, RouteAccessRule> ByFunction = new Dictionary<string, RouteAccessRule>(
        StringComparer.Ordinal
    )
    {
        // Public reads: the legal calendar, identifier checks, health and the contract itself.
        ["Health"] = RouteAccessRule.Anyone,
        ["GetCalendarDeadline"] = RouteAccessRule.Anyone,
        ["GetCalendarYear"] = RouteAccessRule.Anyone,
        ["CheckUscc"] = RouteAccessRule.Anyone,
        ["CheckResidentId"] = RouteAccessRule.Anyone,
        ["GetOpenApiDocument"] = RouteAccessRule.Anyone,
        ["ListProblemRules"] = RouteAccessRule.Anyone,
        ["GetProblemRule"] = RouteAccessRule.Anyone,
        ["ApiDocs"] = RouteAccessRule.Anyone,
        ["Dashboard"] = RouteAccessRule.Anyone,
        // Case routes: any role, bounded per case by the access policy (and per event by the event catalogue).
        ["ListCases"] = RouteAccessRule.SignedIn,
        ["GetCase"] = RouteAccessRule.SignedIn,
        ["PostCaseEvent"] = RouteAccessRule.SignedIn,
        ["GetCaseDocument"] = RouteAccessRule.SignedIn,
        ["GetCaseActions"] = RouteAccessRule.SignedIn,
        ["ListWorklist"] = RouteAccessRule.SignedIn,
        ["ListNotifications"] = RouteAccessRule.SignedIn,
        ["StartTimerProbe"] = RouteAccessRule.SignedIn,
        ["GetInstance"] = RouteAccessRule.SignedIn,
        ["VerifyCaseAudit"] = RouteAccessRule.Only(Role.Administrator, Role.Supervisor, Role.AuthorityHead),
        // Decree 746 intake: the applicant (Arts. 15-21, 33) or the officer at the counter; revocation: an affected party (Art. 40).
        ["PostRegistration"] = RouteAccessRule.Only(Role.Enterprise, Role.RegistrationOfficer),
        ["PostSimplifiedDeregistration"] = RouteAccessRule.Only(Role.Enterprise),
        ["PostIndividualBusinessDeregistration"] = RouteAccessRule.Only(Role.Enterprise),
        ["PostRevocation"] = RouteAccessRule.Only(Role.AffectedParty),
        ["PostTracker"] = RouteAccessRule.Only(Role.Enterprise, Role.RegistrationOfficer),
        // Coal substitution (豫发改环资〔2021〕893号): the project owner and the municipal office; suspensions: the province (Art. 19).
        ["CreateCoalProject"] = RouteAccessRule.Only(Role.ProjectOwner, Role.MunicipalDrc),
        ["RegisterCoalSource"] = RouteAccessRule.Only(Role.ProjectOwner, Role.MunicipalDrc, Role.CountyOffice, Role.ProvincialDrc),
        ["AllocateCoalSource"] = RouteAccessRule.Only(Role.ProjectOwner, Role.MunicipalDrc),
        ["ListCoalProjectSources"] = RouteAccessRule.SignedIn,
        ["UploadCoalReport"] = RouteAccessRule.Only(Role.ProjectOwner, Role.MunicipalDrc),
        // Art. 19: the provincial DRC for a city, a city DRC for a county of its own city (the handler checks which).
        ["CreateCoalSuspension"] = RouteAccessRule.Only(Role.ProvincialDrc, Role.MunicipalDrc),
        ["ListCoalSuspensions"] = RouteAccessRule.SignedIn,
        ["LiftCoalSuspension"] = RouteAccessRule.Only(Role.ProvincialDrc, Role.MunicipalDrc),
        // Retrofit programme (漯节减办〔2021〕7号): the energy offices; projects also their owners.
        ["CreateRetrofitProgramme"] = RouteAccessRule.Only(Role.MunicipalDrc, Role.ProvincialDrc),
        ["StartRetrofitProgramme"] = RouteAccessRule.Only(Role.MunicipalDrc, Role.ProvincialDrc),
        ["ImportRetrofitUnits"] = RouteAccessRule.Only(Role.MunicipalDrc, Role.ProvincialDrc, Role.CountyOffice),
        ["CreateRetrofitProject"] = RouteAccessRule.Only(Role.ProjectOwner, Role.CountyOffice, Role.MunicipalDrc),
        // Supervision: the sweep on demand is the administrator's; statistics and digests the agencies' and supervisors'.
        ["RunComplianceSweep"] = RouteAccessRule.Only(Role.Administrator),
        ["GetSupervisionStats"] = RouteAccessRule.Only([.. Officials, Role.Supervisor, Role.IntellectualPropertyOffice]),
        ["GetDigests"] = RouteAccessRule.Only([.. Officials, Role.Supervisor, Role.IntellectualPropertyOffice]),
        ["ListQuarantine"] = RouteAccessRule.Only(Officials),
        // The register of market entities (Decree 746 Arts. 5-6): read by everyone signed in under the access policy
        // (officers of the jurisdiction, an enterprise its own entry; else 404), changed by the authority.
        ["ListRegister"] = RouteAccessRule.SignedIn,
        ["GetRegisterEntry"] = RouteAccessRule.SignedIn,
        ["PostRegisterChange"] = RouteAccessRule.Only(Role.RegistrationOfficer, Role.AuthorityHead),
        ["PostRegisterImport"] = RouteAccessRule.Only(Role.RegistrationOfficer, Role.AuthorityHead),
        ["PostDisqualifications"] = RouteAccessRule.Only(Role.RegistrationOfficer, Role.AuthorityHead),
        ["PostDisqualificationsImport"] = RouteAccessRule.Only(Role.RegistrationOfficer, Role.AuthorityHead),
        // 漯政〔2021〕17号: the city opens the half-year's round.
        ["OpenStandardFactoryRound"] = RouteAccessRule.Only(Role.MunicipalDrc),
        // 漯政〔2021〕22号: the award committee's office opens a round (第六条, 第十二条(一)); a unit applies (第十一条).
        ["OpenPatentAwardRound"] = RouteAccessRule.Only(Role.IntellectualPropertyOffice),
        ["ApplyForPatentAward"] = RouteAccessRule.Only(Role.Enterprise),
        // 豫政办〔2021〕65号 （十八）: the province publishes its cities' barometer, a city its counties'; （六） the regions list.
        ["PublishTwoHighBarometer"] = RouteAccessRule.Only(Role.ProvincialDrc, Role.MunicipalDrc),
        ["ListTwoHighProject"] = RouteAccessRule.Only(Role.CountyOffice, Role.MunicipalDrc, Role.ProvincialDrc),
        // 发改办价格〔2021〕809号: the price office opens its grid companies' obligations; a grid company enters its users.
        ["OpenProxyPowerObligations"] = RouteAccessRule.Only(Role.MunicipalDrc, Role.ProvincialDrc),
        ["OpenProxyPowerUser"] = RouteAccessRule.Only(Role.Enterprise),
        ["ListDisqualifications"] = RouteAccessRule.Only(Role.RegistrationOfficer, Role.AuthorityHead),
        ["PostDisqualificationLift"] = RouteAccessRule.Only(Role.RegistrationOfficer, Role.AuthorityHead),
    };

    public static string RoleName(Role role) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(role.ToString());

    /// <summary>The declared callers of a route; null when the route declares none (the contract tests name it).</summary>
    public static RouteAccessRule? Of(ApiRoute route) => ByFunction.GetValueOrDefault(route.Function);

    /// <summary>The 401/403 problem for a caller the route does not admit, or null (also for an undeclared route: the
    /// contract tests refuse those, and the handler's own check still applies).</summary>
    public static IResult? Refuse(HttpRequest request, ApiRoute route)
    {
        if (Of(route) is not { Callers: not RouteCallers.Anyone } rule)
        {
            return null;
        }

        var authorization = request.HttpContext.RequestServices.GetRequiredService<RequestAuthorization>();
        var roles = rule.Callers == RouteCallers.Roles ? [.. rule.Roles] : Array.Empty<Role>();
        return authorization.Require(request, roles).Problem;
    }
}
