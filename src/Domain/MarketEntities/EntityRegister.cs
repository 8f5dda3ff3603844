using System.Collections.Frozen;
using System.Text.Json.Serialization;
using Workflows.Domain.Access;

namespace Workflows.Domain.MarketEntities;

/// <summary>The legal status of an entity in the register (登记簿). Deregistered and revoked entities are terminated
/// (Decree 746 Art. 31 para 1: 经登记机关注销登记，市场主体终止; Art. 40 para 2: 撤销市场主体登记).</summary>
public enum RegisterStatus
{
    /// <summary>存续（在营）.</summary>
    Registered,

    /// <summary>歇业 (Art. 30).</summary>
    Suspended,

    /// <summary>注销 (Arts. 31-34).</summary>
    Deregistered,

    /// <summary>撤销登记 (Art. 40).</summary>
    Revoked,

    /// <summary>吊销营业执照 (a penalty decided outside this system; Art. 33 para 4, Art. 12(4)).</summary>
    LicenceRevoked,

    /// <summary>责令关闭 (Art. 33 para 4, Art. 43).</summary>
    OrderedClosed,
}

/// <summary>What changes an entry: the decisions of this system's procedures, and those decided outside it that an
/// officer records (licence revoked, abnormal-operations list, court-ordered liquidation).</summary>
public enum RegisterChangeKind
{
    Registered,
    Imported,
    Suspended,
    Resumed,
    Deregistered,
    Revoked,
    RevocationReversed,
    LicenceRevoked,
    OrderedClosed,
    AbnormalListed,
    AbnormalRemoved,
    CourtLiquidation,
}

/// <summary>One change of an entry, with the decision behind it: who, when, the case or document and the article.</summary>
/// <param name="ChangeId">Makes the change idempotent (a retried activity or a resent request applies it once).</param>
/// <param name="DecidedOn">The day of the decision (China time).</param>
/// <param name="Decision">The decision as a person reads it (决定文号 and a summary).</param>
/// <param name="CaseId">The case of this system the change comes from, if any.</param>
public sealed record RegisterChange(
    string ChangeId,
    RegisterChangeKind Kind,
    DateOnly DecidedOn,
    string Decision,
    string Article,
    string ActorId,
    string ActorName,
    DateTimeOffset AtUtc,
    string? CaseId = null
);

/// <summary>A natural person the entry names (the Art. 8(6) person); personal data, masked for all but the officer.</summary>
public sealed record RegisterPerson(string Role, string Name, string IdNumber);

/// <summary>An entry of the register: the entity, its unified social credit code (the key: one entry per code), its
/// status and flags, and the decision behind its last change. The full history is kept beside it.</summary>
/// <param name="EntityType">Null when the entry was first learnt from a case that does not state the type.</param>
/// <param name="StatusBeforeRevocation">What an Art. 42 reversal restores (恢复原登记状态).</param>
public sealed record RegisterEntry(
    string Uscc,
    string Name,
    EntityType? EntityType,
    string Agency,
    RegisterStatus Status,
    DateOnly? EstablishedOn,
    RegisterChange LastChange,
    int Version,
    bool OnAbnormalOperationsList = false,
    bool InCourtOrderedLiquidation = false,
    RegisterStatus? StatusBeforeRevocation = null,
    IReadOnlyList<RegisterPerson>? Persons = null
)
{
    /// <summary>Deregistered or revoked: the entity no longer exists in law (Art. 31 para 1, Art. 40 para 2).</summary>
    [JsonIgnore]
    public bool Terminated => Status is RegisterStatus.Deregistered or RegisterStatus.Revoked;

    /// <summary>The facts the one access policy decides on: the entry belongs to the market regulator of its agency and
    /// to the entity itself (an enterprise principal of this USCC).</summary>
    public CaseFacts AccessFacts() => new("registration", Agency, [Uscc], [], []);
}

/// <summary>Why a change cannot be applied to an entry.</summary>
public sealed record RegisterRefusal(string Rule, string Message, string Article);

