using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;
using Workflows.Integration.Tests.MarketEntities;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.BadInput;

/// <summary>
/// Issue 12 item 5: a bounded property-based test (FsCheck) over every intake request type and event body, on both
/// backends: a valid body with one value replaced by a generated hostile value (huge or fractional numbers, dates
/// outside the calendar, nulls, arrays of nulls, long or key-breaking strings, wrong types) or removed gets 2xx or 4xx,
/// never 5xx, and a 4xx leaves no stored trace. The same over drops: every generated file ends handled or quarantined
/// with a report. Failures print FsCheck's seed and the shrunk counterexample.
/// </summary>
public abstract class HostileInputPropertyTests
{
    protected abstract MarketHostFixture Host { get; }

    /// <summary>Requests per run (the suite's time budget: in memory is fast, Azurite about 10× slower).</summary>
    protected abstract int MaxTest { get; }

    /// <summary>Whether the host's storage is its own: suspensions (Art. 19) are global rows, so on the Azurite every
    /// test shares an accepted generated suspension would stop other tests' reviews.</summary>
    protected abstract bool OwnStorage { get; }

    public sealed record Target(string Name, string ApiKey, string Path, string Body)
    {
        public override string ToString() => Name;
    }

    /// <summary>One generated request: the target, which of its values is replaced, and by what (null JSON = removed).</summary>
    public sealed record Mutation(Target Target, int PathIndex, string? Replacement)
    {
        public override string ToString() => $"{Target} value #{PathIndex} := {Replacement ?? "(removed)"}";
    }

    private static readonly string[] HostileValues =
    [
        "1e400",
        "-1e400",
        "7.9e28",
        "79228162514264337593543950335",
        "1e16",
        "-1",
        "0",
        "0.000000001",
        "2147483648",
        "1.5",
        "\"0001-01-01\"",
        "\"2020-12-31\"",
        "\"9999-12-31\"",
        "\"2150-01-01\"",
        "\"2024-02-30\"",
        "\"yesterday\"",
        "\"\"",
        "\" \"",
        "\"a#b?c\\\\d/e\"",
        "\"\\u0000\\u0007\\u007f\"",
        "\"=HYPERLINK(1)\"",
        "\"../../etc/passwd\"",
        $"\"{new string('长', 10_001)}\"",
        $"\"{new string('k', 1_100)}\"",
        "null",
        "true",
        "[]",
        "[null]",
        "[null,null]",
        "{}",
        "[1,\"x\",{}]",
        "{\"a\":null}",
        "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]",
        "\"411102198503120015\"",
        "\"91411100MA44X1Y23P\"",
    ];

    private Target[] IntakeTargets() => [.. AllIntakeTargets().Where(t => OwnStorage || t.Path != "/api/coal-suspensions")];

    private static Target[] AllIntakeTargets() =>
        [
            new("registration", Officer, "/api/registrations", Sample("registration/application-complete.json")),
            new("branch registration", Officer, "/api/registrations", Sample("registration/branch.json")),
            new(
                "simplified deregistration",
                SimplifiedApplicant,
                "/api/deregistrations/simplified",
                Sample("deregistration/simplified.json")
            ),
            new(
                "individual-business deregistration",
                IndividualApplicant,
                "/api/deregistrations/individual-business",
                Sample("deregistration/individual-business.json")
            ),
            new("revocation", Affected, "/api/revocations", Sample("revocation/application.json")),
            new("tracker", Officer, "/api/trackers", Sample("trackers/suspension.json")),
            new("coal project", "dev-municipal-drc", "/api/coal-projects", Sample("energy/coal-project-luohe-raw-material.json")),
            new(
                "coal suspension",
                "dev-provincial-drc",
                "/api/coal-suspensions",
                "{\"city\":\"漯河市\",\"from\":\"2026-01-01\",\"targetYear\":2025,\"reason\":\"整改\"}"
            ),
            new("timer probe", Officer, "/api/probes/timer", "{\"delaySeconds\":1}"),
        ];

