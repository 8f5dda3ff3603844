namespace Workflows.Functions.Storage;

/// <summary>Containers and tables, declared once (the Bicep template creates the same containers).</summary>
public static class StorageNames
{
    public const string RegistrationsInbox = "registrations-inbox";
    public const string CoalInbox = "coal-inbox";
    public const string CoalReports = "coal-reports";
    public const string RetrofitInbox = "retrofit-inbox";
    public const string Calendars = "calendars";
    public const string Documents = "documents";
    public const string Reports = "reports";
    public const string Quarantine = "quarantine";

    /// <summary>豫政办〔2021〕65号 （十八）: monthly barometer files (CSV/XLSX) of the regions (issue 19).</summary>
    public const string TwoHighInbox = "twohigh-inbox";

    public static readonly IReadOnlyList<string> AllContainers =
    [
        RegistrationsInbox,
        CoalInbox,
        CoalReports,
        RetrofitInbox,
        Calendars,
        Documents,
        Reports,
        Quarantine,
        TwoHighInbox,
    ];

    /// <summary>Containers whose new or changed blobs are handed to a blob-trigger handler.</summary>
    public static readonly IReadOnlyList<string> WatchedContainers = [
        RegistrationsInbox,
        CoalInbox,
        CoalReports,
        RetrofitInbox,
        Calendars,
        TwoHighInbox,
    ];

    public const string CasesTable = "Cases";
    public const string DeadlinesTable = "Deadlines";
    public const string AuditTable = "Audit";
    public const string IdempotencyTable = "Idempotency";
    public const string BlobReceiptsTable = "BlobReceipts";
    public const string CalendarsTable = "Calendars";
    public const string NotificationsTable = "Notifications";
    public const string EntityLocksTable = "EntityLocks";

    /// <summary>The list index (<c>CaseListIndex</c>): the rows a page of <c>GET /api/cases</c> reads.</summary>
    public const string CaseListTable = "CaseList";

    public static readonly IReadOnlyList<string> AllTables =
    [
        CasesTable,
        DeadlinesTable,
        AuditTable,
        IdempotencyTable,
        BlobReceiptsTable,
        CalendarsTable,
        NotificationsTable,
        EntityLocksTable,
        CaseListTable,
    ];
}
