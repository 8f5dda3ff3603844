using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>Issue 14 item 4, Decree 746 Arts. 40-42 at the API: refused before the event claims a stage.</summary>
public sealed class RevocationEventRulesTests
{
    private static readonly Principal Head = new("head-1", "李强", Role.AuthorityHead, "411100");

    private static CaseRecord Case(string state, params object[] findings) =>
        new()
        {
            Id = "REV-411100-20250515-RULES001",
            Procedure = MarketEntityProcedureNames.Revocation,
            Agency = "411100",
            Title = "撤销虚假登记",
            State = state,
            CreatedUtc = new DateTimeOffset(2025, 5, 15, 1, 0, 0, TimeSpan.Zero),
            AwaitedEvents = ["investigation-finding", "start-public-notice", "decide-revoke", "decide-not-revoke", "record-publication"],
            Data = JsonSerializer.SerializeToElement(new { findings }),
        };

    private static async Task<ExecutedResult?> CheckAsync(CaseRecord record, string type, string payload)
    {
        using var json = JsonDocument.Parse(payload);
        ICaseProcedure procedure = new RevocationProcedure();
        var refusal = await procedure.CheckEventAsync(record, type, json.RootElement, Head, CancellationToken.None);
        return refusal is null ? null : await ResultExecution.ExecuteAsync(refusal);
    }

    private const string Revoke =
        """{"type":"decide-revoke","directlyResponsiblePersons":[{"name":"王某","idNumber":"411102198503120015"}]}""";

    [Fact]
    public async Task CheckEventAsync_Art40Para2RevokeWhileInvestigatingWithoutFinding_409NoFinding()
    {
        var result = await CheckAsync(Case("investigating"), "decide-revoke", Revoke);

        Assert.NotNull(result);
        Assert.Equal(
            (409, "revocation.no-finding", "Decree 746 Art. 40 para 2"),
            (result.Status, result.Text("rule"), result.Text("article"))
        );
        Assert.StartsWith("未经调查认定", result.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckEventAsync_Art40Para2RevokeWithAFindingThatEstablishesNothing_409NoFinding()
    {
        var result = await CheckAsync(Case("investigating", new { finding = "签名属实", established = false }), "decide-revoke", Revoke);

        Assert.Equal(409, result?.Status);
    }

    [Theory]
    [InlineData("investigating")] // with an establishing finding
    [InlineData("notice-ended")] // the unopposed 45-day notice
    public async Task CheckEventAsync_Art40Para2RevokeWithFindingOrAfterUnopposedNotice_Accepted(string state)
    {
        var record = state == "notice-ended" ? Case(state) : Case(state, new { finding = "签名系伪造", evidence = "笔迹鉴定" });

        Assert.Null(await CheckAsync(record, "decide-revoke", Revoke));
    }

    [Fact]
    public async Task CheckEventAsync_Art41GroundNotInTheArticle_400Art41Ground()
    {
        var result = await CheckAsync(
            Case("notice-ended"),
            "decide-not-revoke",
            """{"type":"decide-not-revoke","ground":"hardship","reasons":["困难"]}"""
        );

        Assert.NotNull(result);
        Assert.Equal((400, "ground", "event.art41-ground"), (result.Status, result.Text("field"), result.Text("rule")));
    }

    [Fact]
    public async Task CheckEventAsync_RecordPublicationOfAnItemTheLawDoesNotName_400PublicationItem()
    {
        var result = await CheckAsync(
            Case("revoked"),
            "record-publication",
            """{"type":"record-publication","item":"press-release","content":"x"}"""
        );

        Assert.NotNull(result);
        Assert.Equal((400, "item", "publication.item"), (result.Status, result.Text("field"), result.Text("rule")));
    }

    [Fact]
    public void EventFormsFor_Art40Para2InvestigatingWithoutFinding_OffersNoRevocation()
    {
        var forms = EventForms.For(Head, Case("investigating"), new RevocationProcedure()).Select(f => f.Type).ToList();

        Assert.DoesNotContain("decide-revoke", forms);
        Assert.Contains("decide-not-revoke", forms);
    }
}