    private static IEnumerable<Target> EventTargets(string registrationId, string coalId)
    {
        foreach (var file in new[] { "registration-extend.json", "registration-refuse.json", "registration-request-correction.json" })
        {
            var sample = JsonNode.Parse(Sample($"events/{file}"))!;
            var body = sample["payload"]!.AsObject().DeepClone().AsObject();
            body["type"] = sample["eventType"]!.GetValue<string>();
            yield return new(
                $"event {file}",
                file.Contains("extend", StringComparison.Ordinal) ? Head : Officer,
                $"/api/cases/{registrationId}/events",
                body.ToJsonString()
            );
        }

        yield return new(
            "coal supplement",
            "dev-municipal-drc",
            $"/api/cases/{coalId}/events",
            "{\"type\":\"supplement\",\"newCoalConsumptionTonnes\":4000}"
        );
        yield return new(
            "coal start-production",
            "dev-municipal-drc",
            $"/api/cases/{coalId}/events",
            "{\"type\":\"start-production\",\"date\":\"2026-01-05\"}"
        );
        yield return new(
            "coal publication",
            "dev-municipal-drc",
            $"/api/cases/{coalId}/events",
            "{\"type\":\"record-publication\",\"publishedOn\":\"2026-01-05\",\"portalUrl\":\"https://fgw.luohe.gov.cn/coal/1\"}"
        );
        yield return new(
            "coal allocation",
            "dev-municipal-drc",
            $"/api/coal-projects/{coalId}/sources",
            "{\"sourceId\":\"SRC-1\",\"tonnes\":1000}"
        );
    }

    /// <summary>Every value of a JSON document (object properties and array elements), by path.</summary>
    private static List<string> Paths(JsonNode node, string path = "")
    {
        var paths = new List<string>();
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                var p = path.Length == 0 ? name : $"{path}.{name}";
                paths.Add(p);
                if (child is not null)
                {
                    paths.AddRange(Paths(child, p));
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                paths.Add($"{path}[{i}]");
                if (array[i] is { } child)
                {
                    paths.AddRange(Paths(child, $"{path}[{i}]"));
                }
            }
        }

