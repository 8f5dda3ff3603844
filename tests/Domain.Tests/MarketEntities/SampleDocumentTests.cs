using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

/// <summary>Every file under samples/ parses with <see cref="MarketEntityJson.Options"/> and gives the expected
/// outcome, so the samples never rot.</summary>
public sealed class SampleDocumentTests
{
    /// <summary>Relative path → expected rule ids (empty = valid / eligible). Every sample must be listed here.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["registration/application-complete.json"] = [],
        ["registration/cooperative.json"] = [],
        ["registration/branch.json"] = [],
        ["registration/application-missing-materials.json"] =
        [
            "registration.material-missing",
            "registration.material-missing",
            "registration.material-missing",
            "registration.material-missing",
        ],
        ["registration/application-invalid-id.json"] = ["resident-id.check-digit", "resident-id.birth-date"],
        ["deregistration/simplified.json"] = [],
        ["deregistration/individual-business.json"] = [],
        ["deregistration/simplified-revoked-entity.json"] = [],
        ["revocation/application.json"] = [],
        ["trackers/change-registration.json"] = [],
        ["trackers/cooperative-member-filing.json"] = [],
        ["trackers/liquidation-group-announcement.json"] = [],
        ["trackers/suspension.json"] = [],
        ["events/registration-request-correction.json"] = [],
        ["events/registration-refuse.json"] = [],
        ["events/registration-extend.json"] = [],
        ["events/simplified-deregistration-object.json"] = [],
        ["events/revocation-decide-not-revoke.json"] = [],
        ["events/revocation-start-public-notice.json"] = [],
        ["events/individual-business-push-to-departments.json"] = [],
        ["events/revocation-record-publication.json"] = [],
    };

    public static TheoryData<string> Samples() => new(Expected.Keys);

    /// <summary>Sample folders of other areas, covered by their own tests (energy, calendars, register, factories,
    /// twohigh: TwoHighRulesTests and the two-high integration tests; proxy power: ProxyPowerTests.Samples_*; the patent
    /// award's PatentAwardRoundTests).</summary>
    private static readonly string[] OtherAreas =
    [
        "energy/",
        "calendars/",
        "register/",
        "factories/",
        "twohigh/",
        "power/",
        "events/proxy-power-",
        "patent-award/",
    ];

    [Fact]
    public void SamplesFolder_EveryJsonFile_IsCoveredByThisTest()
    {
        var root = Fixtures.SamplesDirectory();
        var files = Directory
            .EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !OtherAreas.Any(area => f.StartsWith(area, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_Parses_AndHasExpectedOutcome(string relativePath)
    {
        var json = File.ReadAllText(Path.Combine(Fixtures.SamplesDirectory(), relativePath));

        var rules = relativePath.Split('/')[0] switch
        {
            "registration" => RegistrationApplicationValidator
                .Validate(Parse<RegistrationApplication>(json), Fixtures.AsOf)
                .Select(e => e.Rule),
            "deregistration" => SimplifiedDeregistrationEligibility
                .Evaluate(Parse<SimplifiedDeregistrationRequest>(json))
                .Exclusions.Select(e => e.RuleId),
            "revocation" => RevocationApplicationValidator.Validate(Parse<RevocationApplication>(json), Fixtures.AsOf).Select(e => e.Rule),
            "events" => EventValidation.Validate(Parse<EventEnvelope>(json)).Select(e => e.Rule),
            "trackers" => TrackerStartValidator.Validate(Parse<TrackerStart>(json), Fixtures.AsOf).Select(e => e.Rule),
            var folder => throw new InvalidOperationException($"No expectation for sample folder '{folder}'."),
        };

        Assert.Equal(Expected[relativePath], rules);
    }

    [Fact]
    public void MissingMaterialsSample_ListsEveryMissingMaterialByName()
    {
        var app = Parse<RegistrationApplication>(
            File.ReadAllText(Path.Combine(Fixtures.SamplesDirectory(), "registration/application-missing-materials.json"))
        );

        Assert.Equal(
            ["identity-documents", "residence-proof", "partnership-agreement", "executive-partner-appointment"],
            RequiredMaterials.MissingMaterials(app).Select(m => m.Code)
        );
    }

    [Fact]
    public void InvalidIdSample_PointsAtTheOffendingFields()
    {
        var app = Parse<RegistrationApplication>(
            File.ReadAllText(Path.Combine(Fixtures.SamplesDirectory(), "registration/application-invalid-id.json"))
        );

        Assert.Equal(
            ["individualBusiness.operator.idNumber", "parties[0].idNumber"],
            RegistrationApplicationValidator.Validate(app, Fixtures.AsOf).Select(e => e.Field)
        );
    }

    [Theory]
    [InlineData(EntityType.LimitedLiabilityCompany)]
    [InlineData(EntityType.PartnershipEnterprise)]
    [InlineData(EntityType.IndividualBusiness)]
    [InlineData(EntityType.Branch)]
    public void Json_RoundTrip_PreservesApplicationAndUsesCamelCase(EntityType type)
    {
        var app = Fixtures.Valid(type);

        var json = MarketEntityJson.Serialize(app);
        var back = MarketEntityJson.Deserialize<RegistrationApplication>(json)!;

        Assert.Contains("\"entityType\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("partiesOrEmpty", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(MarketEntityJson.Serialize(back), json);
        Assert.Equal(
            RegistrationApplicationValidator.Validate(app, Fixtures.AsOf),
            RegistrationApplicationValidator.Validate(back, Fixtures.AsOf)
        );
    }

    private static T Parse<T>(string json) =>
        MarketEntityJson.Deserialize<T>(json) ?? throw new InvalidOperationException("Sample deserialised to null.");
}
