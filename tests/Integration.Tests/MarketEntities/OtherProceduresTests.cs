using System.Net;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.MarketEntities;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.MarketEntities;

/// <summary>Deregistration, revocation with the ban registry, trackers and calendar changes on the real engine (in memory).</summary>
/// <remarks>Issue 14: one host per test. The register remembers what a test decided (an entity deregistered, a code
/// licensed), and the law refuses a second deregistration or another entity under the same code, so tests that use
/// the same sample entity no longer share a register.</remarks>
public sealed class OtherProceduresTests : IAsyncLifetime
{
    private readonly InMemoryMarketHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task SimplifiedDeregistration_ObjectionDuringNotice_ClosesObjectedWithReason()
    {
        var id = await OpenAsync(
            host.Http,
            SimplifiedApplicant,
            "/api/deregistrations/simplified",
            With(
                Sample("deregistration/simplified.json"),
                new { noticeStart = Iso(ChinaTime.ToLegalDate(TimeProvider.System.GetUtcNow())) }
            )
        );
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "object"));

        var (status, _) = await EventAsync(
            host.Http,
            Objector,
            id,
            new
            {
                type = "object",
                reason = "尚欠货款人民币86,500元",
                objector = "永顺包装",
            }
        );

        Assert.Equal(HttpStatusCode.Accepted, status);
        var closed = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.Equal("objected", closed.GetProperty("outcome").GetString());
        Assert.Equal("尚欠货款人民币86,500元", closed.GetProperty("data").GetProperty("objection").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SimplifiedDeregistration_CleanNotice_AwaitsApplicationThenDeregistered()
    {
        var today = ChinaTime.ToLegalDate(TimeProvider.System.GetUtcNow());
        var noticeStart = today.AddDays(-25);
        var calendar = LegalCalendar.LoadEmbedded();
        var expectedDue = calendar.AddCalendarDays(calendar.NoticeWindow(noticeStart, 20).Deadline, 20).Deadline;
        var id = await OpenAsync(
            host.Http,
            SimplifiedApplicant,
            "/api/deregistrations/simplified",
            With(Sample("deregistration/simplified.json"), new { noticeStart = Iso(noticeStart) })
        );

        var awaiting = await WaitForCaseAsync(host.Http, id, c => Awaits(c, "file-deregistration"));
        Assert.Equal(Iso(expectedDue), Due(awaiting));
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await EventAsync(host.Http, SimplifiedApplicant, id, new { type = "file-deregistration" })).Status
        );
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "deregister"));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(host.Http, Officer, id, new { type = "deregister" })).Status);

        var closed = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.Equal("deregistered", closed.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task SimplifiedDeregistration_NoApplicationWithin20DaysAfterNotice_Lapses()
    {
        var id = await OpenAsync(
            host.Http,
            SimplifiedApplicant,
            "/api/deregistrations/simplified",
            With(Sample("deregistration/simplified.json"), new { noticeStart = "2024-01-02" })
        );

        var closed = await WaitForCaseAsync(host.Http, id, Closed);

        Assert.Equal("lapsed", closed.GetProperty("outcome").GetString());
        // The 20 days after the notice (2 - 22 January 2024) end on 11 February, inside the Spring Festival holiday:
        // Civil Code Art. 203 moves the last day to the day after the holiday.
        var calendar = LegalCalendar.LoadEmbedded();
        Assert.Equal(
            Iso(calendar.AddCalendarDays(new DateOnly(2024, 1, 22), 20).Deadline),
            closed.GetProperty("data").GetProperty("filingDeadline").GetString()
        );
        Assert.NotEqual("2024-02-11", closed.GetProperty("data").GetProperty("filingDeadline").GetString());
    }

    [Theory]
    [InlineData("onAbnormalOperationsList", "simplified-deregistration.abnormal-operations")]
    [InlineData("licenceRevoked", "simplified-deregistration.licence-revoked")]
    public async Task SimplifiedDeregistration_ExcludedEntity_ProblemNamesRule(string flag, string rule)
    {
        var json = Sample("deregistration/simplified.json").Replace($"\"{flag}\": false", $"\"{flag}\": true", StringComparison.Ordinal);

        var (status, body) = await PostAsync(host.Http, SimplifiedApplicant, "/api/deregistrations/simplified", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(rule, body.GetProperty("rule").GetString());
    }

    // Issue 14 (Decree 746 Art. 33 para 3, version 3): nothing is deregistered by itself; the officer pushes the
    // application, the departments' 10 days run from the push, and the deregistration is the officer's act after them.
    [Fact]
    public async Task IndividualBusiness_Art33Para3PastApplication_AwaitsTheOfficersPushThenTenDaysFromIt()
    {
        var id = await OpenAsync(
            host.Http,
            IndividualApplicant,
            "/api/deregistrations/individual-business",
            With(Sample("deregistration/individual-business.json"), new { noticeStart = "2025-05-28" })
        );

        var waiting = await WaitForCaseAsync(host.Http, id, c => Awaits(c, "push-to-departments"));
        Assert.Equal("awaiting-push", State(waiting));
        Assert.Equal("red", waiting.GetProperty("light").GetString()); // the push was due 3 working days after 28 May 2025
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await EventAsync(
                    host.Http,
                    Officer,
                    id,
                    new { type = "push-to-departments", departments = new[] { "国家税务总局漯河市源汇区税务局" } }
                )
            ).Status
        );
        var reviewing = await WaitForCaseAsync(host.Http, id, c => State(c) == "departments-reviewing");

        var today = ChinaTime.ToLegalDate(TimeProvider.System.GetUtcNow());
        Assert.Equal(
            LegalCalendar
                .LoadEmbedded()
                .Compute(Domain.StatutoryPeriods.Find("individual-business-objection-window", today)!, today)
                .Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Due(reviewing)
        );
        Assert.False(Closed(reviewing));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(host.Http, IndividualApplicant, id, new { type = "withdraw" })).Status);
        await WaitForCaseAsync(host.Http, id, Closed);
    }

    [Fact]
    public async Task Deregistration_SameApplicationByBothRoutes_OneCase_AnotherWhileOpenConflict_AllowedAfterClose()
    {
        var body = With(
            Sample("deregistration/individual-business.json"),
            new { noticeStart = Iso(ChinaTime.ToLegalDate(TimeProvider.System.GetUtcNow())) }
        );

        var first = await PostAsync(host.Http, IndividualApplicant, "/api/deregistrations/individual-business", body);
        var viaOtherRoute = await PostAsync(host.Http, IndividualApplicant, "/api/deregistrations/simplified", body);
        var another = await PostAsync(host.Http, IndividualApplicant, "/api/deregistrations/simplified", body, "second-deregistration");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        var id = first.Body.GetProperty("caseId").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, viaOtherRoute.Status);
        Assert.Equal(id, viaOtherRoute.Body.GetProperty("caseId").GetString());
        Assert.False(viaOtherRoute.Body.GetProperty("created").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, another.Status);
        Assert.Contains(id, another.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Art. 33", another.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "withdraw"));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(host.Http, IndividualApplicant, id, new { type = "withdraw" })).Status);
        await WaitForCaseAsync(host.Http, id, Closed);
        var afterClose = await PostAsync(host.Http, IndividualApplicant, "/api/deregistrations/simplified", body, "second-deregistration");

        Assert.Equal(HttpStatusCode.Accepted, afterClose.Status);
        var second = afterClose.Body.GetProperty("caseId").GetString()!;
        Assert.NotEqual(id, second);

        // Leave no open deregistration behind for the other tests of this entity.
        await WaitForCaseAsync(host.Http, second, c => Awaits(c, "withdraw"));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(host.Http, IndividualApplicant, second, new { type = "withdraw" })).Status);
        await WaitForCaseAsync(host.Http, second, Closed);
    }

    [Fact]
    public async Task Revocation_RevokeBansPersonUntilThreeYears_RegistrationShowsHit_ReversalLiftsIt()
    {
        var id = await OpenAsync(host.Http, Affected, "/api/revocations", Sample("revocation/application.json"));
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "decide-revoke"));
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await EventAsync(
                    host.Http,
                    Officer,
                    id,
                    new
                    {
                        type = "investigation-finding",
                        finding = "签名系伪造",
                        evidence = new[] { "笔迹鉴定意见书.pdf" },
                    }
                )
            ).Status
        );
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "decide-revoke"));

        var (status, _) = await EventAsync(
            host.Http,
            Head,
            id,
            new { type = "decide-revoke", directlyResponsiblePersons = new[] { new { name = "张伟", idNumber = "411102198503120015" } } }
        );
        Assert.Equal(HttpStatusCode.Accepted, status);
        var revoked = await WaitForCaseAsync(host.Http, id, c => State(c) == "revoked" && Awaits(c, "reverse"));
        var ban = revoked.GetProperty("data").GetProperty("bans")[0];
        var revokedOn = DateOnly.Parse(
            revoked.GetProperty("data").GetProperty("revokedOn").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture
        );
        Assert.Equal(
            LegalCalendar
                .LoadEmbedded()
                .AddYears(revokedOn, 3)
                .Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ban.GetProperty("endDate").GetString()
        );

        // Art. 12 / Art. 40 para 3: the banned person applies again → the officer sees the ban, its source and end.
        var reg = await OpenAsync(
            host.Http,
            Officer,
            "/api/registrations",
            With(Sample("registration/application-complete.json"), new { registerOnTheSpot = true })
        );
        var withHit = await WaitForCaseAsync(host.Http, reg, c => Awaits(c, "register"));
        var hit = withHit.GetProperty("data").GetProperty("banHits")[0];
        Assert.Equal(id, hit.GetProperty("sourceCaseId").GetString());
        Assert.Equal(ban.GetProperty("endDate").GetString(), hit.GetProperty("endDate").GetString());
        Assert.False(Closed(withHit)); // not registered on the spot

        // Art. 42: reversal restores the registration and lifts the ban.
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await EventAsync(host.Http, Head, id, new { type = "reverse", reason = "上级机关认定撤销决定错误" })).Status
        );
        // Art. 42 "并通过国家企业信用信息公示系统公示": the case closes once the reversal is published (version 3).
        await WaitForCaseAsync(host.Http, id, c => State(c) == "reversed" && Awaits(c, "record-publication"));
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await EventAsync(
                    host.Http,
                    Officer,
                    id,
                    new
                    {
                        type = "record-publication",
                        item = "reversal",
                        content = "撤销决定已撤销，恢复原登记状态",
                    }
                )
            ).Status
        );
        var reversed = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.Equal("revocation-reversed", reversed.GetProperty("outcome").GetString());
        Assert.True(reversed.GetProperty("data").GetProperty("registrationInForce").GetBoolean());
        var again = await OpenAsync(
            host.Http,
            Officer,
            "/api/registrations",
            With(Sample("registration/application-complete.json"), new { registerOnTheSpot = true, acceptedOn = "2024-06-03" })
        );
        var clean = await WaitForCaseAsync(host.Http, again, Closed);
        Assert.Empty(clean.GetProperty("data").GetProperty("banHits").EnumerateArray());
    }

    [Fact]
    public async Task Revocation_PastNoticeWithoutObjection_AwaitsDecisionThenNotRevokedOnArt41Ground()
    {
        var id = await OpenAsync(
            host.Http,
            Affected,
            "/api/revocations",
            With(Sample("revocation/application.json"), new { targetUscc = "91411100MA44TQ8U1D" })
        );
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "start-public-notice"));

        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await EventAsync(
                    host.Http,
                    Officer,
                    id,
                    new
                    {
                        type = "start-public-notice",
                        unreachableOrRefused = "无法联系",
                        noticeStart = "2025-05-20",
                    }
                )
            ).Status
        );
        var ended = await WaitForCaseAsync(host.Http, id, c => State(c) == "notice-ended");
        Assert.Equal("2025-07-04", ended.GetProperty("data").GetProperty("noticeEnds").GetString());

        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await EventAsync(
                    host.Http,
                    Head,
                    id,
                    new
                    {
                        type = "decide-not-revoke",
                        ground = "cannotRestorePriorState",
                        reasons = new[] { "无法恢复到登记前的状态" },
                    }
                )
            ).Status
        );
        var closed = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.Equal("not-revoked", closed.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Tracker_ChangeRegistrationMissed_TurnsRedThenFulfilledLate()
    {
        var id = await OpenAsync(host.Http, TrackedEnterprise, "/api/trackers", Sample("trackers/change-registration.json"));

        var red = await WaitForCaseAsync(host.Http, id, c => State(c) == "overdue", TrackedEnterprise);
        Assert.Equal("red", red.GetProperty("light").GetString());
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await EventAsync(host.Http, TrackedEnterprise, id, new { type = "comply", evidence = new[] { "变更登记通知书" } })).Status
        );
        var closed = await WaitForCaseAsync(host.Http, id, Closed, TrackedEnterprise);
        Assert.Equal("fulfilled-late", closed.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task CalendarChange_OpenCaseWithDeadlineAfterEarliestChange_RecomputesAndRecordsIt()
    {
        var id = await OpenAsync(
            host.Http,
            Enterprise,
            "/api/registrations",
            With(Sample("registration/application-complete.json"), new { acceptedOn = "2024-02-08" }),
            "calendar-case"
        );
        await WaitForCaseAsync(host.Http, id, c => State(c) == "overdue");
        var listener = host.Services.GetServices<ICalendarChangeListener>().OfType<MarketEntityCalendarListener>().Single();

        await listener.OnYearChangedAsync(
            new CalendarYearChanged(
                2024,
                YearStatus.Official,
                YearStatus.Official,
                "国办发明电〔2023〕7号",
                [],
                [],
                [],
                [],
                [],
                [new DateOnly(2024, 2, 18)]
            ),
            TimeProvider.System.GetUtcNow(),
            host.Services.GetRequiredService<DurableTaskClient>(),
            CancellationToken.None
        );

        var recorded = await WaitForCaseAsync(host.Http, id, c => Actions(c).Contains("deadline-confirmed"));
        Assert.Equal("2024-02-19", Due(recorded));
        // The signal is its own external event ("calendar-changed"), so the case never had to await it.
        Assert.DoesNotContain("calendar-changed", recorded.GetProperty("awaitedEvents").EnumerateArray().Select(e => e.GetString()));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