        return paths;
    }

    public static string Apply(Mutation mutation)
    {
        var root = JsonNode.Parse(mutation.Target.Body)!;
        var paths = Paths(root);
        var replacement = mutation.Replacement is null ? null : JsonNode.Parse(mutation.Replacement);
        var (parent, key, index) = Locate(root, paths[mutation.PathIndex % paths.Count]);
        if (parent is JsonObject obj)
        {
            if (mutation.Replacement is null)
            {
                obj.Remove(key!);
            }
            else
            {
                obj[key!] = replacement;
            }
        }
        else if (parent is JsonArray array)
        {
            array[index] = replacement ?? JsonValue.Create("x");
        }

        return root.ToJsonString();
    }

    private static (JsonNode Parent, string? Key, int Index) Locate(JsonNode root, string path)
    {
        var node = root;
        var tokens = System.Text.RegularExpressions.Regex.Matches(path, @"([^.\[\]]+)|\[(\d+)\]").ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var last = i == tokens.Count - 1;
            if (t.Groups[2].Success)
            {
                var index = int.Parse(t.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (last)
                {
                    return (node, null, index);
                }

                node = node.AsArray()[index]!;
            }
            else
            {
                if (last)
                {
                    return (node, t.Groups[1].Value, -1);
                }

                node = node.AsObject()[t.Groups[1].Value]!;
            }
        }

        return (root, null, -1);
    }

    private static Gen<Mutation> Mutations(Target[] targets) =>
        from target in Gen.Elements(targets)
        from pathIndex in Gen.Choose(0, 400)
        from replacement in Gen.OneOf(
            Gen.Elements(HostileValues).Select(v => (string?)v),
            Gen.Constant<string?>(null),
            Gen.Choose(-50_000, 50_000).Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ArbMap.Default.GeneratorFor<string>().Select(s => (string?)JsonSerializer.Serialize(s ?? string.Empty))
        )
        select new Mutation(target, pathIndex, replacement);

    private async Task<(int Cases, int Claims, int Documents)> TraceAsync()
    {
        var tables = Host.Services.GetRequiredService<ITableStore>();
        var blobs = Host.Services.GetRequiredService<IBlobStore>();
        // Case records only: the audit rows beside them (issue 22) are written by orchestrations running meanwhile.
        var cases = (await tables.QueryPartitionRangeAsync(StorageNames.CasesTable, string.Empty, "\uffff"))
            .Where(r => CaseRows.IsRecord(r.RowKey))
            .ToList();
        var claims = await tables.QueryPartitionRangeAsync(StorageNames.IdempotencyTable, string.Empty, "\uffff");
        var documents = (await blobs.ListAsync(StorageNames.Documents)).Count(b => !b.Name.Contains("/.", StringComparison.Ordinal));
        return (cases.Count, claims.Count, documents);
    }

    private async Task<string> OpenAsync(string key, string path, string body)
    {
        var (status, answer) = await PostAsync(Host.Http, key, path, body, "prop-" + Guid.NewGuid().ToString("N"));
        Assert.True((int)status is 201 or 202, $"setup {path}: {(int)status} {answer}");
        return answer.GetProperty("caseId").GetString()!;
    }

    [Fact]
    public async Task AnyMutatedRequest_NeverServerError_AndRefusalLeavesNoTrace()
    {
        var registration = await OpenAsync(Officer, "/api/registrations", Sample("registration/application-complete.json"));
        var coal = await OpenAsync("dev-municipal-drc", "/api/coal-projects", Sample("energy/coal-project-luohe-raw-material.json"));
        var targets = IntakeTargets().Concat(EventTargets(registration, coal)).ToArray();

        var property = Prop.ForAll(
            Arb.From(Mutations(targets)),
            (Mutation mutation) =>
            {
                var before = TraceAsync().GetAwaiter().GetResult();
                var (status, body) = PostAsync(
                        Host.Http,
                        mutation.Target.ApiKey,
                        mutation.Target.Path,
                        Apply(mutation),
                        "prop-" + Guid.NewGuid().ToString("N")
                    )
                    .GetAwaiter()
                    .GetResult();
                var code = (int)status;
                if (code >= 500)
                {
                    return false.Label($"{code} {body}");
                }

                return (code < 400 || before == TraceAsync().GetAwaiter().GetResult()).Label($"{code} left a trace: {body}");
            }
        );

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(MaxTest).WithQuietOnSuccess(true));
    }

    [Fact]
    public async Task AnyMutatedDrop_EndsHandledOrQuarantinedWithReport()
    {
        var targets = new[]
        {
            (Container: StorageNames.RegistrationsInbox, Target: AllIntakeTargets()[0]),
            (Container: StorageNames.CoalInbox, Target: AllIntakeTargets()[6]),
        };
        var blobs = Host.Services.GetRequiredService<IBlobStore>();
        var tables = Host.Services.GetRequiredService<ITableStore>();
        var drops = new List<(string Container, string Name, Mutation Mutation)>();
        foreach (var (container, target) in targets)
        {
            foreach (var mutation in Mutations([target]).Sample(MaxTest / 10, 10))
            {
                var name = $"prop-{Guid.NewGuid():N}.json";
                await blobs.PutAsync(container, name, Encoding.UTF8.GetBytes(Apply(mutation)), "application/json");
                drops.Add((container, name, mutation));
            }
        }

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(90);
        var pending = drops.ToList();
        while (pending.Count > 0 && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(500);
            var still = new List<(string Container, string Name, Mutation Mutation)>();
            foreach (var drop in pending)
            {
                var receipt = await tables.GetAsync(
                    StorageNames.BlobReceiptsTable,
                    drop.Container,
                    Workflows.LocalHost.BlobWatcher.ReceiptKey(drop.Name)
                );
                var quarantined =
                    await blobs.GetAsync(StorageNames.Quarantine, Quarantine.ReportName(drop.Container, drop.Name)) is not null
                    && await blobs.GetAsync(drop.Container, drop.Name) is null;
                if (!(receipt?.Get("Status") == "handled" || quarantined))
                {
                    still.Add(drop);
                }
            }

            pending = still;
        }

        Assert.True(
            pending.Count == 0,
            "Drops that did not end handled or quarantined:\n"
                + string.Join("\n", pending.Select(p => $"{p.Container}/{p.Name}: {p.Mutation}"))
        );
    }
}

public sealed class InMemoryHostileInputPropertyTests(InMemoryMarketHost host)
    : HostileInputPropertyTests,
        IClassFixture<InMemoryMarketHost>
{
    protected override MarketHostFixture Host => host;

    protected override int MaxTest => 300;

    protected override bool OwnStorage => true;
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteHostileInputPropertyTests(AzuriteFixture azurite) : HostileInputPropertyTests, IAsyncLifetime
{
    private readonly AzuriteMarketHost host = new(azurite.ConnectionString);

    protected override MarketHostFixture Host => host;

    protected override int MaxTest => 100;

    protected override bool OwnStorage => false;

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();
}
