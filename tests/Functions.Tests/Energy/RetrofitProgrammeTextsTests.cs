using Workflows.Domain.Energy;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Tests.Support;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Tests.Energy;

/// <summary>Issues 13 and 16: every audit summary the retrofit programme writes is a catalogue text, Chinese first.</summary>
public sealed class RetrofitProgrammeTextsTests
{
    [Fact]
    public async Task RunAsync_EveryAuditSummary_CatalogueTextChineseFirst()
    {
        var context = new ScriptedOrchestrationContext("2021-01-01 08:00", "RTP-1").Answers<CheckpointRequest, CheckpointOutcome>(Outcome);
        var programme = RetrofitProgramme.LoadLuohe2021To2023();
        var data = new RetrofitProgrammeData(
            programme.Id,
            programme.Title,
            programme.SourceDocument,
            programme.Checkpoints,
            programme.Targets,
            []
        );

        var (completed, _) = await context.RunAsync(c =>
            new RetrofitProgrammeOrchestration().RunAsync(c, new RetrofitProgrammeInput("RTP-1", "411100", data))
        );

        Assert.True(completed);
        var audit = context.Audit.ToList();
        Assert.Equal(10, audit.Count); // 2 reminders and 1 result for each of 3 year ends, then the completion
        var known = ServerTexts.Default.Codes(TextLanguage.Zh);
        Assert.All(
            audit,
            a =>
            {
                Assert.NotNull(a.SummaryLine);
                Assert.Contains(a.SummaryLine.Code, known);
                Assert.Equal(ServerTexts.Default.Pair(a.SummaryLine), a.Summary);
                var chinese = a.Summary.Split(" / ")[0];
                Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", chinese);
            }
        );
        Assert.Contains(audit, a => a.Summary.StartsWith("2021 年末：全市 1/5 家", StringComparison.Ordinal));
    }

    private static CheckpointOutcome Outcome(CheckpointRequest r) =>
        new(
            new CheckpointResult(
                r.Year,
                new DateOnly(r.Year, 12, 31),
                0.3m,
                [
                    new CountyCheckpointResult("源汇区", 3, 0, 0m, 0.3m, 1, false, 1),
                    new CountyCheckpointResult("舞阳县", 2, 1, 0.5m, 0.3m, 1, true, 0),
                ],
                5,
                1,
                0.2m,
                false,
                1_200m,
                220_000m,
                0.0055m,
                "三"
            ),
            r.Final ? $"reports/retrofit/{r.ProgrammeId}/{r.Year}.json" : null
        );
}
