using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Energy;

public sealed class RetrofitOrchestrationTests
{
    private static readonly RetrofitProgramme Programme = RetrofitProgramme.LoadLuohe2021To2023();

    private static CheckpointResult Result(int year, bool yuanhuiMet) =>
        new(
            year,
            new DateOnly(year, 12, 31),
            0.3m,
            [
                new CountyCheckpointResult(
                    "源汇区",
                    3,
                    yuanhuiMet ? 1 : 0,
                    yuanhuiMet ? 1m / 3 : 0m,
                    0.3m,
                    1,
                    yuanhuiMet,
                    yuanhuiMet ? 0 : 1
                ),
                new CountyCheckpointResult("舞阳县", 2, 1, 0.5m, 0.3m, 1, true, 0),
            ],
            5,
            yuanhuiMet ? 2 : 1,
            0.4m,
            yuanhuiMet,
            1_200m,
            220_000m,
            0.0055m,
            "三"
        );

    [Fact]
    public async Task RunAsync_ProgrammeStartedBeforeYearEnds_RemindsCountiesBehindThenRecordsEachYear()
    {
        // Started on 1 January 2021: every reminder and year end of the programme is ahead, each timer fires in turn.
        var context = new ScriptedOrchestrationContext("2021-01-01 08:00", "RTP-1").Answers<CheckpointRequest, CheckpointOutcome>(
            r => new CheckpointOutcome(Result(r.Year, r.Final), r.Final ? $"reports/retrofit/{r.ProgrammeId}/{r.Year}.json" : null)
        );
        var data = new RetrofitProgrammeData(
            Programme.Id,
            Programme.Title,
            Programme.SourceDocument,
            Programme.Checkpoints,
            Programme.Targets,
            []
        );

        var (completed, recorded) = await context.RunAsync(c =>
            new RetrofitProgrammeOrchestration().RunAsync(c, new RetrofitProgrammeInput("RTP-1", "411100", data))
        );

        Assert.True(completed);
        Assert.Equal(3, recorded);
        var (timers, updates, requests) = (context.Timers, context.Updates, context.Inputs<CheckpointRequest>());
        Assert.Equal(9, timers.Count); // 30 and 7 days before, and the end of, each of the three year ends
        Assert.Equal(ChinaTime.StartOfDayUtc(new DateOnly(2021, 12, 1)).UtcDateTime, timers[0]);
        Assert.Equal(ChinaTime.EndOfDayUtc(new DateOnly(2021, 12, 31)).UtcDateTime, timers[2]);
        Assert.Equal(["checkpoint-2021-reminder-30", "checkpoint-2021-reminder-7", "checkpoint-2021"], requests.Take(3).Select(r => r.Key));
        var reminder = Assert.Single(updates[1].Notifications);
        Assert.Equal((Role.CountyOffice, "411102", "reminder"), (reminder.RecipientRole, reminder.RecipientAgency, reminder.Kind));
        Assert.Contains("源汇区", reminder.Message, StringComparison.Ordinal);
        var final = JsonSerializer.Deserialize<RetrofitProgrammeData>(updates[^1].DataJson!, CaseJson.Options)!;
        Assert.Equal([2021, 2022, 2023], final.Results.Select(r => r.Result.Year));
        Assert.True(updates[^1].Close);
    }

