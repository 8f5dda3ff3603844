using System.Net;
using System.Text.Json;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.MarketEntities;

/// <summary>Registration on the real durable engine (in memory), acceptance dates in the past so timers fire at once.</summary>
/// <remarks>Issue 14: one host per test. The register remembers what a test decided (an entity deregistered, a code
/// licensed), and the law refuses a second deregistration or another entity under the same code, so tests that use
/// the same sample entity no longer share a register.</remarks>
public sealed class RegistrationOverHttpTests : IAsyncLifetime
{
    private readonly InMemoryMarketHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private static string Application(string acceptedOn, object? extra = null) =>
        With(With(Sample("registration/application-complete.json"), new { acceptedOn }), extra ?? new { });

    [Fact]
    // Issue 14 (Decree 746 Art. 19 para 1, version 3): an extension approved after the limit is recorded as late and
    // extends nothing (it used to move the limit to 22 February), so the later registration stays late.
    public async Task Registration_AcceptedOn8February2024_DueOn19FebruaryLateExtensionExtendsNothingThenLate()
    {
        var id = await OpenAsync(host.Http, Enterprise, "/api/registrations", Application("2024-02-08"), "reg-example-1");

        var overdue = await WaitForCaseAsync(host.Http, id, c => State(c) == "overdue");
        Assert.Equal("2024-02-19", Due(overdue));
        Assert.Equal("red", overdue.GetProperty("light").GetString());
        Assert.Contains("overdue", Actions(overdue));

        var (extendStatus, _) = await EventAsync(host.Http, Head, id, new { type = "extend", reason = "情形复杂" });
        Assert.Equal(HttpStatusCode.Accepted, extendStatus);
        var extended = await WaitForCaseAsync(host.Http, id, c => Actions(c).Contains("extension-late") && Awaits(c, "register"));
        Assert.False(Awaits(extended, "extend"));
        Assert.Equal("2024-02-19", Due(extended));
        Assert.True(extended.GetProperty("late").GetBoolean());

        var (registerStatus, _) = await EventAsync(host.Http, Officer, id, new { type = "register", uscc = "91411100MA44X1Y23P" });
        Assert.Equal(HttpStatusCode.Accepted, registerStatus);
        var registered = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.Equal("registered", registered.GetProperty("outcome").GetString());
        Assert.True(registered.GetProperty("late").GetBoolean());
        Assert.Equal("91411100MA44X1Y23P", registered.GetProperty("data").GetProperty("licence").GetProperty("uscc").GetString());
        Assert.All(
            registered.GetProperty("history").EnumerateArray(),
            h => Assert.StartsWith("Decree 746", h.GetProperty("article").GetString(), StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Registration_OnTheSpotByOfficer_RegisteredAtOnce()
    {
        var id = await OpenAsync(host.Http, Officer, "/api/registrations", Application("2024-03-04", new { registerOnTheSpot = true }));

        var registered = await WaitForCaseAsync(host.Http, id, Closed);

        Assert.Equal("registered", registered.GetProperty("outcome").GetString());
        Assert.Equal("2024-03-04", registered.GetProperty("data").GetProperty("licence").GetProperty("establishmentDate").GetString());
    }

    [Fact]
    public async Task Events_RacingRegisterAndRefuse_OneAcceptedOneConflict()
    {
        var id = await OpenAsync(host.Http, Enterprise, "/api/registrations", Application("2024-02-07"), "reg-race-1");
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "register"));

        var register = EventAsync(host.Http, Officer, id, new { type = "register", uscc = "91411100MA44X1Y23P" });
        var refuse = EventAsync(host.Http, Officer, id, new { type = "refuse", reasons = new[] { "名称不符合规定" } });
        var statuses = (await Task.WhenAll(register, refuse)).Select(r => r.Status).Order().ToList();

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], statuses);
        var closed = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.Contains(closed.GetProperty("outcome").GetString(), new[] { "registered", "refused" });
    }

    [Theory]
    [InlineData(Enterprise, "register")]
    [InlineData(Officer, "extend")]
    [InlineData(Head, "refuse")]
    public async Task Events_WrongRole_Forbidden(string apiKey, string type)
    {
        var id = await OpenAsync(host.Http, Enterprise, "/api/registrations", Application("2024-02-06"), "reg-role-" + type);
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, type));

        var (status, body) = await EventAsync(
            host.Http,
            apiKey,
            id,
            new
            {
                type,
                uscc = "91411100MA44X1Y23P",
                reason = "x",
                reasons = new[] { "x" },
            }
        );

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("may be sent only by", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Issue 11: a creditor's key is party to no registration, so the case does not exist for it (404, not a
    /// 403 that confirms the case and lists who may act on it).</summary>
    [Fact]
    public async Task Events_ObjectorOnRegistration_NotFound()
    {
        var id = await OpenAsync(host.Http, Enterprise, "/api/registrations", Application("2024-02-06"), "reg-role-objector");
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "refuse"));

        var (status, body) = await EventAsync(host.Http, Objector, id, new { type = "refuse", reasons = new[] { "x" } });

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("may be sent only by", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_WrongRole_Forbidden()
    {
        var (status, _) = await PostAsync(host.Http, Affected, "/api/registrations", Application("2024-02-06"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Intake_RetriedWithSameIdempotencyKey_SameCase_DifferentBodyConflicts()
    {
        var first = await PostAsync(host.Http, Enterprise, "/api/registrations", Application("2024-02-05"), "retry-key-1");
        var second = await PostAsync(host.Http, Enterprise, "/api/registrations", Application("2024-02-05"), "retry-key-1");
        var changed = await PostAsync(host.Http, Enterprise, "/api/registrations", Application("2024-02-02"), "retry-key-1");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(first.Body.GetProperty("caseId").GetString(), second.Body.GetProperty("caseId").GetString());
        Assert.True(first.Body.GetProperty("created").GetBoolean());
        Assert.False(second.Body.GetProperty("created").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, changed.Status);
    }

    [Theory]
    [InlineData("registration/application-invalid-id.json", "individualBusiness.operator.idNumber", "resident-id.check-digit")]
    public async Task Intake_InvalidApplication_ProblemNamesFieldAndRule(string sample, string field, string rule)
    {
        var (status, body) = await PostAsync(host.Http, Enterprise, "/api/registrations", Sample(sample));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(
            body.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule
        );
    }

    [Fact]
    public async Task Intake_AcceptanceDateInFuture_Rejected()
    {
        var (status, body) = await PostAsync(host.Http, Enterprise, "/api/registrations", Application("2099-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("registration.accepted-in-future", body.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Registration_CorrectionThenResubmission_NewPeriodThenRegistered()
    {
        var app = With(Sample("registration/application-missing-materials.json"), new { acceptedOn = "2024-04-01" });
        var id = await OpenAsync(host.Http, Enterprise, "/api/registrations", app);
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "request-correction"));

        var missing = new[] { "identity-documents", "residence-proof", "partnership-agreement", "executive-partner-appointment" };
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await EventAsync(host.Http, Officer, id, new { type = "request-correction", missingMaterials = missing })).Status
        );
        var waiting = await WaitForCaseAsync(host.Http, id, c => State(c) == "awaiting-correction" && Awaits(c, "resubmit"));
        Assert.Null(Due(waiting));

        Assert.Equal(
            HttpStatusCode.Accepted,
            (await EventAsync(host.Http, Enterprise, id, new { type = "resubmit", materials = missing })).Status
        );
        var reviewing = await WaitForCaseAsync(host.Http, id, c => Awaits(c, "register") && Due(c) is not null);
        Assert.Empty(reviewing.GetProperty("data").GetProperty("missingMaterials").EnumerateArray());

        Assert.Equal(
            HttpStatusCode.Accepted,
            (await EventAsync(host.Http, Officer, id, new { type = "register", uscc = "91411100MA44X1Y23P" })).Status
        );
        var done = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.False(done.GetProperty("late").GetBoolean());
        Assert.Contains("correction-requested", Actions(done));
        Assert.Contains("resubmitted", Actions(done));
    }
}
