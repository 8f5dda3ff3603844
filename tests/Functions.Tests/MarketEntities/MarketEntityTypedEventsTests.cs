using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Texts;
using Workflows.Functions.Activities;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>Issue 13 item 3 (typed events, payload records, reminders from the deadline only) and issue 14 item 3 for the
/// simplified-deregistration notice (Decree 746 Art. 33 para 2).</summary>
public sealed class MarketEntityTypedEventsTests
{
    private const string CaseId = "SDR-411100-20250601-TYPED001";

    private static readonly Principal Head = new("head-1", "李强", Role.AuthorityHead, "411100");

    private static DeregistrationInput Deregistration() =>
        new(
            CaseId,
            "411100",
            new DeregistrationCaseData
            {
                Request = MarketSamples.Load<SimplifiedDeregistrationRequest>("deregistration/simplified.json"),
                NoticeStart = new DateOnly(2025, 6, 1),
            }
        );

    private static ScriptedOrchestrationContext Context() => new(ScriptedOrchestrationContext.ChinaInstant("2025-06-01 09:00"), CaseId);

    private static CaseDeadline WithoutReminderDays(DeadlineRequest r) =>
        ComputeDeadlineActivity.Compute(Workflows.Domain.Calendar.LegalCalendar.LoadEmbedded(), r) with
        {
            ReminderDaysBefore = null,
        };

