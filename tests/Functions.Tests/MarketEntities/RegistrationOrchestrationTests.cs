using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

public sealed class RegistrationOrchestrationTests
{
    private static readonly DateOnly AcceptedOn = new(2024, 2, 8);

    private static RegistrationInput Input(bool onTheSpot, string sample = "registration/application-complete.json")
    {
        var app = MarketSamples.Load<RegistrationApplication>(sample);
        return new RegistrationInput(
            "REG-411100-20240208-TESTCASE",
            "411100",
            new RegistrationCaseData
            {
                Application = app,
                AcceptedOn = AcceptedOn,
                RegisterOnTheSpotRequested = onTheSpot,
                MissingMaterials = RequiredMaterials.MissingMaterials(app).Select(m => m.Code).ToList(),
            },
            onTheSpot
        );
    }

    private static ScriptedOrchestrationContext Context() => new(ScriptedOrchestrationContext.ChinaInstant("2024-02-08 09:00"));

    private static Task<(bool Completed, string? Output)> Run(ScriptedOrchestrationContext context, RegistrationInput input) =>
        context.RunAsync(c => new RegistrationOrchestration().RunAsync(c, input));

    private static RegistrationCaseData DataOf(CaseUpdate update) =>
        System.Text.Json.JsonSerializer.Deserialize<RegistrationCaseData>(update.DataJson!, CaseJson.Options)!;

