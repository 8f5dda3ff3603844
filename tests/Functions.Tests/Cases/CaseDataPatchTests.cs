using System.Text.Json;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Cases;

/// <summary>Issue 22 item 4 (orchestration version 6): a step sends only the members of the case data it changed; the
/// case record ends as it would have with the whole data sent.</summary>
public sealed class CaseDataPatchTests
{
    private const string CaseId = "REG-411100-20240304-PATCH001";

    private static readonly DateTimeOffset Now = new(2024, 3, 4, 2, 0, 0, TimeSpan.Zero);

    private static readonly Sample Intake = new("漯河市示例商贸有限公司", [], null, "申请书 / application");

    [Fact]
    public void Between_TwoMembersChanged_PatchHoldsOnlyThem()
    {
        var patch = CaseDataPatch.Between(Intake, Intake with { Hits = ["张三"], CheckedOn = new DateOnly(2024, 3, 4) });

        var members = JsonDocument.Parse(patch!).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["hits", "checkedOn"], members);
    }

    [Fact]
    public void Between_NothingChanged_Null() => Assert.Null(CaseDataPatch.Between(Intake, Intake with { }));

    [Fact]
    public void Apply_PatchOverStoredData_EqualsTheWholeDataSent()
    {
        var after = Intake with { Hits = ["张三"], CheckedOn = new DateOnly(2024, 3, 4), Note = null };
        var stored = JsonSerializer.SerializeToElement(Intake, CaseJson.Options);

        var patched = CaseDataPatch.Apply(stored, CaseDataPatch.Between(Intake, after)!);

        Assert.Equal(Json(after), Json(patched.Deserialize<Sample>(CaseJson.Options)));
    }

    [Fact]
    public async Task RunAsync_UpdateWithDataPatch_RecordKeepsTheIntakeDataAndTakesTheChange()
    {
        var tables = new InMemoryTableStore();
        var store = new CaseStore(tables);
        await store.TryCreateAsync(
            new CaseRecord
            {
                Id = CaseId,
                Procedure = "registration",
                Agency = "411100",
                Title = "漯河市示例商贸有限公司设立登记",
                State = "accepted",
                CreatedUtc = Now,
                Data = JsonSerializer.SerializeToElement(Intake, CaseJson.Options),
            }
        );
        var after = Intake with { Hits = ["张三"], CheckedOn = new DateOnly(2024, 3, 4) };
        var activity = new UpdateCaseActivity(store, new DeadlineIndex(tables), new AuditLog(tables), new NotificationOutbox(tables));

        await activity.RunAsync(
            new CaseUpdate { CaseId = CaseId, State = "under-review", AtUtc = Now, DataPatchJson = CaseDataPatch.Between(Intake, after) },
            CancellationToken.None
        );

        var record = await store.GetAsync(CaseId);
        Assert.Equal(Json(after), Json(record!.Data!.Value.Deserialize<Sample>(CaseJson.Options)));
        Assert.Equal("under-review", record.State);
    }

    private static string Json(Sample? data) => JsonSerializer.Serialize(data, CaseJson.Options);

    private sealed record Sample(string Name, IReadOnlyList<string> Hits, DateOnly? CheckedOn, string? Note);
}
