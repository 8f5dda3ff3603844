using System.Globalization;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>
/// A <c>record-publication</c> event read into what was published, where and when (issue 14 item 3). The day of
/// publication is the officer's, never later than the day the event is recorded (a client cannot date it ahead); the
/// platform is the national enterprise credit information system unless the event names another.
/// </summary>
public static class PublicationRecords
{
    /// <summary>The record and whether it fulfils the publication owed (<paramref name="owedItem"/>, due <paramref name="due"/>).</summary>
    public static (PublicationRecord Record, bool Fulfils) Read(CaseEventEnvelope evt, CaseDeadline? due, string? owedItem)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var recordedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
        var publishedOn =
            DateOnly.TryParse(evt.Text("publishedOn"), CultureInfo.InvariantCulture, out var d) && d <= recordedOn ? d : recordedOn;
        var item = PublicationItems.Find(evt.Text("item")) ?? PublicationItems.All[0];
        var fulfils = owedItem == item.Code;
        var record = new PublicationRecord(
            item.Code,
            string.IsNullOrWhiteSpace(evt.Text("where")) ? PublicationItems.Platform : evt.Text("where")!,
            publishedOn,
            evt.Text("content") ?? string.Empty,
            evt.ActorId,
            evt.AcceptedUtc,
            fulfils ? due?.Due : null,
            fulfils && due is not null && publishedOn > due.Due,
            item.Article
        );
        return (record, fulfils);
    }

    public static string Text(PublicationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var item = PublicationItems.Named(record.Item)!;
        var late = record.Late ? $"（逾期，期限 {record.Due:yyyy-MM-dd}）" : string.Empty;
        var lateEn = record.Late ? $" (late, due {record.Due:yyyy-MM-dd})" : string.Empty;
        return $"已于 {record.PublishedOn:yyyy-MM-dd} 在{record.Where}公示：{item.NameZh}{late} / "
            + $"Published on {record.PublishedOn:yyyy-MM-dd} on {record.Where}: {item.NameEn}{lateEn}.";
    }
}
