namespace Workflows.Integration.Tests.Walkthroughs;

/// <summary>The walkthrough check tells a changed behaviour from what only the day of the run changes.</summary>
public sealed class TranscriptMatcherTests
{
    private static readonly DateOnly RecordedOn = new(2026, 12, 2);

    [Fact]
    public void Compare_ChangedState_IsADifference()
    {
        var differences = new TranscriptMatcher(RecordedOn).Compare("""{"state":"registered"}""", """{"state":"refused"}""");

        Assert.Contains(differences, d => d.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_RecentDatesAndCaseIdsOfAnotherDay_Match()
    {
        var matcher = new TranscriptMatcher(RecordedOn);

        var differences = matcher.Compare(
            """{"caseId":"REG-411100-20261202-D7B2FG3E","due":"2026-12-07","summary":"Decision due 2026-12-07 (from 2026-12-02).","at":"2026-12-02T00:20:17.89+00:00"}""",
            """{"caseId":"REG-411100-20270104-K2J4M5N6","due":"2027-01-07","summary":"Decision due 2027-01-07 (from 2027-01-04).","at":"2027-01-04T03:00:00+00:00"}"""
        );

        Assert.Empty(differences);
    }

    [Fact]
    public void Compare_OldDateChanged_IsADifference()
    {
        var differences = new TranscriptMatcher(RecordedOn).Compare("""{"due":"2025-06-03"}""", """{"due":"2025-06-04"}""");

        Assert.Single(differences);
    }

    [Fact]
    public void Compare_OneRecordedIdStandingForTwoIds_IsADifference()
    {
        var matcher = new TranscriptMatcher(RecordedOn);
        Assert.Empty(matcher.Compare("""{"caseId":"REG-411100-20261202-D7B2FG3E"}""", """{"caseId":"REG-411100-20270104-AAAA1111"}"""));

        var differences = matcher.Compare(
            """{"sourceCaseId":"REG-411100-20261202-D7B2FG3E"}""",
            """{"sourceCaseId":"REG-411100-20270104-BBBB2222"}"""
        );

        Assert.Single(differences);
    }

    [Theory]
    [InlineData("""{"a":1}""", """{"a":1,"b":2}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[1]}""")]
    [InlineData("""{"late":false}""", """{"late":true}""")]
    [InlineData("""{"a":1}""", """{"a":1}{"a":1}""")]
    [InlineData("""{"a":1}""", "curl: (7) Failed to connect")]
    public void Compare_StructureOrValueChanged_IsADifference(string recorded, string printed)
    {
        Assert.NotEmpty(new TranscriptMatcher(RecordedOn).Compare(recorded, printed));
    }

    [Fact]
    public void Compare_ExplanationLinesOfAnotherDay_Match()
    {
        var differences = new TranscriptMatcher(RecordedOn).Compare(
            """{"explanation":["Start: 2026-12-02 Wed (not counted).","2 ordinary weekend day(s) skipped."]}""",
            """{"explanation":["Start: 2027-01-04 Mon (not counted)."]}"""
        );

        Assert.Empty(differences);
    }
}