    [Fact]
    public async Task RunAsync_FailedReviewProject_RemediationToResumptionThenCompletion()
    {
        var project = new RetrofitProject(
            "YH-2",
            "914111029083016639",
            RetrofitCategory.CarbonReduction,
            "燃煤锅炉改燃气",
            new DateOnly(2021, 10, 31),
            3_000m,
            9_000m,
            ForFailedEnergyReview: true
        );
        var data = new RetrofitProjectData(Programme.Id, "源汇区", project, [], FailedReviewRemediation.Start(project.Id));
        // Every step on 1 December 2021, 10:00 China time (02:00 UTC).
        var context = new ScriptedOrchestrationContext("2021-12-01 10:00", "RTU-1");
        foreach (
            var (type, role, json) in new (string Type, string Role, string Json)[]
            {
                ("start-review", "MunicipalDrc", "{}"),
                ("start-retrofit", "ProjectOwner", "{\"on\":\"2021-09-01\"}"),
                ("complete-retrofit", "ProjectOwner", "{}"),
                ("file-audit", "CountyOffice", "{\"auditReport\":\"第三方节能审计报告\"}"),
                ("start-review", "MunicipalDrc", "{}"),
                ("allow-resumption", "MunicipalDrc", "{\"atIndustryAdvancedLevel\":false,\"regionalDualControlSecured\":true}"),
                ("allow-resumption", "MunicipalDrc", "{\"atIndustryAdvancedLevel\":true,\"regionalDualControlSecured\":true}"),
                (
                    "progress",
                    "ProjectOwner",
                    "{\"reportDate\":\"2021-11-30\",\"status\":\"completed\",\"startedOn\":\"2021-09-01\","
                        + "\"completedOn\":\"2021-10-20\",\"investmentToDateTenThousandYuan\":2900,\"achievedSavingsTcePerYear\":8800}"
                ),
            }
        )
        {
            context.Event("2021-12-01 10:00", type, JsonSerializer.Deserialize<JsonElement>(json), role);
        }

        var (completed, outcome) = await context.RunAsync(c =>
            new RetrofitProjectOrchestration().RunAsync(c, new RetrofitProjectInput("RTU-1", data))
        );

        Assert.True(completed);
        Assert.Equal("completed", outcome);
        var updates = context.Updates;
        Assert.Equal(
            [
                "start-review-refused",
                "start-retrofit",
                "complete-retrofit",
                "file-audit",
                "start-review",
                "allow-resumption-refused",
                "allow-resumption",
                "progress",
            ],
            updates.Skip(1).Select(u => Assert.Single(u.Audit).Action)
        );
        var final = JsonSerializer.Deserialize<RetrofitProjectData>(updates[^1].DataJson!, CaseJson.Options)!;
        Assert.Equal(RemediationState.ResumptionAllowed, final.Remediation!.State);
        Assert.Equal(new DateOnly(2021, 9, 1), final.Project.StartedOn);
        Assert.True(updates[^1].Close);
    }

    [Theory]
    [InlineData("2021-11-15", true)]
    [InlineData("2021-10-31", false)]
    public async Task StartRetrofit_Section3FailedReviewProjectAfterEndOctober2021_RecordedLate(string startedOn, bool late)
    {
        var project = new RetrofitProject(
            "YH-3",
            "914111029083016639",
            RetrofitCategory.CarbonReduction,
            "燃煤锅炉改燃气",
            new DateOnly(2021, 12, 31),
            3_000m,
            9_000m,
            ForFailedEnergyReview: true
        );
        var data = new RetrofitProjectData(Programme.Id, "源汇区", project, [], FailedReviewRemediation.Start(project.Id))
        {
            RetrofitDeadline = Programme.FailedEnergyReviewDeadline,
        };
        var context = new ScriptedOrchestrationContext("2021-12-01 10:00", "RTU-2").Event(
            "2021-12-01 10:00",
            "start-retrofit",
            new { on = startedOn },
            "ProjectOwner"
        );

        var (completed, _) = await context.RunAsync(c =>
            new RetrofitProjectOrchestration().RunAsync(c, new RetrofitProjectInput("RTU-2", data))
        );

        Assert.False(completed); // waits for the next step: the script has nothing more to deliver
        var updates = context.Updates;
        var entry = Assert.Single(updates[^1].Audit);
        Assert.Equal(("start-retrofit", late), (entry.Action, entry.Late));
        Assert.Equal(late ? true : null, updates[^1].Late);
        var recorded = JsonSerializer.Deserialize<RetrofitProjectData>(updates[^1].DataJson!, CaseJson.Options)!;
        Assert.Equal(late ? true : null, recorded.StartedLate);
        Assert.Equal(late, entry.Summary.Contains("2021-10-31", StringComparison.Ordinal));
    }
}
