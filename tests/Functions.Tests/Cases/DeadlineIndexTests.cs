using Workflows.Domain.Access;
using Workflows.Domain.Texts;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Cases;

/// <summary>Issue 22 item 4: the deadline index keeps what "what is due when" needs, not the explanation the case
/// record already holds.</summary>
public sealed class DeadlineIndexTests
{
    private static readonly CaseDeadline Deadline = new(
        "registration-decision",
        "Registration decision (登记决定)",
        new DateOnly(2024, 3, 7),
        new DateTimeOffset(2024, 3, 7, 16, 0, 0, TimeSpan.Zero),
        new DateOnly(2024, 3, 6),
        "working-days",
        "Decree 746 Art. 19 (市场主体登记管理条例第十九条: 3个工作日内予以登记)",
        false,
        ["Rule working-days (工作日期间): the start day is not counted.", "Result: working day no. 3 2024-03-07 Thu."],
        Role.RegistrationOfficer,
        new DateOnly(2024, 3, 4),
        3
    )
    {
        PeriodId = "registration-decision",
        ExplanationLines = [TextLine.Of("calendar.rule.working-days", ("days", "3"))],
    };

    [Fact]
    public async Task PutAsync_DeadlineWithExplanation_RowsKeepDueKindAndBasisButNotTheExplanation()
    {
        var tables = new InMemoryTableStore();
        var index = new DeadlineIndex(tables);

        await index.PutAsync(new DeadlineEntry("REG-411100-20240304-INDEX001", "411100", "registration", "设立登记", Deadline));

        var due = Assert.Single(await index.DueOnAsync(Deadline.Due));
        var warned = Assert.Single(await index.WarningStartedAsync(new DateOnly(2024, 3, 6)));
        foreach (var entry in new[] { due, warned })
        {
            Assert.Equal(
                ("registration-decision", Deadline.Due, Deadline.LegalBasis),
                (entry.Deadline.Kind, entry.Deadline.Due, entry.Deadline.LegalBasis)
            );
            Assert.Equal(Deadline.DueUtc, entry.Deadline.DueUtc);
            Assert.Empty(entry.Deadline.Explanation);
            Assert.Null(entry.Deadline.ExplanationLines);
        }

        var rows = await tables.QueryPartitionRangeAsync(StorageNames.DeadlinesTable, string.Empty, "~");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.DoesNotContain("start day is not counted", r.Get("Json"), StringComparison.Ordinal));
    }
}
