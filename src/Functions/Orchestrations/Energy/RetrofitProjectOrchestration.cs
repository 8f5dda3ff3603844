using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Orchestrations.Energy;

public sealed record RetrofitProjectInput(string CaseId, RetrofitProjectData Data);

/// <summary>
/// One unit's retrofit project (漯节减办〔2021〕7号 五(二)): progress reports move its start/completion dates, which the
/// programme's checkpoints count. A project that failed energy review also runs the section 四(三) remediation: retrofit,
/// third-party audit and assessment filed with the municipal authority, review, resumption at the industry-advanced level.
/// The case closes when the project is completed (and, for remediation, resumption is allowed).
/// </summary>
public sealed class RetrofitProjectOrchestration : TaskOrchestrator<RetrofitProjectInput, string>
{
    internal static readonly IReadOnlyDictionary<string, RemediationTrigger> RemediationEvents = new Dictionary<string, RemediationTrigger>
    {
        ["start-retrofit"] = RemediationTrigger.StartRetrofit,
        ["complete-retrofit"] = RemediationTrigger.CompleteRetrofit,
        ["file-audit"] = RemediationTrigger.FileAuditAndAssessment,
        ["start-review"] = RemediationTrigger.StartReview,
        ["allow-resumption"] = RemediationTrigger.AllowResumption,
        ["refuse-resumption"] = RemediationTrigger.RefuseResumption,
    };

    [Function(nameof(RetrofitProjectOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RetrofitProjectOrchestration().RunAsync(
            context,
            context.GetInput<RetrofitProjectInput>() ?? throw new InvalidOperationException("RetrofitProjectOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, RetrofitProjectInput input)
    {
        var data = input.Data;
        var inbox = new CaseEventInbox(context);
        await PublishAsync(context, input, data, []);
        while (true)
        {
            var e = await inbox.NextAsync();
            var payload = e.Payload();
            var on = ChinaTime.ToLegalDate(e.AcceptedUtc);
            // A remediation step may be recorded after the fact with its real date ("on"), never a future one.
            if (EnergyPayload.Date(payload, "on") is { } stated && stated <= on)
            {
                on = stated;
            }

            AuditEntry entry;
            if (e.Type == EnergyEvents.Progress)
            {
                RetrofitProgressReport? report = null;
                IReadOnlyList<ValidationError> errors;
                try
                {
                    report = JsonSerializer.Deserialize<RetrofitProgressReport>(payload.GetRawText(), EnergyJson.Options)! with
                    {
                        ProjectId = data.Project.Id,
                    };
                    errors = RetrofitValidator.Validate(report);
                }
                catch (JsonException ex)
                {
                    errors = [new ValidationError("body", "progress.shape", ex.Message, EnergySources.LuoheRetrofit + " 五(三)")];
                }

                if (errors.Count > 0 || report is null)
                {
                    entry = Entry(
                        input,
                        e,
                        "progress-refused",
                        EnergySources.LuoheRetrofit + " 五(三)",
                        string.Join(" ", errors.Select(x => $"{x.Field}: {x.Message}"))
                    );
                }
                else
                {
                    data = data with
                    {
                        Project = data.Project with
                        {
                            StartedOn = report.StartedOn ?? data.Project.StartedOn,
                            CompletedOn = report.CompletedOn ?? data.Project.CompletedOn,
                        },
                        Progress = [.. data.Progress, report],
                    };
                    entry = Entry(
                        input,
                        e,
                        "progress",
                        EnergySources.LuoheRetrofit + " 五(三)",
                        $"{report.Status} as of {report.ReportDate:yyyy-MM-dd}: started {report.StartedOn:yyyy-MM-dd}, investment {report.InvestmentToDateTenThousandYuan} 万元, savings {report.AchievedSavingsTcePerYear} tce/yr."
                    );
                }
            }
            else if (RemediationEvents.TryGetValue(e.Type, out var trigger) && data.Remediation is { } remediation)
            {
                // The unit side of section 四(三) is the enterprise (here: the project owner or its county office on its behalf).
                var role = Enum.Parse<Role>(e.ActorRole) is Role.ProjectOwner or Role.CountyOffice
                    ? Role.Enterprise
                    : Enum.Parse<Role>(e.ActorRole);
                var findings =
                    trigger == RemediationTrigger.AllowResumption
                        ? new RemediationFindings(
                            payload.TryGetProperty("atIndustryAdvancedLevel", out var adv) && adv.ValueKind == JsonValueKind.True,
                            payload.TryGetProperty("regionalDualControlSecured", out var dual) && dual.ValueKind == JsonValueKind.True
                        )
                        : null;
                var result = remediation.Apply(
                    trigger,
                    role,
                    on,
                    findings,
                    EnergyPayload.Text(payload, "note")
                        ?? EnergyPayload.Text(payload, "auditReport")
                        ?? EnergyPayload.Text(payload, "reason")
                );
                if (result.Succeeded)
                {
                    data = data with { Remediation = result.Remediation };
                    if (trigger == RemediationTrigger.StartRetrofit && data.Project.StartedOn is null)
                    {
                        data = data with { Project = data.Project with { StartedOn = on } };
                    }

                    entry = Entry(
                        input,
                        e,
                        e.Type,
                        result.Remediation.History[^1] is var h
                            ? FailedReviewRemediation.Transitions.First(t => t.From == h.From && t.Trigger == h.Trigger).Article
                            : "",
                        $"Remediation {remediation.State} → {result.Remediation.State}."
                    );
                }
                else
                {
                    entry = Entry(input, e, e.Type + "-refused", result.Error!.Article, result.Error.Message);
                }
            }
            else
            {
                entry = Entry(
                    input,
                    e,
                    "event-ignored",
                    EnergySources.LuoheRetrofit + " 五(二)",
                    $"'{e.Type}' does not apply to this project."
                );
            }

            var done =
                data.Project.CompletedOn is not null
                && (data.Remediation is null || data.Remediation.State == RemediationState.ResumptionAllowed);
            await PublishAsync(context, input, data, [entry], done);
            if (done)
            {
                return "completed";
            }
        }
    }

    internal static IReadOnlyList<string> Awaited(RetrofitProjectData data) =>
        [
            EnergyEvents.Progress,
            .. data.Remediation is { } r ? r.Allowed.Select(t => RemediationEvents.First(kv => kv.Value == t.Trigger).Key) : [],
        ];

    private static string State(RetrofitProjectData data) =>
        data.Remediation is { } r && r.State != RemediationState.ResumptionAllowed ? $"remediation-{r.State}"
        : data.Project.CompletedOn is not null ? "completed"
        : data.Project.StartedOn is not null ? "in-progress"
        : "planned";

    private static Task<CaseRecord?> PublishAsync(
        TaskOrchestrationContext context,
        RetrofitProjectInput input,
        RetrofitProjectData data,
        IReadOnlyList<AuditEntry> audit,
        bool close = false
    ) =>
        ActivityCalls.UpdateCase.RunAsync(
            context,
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = State(data),
                AwaitedEvents = Awaited(data),
                DataJson = JsonSerializer.Serialize(data, CaseJson.Options),
                Audit = audit,
                Close = close,
                Outcome = close ? "completed" : null,
                AtUtc = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero),
            }
        );

    private static AuditEntry Entry(RetrofitProjectInput input, CaseEventEnvelope e, string action, string article, string summary) =>
        new(input.CaseId, e.EventId, e.AcceptedUtc, e.ActorId, e.ActorName, e.ActorRole, action, article, summary);
}
