using System.Net;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Integration.Tests.MarketEntities;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.Proof;

/// <summary>
/// Issue 8 item 4: idempotency and races on the real durable engine (in memory). Each class fixture has its own
/// in-memory store, so counting the cases of one acceptance day counts exactly the cases these tests opened.
/// </summary>
public sealed class RaceTests(InMemoryMarketHost host) : IClassFixture<InMemoryMarketHost>
{
    private static string Application(string acceptedOn) => With(Sample("registration/application-complete.json"), new { acceptedOn });

    private async Task<int> CasesAcceptedOnAsync(DateOnly day)
    {
        var start = ChinaTime.StartOfDayUtc(day);
        var page = await host
            .Services.GetRequiredService<CaseStore>()
            .ListAsync("411100", c => c.Procedure == "registration" && c.CreatedUtc >= start && c.CreatedUtc < start.AddDays(1), 1, 200);
        return page.Total;
    }

    [Theory]
    [InlineData("same-name.json", "same-name.json")]
    [InlineData("first-copy.json", "second-copy.json")]
    public async Task Drop_SamePackageTwice_OneCase(string firstName, string secondName)
    {
        var day = firstName == secondName ? new DateOnly(2024, 6, 3) : new DateOnly(2024, 6, 4);
        var package = Encoding.UTF8.GetBytes(Application(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        var expectedId = CaseIds.FromKey("REG", "411100", day, $"drop|{StorageNames.RegistrationsInbox}|{IdempotencyStore.Hash(package)}");

        await blobs.PutAsync(StorageNames.RegistrationsInbox, firstName, package, "application/json");
        await WaitForCaseAsync(host.Http, expectedId, c => Awaits(c, "register"), seconds: 45);
        var second = await blobs.PutAsync(StorageNames.RegistrationsInbox, secondName, package, "application/json");
        await WaitForReceiptAsync(secondName, second.ETag);

        Assert.Equal(1, await CasesAcceptedOnAsync(day));
        var opened = await WaitForCaseAsync(host.Http, expectedId, c => Awaits(c, "register"));
        Assert.Equal(1, Actions(opened).Count(a => a == "accepted"));
    }

    [Fact]
    public async Task Intake_RetriedPostsWithSameKey_SameCaseOneCase()
    {
        var body = Application("2024-06-05");

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(_ => PostAsync(host.Http, Enterprise, "/api/registrations", body, "proof-retry-1"))
        );
        var sequential = await PostAsync(host.Http, Enterprise, "/api/registrations", body, "proof-retry-1");

        Assert.All(answers.Append(sequential), a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.Single(answers.Append(sequential).Select(a => a.Body.GetProperty("caseId").GetString()).Distinct());
        Assert.False(sequential.Body.GetProperty("created").GetBoolean());
        Assert.Equal(1, await CasesAcceptedOnAsync(new DateOnly(2024, 6, 5)));

        // Started once: a second start of the running instance would wedge it and the case would never get here.
        var running = await WaitForCaseAsync(host.Http, sequential.Body.GetProperty("caseId").GetString()!, c => Awaits(c, "register"));
        Assert.Equal(1, Actions(running).Count(a => a == "deadline-set"));
    }

    [Theory]
    [InlineData("2024-06-06", "2024-06-07")]
    public async Task Intake_SameKeyDifferentBody_ConflictProblem(string firstDay, string secondDay)
    {
        var first = await PostAsync(host.Http, Enterprise, "/api/registrations", Application(firstDay), "proof-changed-body");
        var changed = await PostAsync(host.Http, Enterprise, "/api/registrations", Application(secondDay), "proof-changed-body");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, changed.Status);
        Assert.Equal(409, changed.Body.GetProperty("status").GetInt32());
        Assert.Contains("Idempotency-Key", changed.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CasesAcceptedOnAsync(DateOnly.Parse(secondDay, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Events_ConcurrentRegisterAndRefuse_ExactlyOneAcceptedOneDecisionRecorded(int contenders)
    {
        var id = await OpenAsync(
            host.Http,
            Enterprise,
            "/api/registrations",
            Application("2024-06-1" + contenders),
            $"proof-race-{contenders}"
        );
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "register") && Awaits(c, "refuse"));

        using var start = new SemaphoreSlim(0);
        var sends = Enumerable
            .Range(0, contenders)
            .Select(async n =>
            {
                await start.WaitAsync();
                object evt =
                    n % 2 == 0
                        ? new { type = "register", uscc = "91411100MA44X1Y23P" }
                        : new { type = "refuse", reasons = new[] { "名称不符合规定" } };
                return await PostAsync(
                    host.Http,
                    Officer,
                    $"/api/cases/{id}/events",
                    System.Text.Json.JsonSerializer.Serialize(evt),
                    $"proof-decision-{contenders}-{n}"
                );
            })
            .ToList();
        start.Release(contenders);
        var answers = await Task.WhenAll(sends);

        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.Accepted));
        Assert.Equal(contenders - 1, answers.Count(a => a.Status == HttpStatusCode.Conflict));
        var closed = await WaitForCaseAsync(host.Http, id, Closed);
        // Only the orchestration audits a decision: once its instance has completed, a second one can no longer appear.
        using var completion = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(id, completion.Token);
        var final = await WaitForCaseAsync(host.Http, id, Closed);
        var decisions = Actions(final).Count(a => a is "registered" or "refused" or "event-ignored");
        Assert.Equal(1, decisions);
        Assert.Equal(1, final.GetProperty("stage").GetInt32());
        Assert.Equal(closed.GetProperty("outcome").GetString(), final.GetProperty("outcome").GetString());
    }

    /// <summary>
    /// The crash window between accepting an event and raising it: the case holds the stage as claimed (awaiting
    /// nothing) with the pending envelope, exactly as a host killed right after that write leaves it. The caller's
    /// retry (same body, same key or none) must raise the event, and the case must finish with one decision.
    /// </summary>
    [Theory]
    [InlineData("2024-06-20", "proof-crash-window")]
    [InlineData("2024-06-21", null)]
    public async Task Events_StageClaimedButNeverRaised_RetryRaisesItAndCaseFinishes(string acceptedOn, string? key)
    {
        var id = await OpenAsync(host.Http, Enterprise, "/api/registrations", Application(acceptedOn), $"proof-open-{acceptedOn}");
        // Accepted in the past: the limit has passed, so the case awaits the officer first as under review, then (its
        // first timer) as overdue. The claim below is written on the record of that last step, as a real claim would be
        // once the case stops changing; read earlier, the record's ETag is stale by the time of the write.
        await WaitForCaseAsync(host.Http, id, c => Awaits(c, "register") && c.GetProperty("state").GetString() == "overdue");
        var body = System.Text.Json.JsonSerializer.Serialize(new { type = "register", uscc = "91411100MA44X1Y23P" });
        var store = host.Services.GetRequiredService<CaseStore>();
        var record = (await store.GetAsync(id))!;
        var envelope = new CaseEventEnvelope(
            $"{id}-e{record.Stage + 1}",
            "register",
            "officer-1",
            "王敏 (registration officer)",
            "RegistrationOfficer",
            DateTimeOffset.UtcNow,
            body
        );
        await store.ReplaceAsync(
            record with
            {
                Stage = record.Stage + 1,
                AwaitedEvents = [],
                PendingEvent = new PendingCaseEvent(envelope, key, IdempotencyStore.Hash(body)),
            }
        );

        var retry = await PostAsync(host.Http, Officer, $"/api/cases/{id}/events", body, key);
        var other = await PostAsync(
            host.Http,
            Officer,
            $"/api/cases/{id}/events",
            System.Text.Json.JsonSerializer.Serialize(new { type = "refuse", reasons = new[] { "名称不符合规定" } }),
            key is null ? null : key + "-other"
        );

        Assert.Equal(HttpStatusCode.Accepted, retry.Status);
        Assert.True(retry.Body.GetProperty("replayed").GetBoolean());
        Assert.Equal(envelope.EventId, retry.Body.GetProperty("eventId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        var closed = await WaitForCaseAsync(host.Http, id, Closed);
        Assert.Equal("registered", closed.GetProperty("outcome").GetString());
        Assert.Equal(1, Actions(closed).Count(a => a == "registered"));
        Assert.Null((await store.GetAsync(id))!.PendingEvent);
    }

    /// <summary>Waits until LocalHost's blob watcher has handled this version (ETag) of the blob (its receipt says so).</summary>
    private async Task WaitForReceiptAsync(string name, string etag)
    {
        var tables = host.Services.GetRequiredService<ITableStore>();
        for (var i = 0; i < 150; i++)
        {
            var receipt = await tables.GetAsync(
                StorageNames.BlobReceiptsTable,
                StorageNames.RegistrationsInbox,
                Workflows.LocalHost.BlobWatcher.ReceiptKey(name)
            );
            if (receipt?.Get("ETag") == etag && receipt.Get("Status") == "handled")
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The watcher never handled {name} ({etag}).");
    }
}
