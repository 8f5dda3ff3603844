namespace Workflows.Functions.MarketEntities;

/// <summary>
/// The event types of the Decree 746 procedures (events.json declares their roles, fields and articles), one constant
/// each, so an orchestration's dispatch and the API's rules name no event string twice (issue 13 item 3).
/// </summary>
public static class MarketEntityEvents
{
    /// <summary>Art. 19 para 1, Art. 21: the officer registers and the licence is issued.</summary>
    public const string Register = "register";

    /// <summary>Art. 20 (registration), Art. 33 para 4 with Art. 20 (deregistration): refused with reasons.</summary>
    public const string Refuse = "refuse";

    /// <summary>Art. 19 para 1: the head approves one extension.</summary>
    public const string Extend = "extend";

    /// <summary>Art. 19 para 2: the one-time correction notice (一次性告知).</summary>
    public const string RequestCorrection = "request-correction";

    /// <summary>Art. 19 para 2: the corrected materials.</summary>
    public const string Resubmit = "resubmit";

    /// <summary>Art. 40 para 2: a finding of the investigation.</summary>
    public const string InvestigationFinding = "investigation-finding";

    /// <summary>Art. 40 para 2: the 45-day notice when the entity and persons cannot be reached.</summary>
    public const string StartPublicNotice = "start-public-notice";

    /// <summary>Art. 33 para 2-3, Art. 40 para 2: an objection during a notice or a departments' window.</summary>
    public const string Objection = "object";

    /// <summary>Art. 40 para 2-3: the head revokes (the directly responsible persons are banned).</summary>
    public const string DecideRevoke = "decide-revoke";

    /// <summary>Art. 41: not revoked on one of its three grounds.</summary>
    public const string DecideNotRevoke = "decide-not-revoke";

    /// <summary>Art. 42: the revocation is annulled.</summary>
    public const string Reverse = "reverse";

    /// <summary>Art. 37 para 3, Art. 40 para 3, Art. 42: what was published, where and when.</summary>
    public const string RecordPublication = PublicationItems.RecordEvent;

    /// <summary>Art. 33 para 2-3: the entity withdraws its simplified-deregistration application.</summary>
    public const string Withdraw = "withdraw";

    /// <summary>Art. 33 para 2: the application for deregistration after a clean notice.</summary>
    public const string FileDeregistration = "file-deregistration";

    /// <summary>Art. 31 para 1, Art. 33: the authority deregisters.</summary>
    public const string Deregister = "deregister";

    /// <summary>Art. 33 para 3: the authority pushes an individual business's application to the departments.</summary>
    public const string PushToDepartments = "push-to-departments";

    /// <summary>Arts. 24, 26, 29, 30, 32: a tracked obligation done.</summary>
    public const string Comply = "comply";

    /// <summary>Arts. 24, 26, 29, 30, 32: tracking stopped.</summary>
    public const string Cancel = "cancel";
}

/// <summary>The states of a registration case (Decree 746 Arts. 19-21), as the case record shows them.</summary>
public static class RegistrationStates
{
    public const string UnderReview = "under-review";
    public const string UnderReviewExtended = "under-review-extended";
    public const string AwaitingCorrection = "awaiting-correction";
    public const string Overdue = "overdue";
    public const string Registered = "registered";
    public const string Refused = "refused";
}

/// <summary>The states of a revocation case (Decree 746 Arts. 40-42).</summary>
public static class RevocationStates
{
    public const string Investigating = "investigating";
    public const string PublicNotice = "public-notice";
    public const string NoticeEnded = "notice-ended";
    public const string Revoked = "revoked";
    public const string NotRevoked = "not-revoked";
    public const string Reversed = "reversed";
}

/// <summary>The states of a simplified deregistration (Decree 746 Art. 33 paras 1-2).</summary>
public static class SimplifiedDeregistrationStates
{
    public const string PublicNotice = "public-notice";
    public const string AwaitingApplication = "awaiting-application";
    public const string ApplicationFiled = "application-filed";
    public const string Objected = "objected";
    public const string Withdrawn = "withdrawn";
    public const string Lapsed = "lapsed";
    public const string Deregistered = "deregistered";
    public const string Refused = "refused";
}

/// <summary>The states of a tracked obligation (Decree 746 Arts. 24, 26, 29, 30, 32).</summary>
public static class TrackerStates
{
    public const string Open = "open";
    public const string Overdue = "overdue";
    public const string Fulfilled = "fulfilled";
    public const string Cancelled = "cancelled";
}
