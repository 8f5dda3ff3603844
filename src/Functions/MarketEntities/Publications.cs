namespace Workflows.Functions.MarketEntities;

/// <summary>What Decree 746 requires the authority to publish on the national enterprise credit information system.</summary>
public sealed record PublicationItem(string Code, string NameZh, string NameEn, string Article);

/// <summary>
/// The publication duties of the revocation procedure (issue 14 item 3) and what a <c>record-publication</c> event
/// names: the revocation with the 3-year ban (Art. 40 para 3 "予以公示"), the reversal (Art. 42 "并…公示") and a
/// business licence not returned, announced void (Art. 37 para 3 "公告营业执照作废").
/// </summary>
public static class PublicationItems
{
    public const string Revocation = "revocation";
    public const string Reversal = "reversal";
    public const string LicenceVoid = "licence-void";
    public const string Suspension = "suspension";
    public const string Resumption = "resumption";

    /// <summary>Art. 33 para 2: the entity's own publication of its commitment letter and application (recorded at intake).</summary>
    public const string SimplifiedDeregistrationNotice = "simplified-deregistration-notice";

    /// <summary>Where Decree 746 has every publication made (Arts. 37, 40, 42).</summary>
    public const string Platform = "国家企业信用信息公示系统";

    public const string RecordEvent = "record-publication";

    public static IReadOnlyList<PublicationItem> All { get; } =
    [
        new(
            Revocation,
            "撤销市场主体登记及直接责任人3年内不得再次申请登记",
            "Revocation of the registration and the 3-year ban",
            "Decree 746 Art. 40 para 3"
        ),
        new(Reversal, "撤销决定被撤销、恢复原登记状态", "Annulment of the revocation and restored registration", "Decree 746 Art. 42"),
        new(LicenceVoid, "营业执照作废公告", "Announcement that the business licence is void", "Decree 746 Art. 37 para 3"),
        new(Suspension, "歇业期限、法律文书送达地址等信息", "The suspension period and the service address", "Decree 746 Art. 30 para 3"),
        new(Resumption, "恢复营业", "Resumption of business", "Decree 746 Art. 30 para 4"),
    ];

    /// <summary>What the entity itself publishes (Art. 33 para 2 "市场主体应当将承诺书及注销登记申请…公示"): recorded on its
    /// case, never the item of an authority's <c>record-publication</c>.</summary>
    public static IReadOnlyList<PublicationItem> ByTheEntity { get; } =
    [
        new(
            SimplifiedDeregistrationNotice,
            "简易注销承诺书及注销登记申请公示（公示期20日）",
            "The commitment letter and deregistration application on 20-day notice",
            "Decree 746 Art. 33 para 2"
        ),
    ];

    /// <summary>An item an officer's <c>record-publication</c> may name.</summary>
    public static PublicationItem? Find(string? code) => All.FirstOrDefault(i => i.Code == code);

    /// <summary>Any publication item a record may carry, the authority's or the entity's.</summary>
    public static PublicationItem? Named(string? code) => Find(code) ?? ByTheEntity.FirstOrDefault(i => i.Code == code);
}

/// <summary>One publication as recorded: what, where, when it was published, and against which due date.</summary>
public sealed record PublicationRecord(
    string Item,
    string Where,
    DateOnly PublishedOn,
    string Content,
    string ActorId,
    DateTimeOffset RecordedUtc,
    DateOnly? Due,
    bool Late,
    string Article
);
