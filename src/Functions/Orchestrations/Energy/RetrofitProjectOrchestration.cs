using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Orchestrations.Energy;

public sealed record RetrofitProjectInput(string CaseId, RetrofitProjectData Data);

/// <summary>
/// One unit's retrofit project (漯节减办〔2021〕7号 五(二)): progress reports move its start/completion dates, which the
/// programme's checkpoints count. A project that failed energy review also runs the section 四(三) remediation: retrofit,
/// third-party audit and assessment filed with the municipal authority, review, resumption at the industry-advanced level;
/// its retrofit starting after the section 三 limit (end of October 2021) is recorded late.
/// The case closes when the project is completed (and, for remediation, resumption is allowed).
/// </summary>
public sealed class RetrofitProjectOrchestration : TaskOrchestrator<RetrofitProjectInput, string>
{
    internal static readonly IReadOnlyDictionary<string, RemediationTrigger> RemediationEvents = new Dictionary<string, RemediationTrigger>
    {
        [RetrofitEvents.StartRetrofit] = RemediationTrigger.StartRetrofit,
        [RetrofitEvents.CompleteRetrofit] = RemediationTrigger.CompleteRetrofit,
        [RetrofitEvents.FileAudit] = RemediationTrigger.FileAuditAndAssessment,
        [RetrofitEvents.StartReview] = RemediationTrigger.StartReview,
        [RetrofitEvents.AllowResumption] = RemediationTrigger.AllowResumption,
        [RetrofitEvents.RefuseResumption] = RemediationTrigger.RefuseResumption,
    };

    private static readonly string Progress = EnergySources.LuoheRetrofit + " 五(三)";

