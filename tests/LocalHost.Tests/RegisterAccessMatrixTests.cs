using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.MarketEntities;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// The access matrix of the register of market entities (issue 14), generated from <see cref="AccessPolicy"/> like the
/// case matrix: every role of every agency reads, lists and changes an entry exactly as the one policy says for the
/// entry's facts (the market regulator of the jurisdiction; an enterprise its own entry), 404 outside the share, and
/// personal data in full only for the responsible officer.
/// </summary>
public sealed class RegisterAccessMatrixTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 6, 3, 2, 0, 0, TimeSpan.Zero);
    private PolicyHost host = null!;

    public async Task InitializeAsync() => host = await PolicyHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<RegisterEntry> SeedAsync(string agency)
    {
        var uscc = PolicyHost.UsccOf(agency);
        var change = new RegisterChange($"seed|{agency}", RegisterChangeKind.Imported, new DateOnly(2025, 1, 2), "导入", "Decree 746", "officer-1", "王敏", At);
        var entry = new RegisterEntry(
            uscc,
            $"entity of {agency}",
            EntityType.LimitedLiabilityCompany,
            agency,
            RegisterStatus.Registered,
            new DateOnly(2020, 1, 2),
            change,
            1,
            Persons: [new RegisterPerson("法定代表人", "张伟", "411102198503120015")]
        );
        Assert.Empty(await host.Services.GetRequiredService<EntityRegisterStore>().CreateAllAsync([entry]));
        return entry;
    }

    [Fact]
    public async Task Matrix_EveryRoleAndAgency_ReadsListsAndChangesRegisterEntriesAsThePolicySays()
    {
        var entries = new[] { await SeedAsync(PolicyHost.County), await SeedAsync(PolicyHost.OtherCity) };
        var failures = new List<string>();
        foreach (var principal in PolicyHost.AllPrincipals())
        {
            var key = PolicyHost.Key(principal.Role, principal.Agency);
            var (_, listText) = await host.GetAsync("/api/register", key);
            var listed = JsonDocument.Parse(listText).RootElement.TryGetProperty("items", out var items)
                ? items.EnumerateArray().Select(i => i.GetProperty("uscc").GetString()).ToHashSet()
                : [];
            foreach (var entry in entries)
            {
                var cell = $"{principal.Role}@{principal.Agency} → {entry.Uscc}@{entry.Agency}";
                var readable = AccessPolicy.CanRead(principal, entry.AccessFacts());
                var (status, text) = await host.GetAsync($"/api/register/{entry.Uscc}", key);
                if (status != (readable ? HttpStatusCode.OK : HttpStatusCode.NotFound))
                {
                    failures.Add($"{cell}: GET {(int)status}, policy says {(readable ? 200 : 404)}");
                }

                if (readable)
                {
                    var idNumber = JsonDocument.Parse(text).RootElement.GetProperty("persons")[0].GetProperty("idNumber").GetString()!;
                    var full = AccessPolicy.SeesPersonalData(principal, entry.AccessFacts());
                    if (full == idNumber.Contains('*', StringComparison.Ordinal))
                    {
                        failures.Add($"{cell}: idNumber {(full ? "masked for the responsible officer" : "in full")}");
                    }
                }

                if (listed.Contains(entry.Uscc) != readable)
                {
                    failures.Add($"{cell}: listed {listed.Contains(entry.Uscc)}, policy says {readable}");
                }

                var mayChange = principal.Role is Role.RegistrationOfficer or Role.AuthorityHead && AccessPolicy.CanAct(principal, entry.AccessFacts());
                var body = PolicyHost.Json(new { kind = "abnormal-listed", decidedOn = "2025-03-04", decision = $"漯市监异字〔2025〕{principal.Role}号" });
                var (posted, _) = await host.PostAsync($"/api/register/{entry.Uscc}/changes", key, body);
                var expected = mayChange ? HttpStatusCode.OK
                    : principal.Role is Role.RegistrationOfficer or Role.AuthorityHead ? HttpStatusCode.NotFound
                    : HttpStatusCode.Forbidden;
                if (posted != expected && !(mayChange && posted == HttpStatusCode.Conflict))
                {
                    failures.Add($"{cell}: POST changes {(int)posted}, expected {(int)expected}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Lists_EveryCaller_PersonalDataMasked()
    {
        await SeedAsync(PolicyHost.County);

        var (_, text) = await host.GetAsync("/api/register", PolicyHost.Key(Role.RegistrationOfficer));

        Assert.Contains("411102********0015", text, StringComparison.Ordinal);
        Assert.False(PersonalData.ContainsResidentIdNumber(text));
    }
}