/// <summary>
/// The one table of how decisions change an entry: which statuses a change may follow, what it leaves, and the
/// article it rests on. Procedures, officer events and the import all go through <see cref="Apply"/>.
/// </summary>
public static class RegisterRules
{
    public const string AlreadyTerminatedRule = "register.already-terminated";
    public const string TransitionRule = "register.transition";
    public const string UsccTakenRule = "register.uscc-taken";
    public const string NotRegisteredRule = "register.not-registered";
    public const string AlreadyRegisteredRule = "register.already-registered";

    /// <summary>Whether an entry with this code is another entity than the one named: its name differs (names are unique
    /// in a registration authority's register, Art. 10). The same code under the same name is the same entity (a repeated
    /// or re-registration), which leaves the entry as it is.</summary>
    public static bool IsAnotherEntity(RegisterEntry holder, string name)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return !string.Equals(holder.Name.Trim(), name.Trim(), StringComparison.Ordinal);
    }

    private static readonly RegisterStatus[] Living =
    [
        RegisterStatus.Registered,
        RegisterStatus.Suspended,
        RegisterStatus.LicenceRevoked,
        RegisterStatus.OrderedClosed,
    ];

    private sealed record Rule(RegisterChangeKind Kind, RegisterStatus[] From, RegisterStatus? To, string Article, string Zh, string En);

    private static readonly FrozenDictionary<RegisterChangeKind, Rule> Table = new Rule[]
    {
        new(
            RegisterChangeKind.Suspended,
            [RegisterStatus.Registered],
            RegisterStatus.Suspended,
            "Decree 746 Art. 30 para 3",
            "歇业备案",
            "suspension filed"
        ),
        new(
            RegisterChangeKind.Resumed,
            [RegisterStatus.Suspended],
            RegisterStatus.Registered,
            "Decree 746 Art. 30 para 4",
            "恢复营业",
            "business resumed"
        ),
        new(RegisterChangeKind.Deregistered, Living, RegisterStatus.Deregistered, "Decree 746 Art. 31 para 1", "注销登记", "deregistered"),
        new(RegisterChangeKind.Revoked, Living, RegisterStatus.Revoked, "Decree 746 Art. 40 para 2", "撤销登记", "registration revoked"),
        new(
            RegisterChangeKind.RevocationReversed,
            [RegisterStatus.Revoked],
            null,
            "Decree 746 Art. 42",
            "撤销决定被撤销，恢复原登记状态",
            "revocation reversed, registration restored"
        ),
        new(
            RegisterChangeKind.LicenceRevoked,
            [RegisterStatus.Registered, RegisterStatus.Suspended],
            RegisterStatus.LicenceRevoked,
            "Decree 746 Art. 33 para 4",
            "吊销营业执照",
            "business licence revoked"
        ),
        new(
            RegisterChangeKind.OrderedClosed,
            [RegisterStatus.Registered, RegisterStatus.Suspended, RegisterStatus.LicenceRevoked],
            RegisterStatus.OrderedClosed,
            "Decree 746 Art. 33 para 4",
            "责令关闭",
            "ordered to close"
        ),
        new(
            RegisterChangeKind.AbnormalListed,
            Living,
            null,
            "Decree 746 Art. 33 para 4",
            "列入经营异常名录",
            "put on the abnormal-operations list"
        ),
        new(
            RegisterChangeKind.AbnormalRemoved,
            Living,
            null,
            "Decree 746 Art. 33 para 4",
            "移出经营异常名录",
            "removed from the abnormal-operations list"
        ),
        new(
            RegisterChangeKind.CourtLiquidation,
            Living,
            null,
            "Decree 746 Art. 34",
            "人民法院裁定强制清算或者宣告破产",
            "court-ordered liquidation or bankruptcy"
        ),
    }.ToFrozenDictionary(r => r.Kind);

    /// <summary>The article a change rests on (registration and import: Art. 21 and the agency's own register).</summary>
    public static string ArticleOf(RegisterChangeKind kind) =>
        kind switch
        {
            RegisterChangeKind.Registered => "Decree 746 Art. 19 para 1, Art. 21",
            RegisterChangeKind.Imported => "Decree 746 Art. 5 para 2, Art. 6 para 2 (登记机关的登记簿)",
            _ => Table[kind].Article,
        };

    /// <summary>"中文 / English" name of a change.</summary>
    public static string Describe(RegisterChangeKind kind) =>
        kind switch
        {
            RegisterChangeKind.Registered => "设立登记 / registered",
            RegisterChangeKind.Imported => "自现有登记簿导入 / imported from the existing register",
            _ => $"{Table[kind].Zh} / {Table[kind].En}",
        };

    /// <summary>The changes an officer records for decisions taken outside this system.</summary>
    public static readonly IReadOnlyList<RegisterChangeKind> OfficerKinds =
    [
        RegisterChangeKind.Suspended,
        RegisterChangeKind.Resumed,
        RegisterChangeKind.LicenceRevoked,
        RegisterChangeKind.OrderedClosed,
        RegisterChangeKind.AbnormalListed,
        RegisterChangeKind.AbnormalRemoved,
        RegisterChangeKind.CourtLiquidation,
    ];

    /// <summary>A new entry (registration or import). A code another entry holds is refused (one code per entity, GB 32100-2015).</summary>
    public static (RegisterEntry? Entry, RegisterRefusal? Refusal) Create(
        RegisterEntry? existing,
        string uscc,
        string name,
        EntityType? type,
        string agency,
        RegisterStatus status,
        DateOnly? establishedOn,
        RegisterChange change,
        IReadOnlyList<RegisterPerson>? persons = null
    )
    {
        ArgumentNullException.ThrowIfNull(change);
        if (existing is not null && IsAnotherEntity(existing, name))
        {
            return (
                null,
                new RegisterRefusal(
                    UsccTakenRule,
                    $"统一社会信用代码 {uscc} 已由登记簿中的“{existing.Name}”持有 / The unified social credit code {uscc} is held by "
                        + $"'{existing.Name}' in the register (status {existing.Status}); one code per entity.",
                    "GB 32100-2015; Decree 746 Art. 21"
                )
            );
        }

        if (existing is not null)
        {
            return (
                null,
                new RegisterRefusal(
                    AlreadyRegisteredRule,
                    $"“{existing.Name}”（{uscc}）已在登记簿中 / '{existing.Name}' ({uscc}) is already in the register (status {existing.Status}).",
                    ArticleOf(change.Kind)
                )
            );
        }

        return (new RegisterEntry(uscc, name, type, agency, status, establishedOn, change, 1, Persons: persons), null);
    }

    /// <summary>Applies a change to an entry, or says which rule it breaks (nothing changes then).</summary>
    public static (RegisterEntry? Entry, RegisterRefusal? Refusal) Apply(RegisterEntry entry, RegisterChange change)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(change);
        if (!Table.TryGetValue(change.Kind, out var rule))
        {
            return (
                null,
                new RegisterRefusal(
                    TransitionRule,
                    $"“{Describe(change.Kind)}” creates an entry; it cannot change one.",
                    ArticleOf(change.Kind)
                )
            );
        }

        if (!rule.From.Contains(entry.Status))
        {
            return (null, Refuse(entry, rule));
        }

        var next = change.Kind switch
        {
            RegisterChangeKind.AbnormalListed => entry with { OnAbnormalOperationsList = true },
            RegisterChangeKind.AbnormalRemoved when !entry.OnAbnormalOperationsList => null,
            RegisterChangeKind.AbnormalRemoved => entry with { OnAbnormalOperationsList = false },
            RegisterChangeKind.CourtLiquidation => entry with { InCourtOrderedLiquidation = true },
            RegisterChangeKind.Revoked => entry with { Status = RegisterStatus.Revoked, StatusBeforeRevocation = entry.Status },
            RegisterChangeKind.RevocationReversed => entry with
            {
                Status = entry.StatusBeforeRevocation ?? RegisterStatus.Registered,
                StatusBeforeRevocation = null,
            },
            _ => entry with { Status = rule.To!.Value },
        };
        return next is null
            ? (
                null,
                new RegisterRefusal(
                    TransitionRule,
                    $"{entry.Name} ({entry.Uscc}) 不在经营异常名录中 / is not on the abnormal-operations list.",
                    rule.Article
                )
            )
            : (next with { LastChange = change, Version = entry.Version + 1 }, null);
    }

    private static RegisterRefusal Refuse(RegisterEntry entry, Rule rule) =>
        entry.Terminated
            ? new RegisterRefusal(
                AlreadyTerminatedRule,
                $"{entry.Name}（{entry.Uscc}）已于 {entry.LastChange.DecidedOn:yyyy-MM-dd} {Describe(entry.LastChange.Kind)}，市场主体已终止，不能{rule.Zh} / "
                    + $"{entry.Name} ({entry.Uscc}) was {entry.Status} on {entry.LastChange.DecidedOn:yyyy-MM-dd} ({entry.LastChange.Article}): "
                    + $"the entity no longer exists and cannot be {rule.En}.",
                entry.Status == RegisterStatus.Revoked ? "Decree 746 Art. 40 para 2" : "Decree 746 Art. 31 para 1"
            )
            : new RegisterRefusal(
                TransitionRule,
                $"{entry.Name}（{entry.Uscc}）现为 {entry.Status}，不能{rule.Zh} / {entry.Name} ({entry.Uscc}) is {entry.Status}: it cannot be {rule.En}.",
                rule.Article
            );
}

