using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>Issue 14 item 4, Decree 746 Art. 19: the one-time correction notice lists every material the case knows is
/// missing (para 2), and nothing is registered while materials are missing (para 1).</summary>
public sealed class RegistrationEventRulesTests
{
    private static readonly Principal Officer = new("officer-1", "王敏", Role.RegistrationOfficer, "411100");

    private static readonly string[] Deciding = ["register", "refuse", "extend", "request-correction"];

    private static CaseRecord Case(params string[] missing) =>
        new()
        {
            Id = "REG-411100-20240208-RULES001",
            Procedure = MarketEntityProcedureNames.Registration,
            Agency = "411100",
            Title = "漯河市示例商贸有限公司设立登记",
            State = "under-review",
            CreatedUtc = new DateTimeOffset(2024, 2, 8, 1, 0, 0, TimeSpan.Zero),
            AwaitedEvents = Deciding,
            Data = JsonSerializer.SerializeToElement(new { acceptedOn = "2024-02-08", missingMaterials = missing }),
        };

    private static async Task<ExecutedResult?> CheckAsync(CaseRecord record, string type, string payload)
    {
        using var json = JsonDocument.Parse(payload);
        ICaseProcedure procedure = new RegistrationProcedure();
        var refusal = await procedure.CheckEventAsync(record, type, json.RootElement, Officer, CancellationToken.None);
        return refusal is null ? null : await ResultExecution.ExecuteAsync(refusal);
    }

    [Fact]
    public async Task CheckEventAsync_Art19Para2CorrectionOmittingAKnownMissingMaterial_400CorrectionIncomplete()
    {
        var result = await CheckAsync(
            Case("identity-documents", "residence-proof"),
            "request-correction",
            """{"type":"request-correction","missingMaterials":["identity-documents"]}"""
        );

        Assert.NotNull(result);
        Assert.Equal((400, "missingMaterials", "correction.incomplete"), (result.Status, result.Text("field"), result.Text("rule")));
        Assert.Equal("Decree 746 Art. 19 para 2", result.Text("article"));
        Assert.Contains("residence-proof", result.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("identity-documents", result.Text("detail")!.Split("omits")[1], StringComparison.Ordinal);
        Assert.StartsWith("一次性告知", result.Text("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckEventAsync_Art19Para2CorrectionListingEveryKnownAndOneMore_Accepted()
    {
        var result = await CheckAsync(
            Case("identity-documents", "residence-proof"),
            "request-correction",
            """{"type":"request-correction","missingMaterials":["residence-proof","identity-documents","officer-appointment"]}"""
        );

        Assert.Null(result);
    }

    [Fact]
    public async Task CheckEventAsync_Art19Para1RegisterWhileMaterialsMissing_409MaterialsMissing()
    {
        var result = await CheckAsync(Case("residence-proof"), "register", """{"type":"register","uscc":"91411100MA44X1Y23P"}""");

        Assert.NotNull(result);
        Assert.Equal(
            (409, "missingMaterials", "registration.materials-missing"),
            (result.Status, result.Text("field"), result.Text("rule"))
        );
        Assert.Equal("Decree 746 Art. 19 para 1", result.Text("article"));
        Assert.Contains("residence-proof", result.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckEventAsync_Art19Para1RegisterWithCompleteMaterials_Accepted()
    {
        var result = await CheckAsync(Case(), "register", """{"type":"register","uscc":"91411100MA44X1Y23P"}""");

        Assert.Null(result);
    }

    [Fact]
    public void EventFormsFor_Art19Para1MaterialsMissing_OffersNoRegisterButCorrectionAndRefusal()
    {
        var procedure = new RegistrationProcedure();

        var missing = EventForms.For(Officer, Case("residence-proof"), procedure).Select(f => f.Type).ToList();
        var complete = EventForms.For(Officer, Case(), procedure).Select(f => f.Type).ToList();

        Assert.DoesNotContain("register", missing);
        Assert.Contains("request-correction", missing);
        Assert.Contains("refuse", missing);
        Assert.Contains("register", complete);
    }
}
