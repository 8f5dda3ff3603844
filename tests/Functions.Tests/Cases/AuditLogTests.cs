using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Cases;

public sealed class AuditLogTests
{
    private static readonly DateTimeOffset T0 = new(2024, 2, 8, 1, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(string key, DateTimeOffset at, string action, string summary = "s") =>
        new("REG-1", key, at, "system", "Workflow", "system", action, "Decree 746 Art. 19", summary);

    [Fact]
    public async Task AppendAsync_SameKeyWrittenAgainAtALaterTime_KeepsOneRowWithTheFirstVersion()
    {
        // A host killed between an activity and the commit of its episode replays the episode with a new
        // CurrentUtcDateTime: the same step arrives again with a different time and must not become a second row.
        var log = new AuditLog(new InMemoryTableStore());
        await log.AppendAsync(Entry("deadline-0", T0, "deadline-set", "first"));
        await log.AppendAsync(Entry("deadline-0", T0.AddSeconds(3), "deadline-set", "replayed"));

        var rows = await log.ReadAsync("REG-1");

        var row = Assert.Single(rows);
        Assert.Equal("first", row.Summary);
        Assert.Equal(T0, row.At);
    }

    [Fact]
    public async Task ReadAsync_EntriesWrittenOutOfOrder_ReturnsThemByTimeThenKey()
    {
        var log = new AuditLog(new InMemoryTableStore());
        await log.AppendAsync(Entry("zz-registered", T0.AddDays(2), "registered"));
        await log.AppendAsync(Entry("deadline-0", T0, "deadline-set"));
        await log.AppendAsync(Entry("ban-check", T0, "ban-check-clear"));
        await log.AppendAsync(Entry("aa-overdue", T0.AddDays(1), "overdue"));

        var actions = (await log.ReadAsync("REG-1")).Select(e => e.Action).ToList();

        Assert.Equal(["ban-check-clear", "deadline-set", "overdue", "registered"], actions);
    }

    [Fact]
    public async Task AppendAsync_DistinctKeysAtTheSameInstant_KeepsBoth()
    {
        var log = new AuditLog(new InMemoryTableStore());
        await log.AppendAsync(Entry("overdue-20240219", T0, "overdue"));
        await log.AppendAsync(Entry("overdue-20240222", T0, "overdue"));

        Assert.Equal(2, (await log.ReadAsync("REG-1")).Count);
    }
}
