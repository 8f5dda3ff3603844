using Workflows.Domain.MarketEntities;

namespace Workflows.Functions.MarketEntities;

/// <summary>A natural person to check against the ban registry.</summary>
public sealed record PersonIdentity(string Name, string IdNumber);

/// <summary>A ban hit as shown to the officer: who, which ban, where it comes from and when it ends (Art. 12, Art. 40 para 3).</summary>
public sealed record BanHitView(
    string PersonName,
    string PersonIdNumber,
    string Reason,
    string Article,
    string SourceCaseId,
    DateOnly StartDate,
    DateOnly? EndDate,
    bool NameMatches
);

/// <summary>The business licence record issued on registration (Decree 746 Art. 21: its date is the establishment date).</summary>
public sealed record BusinessLicence(
    string LicenceNumber,
    string Uscc,
    string Name,
    EntityType EntityType,
    DateOnly EstablishmentDate,
    DateOnly IssuedOn,
    string IssuedBy,
    string Article
);

/// <summary>What a registration case keeps in its Data.</summary>
public sealed record RegistrationCaseData
{
    public required RegistrationApplication Application { get; init; }

    public required DateOnly AcceptedOn { get; init; }

    public bool RegisterOnTheSpotRequested { get; init; }

    /// <summary>Art. 16 materials not yet submitted (codes), from formal review at intake.</summary>
    public IReadOnlyList<string> MissingMaterials { get; init; } = [];

    /// <summary>Active bans on the persons of the application (Art. 12, Art. 40 para 3), shown to the officer.</summary>
    public IReadOnlyList<BanHitView>? BanHits { get; init; }

    public DateOnly? BanCheckedOn { get; init; }

    /// <summary>The one correction notice (Art. 19 para 2): every missing material at once.</summary>
    public IReadOnlyList<string>? CorrectionRequested { get; init; }

    public DateOnly? ResubmittedOn { get; init; }

    public string? ExtensionReason { get; init; }

    public IReadOnlyList<string>? RefusalReasons { get; init; }

    public string? Uscc { get; init; }

    public BusinessLicence? Licence { get; init; }
}

/// <summary>What a simplified-deregistration case keeps in its Data (Art. 33).</summary>
public sealed record DeregistrationCaseData
{
    public required SimplifiedDeregistrationRequest Request { get; init; }

    /// <summary>Publication of the commitment letter (the 20-day window runs from the next day), or the application day for an individual business.</summary>
    public required DateOnly NoticeStart { get; init; }

    public DateOnly? NoticeEnds { get; init; }

    public DateOnly? FilingDeadline { get; init; }

    public DateOnly? FiledOn { get; init; }

    public ObjectionRecord? Objection { get; init; }

    public IReadOnlyList<string> Departments { get; init; } = [];

    public IReadOnlyList<string>? RefusalReasons { get; init; }

    /// <summary>The commitment letter and application as published by the entity (Art. 33 para 2: what, where, when).</summary>
    public IReadOnlyList<PublicationRecord> Publications { get; init; } = [];
}

public sealed record ObjectionRecord(string Reason, string? Objector, string ActorId, DateTimeOffset AtUtc, string Article);

/// <summary>What a revocation case keeps in its Data (Arts. 40-42).</summary>
public sealed record RevocationCaseData
{
    public required RevocationApplication Application { get; init; }

    public IReadOnlyList<InvestigationFinding> Findings { get; init; } = [];

    public DateOnly? NoticeStart { get; init; }

    public DateOnly? NoticeEnds { get; init; }

    public IReadOnlyList<ObjectionRecord> Objections { get; init; } = [];

    public DateOnly? RevokedOn { get; init; }

    public IReadOnlyList<BanHitView> Bans { get; init; } = [];

    public string? NotRevokedGround { get; init; }

    public IReadOnlyList<string>? NotRevokedReasons { get; init; }

    public DateOnly? ReversedOn { get; init; }

    public string? ReversalReason { get; init; }

    /// <summary>Whether the entity's registration stands (false after revocation, true again after an Art. 42 reversal).</summary>
    public bool RegistrationInForce { get; init; } = true;

    /// <summary>What was published, where and when (Art. 40 para 3, Art. 42, Art. 37 para 3; version 3).</summary>
    public IReadOnlyList<PublicationRecord> Publications { get; init; } = [];
}

/// <param name="Established">Whether the finding establishes a false registration (Art. 40 para 2 "经调查认定存在虚假
/// 市场主体登记情形"); null for findings recorded before version 3, which counted as establishing.</param>
public sealed record InvestigationFinding(string Finding, string Evidence, string ActorId, DateTimeOffset AtUtc)
{
    public bool? Established { get; init; }
}

/// <summary>What a tracker case keeps in its Data.</summary>
public sealed record TrackerCaseData
{
    public required TrackerStart Start { get; init; }

    public required string Article { get; init; }

    public required string Obligation { get; init; }

    public DateOnly? FulfilledOn { get; init; }

    public string? Evidence { get; init; }

    public string? CancelReason { get; init; }
}
