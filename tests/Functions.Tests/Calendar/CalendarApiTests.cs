using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Workflows.Functions.Api;
using Workflows.Functions.Calendar;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Calendar;

public sealed class CalendarApiTests : IDisposable
{
    private readonly CalendarService calendars = new(
        new InMemoryTableStore(),
        [],
        new FakeTimeProvider(DateTimeOffset.UnixEpoch),
        NullLogger<CalendarService>.Instance
    );
    private readonly CalendarApi api;

    public CalendarApiTests() => api = new CalendarApi(calendars);

    public void Dispose() => calendars.Dispose();

    private static HttpRequest Query(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Theory]
    [InlineData("?from=2024-02-08&workingDays=3", "2024-02-19", "working-days")]
    [InlineData("?from=2024-02-08&workingDays=6", "2024-02-22", "working-days")]
    [InlineData("?from=2024-01-31&months=1", "2024-02-29", "months")]
    [InlineData("?from=2024-09-30&calendarDays=1", "2024-10-08", "calendar-days")]
    [InlineData("?from=2024-09-25&noticeDays=20", "2024-10-15", "notice-window")]
    public async Task GetDeadline_ValidQuery_ReturnsDeadlineWithExplanation(string query, string deadline, string rule)
    {
        var result = await ResultExecution.ExecuteAsync(await api.GetDeadlineAsync(Query(query), CancellationToken.None));

        Assert.Equal(200, result.Status);
        Assert.Equal(deadline, result.Text("deadline"));
        Assert.Equal(rule, result.Text("rule"));
        Assert.False(result.Body.GetProperty("provisional").GetBoolean());
        Assert.False(string.IsNullOrEmpty(result.Text("legalBasis")));
        Assert.True(result.Body.GetProperty("explanation").GetArrayLength() >= 3);
        Assert.EndsWith("T16:00:00+00:00", result.Body.GetProperty("deadlineUtc").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDeadline_NoticeDays_ReportsWindow()
    {
        var result = await ResultExecution.ExecuteAsync(
            await api.GetDeadlineAsync(Query("?from=2024-09-25&noticeDays=20"), CancellationToken.None)
        );

        Assert.Equal("2024-09-26", result.Text("windowStart"));
        Assert.Equal("2024-10-15", result.Text("windowEnd"));
    }

    [Fact]
    public async Task GetDeadline_TouchingProvisional2027_SaysProvisional()
    {
        var result = await ResultExecution.ExecuteAsync(
            await api.GetDeadlineAsync(Query("?from=2026-12-30&workingDays=5"), CancellationToken.None)
        );

        Assert.Equal(200, result.Status);
        Assert.True(result.Body.GetProperty("provisional").GetBoolean());
    }

    [Theory]
    [InlineData("?workingDays=3", "from", "required")]
    [InlineData("?from=2024-13-01&workingDays=3", "from", "date-format")]
    [InlineData("?from=08/02/2024&workingDays=3", "from", "date-format")]
    [InlineData("?from=2024-02-08", "workingDays", "period.exactly-one")]
    [InlineData("?from=2024-02-08&workingDays=3&months=1", "months", "period.exactly-one")]
    [InlineData("?from=2024-02-08&workingDays=0", "workingDays", "period.amount")]
    [InlineData("?from=2024-02-08&workingDays=-1", "workingDays", "period.amount")]
    [InlineData("?from=2024-02-08&workingDays=abc", "workingDays", "period.amount")]
    [InlineData("?from=2024-02-08&years=11", "years", "period.amount")]
    [InlineData("?from=1999-02-08&workingDays=3", "from", "calendar.range")]
    [InlineData("?from=2099-12-30&workingDays=30", "workingDays", "calendar.range")]
    public async Task GetDeadline_BadParameter_ProblemNamesParameterAndRule(string query, string field, string rule)
    {
        var result = await ResultExecution.ExecuteAsync(await api.GetDeadlineAsync(Query(query), CancellationToken.None));

        Assert.Equal(400, result.Status);
        Assert.Equal("application/problem+json", result.ContentType);
        Assert.Equal(field, result.Text("field"));
        Assert.Equal(rule, result.Text("rule"));
    }

    [Fact]
    public async Task GetYear_2024_IsOfficialWithMakeUpDays()
    {
        var result = await ResultExecution.ExecuteAsync(await api.GetYearAsync("2024", CancellationToken.None));

        Assert.Equal(200, result.Status);
        Assert.Equal("official", result.Text("status"));
        Assert.Contains(
            result.Body.GetProperty("makeUpWorkingDays").EnumerateArray(),
            d => d.GetProperty("date").GetString() == "2024-02-18"
        );
        Assert.Contains(
            result.Body.GetProperty("restDays").EnumerateArray(),
            d => d.GetProperty("date").GetString() == "2024-02-12" && d.GetProperty("name").GetString() == "春节"
        );
    }

    [Fact]
    public async Task GetYear_2027_IsProvisionalWithStatutoryHolidays()
    {
        var result = await ResultExecution.ExecuteAsync(await api.GetYearAsync("2027", CancellationToken.None));

        Assert.Equal("provisional", result.Text("status"));
        Assert.Empty(result.Body.GetProperty("makeUpWorkingDays").EnumerateArray());
        Assert.Contains(result.Body.GetProperty("restDays").EnumerateArray(), d => d.GetProperty("date").GetString() == "2027-02-05");
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("abcd")]
    [InlineData("2100")]
    public async Task GetYear_OutOfRange_400(string year)
    {
        var result = await ResultExecution.ExecuteAsync(await api.GetYearAsync(year, CancellationToken.None));

        Assert.Equal(400, result.Status);
        Assert.Equal("year", result.Text("field"));
    }
}