    [Function(nameof(RetrofitProjectOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RetrofitProjectOrchestration().RunAsync(
            context,
            context.GetInput<RetrofitProjectInput>() ?? throw new InvalidOperationException("RetrofitProjectOrchestration needs an input.")
        );

    /// <summary>A short dispatch loop: one handler per event until the project is done.</summary>
    public override async Task<string> RunAsync(TaskOrchestrationContext context, RetrofitProjectInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        await flow.PublishAsync(Update(input, data, []));
        while (true)
        {
            var e = (await flow.NextAsync(null)).Event;
            if (e is null)
            {
                continue; // a calendar change: the programme's dates are fixed days (section 三), nothing moves
            }

            var (next, entry) = RemediationEvents.TryGetValue(e.Type, out var trigger) && data.Remediation is { } remediation
                ? OnRemediation(input, data, remediation, trigger, e)
                : e.Type == EnergyEvents.Progress ? OnProgress(input, data, e)
                : (data, Ignored(input, e));
            (data, entry) = StartedLate(input, data, next, entry);
            var done = data.Project.CompletedOn is not null && data.Remediation?.State is null or RemediationState.ResumptionAllowed;
            await flow.PublishAsync(Update(input, data, [entry], done) with { Late = entry.Late ? true : null });
            if (done)
            {
                return "completed";
            }
        }
    }

    private static (RetrofitProjectData, AuditEntry) OnProgress(RetrofitProjectInput input, RetrofitProjectData data, CaseEventEnvelope e)
    {
        var report = RetrofitEventPayloads.ReadProgress(e, data.Project.Id);
        IReadOnlyList<ValidationError> errors = report is null
            ? [new ValidationError("body", "progress.shape", "进度格式不符 / The progress does not match the form.", Progress)]
            : RetrofitValidator.Validate(report);
        if (errors.Count > 0 || report is null)
        {
            return (data, Entry(input, e, "progress-refused", Progress, string.Join(" ", errors.Select(x => $"{x.Field}: {x.Message}"))));
        }

        var project = data.Project with
        {
            StartedOn = report.StartedOn ?? data.Project.StartedOn,
            CompletedOn = report.CompletedOn ?? data.Project.CompletedOn,
        };
        var summary =
            $"截至 {report.ReportDate:yyyy-MM-dd}（{report.Status}）：开工 {report.StartedOn:yyyy-MM-dd}，累计投资 "
            + $"{report.InvestmentToDateTenThousandYuan} 万元，年节能 {report.AchievedSavingsTcePerYear} 吨标准煤 / {report.Status} as of "
            + $"{report.ReportDate:yyyy-MM-dd}: started {report.StartedOn:yyyy-MM-dd}, investment {report.InvestmentToDateTenThousandYuan} "
            + $"万元, savings {report.AchievedSavingsTcePerYear} tce/yr.";
        return (data with { Project = project, Progress = [.. data.Progress, report] }, Entry(input, e, "progress", Progress, summary));
    }

    private static (RetrofitProjectData, AuditEntry) OnRemediation(
        RetrofitProjectInput input,
        RetrofitProjectData data,
        FailedReviewRemediation remediation,
        RemediationTrigger trigger,
        CaseEventEnvelope e
    )
    {
        var payload = RetrofitEventPayloads.ReadRemediation(e);
        if (payload is null)
        {
            var misfit = $"“{e.Type}”的内容格式不符 / The '{e.Type}' body does not fit its form.";
            return (data, Entry(input, e, e.Type + "-refused", EnergySources.LuoheRetrofit + " 四(三)", misfit));
        }

        var on = StatedDay(e, payload);
        // The unit side of section 四(三) is the enterprise (here: the project owner or its county office on its behalf).
        var sender = Enum.Parse<Role>(e.ActorRole);
        var role = sender is Role.ProjectOwner or Role.CountyOffice ? Role.Enterprise : sender;
        var findings = payload is AllowResumptionPayload allow
            ? new RemediationFindings(allow.AtIndustryAdvancedLevel, allow.RegionalDualControlSecured)
            : null;
        var note = payload.Statement;
        var result = remediation.Apply(trigger, role, on, findings, note);
        if (!result.Succeeded)
        {
            return (data, Entry(input, e, e.Type + "-refused", result.Error!.Article, result.Error.Message));
        }

        var step = result.Remediation.History[^1];
        var article = FailedReviewRemediation.Transitions.First(t => t.From == step.From && t.Trigger == step.Trigger).Article;
        var next = data with { Remediation = result.Remediation };
        if (trigger == RemediationTrigger.StartRetrofit && data.Project.StartedOn is null)
        {
            next = next with { Project = data.Project with { StartedOn = on } };
        }

        return (next, Entry(input, e, e.Type, article, $"整改状态 {remediation.State} → {result.Remediation.State} / Remediation {remediation.State} → {result.Remediation.State}."));
    }

    /// <summary>
    /// Section 三: 不符合节能审查要求的项目在2021年10月底前实施改造. The first time the retrofit of such a project is known to
    /// have started after the limit (a start-retrofit or a progress report with its start date), the entry and the case
    /// are marked late and the summary says by how much.
    /// </summary>
    private static (RetrofitProjectData, AuditEntry) StartedLate(
        RetrofitProjectInput input,
        RetrofitProjectData before,
        RetrofitProjectData after,
        AuditEntry entry
    )
    {
        if (
            after.RetrofitDeadline is not { } limit
            || after.StartedLate == true
            || after.Project.StartedOn is not { } started
            || started <= limit.Date
            || before.Project.StartedOn == started
        )
        {
            return (after, entry);
        }

        var days = started.DayNumber - limit.Date.DayNumber;
        var late = $" 逾期开工 / Started {started:yyyy-MM-dd}, {days} day(s) after the limit {limit.Date:yyyy-MM-dd} ({limit.Article}).";
        return (after with { StartedLate = true }, entry with { Summary = entry.Summary + late, Late = true });
    }

    private static DateOnly StatedDay(CaseEventEnvelope e, IRemediationPayload payload)
    {
        var on = ChinaTime.ToLegalDate(e.AcceptedUtc);
        // A remediation step may be recorded after the fact with its real date ("on"), never a future one.
        return payload.On is { } stated && stated <= on ? stated : on;
    }

    private static AuditEntry Ignored(RetrofitProjectInput input, CaseEventEnvelope e) =>
        Entry(input, e, "event-ignored", EnergySources.LuoheRetrofit + " 五(二)", $"本项目不适用“{e.Type}” / '{e.Type}' does not apply to this project.");

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

    private static CaseUpdate Update(
        RetrofitProjectInput input,
        RetrofitProjectData data,
        IReadOnlyList<AuditEntry> audit,
        bool close = false
    ) =>
        new()
        {
            CaseId = input.CaseId,
            State = State(data),
            AwaitedEvents = Awaited(data),
            DataJson = JsonSerializer.Serialize(data, CaseJson.Options),
            Audit = audit,
            Close = close,
            Outcome = close ? "completed" : null,
        };

    private static AuditEntry Entry(RetrofitProjectInput input, CaseEventEnvelope e, string action, string article, string summary) =>
        AuditEntry.ByEvent(input.CaseId, e, action, article, summary);
}
