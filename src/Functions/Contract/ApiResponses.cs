namespace Workflows.Functions.Contract;

/// <summary>One success answer of a route: status, body schema (a component of <see cref="ApiSchemas"/>, or null for
/// a file) and media type; <paramref name="Location"/> when the answer sends a <c>Location</c> header.</summary>
public sealed record ApiResponse(int Status, string? Schema, string MediaType = ApiResponses.Json, bool Location = false);

/// <summary>
/// The success answers of every HTTP route, by function name (4xx and 5xx are problem+json on every route). A route
/// missing here fails the contract tests, and every JSON answer a test receives must match the schema declared here
/// for its status.
/// </summary>
public static class ApiResponses
{
    public const string Json = "application/json";

    private const string AnyFile = "*/*";

    private static readonly ApiResponse[] AsyncIntake = [new(202, "IntakeAnswer", Location: true)];

    private static readonly ApiResponse[] Intake = [new(201, "IntakeAnswer", Location: true), new(200, "IntakeAnswer", Location: true)];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ApiResponse>> ByFunction = new Dictionary<
        string,
        IReadOnlyList<ApiResponse>
    >(StringComparer.Ordinal)
    {
        ["Health"] = [new(200, "Health"), new(503, "Health")],
        ["GetCalendarDeadline"] = [new(200, "DeadlineAnswer")],
        ["GetCalendarYear"] = [new(200, "CalendarYear")],
        ["CheckUscc"] = [new(200, "IdentifierCheck")],
        ["CheckResidentId"] = [new(200, "IdentifierCheck")],
        ["GetOpenApiDocument"] = [new(200, "OpenApiDocument")],
        ["ListProblemRules"] = [new(200, "ProblemRules")],
        ["GetProblemRule"] = [new(200, "ProblemRule")],
        ["ApiDocs"] = [new(200, null, AnyFile)],
        ["Dashboard"] = [new(200, null, AnyFile)],
        ["ListCases"] = [new(200, "CasePage")],
        ["GetCase"] = [new(200, "Case")],
        ["PostCaseEvent"] = [new(202, "EventAccepted", Location: true)],
        ["GetCaseDocument"] = [new(200, null, AnyFile)],
        ["GetCaseActions"] = [new(200, "CaseActions")],
        ["ListWorklist"] = [new(200, "Worklist")],
        ["ListNotifications"] = [new(200, "Notifications")],
        ["StartTimerProbe"] = [new(202, "InstanceStarted", Location: true)],
        ["GetInstance"] = [new(200, "InstanceStatus")],
        ["VerifyCaseAudit"] = [new(200, "AuditVerification")],
        ["PostRegistration"] = AsyncIntake,
        ["PostSimplifiedDeregistration"] = AsyncIntake,
        ["PostIndividualBusinessDeregistration"] = AsyncIntake,
        ["PostRevocation"] = AsyncIntake,
        ["PostTracker"] = AsyncIntake,
        ["CreateCoalProject"] = Intake,
        ["RegisterCoalSource"] = [new(201, "CoalSourceRegistered")],
        ["AllocateCoalSource"] = [new(201, "CoalAllocation")],
        ["ListCoalProjectSources"] = [new(200, "CoalProjectSources")],
        ["UploadCoalReport"] = [new(202, "CoalReportAccepted")],
        ["CreateCoalSuspension"] = [new(201, "CoalSuspensionCreated")],
        ["ListCoalSuspensions"] = [new(200, "CoalSuspensions")],
        ["LiftCoalSuspension"] = [new(200, "CoalSuspension")],
        ["CreateRetrofitProgramme"] = [new(201, "RetrofitProgramme")],
        ["StartRetrofitProgramme"] = Intake,
        ["ImportRetrofitUnits"] = [new(201, "RetrofitUnitsImported")],
        ["CreateRetrofitProject"] = Intake,
        ["RunComplianceSweep"] = [new(200, "SweepResult")],
        ["GetSupervisionStats"] = [new(200, "SupervisionStats")],
        // Without format: the list of digests; with format=csv|html: that file.
        ["GetDigests"] = [new(200, "Digests"), new(200, null, "text/csv"), new(200, null, "text/html")],
        ["ListQuarantine"] = [new(200, "Quarantine")],
        ["ListRegister"] = [new(200, "RegisterPage")],
        ["GetRegisterEntry"] = [new(200, "RegisterEntry")],
        ["PostRegisterChange"] = [new(200, "RegisterEntry")],
        ["PostRegisterImport"] = [new(201, "RegisterImported")],
        ["PostDisqualifications"] = [new(201, "DisqualificationsEntered")],
        ["PostDisqualificationsImport"] = [new(201, "DisqualificationsImported")],
        ["OpenStandardFactoryRound"] = Intake,
        ["OpenPatentAwardRound"] = Intake,
        ["ApplyForPatentAward"] = Intake,
        ["PublishTwoHighBarometer"] = [new(202, "TwoHighBarometerPublished")],
        ["ListTwoHighProject"] = Intake,
        ["OpenProxyPowerObligations"] = [new(201, "ProxyPowerObligationsOpened"), new(200, "ProxyPowerObligationsOpened")],
        ["OpenProxyPowerUser"] = Intake,
        ["ListDisqualifications"] = [new(200, "Disqualifications")],
        ["PostDisqualificationLift"] = [new(200, "Disqualification")],
    };

    public static IReadOnlyList<ApiResponse> Of(ApiRoute route) => ByFunction.GetValueOrDefault(route.Function) ?? [];
}
