using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;

namespace Workflows.Domain.Tests.MarketEntities;

public sealed class EventValidationTests
{
    [Theory]
    [InlineData("registration", "refuse", Role.RegistrationOfficer, """{"reasons":["不符合第二十条"]}""", 0, "")]
    [InlineData("registration", "refuse", Role.RegistrationOfficer, """{"reasons":[]}""", 0, "event.required-field")]
    [InlineData("registration", "refuse", Role.RegistrationOfficer, """{"reasons":"  "}""", 0, "event.required-field")]
    [InlineData("registration", "refuse", Role.RegistrationOfficer, """{}""", 0, "event.required-field")]
    [InlineData("registration", "refuse", Role.RegistrationOfficer, """null""", 0, "event.required-field")]
    [InlineData("registration", "refuse", Role.Enterprise, """{"reasons":["x"]}""", 0, "event.role-not-allowed")]
    [InlineData("registration", "extend", Role.AuthorityHead, """{"reason":"复杂"}""", 0, "")]
    [InlineData("registration", "extend", Role.AuthorityHead, """{"reason":"复杂"}""", 1, "event.max-occurrences")]
    [InlineData("registration", "request-correction", Role.RegistrationOfficer, """{"missingMaterials":["residence-proof"]}""", 0, "")]
    [InlineData(
        "registration",
        "request-correction",
        Role.RegistrationOfficer,
        """{"missingMaterials":["residence-proof","birth-certificate"]}""",
        0,
        "event.material-code"
    )]
    [InlineData(
        "revocation",
        "decide-not-revoke",
        Role.AuthorityHead,
        """{"ground":"seriousHarmToPublicInterest","reasons":["x"]}""",
        0,
        ""
    )]
    [InlineData(
        "revocation",
        "decide-not-revoke",
        Role.AuthorityHead,
        """{"ground":"tooMuchWork","reasons":["x"]}""",
        0,
        "event.art41-ground"
    )]
    [InlineData("revocation", "object", Role.Enterprise, """{"reason":"登记真实"}""", 0, "")]
    [InlineData("revocation", "approve", Role.AuthorityHead, """{}""", 0, "event.unknown")]
    public void Validate_Envelope_ReportsExpectedRule(
        string procedure,
        string eventType,
        Role role,
        string payload,
        int prior,
        string expectedRule
    )
    {
        using var doc = JsonDocument.Parse(payload);

        var errors = EventValidation.Validate(new EventEnvelope(procedure, eventType, role, doc.RootElement), prior);

        Assert.Equal(expectedRule.Split(',', StringSplitOptions.RemoveEmptyEntries), errors.Select(e => e.Rule));
    }

    [Fact]
    public void Validate_WrongRoleAndMissingField_ReportsBoth()
    {
        using var doc = JsonDocument.Parse("{}");

        var errors = EventValidation.Validate(new EventEnvelope("revocation", "reverse", Role.RegistrationOfficer, doc.RootElement));

        Assert.Equal(["event.role-not-allowed", "event.required-field"], errors.Select(e => e.Rule));
        Assert.All(errors, e => Assert.Contains("Art. 42", e.Article, StringComparison.Ordinal));
    }
}