/// <summary>What the register says about an application for simplified deregistration: the Art. 33 para 4 exclusions
/// it knows from its own decisions (and those an officer recorded), beside what the applicant declares.</summary>
public static class RegisterEligibility
{
    public const string CourtLiquidationRule = "simplified-deregistration.court-liquidation";

    /// <summary>The refusals the register's entry gives, each naming its article (empty: the register does not object;
    /// no entry: the register cannot say, the declarations stand).</summary>
    public static IReadOnlyList<RegisterRefusal> ForSimplifiedDeregistration(RegisterEntry? entry, EntityStatusSnapshot declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (entry is null)
        {
            return [];
        }

        if (entry.Status == RegisterStatus.Deregistered)
        {
            return
            [
                new RegisterRefusal(
                    RegisterRules.AlreadyTerminatedRule,
                    $"{entry.Name}（{entry.Uscc}）已于 {entry.LastChange.DecidedOn:yyyy-MM-dd} 注销，市场主体已终止，不能再次申请注销 / "
                        + $"{entry.Name} ({entry.Uscc}) was deregistered on {entry.LastChange.DecidedOn:yyyy-MM-dd} "
                        + $"({entry.LastChange.Decision}): the entity no longer exists and cannot be deregistered again.",
                    "Decree 746 Art. 31 para 1"
                ),
            ];
        }

        var fromRegister = declared with
        {
            RegistrationRevoked = entry.Status == RegisterStatus.Revoked,
            LicenceRevoked = entry.Status == RegisterStatus.LicenceRevoked,
            OrderedToClose = entry.Status == RegisterStatus.OrderedClosed,
            OnAbnormalOperationsList = entry.OnAbnormalOperationsList,
            DeregistrationRequiresApproval = false,
        };
        var refusals = SimplifiedDeregistrationEligibility
            .Evaluate(fromRegister)
            .Exclusions.Select(x => new RegisterRefusal(
                x.RuleId,
                $"登记簿记载：{x.TextZh}（{entry.LastChange.DecidedOn:yyyy-MM-dd}，{entry.LastChange.Decision}） / The register records: "
                    + $"{x.TextEn} ({entry.LastChange.DecidedOn:yyyy-MM-dd}, {entry.LastChange.Decision}).",
                x.Article
            ))
            .ToList();
        if (entry.InCourtOrderedLiquidation)
        {
            // Art. 34 reading: an entity in court-ordered liquidation or bankruptcy is deregistered by its liquidation
            // group or administrator with the court's ruling, not by the investors' simplified procedure.
            refusals.Add(
                new RegisterRefusal(
                    CourtLiquidationRule,
                    "登记簿记载人民法院已裁定强制清算或者宣告破产，应由清算组、破产管理人持终结裁定申请注销 / The register records a "
                        + "court-ordered liquidation or bankruptcy: the liquidation group or administrator applies with the court's ruling.",
                    "Decree 746 Art. 34"
                )
            );
        }

        return refusals;
    }
}