    [Fact]
    public async Task RunAsync_Art33Para2NoticeStarts_RecordsTheCommitmentLetterPublication()
    {
        var context = Context().Event("2025-06-10 10:00", MarketEntityEvents.Withdraw, null, "Enterprise");

        await context.RunAsync(c => new SimplifiedDeregistrationOrchestration().RunAsync(c, Deregistration()));

        var started = context.Updates.First(u => u.State == SimplifiedDeregistrationStates.PublicNotice);
        var publication = JsonSerializer.Deserialize<DeregistrationCaseData>(started.DataJson!, CaseJson.Options)!.Publications.Single();
        Assert.Equal(
            (
                PublicationItems.SimplifiedDeregistrationNotice,
                "国家企业信用信息公示系统",
                new DateOnly(2025, 6, 1),
                "Decree 746 Art. 33 para 2"
            ),
            (publication.Item, publication.Where, publication.PublishedOn, publication.Article)
        );
        Assert.Contains("承诺书及注销登记申请", publication.Content, StringComparison.Ordinal);
        Assert.StartsWith(
            "已于 2025-06-01 在国家企业信用信息公示系统公示：简易注销承诺书",
            PublicationRecords.Text(publication),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task RunAsync_Version5DeadlineWithoutReminderDays_ReadsNoRuleTable()
    {
        var context = Context().OnVersion("5");
        context.ComputeDeadline = WithoutReminderDays;

        var (completed, output) = await context.RunAsync(c => new SimplifiedDeregistrationOrchestration().RunAsync(c, Deregistration()));

        Assert.True(completed);
        Assert.Equal(SimplifiedDeregistrationStates.Lapsed, output);
        Assert.DoesNotContain(context.Audit, a => a.Action == "reminder");
    }

    [Fact]
    public async Task RunAsync_Version4DeadlineWithoutReminderDays_KeepsTheTableItsReplayRecorded()
    {
        var context = Context().OnVersion("4");
        context.ComputeDeadline = WithoutReminderDays;

        await context.RunAsync(c => new SimplifiedDeregistrationOrchestration().RunAsync(c, Deregistration()));

        Assert.Equal(
            ["reminder-20250711-10", "reminder-20250711-3", "reminder-20250711-1"],
            context.Audit.Where(a => a.Action == "reminder").Select(a => a.Key)
        );
    }

    [Fact]
    public async Task CheckEventAsync_DecideRevokeWithPersonsNotAList_400NamingTheField()
    {
        var record = new CaseRecord
        {
            Id = "REV-411100-20250515-TYPED001",
            Procedure = MarketEntityProcedureNames.Revocation,
            Agency = "411100",
            Title = "撤销虚假登记",
            State = RevocationStates.NoticeEnded,
            CreatedUtc = new DateTimeOffset(2025, 5, 15, 1, 0, 0, TimeSpan.Zero),
            AwaitedEvents = [MarketEntityEvents.DecideRevoke],
        };
        using var json = JsonDocument.Parse("""{"directlyResponsiblePersons":"王某"}""");
        ICaseProcedure procedure = new RevocationProcedure();

        var refusal = await procedure.CheckEventAsync(
            record,
            MarketEntityEvents.DecideRevoke,
            json.RootElement,
            Head,
            CancellationToken.None
        );

        var result = await ResultExecution.ExecuteAsync(refusal!);
        Assert.Equal(
            (400, "directlyResponsiblePersons", "event.payload-shape"),
            (result.Status, result.Text("field"), result.Text("rule"))
        );
    }

    [Fact]
    public void Misfit_ReasonsAsOneTextOrAList_FitTheRefusal()
    {
        using var one = JsonDocument.Parse("""{"reasons":"材料虚假"}""");
        using var list = JsonDocument.Parse("""{"reasons":["材料虚假","名称不符"]}""");
        using var numbers = JsonDocument.Parse("""{"reasons":[1,2]}""");

        Assert.Null(MarketEntityEventPayloads.Misfit(MarketEntityEvents.Refuse, one.RootElement));
        Assert.Null(MarketEntityEventPayloads.Misfit(MarketEntityEvents.Refuse, list.RootElement));
        Assert.Equal("reasons", MarketEntityEventPayloads.Misfit(MarketEntityEvents.Refuse, numbers.RootElement)?.Field);
    }

    [Fact]
    public void Read_ValuesOfAnotherKindAcceptedBeforeTheRecords_ReadAsThePropertyReadersDid()
    {
        var evt = new CaseEventEnvelope(
            "e-1",
            MarketEntityEvents.DecideRevoke,
            "head-1",
            "李强",
            "AuthorityHead",
            DateTimeOffset.UnixEpoch,
            """{"directlyResponsiblePersons":[{"name":"王某","idNumber":"411102198503120015"},"张某",{"name":"李某"}],"x":1}"""
        );
        var finding = evt with
        {
            Type = MarketEntityEvents.InvestigationFinding,
            PayloadJson = """{"finding":7,"evidence":[1,"照片"],"established":"no"}""",
        };

        var persons = MarketEntityEventPayloads.Read<DecideRevokePayload>(evt).DirectlyResponsiblePersons!;
        var read = MarketEntityEventPayloads.Read<InvestigationFindingPayload>(finding);

        Assert.Equal([new ResponsiblePersonPayload("王某", "411102198503120015"), new ResponsiblePersonPayload("李某", null)], persons);
        Assert.Null(read.Finding);
        Assert.Equal(["1", "照片"], read.Evidence);
        Assert.Null(read.Established);
    }

    [Fact]
    public async Task SystemAudit_CatalogueLine_ChineseFirstWithItsEnglishPairAndKeepsTheLine()
    {
        var context = Context();
        var line = TextLine.Of("audit.registration.accepted", ("date", new DateOnly(2025, 6, 1)));
        AuditEntry? entry = null;

        await context.RunAsync(c =>
        {
            entry = new CaseFlow(c, CaseId).SystemAudit("k", "accepted", "Decree 746 Art. 19 para 1", line);
            return Task.FromResult("done");
        });

        Assert.StartsWith("2025-06-01", entry!.Summary, StringComparison.Ordinal);
        Assert.Contains("受理申请", entry.Summary, StringComparison.Ordinal);
        Assert.Contains(" / ", entry.Summary, StringComparison.Ordinal);
        Assert.Equal(line, entry.SummaryLine);
        Assert.Equal("system", entry.ActorRole, StringComparer.OrdinalIgnoreCase);
    }
}
