using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Tests.MarketEntities;

/// <summary>Decree 746 Art. 30 as the register's change route reads it, and the obligations changes open (Art. 37 para 3).</summary>
public sealed class RegisterSuspensionTests
{
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();
    private static readonly DateOnly FiledOn = new(2025, 3, 3);

    private static IReadOnlyList<string> Rules(RegisterChangeKind kind, object body) =>
        [.. RegisterSuspension.Read(kind, JsonSerializer.SerializeToElement(body), FiledOn, FiledOn, Calendar).Errors.Select(e => e.Rule)];

    [Fact]
    public void Read_Art30Para4_SuspensionOfThreeYearsToTheDay_Accepted()
    {
        var body = new { suspendedFrom = "2025-03-10", suspendedUntil = "2028-03-10", serviceAddress = "漯河市源汇区黄河路88号" };

        var (terms, errors) = RegisterSuspension.Read(RegisterChangeKind.Suspended, JsonSerializer.SerializeToElement(body), FiledOn, FiledOn, Calendar);

        Assert.Empty(errors);
        Assert.Equal((new DateOnly(2025, 3, 10), new DateOnly(2028, 3, 10)), (terms.From!.Value, terms.Until!.Value));
    }

    [Fact]
    public void Read_Art30Para4_SuspensionLongerThanThreeYears_RefusedTooLong()
    {
        var body = new { suspendedFrom = "2025-03-10", suspendedUntil = "2028-03-11", serviceAddress = "漯河市源汇区黄河路88号" };

        Assert.Equal([RegisterSuspension.TooLongRule], Rules(RegisterChangeKind.Suspended, body));
    }

    [Fact]
    public void Read_Art30Para3_SuspensionBegunBeforeItsFiling_RefusedStart()
    {
        var body = new { suspendedFrom = "2025-03-01", suspendedUntil = "2025-09-01", serviceAddress = "漯河市源汇区黄河路88号" };

        Assert.Equal([RegisterSuspension.StartRule], Rules(RegisterChangeKind.Suspended, body));
    }

    [Fact]
    public void Read_Art30Para3_SuspensionWithoutServiceAddress_RefusedNamingTheField()
    {
        var errors = RegisterSuspension.Read(
            RegisterChangeKind.Suspended,
            JsonSerializer.SerializeToElement(new { suspendedUntil = "2025-09-01" }),
            FiledOn,
            FiledOn,
            Calendar
        ).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(("serviceAddress", RegisterSuspension.ServiceAddressRule), (error.Field, error.Rule));
    }

    [Fact]
    public void Read_Art30Para4_ResumptionNeitherPublishedNorDeemed_Refused()
    {
        Assert.Equal([RegisterSuspension.PublicationRule], Rules(RegisterChangeKind.Resumed, new { decision = "恢复营业" }));
        Assert.Empty(Rules(RegisterChangeKind.Resumed, new { deemed = true }));
        Assert.Empty(Rules(RegisterChangeKind.Resumed, new { publishedOn = "2025-03-02" }));
    }

    [Theory]
    [InlineData(RegisterChangeKind.Deregistered, false, "licence-void")]
    [InlineData(RegisterChangeKind.Revoked, false, "licence-void")]
    [InlineData(RegisterChangeKind.Suspended, false, "suspension,suspension-maximum")]
    [InlineData(RegisterChangeKind.Resumed, true, "resumption")]
    [InlineData(RegisterChangeKind.Resumed, false, "")]
    [InlineData(RegisterChangeKind.RevocationReversed, false, "")]
    [InlineData(RegisterChangeKind.AbnormalListed, false, "")]
    public void OpenedBy_Art37Para3AndArt30_EachDecisionOpensWhatTheArticleOwes(RegisterChangeKind kind, bool deemed, string expected)
    {
        Assert.Equal(expected, string.Join(",", PublicationDutyKinds.OpenedBy(kind, deemed)));
    }
}
