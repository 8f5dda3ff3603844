using System.Text.Json;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Tests.MarketEntities;

public sealed class MarketEntityIntakeTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void ParseRegistration_MissingMaterialsOnly_AcceptedWithEveryMissingMaterial()
    {
        var (submission, errors) = MarketEntityIntake.ParseRegistration(
            Json(MarketSamples.Text("registration/application-missing-materials.json")),
            Today
        );

        Assert.Empty(errors);
        Assert.Equal(RequiredMaterials.MissingMaterials(submission!.Application).Select(m => m.Code), submission.MissingMaterials);
        Assert.Equal(Today, submission.AcceptedOn);
    }

    [Theory]
    [InlineData("{\"acceptedOn\": \"2025-06-02\"}", "acceptedOn", "registration.accepted-in-future")]
    [InlineData("{\"acceptedOn\": \"02/06/2025\"}", "acceptedOn", "date.format")]
    [InlineData("{\"registerOnTheSpot\": \"yes\"}", "registerOnTheSpot", "body.json")]
    public void ParseRegistration_BadIntakeFields_NamedError(string extra, string field, string rule)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(MarketSamples.Text("registration/application-complete.json"))!.AsObject();
        foreach (var (name, value) in System.Text.Json.Nodes.JsonNode.Parse(extra)!.AsObject().ToList())
        {
            node[name] = value?.DeepClone();
        }

        var (_, errors) = MarketEntityIntake.ParseRegistration(Json(node.ToJsonString()), Today);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
    }

    [Fact]
    public void ParseRegistration_NoEntityType_Required()
    {
        var (_, errors) = MarketEntityIntake.ParseRegistration(Json("{\"name\": \"x\"}"), Today);

        Assert.Equal(("entityType", RegistrationApplicationValidator.RequiredRule), (errors[0].Field, errors[0].Rule));
    }

    [Theory]
    [InlineData(EntityType.LimitedLiabilityCompany, '1')]
    [InlineData(EntityType.IndividualBusiness, '2')]
    [InlineData(EntityType.FarmerCooperative, '3')]
    public void DeriveUscc_AnyCase_ValidCodeOfTheAgencyAndCategory(EntityType type, char category)
    {
        var code = IssueLicenceActivity.DeriveUscc("REG-411100-20240208-ABCDEFGH", "411100", type);

        Assert.True(Domain.Identifiers.UnifiedSocialCreditCode.Validate(code).IsValid);
        Assert.Equal(category, code[1]);
        Assert.Equal("411100", code[2..8]);
        Assert.Equal(code, IssueLicenceActivity.DeriveUscc("REG-411100-20240208-ABCDEFGH", "411100", type));
    }

    [Fact]
    public void Procedures_EventsComeFromCatalogWithoutIntakeEvents()
    {
        var registration = new RegistrationProcedure();

        Assert.Equal(
            EventCatalog.EventsOf(EventCatalog.Registration).Select(e => e.EventType).Where(t => t != "submit"),
            registration.Events.Select(e => e.Type)
        );
        Assert.Equal(
            EventCatalog.Find(EventCatalog.Registration, "extend")!.AllowedRoles,
            registration.Events.Single(e => e.Type == "extend").AllowedRoles
        );
        Assert.Equal(["register", "refuse", "extend", "request-correction", "resubmit"], registration.Events.Select(e => e.Type));
    }
}