    [Fact]
    public async Task RunAsync_SameEventRaisedTwice_HandledOnceWithoutEventIgnored()
    {
        var context = Context()
            .Event("2024-02-09 10:00", "extend", new { reason = "complex" }, "AuthorityHead")
            .RepeatLastEvent("2024-02-09 10:01")
            .Event("2024-02-21 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, output) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        Assert.Equal("registered", output);
        Assert.Single(context.Audit, a => a.Action == "extended");
        Assert.Single(context.Audit, a => a.Action == "registered");
        Assert.DoesNotContain(context.Audit, a => a.Action == "event-ignored");
    }

    [Fact]
    public async Task RunAsync_EveryActivityCall_CarriesTheOneRetryPolicy()
    {
        var context = Context().Event("2024-02-09 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, _) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        Assert.True(context.ActivityOptions.Count() >= 4); // ban check, deadline, publications, licence
        Assert.All(context.ActivityOptions, o => Assert.Same(Functions.Registry.ActivityRetry.Options, o));
    }

    [Fact]
    public async Task RunAsync_OnTheSpotWithCompleteMaterials_RegistersAtOnceWithLicence()
    {
        var context = Context();

        var (completed, output) = await Run(context, Input(onTheSpot: true));

        Assert.True(completed);
        Assert.Equal("registered", output);
        Assert.Empty(context.DeadlineRequests);
        Assert.Empty(context.Timers);
        Assert.True(context.Last.Close);
        Assert.False(context.Last.Late);
        var data = DataOf(context.Last);
        Assert.Equal(AcceptedOn, data.Licence!.EstablishmentDate); // the day of acceptance, not the day the workflow ran
        Assert.True(Domain.Identifiers.UnifiedSocialCreditCode.Validate(data.Uscc).IsValid);
        Assert.Contains(context.Audit, a => a.Action == "registered" && a.Article.Contains("Art. 21", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_OnTheSpotButBanHit_WaitsForOfficerAndShowsBanSourceAndEnd()
    {
        var context = Context();
        context.BanHits =
        [
            new BanHitView(
                "张伟",
                "411102198503120015",
                "False registration",
                "Decree 746 Art. 40 para 3",
                "REV-411100-20230101-AAAAAAAA",
                new DateOnly(2023, 1, 1),
                new DateOnly(2026, 1, 1),
                true
            ),
        ];

        var (completed, _) = await Run(context, Input(onTheSpot: true));

        Assert.False(completed);
        var hit = Assert.Single(context.Audit, a => a.Action == "ban-check-hit");
        Assert.Contains("REV-411100-20230101-AAAAAAAA", hit.Summary, StringComparison.Ordinal);
        Assert.Contains("2026-01-01", hit.Summary, StringComparison.Ordinal);
        Assert.Single(DataOf(context.Updates.First(u => u.DataJson is not null)).BanHits!);
        Assert.Contains(context.Notifications, n => n.Kind == "ban-hit" && n.RecipientRole == Role.RegistrationOfficer);
    }

    [Fact]
    public async Task RunAsync_Version6DecidedInTime_StepsSendOnlyChangedDataThatFoldsIntoTheVersion5Data()
    {
        // Issue 22 (orchestration version 6): the application is on the record from intake; no step sends it again.
        var input = Input(onTheSpot: false);
        var v5 = Context().OnVersion("5").Event("2024-02-09 10:00", "register", new { uscc = "91411100MA44X1Y23P" });
        var v6 = Context().OnVersion("6").Event("2024-02-09 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        await Run(v5, input);
        var (completed, output) = await Run(v6, input);

        Assert.True(completed);
        Assert.Equal("registered", output);
        Assert.All(v6.Updates, u => Assert.Null(u.DataJson));
        var first = System.Text.Json.JsonDocument.Parse(v6.Updates[0].DataPatchJson!).RootElement;
        Assert.Equal(["banHits", "banCheckedOn"], first.EnumerateObject().Select(p => p.Name));
        var folded = v6.Updates.Where(u => u.DataPatchJson is not null).Aggregate(
            System.Text.Json.JsonSerializer.SerializeToElement(input.Data, CaseJson.Options),
            (data, u) => CaseDataPatch.Apply(data, u.DataPatchJson!)
        );
        var data = System.Text.Json.JsonSerializer.Deserialize<RegistrationCaseData>(folded, CaseJson.Options);
        Assert.Equal(v5.Last.DataJson, CaseFlow.Json(data));
    }

    [Fact]
    public async Task RunAsync_DecidedInTime_RegistersNotLateWithDeadlineOf19February()
    {
        var context = Context().Event("2024-02-09 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, output) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        Assert.Equal("registered", output);
        Assert.Equal(new DateOnly(2024, 2, 19), context.PublishedDeadlines.Single().Due);
        Assert.False(context.Last.Late);
        Assert.Equal("91411100MA44X1Y23P", DataOf(context.Last).Licence!.Uscc);
        Assert.Equal(new DateOnly(2024, 2, 9), DataOf(context.Last).Licence!.EstablishmentDate);
    }

    [Fact]
    public async Task RunAsync_Extension_MovesDeadlineTo22FebruaryAndAllowsOnlyOnce()
    {
        var context = Context()
            .Event("2024-02-09 10:00", "extend", new { reason = "complex" }, "AuthorityHead")
            .Event("2024-02-21 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, _) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        Assert.Equal([new DateOnly(2024, 2, 19), new DateOnly(2024, 2, 22)], context.PublishedDeadlines.Select(d => d.Due));
        var afterExtension = context.Updates.Single(u => u.State == "under-review-extended");
        Assert.DoesNotContain("extend", afterExtension.AwaitedEvents!);
        Assert.False(context.Last.Late);
    }

    [Fact]
    public async Task RunAsync_CorrectionThenResubmission_StopsClockAndStartsNewPeriod()
    {
        var context = Context()
            .Event("2024-02-09 10:00", "request-correction", new { missingMaterials = new[] { "identity-documents", "residence-proof" } })
            .Event("2024-03-01 10:00", "resubmit", new { materials = new[] { "identity-documents", "residence-proof" } }, "Enterprise")
            .Event("2024-03-05 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, output) = await Run(context, Input(onTheSpot: false, "registration/application-missing-materials.json"));

        Assert.True(completed);
        Assert.Equal("registered", output);
        var correction = context.Updates.Single(u => u.State == "awaiting-correction");
        Assert.True(correction.ClearDeadline);
        Assert.Equal(["resubmit"], correction.AwaitedEvents);
        Assert.Contains("一次性告知", context.Audit.Single(a => a.Action == "correction-requested").Summary, StringComparison.Ordinal);
        // Art. 19 para 2: 3 working days from the resubmission on Friday 1 March 2024 → Wednesday 6 March.
        Assert.Equal(new DateOnly(2024, 3, 6), context.PublishedDeadlines.Last().Due);
        Assert.DoesNotContain(context.Audit, a => a.Action == "overdue");
        Assert.False(context.Last.Late);
    }

    [Fact]
    public async Task RunAsync_Refusal_ClosesWithReasons()
    {
        var context = Context().Event("2024-02-09 10:00", "refuse", new { reasons = new[] { "经营范围属于禁止项目" } });

        var (completed, output) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        Assert.Equal("refused", output);
        Assert.Equal("refused", context.Last.Outcome);
        Assert.Equal(["经营范围属于禁止项目"], DataOf(context.Last).RefusalReasons);
        Assert.Contains(context.Audit, a => a.Action == "refused" && a.Article == "Decree 746 Art. 20");
    }

    [Fact]
    public async Task RunAsync_NoDecision_RemindsThenEscalatesThenRecordsLateDecision()
    {
        var context = Context().Event("2024-02-21 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, _) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        // One working day before (Sunday 18 February 2024 is a make-up working day) and on the day.
        Assert.Equal(["reminder-20240219-1", "reminder-20240219-0"], context.Audit.Where(a => a.Action == "reminder").Select(a => a.Key));
        Assert.Contains(context.Updates, u => u.State == "overdue");
        Assert.Contains(context.Notifications, n => n.Kind == "escalation" && n.RecipientRole == Role.AuthorityHead);
        Assert.True(context.Last.Late);
        Assert.Contains(context.Audit, a => a.Action == "registered" && a.Late);
    }

    [Fact]
    public async Task RunAsync_Art19Para1ExtensionAfterTheLimit_RecordedLateAndTheLaterDecisionStaysLate()
    {
        // The limit is 19 February 2024; the head approves the extension on the 20th, the officer registers on the 21st,
        // within what would have been the extended limit (22 February).
        var context = Context()
            .OnVersion("3")
            .Event("2024-02-20 10:00", "extend", new { reason = "complex" }, "AuthorityHead")
            .Event("2024-02-21 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, output) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        Assert.Equal("registered", output);
        Assert.Equal([new DateOnly(2024, 2, 19)], context.PublishedDeadlines.Select(d => d.Due)); // nothing extended
        var extension = Assert.Single(context.Audit, a => a.Action == "extension-late");
        Assert.True(extension.Late);
        Assert.StartsWith("延长审批晚于期限", extension.Summary, StringComparison.Ordinal);
        Assert.True(context.Last.Late);
        Assert.Contains(context.Audit, a => a.Action == "registered" && a.Late);
    }

    [Fact]
    public async Task RunAsync_Art19Para1ExtensionAfterTheLimitOnVersion2_KeepsTheRecordedSteps()
    {
        var context = Context()
            .Event("2024-02-20 10:00", "extend", new { reason = "complex" }, "AuthorityHead")
            .Event("2024-02-21 10:00", "register", new { uscc = "91411100MA44X1Y23P" });

        var (completed, _) = await Run(context, Input(onTheSpot: false));

        Assert.True(completed);
        Assert.Equal([new DateOnly(2024, 2, 19), new DateOnly(2024, 2, 22)], context.PublishedDeadlines.Select(d => d.Due));
        Assert.DoesNotContain(context.Audit, a => a.Action == "extension-late");
    }

    [Fact]
    public async Task RunAsync_Art19Para1RegisterWhileMaterialsMissing_RefusedAndStillAwaitingTheDecision()
    {
        var context = Context()
            .OnVersion("3")
            .Event("2024-02-09 10:00", "register", new { uscc = "91411100MA44X1Y23P" })
            .Event("2024-02-09 11:00", "refuse", new { reasons = new[] { "材料不齐全" } });

        var (completed, output) = await Run(context, Input(onTheSpot: false, "registration/application-missing-materials.json"));

        Assert.True(completed);
        Assert.Equal("refused", output);
        var refused = Assert.Single(context.Audit, a => a.Action == "event-refused");
        Assert.Equal(RegistrationOrchestration.Article19, refused.Article);
        Assert.DoesNotContain(context.Audit, a => a.Action == "registered");
        Assert.DoesNotContain(context.Updates, u => u.State == "registered");
    }

    [Fact]
    public async Task RunAsync_Art19Para2CorrectionOmittingAKnownMaterial_NoticeListsEveryKnownMaterial()
    {
        var context = Context()
            .OnVersion("3")
            .Event("2024-02-09 10:00", "request-correction", new { missingMaterials = new[] { "identity-documents" } });
        var input = Input(onTheSpot: false, "registration/application-missing-materials.json");

        var (completed, _) = await Run(context, input);

        Assert.False(completed);
        var requested = DataOf(context.Updates.Single(u => u.State == "awaiting-correction")).CorrectionRequested!;
        Assert.Superset(input.Data.MissingMaterials.ToHashSet(), requested.ToHashSet());
        Assert.Contains("identity-documents", requested);
    }

    [Fact]
    public async Task RunAsync_CalendarChanged_RecomputesDeadlineAndRecordsIt()
    {
        var context = Context()
            .CalendarChange("2024-02-09 08:00", 2024, new DateOnly(2024, 2, 18))
            .Event("2024-02-20 10:00", "register", new { uscc = "91411100MA44X1Y23P" });
        var changed = false;
        context.ComputeDeadline = r =>
        {
            var d = ComputeDeadlineActivity.Compute(Domain.Calendar.LegalCalendar.LoadEmbedded(), r);
            return changed ? d with { Due = d.Due.AddDays(1), DueUtc = d.DueUtc.AddDays(1) } : d;
        };
        context.BanHits = [];

        var run = context.RunAsync(c =>
        {
            var task = new RegistrationOrchestration().RunAsync(c, Input(onTheSpot: false));
            changed = true; // every computation after the first sees the "new" calendar
            return task;
        });
        var (completed, _) = await run;

        Assert.True(completed);
        var recomputed = Assert.Single(context.Audit, a => a.Action == "deadline-recomputed");
        Assert.Contains("2024-02-20", recomputed.Summary, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2024, 2, 20), context.PublishedDeadlines.Last().Due);
        Assert.False(context.Last.Late);
    }
}
