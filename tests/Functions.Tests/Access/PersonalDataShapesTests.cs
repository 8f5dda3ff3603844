using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;
using Workflows.Functions.Tests.MarketEntities;
using Workflows.Functions.Tests.Supervision;

namespace Workflows.Functions.Tests.Access;

/// <summary>
/// Every shape a case leaves the system in, other than the responsible officer's case page, carries resident ID
/// numbers, phone numbers and home addresses only masked (PIPL Art. 28): case views, digests, notifications, log lines.
/// </summary>
public sealed class PersonalDataShapesTests
{
    private const string LegalRepId = "411102198503120015";
    private const string AgentPhone = "13839512345";
    private const string Domicile = "河南省漯河市源汇区黄河路88号院3号楼2单元501";

    private static string SampleApplication() => MarketSamples.Text("registration/application-complete.json");

    /// <summary>Blocks: a list, another party or the dashboard receiving the applicants' ID numbers, the agent's phone
    /// and the legal representative's home address as filed.</summary>
    [Fact]
    public void Redact_RegistrationApplication_MasksIdPhoneAndDomicileButKeepsCorporateUscc()
    {
        var node = JsonNode.Parse(SampleApplication())!;

        var readable = new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        var text = CaseAccess.Redact(node).ToJsonString(readable);

        Assert.DoesNotContain(LegalRepId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AgentPhone, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Domicile, text, StringComparison.Ordinal);
        Assert.Contains("411102********0015", text, StringComparison.Ordinal);
        Assert.Contains("138****2345", text, StringComparison.Ordinal);
        Assert.Contains("河南省漯河市源汇区****", text, StringComparison.Ordinal);
        Assert.Contains("91411100MA44TQ8U1D", text, StringComparison.Ordinal);
        Assert.False(PersonalData.ContainsResidentIdNumber(text));
    }

    /// <summary>Blocks: an ID number typed into free text (a summary, a title, a note) slipping past field-name masking.</summary>
    [Fact]
    public void Redact_IdAndMobileInsideFreeText_MaskedWherever()
    {
        var node = new JsonObject
        {
            ["summary"] = $"申请人身份证号{LegalRepId}，电话{AgentPhone}。",
            ["notes"] = new JsonArray($"id {LegalRepId}"),
        };

        var text = CaseAccess.Redact(node).ToJsonString();

        Assert.False(PersonalData.ContainsResidentIdNumber(text));
        Assert.DoesNotContain(AgentPhone, text, StringComparison.Ordinal);
    }

    /// <summary>Blocks: the daily digest (CSV and HTML, read by every official of the agency) carrying a full ID number.</summary>
    [Fact]
    public void Digest_TitleWithIdNumber_CsvAndHtmlCarryItMasked()
    {
        var record = new CaseRecord
        {
            Id = "REG-411100-20240301-AAAAAAAA",
            Procedure = "registration",
            Agency = "411100",
            Title = $"个体工商户 经营者{LegalRepId}",
            State = "under-review",
            CreatedUtc = DateTimeOffset.UnixEpoch,
        };
        var item = new SweepItem(record, SupervisionTestKit.Deadline(new DateOnly(2024, 3, 8), null), SweepKind.Overdue, 2);

        var csv = DigestWriter.Csv([item]);
        var html = DigestWriter.Html("411100", new DateOnly(2024, 3, 12), [item]);

        Assert.False(PersonalData.ContainsResidentIdNumber(csv + html));
        Assert.Contains("411102********0015", csv, StringComparison.Ordinal);
    }

    /// <summary>Blocks: a notification (group robot, outbox API) carrying a full ID or mobile number.</summary>
    [Fact]
    public async Task Outbox_MessageWithIdAndPhone_StoredMasked()
    {
        var outbox = new NotificationOutbox(new InMemoryTableStore());
        var at = new DateTimeOffset(2024, 3, 12, 1, 0, 0, TimeSpan.Zero);

        var request = new NotificationRequest(
            "k1",
            Role.RegistrationOfficer,
            "411100",
            "overdue",
            $"申请人 {LegalRepId} 电话 {AgentPhone}",
            "Art. 19"
        );
        await outbox.EnqueueAsync("REG-411100-20240301-AAAAAAAA", request, at);
        var stored = Assert.Single(await outbox.ReadAsync(new DateOnly(2024, 3, 12))).Message.Message;

        Assert.False(PersonalData.ContainsResidentIdNumber(stored));
        Assert.DoesNotContain(AgentPhone, stored, StringComparison.Ordinal);
    }

    /// <summary>Blocks: a full ID number in a log line (the log channel writes every notification to the app log).</summary>
    [Fact]
    public async Task LogChannel_MessageWithIdNumber_LogLineMasked()
    {
        var logger = new CapturingLogger();
        var message = new OutboxMessage(
            "k1",
            "REG-411100-20240301-AAAAAAAA",
            "RegistrationOfficer",
            "411100",
            "overdue",
            $"经营者 {LegalRepId}",
            "Art. 19",
            DateTimeOffset.UnixEpoch,
            NotificationOutbox.Pending,
            0,
            DateTimeOffset.UnixEpoch,
            null,
            null
        );

        await new LogNotificationChannel(logger).DeliverAsync(message, CancellationToken.None);

        var line = Assert.Single(logger.Lines);
        Assert.False(PersonalData.ContainsResidentIdNumber(line));
        Assert.Contains("411102********0015", line, StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger<LogNotificationChannel>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) => Lines.Add(formatter(state, exception));
    }
}
