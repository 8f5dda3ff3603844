using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Registry;
using static Workflows.Functions.Orchestrations.MarketEntities.RegistrationOrchestration;

namespace Workflows.Functions.Orchestrations.MarketEntities;

public sealed record RevocationInput(string CaseId, string Agency, RevocationCaseData Data);

/// <summary>
/// Revocation of a registration obtained with false materials or fraud (Decree 746 Arts. 40-42): investigation;
/// when the entity and persons cannot be reached or refuse to cooperate, a 45-day public notice (an objection returns
/// the case to investigation); revocation by the head unless an Art. 41 ground is recorded; on revocation the directly
/// responsible persons are banned for 3 years from the revocation date (Art. 40 para 3, ban registry); a revocation
/// found wrong is reversed, the registration restored and the bans lifted (Art. 42).
/// </summary>
public sealed class RevocationOrchestration : TaskOrchestrator<RevocationInput, string>
{
    public const string Article40 = "Decree 746 Art. 40 para 2";
    public const string BanArticle = "Decree 746 Art. 40 para 3";
    public const string Article42 = "Decree 746 Art. 42";

    /// <summary>Art. 40 para 2: the 45-day public notice; para 3: the 3-year ban (trackers.json).</summary>
    public const string NoticePeriod = "revocation-public-notice";
    public const string BanPeriod = "revocation-reapplication-ban";

    /// <summary>Version 3: the publication of the revocation with its ban (Art. 40 para 3) and of a reversal (Art. 42);
    /// the law names no period, the table takes the Interim Regulation on Enterprise Information Publicity Art. 6.</summary>
    public const string RevocationPublicationPeriod = "publication-revocation";
    public const string ReversalPublicationPeriod = "publication-reversal";

    private static readonly DutyText RevocationPublication = new(
        "公示撤销决定及3年禁入",
        "Publish the revocation and the 3-year ban",
        BanArticle
    );

    private static readonly DutyText ReversalPublication = new("公示撤销决定被撤销、恢复原登记状态", "Publish the reversal", Article42);

    private static readonly string[] Investigating = ["investigation-finding", "start-public-notice", "decide-revoke", "decide-not-revoke"];

    [Function(nameof(RevocationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RevocationOrchestration().RunAsync(
            context,
            context.GetInput<RevocationInput>() ?? throw new InvalidOperationException("RevocationOrchestration needs an input.")
        );

    public override async Task<string> RunAsync(TaskOrchestrationContext context, RevocationInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var data = input.Data;
        List<string> awaited = [.. Investigating];
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = "investigating",
                AwaitedEvents = awaited,
                Audit =
                [
                    flow.SystemAudit(
                        "investigation",
                        "investigation-started",
                        Article40,
                        $"Application accepted; the authority investigates the registration of {data.Application.TargetName} ({data.Application.TargetUscc})."
                    ),
                ],
                Notifications =
                [
                    new NotificationRequest(
                        "investigation",
                        Role.RegistrationOfficer,
                        input.Agency,
                        "investigate",
                        $"Investigate the alleged false registration of {data.Application.TargetUscc}.",
                        Article40
                    ),
                ],
            }
        );

        var phase = "investigating";
        DeadlineWatch? watch = null;
        IReadOnlyList<PersonIdentity> banned = [];
        var refuses = context.IsAtLeast(OrchestrationVersions.MarketEntityRefusals);
        (DeadlineWatch Watch, DutyText Duty, string Item)? publication = null; // v3: the publication the authority owes
        while (true)
        {
            var wake = await flow.NextAsync(OfficerDuty.Earliest(watch?.NextWake, publication?.Watch.NextWake));
            if (wake.Reason == WakeReason.CalendarChanged)
            {
                if (watch is not null && phase == "public-notice")
                {
                    watch = await flow.RecomputeAsync(watch, wake.Calendar!, _ => []);
                }

                if (publication is { } owed)
                {
                    publication = (
                        await flow.RecomputeAsync(owed.Watch, wake.Calendar!, OfficerDuty.RemindersOf(owed.Duty)),
                        owed.Duty,
                        owed.Item
                    );
                }

                continue;
            }

            if (wake.Reason == WakeReason.Timer)
            {
                if (publication is { } owed && owed.Watch.NextWake <= flow.Now)
                {
                    await OfficerDuty.OnTimerAsync(flow, input.Agency, owed.Watch, owed.Duty);
                }
                else if (phase == "public-notice" && watch!.IsPast(flow.Now))
                {
                    // No objection during the 45 days: the head decides (revoke, unless an Art. 41 ground applies).
                    phase = "notice-ended";
                    watch = null;
                    awaited = ["decide-revoke", "decide-not-revoke"];
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "notice-ended",
                            AwaitedEvents = awaited,
                            ClearDeadline = true,
                            Audit =
                            [
                                flow.SystemAudit(
                                    $"notice-ended-{data.NoticeEnds:yyyyMMdd}",
                                    "public-notice-ended",
                                    Article40,
                                    $"No objection during the 45-day notice ending {data.NoticeEnds:yyyy-MM-dd}; the registration is to be revoked unless an Art. 41 ground applies."
                                ),
                            ],
                            Notifications =
                            [
                                new NotificationRequest(
                                    $"notice-ended-{data.NoticeEnds:yyyyMMdd}",
                                    Role.AuthorityHead,
                                    input.Agency,
                                    "decide",
                                    $"Case {input.CaseId}: notice ended without objection; decide on revocation.",
                                    Article40
                                ),
                            ],
                        }
                    );
                }
                else if (phase == "revoked" && watch!.IsPast(flow.Now))
                {
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            Close = true,
                            ClearDeadline = true,
                            Audit =
                            [
                                flow.SystemAudit(
                                    "ban-ended",
                                    "ban-ended",
                                    BanArticle,
                                    $"The {watch.Deadline.Amount}-year ban ended on {watch.Deadline.Due:yyyy-MM-dd}; the case closes."
                                ),
                            ],
                        }
                    );
                    return "revoked";
                }

                continue;
            }

            var evt = wake.Event!;
            switch (evt.Type)
            {
                case "investigation-finding" when phase == "investigating":
                    data = data with
                    {
                        Findings =
                        [
                            .. data.Findings,
                            new InvestigationFinding(
                                evt.Text("finding") ?? string.Empty,
                                Strings(evt, "evidence") is { Count: > 0 } ev ? string.Join("; ", ev) : string.Empty,
                                evt.ActorId,
                                evt.AcceptedUtc
                            )
                            {
                                Established = refuses ? RevocationEventRules.Establishes(evt.Payload()) : null,
                            },
                        ],
                    };
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            AwaitedEvents = awaited,
                            DataJson = Json(data),
                            Audit = [flow.EventAudit(evt, "investigation-finding", Article40, $"Finding: {evt.Text("finding")}")],
                        }
                    );
                    break;

                case "start-public-notice" when phase == "investigating":
                {
                    // Art. 40 para 2: unreachable or uncooperative → publish registration date and items for 45 days.
                    var start =
                        DateOnly.TryParse(evt.Text("noticeStart"), System.Globalization.CultureInfo.InvariantCulture, out var s)
                        && s <= ChinaTime.ToLegalDate(evt.AcceptedUtc)
                            ? s
                            : ChinaTime.ToLegalDate(evt.AcceptedUtc);
                    var request = new DeadlineRequest(
                        "revocation-notice",
                        "Public notice before revocation (公示期)",
                        NoticePeriod,
                        start,
                        Role.ObjectingParty
                    );
                    watch = new DeadlineWatch(request, await flow.ComputeAsync(request), []);
                    data = data with { NoticeStart = start, NoticeEnds = watch.Deadline.Due };
                    phase = "public-notice";
                    awaited = ["object"];
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "public-notice",
                            AwaitedEvents = awaited,
                            Deadline = watch.Deadline,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "public-notice-started",
                                    Article40,
                                    $"Entity and persons unreachable or uncooperative ({evt.Text("unreachableOrRefused")}); registration date and items published {start:yyyy-MM-dd}, objections until {watch.Deadline.Due:yyyy-MM-dd}."
                                ),
                            ],
                        }
                    );
                    break;
                }

                case "object" when phase == "public-notice":
                {
                    // Art. 40 para 2: an objection during the notice returns the case to investigation.
                    var objection = new ObjectionRecord(
                        evt.Text("reason") ?? string.Empty,
                        evt.Text("objector"),
                        evt.ActorId,
                        evt.AcceptedUtc,
                        Article40
                    );
                    data = data with { Objections = [.. data.Objections, objection] };
                    phase = "investigating";
                    watch = null;
                    awaited = [.. Investigating];
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "investigating",
                            AwaitedEvents = awaited,
                            ClearDeadline = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "objected",
                                    Article40,
                                    $"Objection during the notice: {objection.Reason}. The case returns to investigation."
                                ),
                            ],
                        }
                    );
                    break;
                }

                case "decide-revoke" when refuses && phase == "investigating" && !RevocationEventRules.HasEstablishingFinding(data):
                    // Art. 40 para 2: revoked only "经调查认定存在虚假市场主体登记情形" or after an unopposed notice.
                    await RefuseEventAsync(flow, evt, awaited, Article40, RevocationEventRules.NoFindingText);
                    break;

                case PublicationItems.RecordEvent when refuses && phase is "revoked" or "reversed":
                {
                    var (record, done) = PublicationRecords.Read(evt, publication?.Watch.Deadline, publication?.Item);
                    data = data with { Publications = [.. data.Publications, record] };
                    if (done)
                    {
                        publication = null;
                    }

                    var closes = done && phase == "reversed";
                    awaited = closes ? [] : awaited;
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            AwaitedEvents = awaited,
                            Close = closes,
                            ClearDeadline = done,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(evt, "published", record.Article, PublicationRecords.Text(record), record, record.Late),
                            ],
                        }
                    );
                    if (closes)
                    {
                        return "reversed";
                    }

                    break;
                }

                case "decide-revoke" when phase is "investigating" or "notice-ended":
                {
                    var revokedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
                    banned = Persons(evt);
                    // Art. 40 para 3: 3 years from the revocation date (the year rule of the legal calendar, computed in an activity).
                    var banRequest = new DeadlineRequest(
                        "reapplication-ban",
                        "Re-application ban of the directly responsible persons (3年内不得再次申请)",
                        BanPeriod,
                        revokedOn,
                        Role.RegistrationOfficer
                    );
                    var banEnd = await flow.ComputeAsync(banRequest);
                    var disqualification = Art12Disqualifications.Find("art40-3-false-registration");
                    var bans = banned
                        .Select(p => new Ban(
                            p.IdNumber,
                            p.Name,
                            disqualification?.TextEn ?? "Directly responsible for a false registration",
                            input.CaseId,
                            BanArticle,
                            revokedOn,
                            banEnd.Due
                        ))
                        .ToList();
                    await flow.CallAsync(ActivityCalls.BanRegistry, new BanRegistryCommand(bans, null, input.CaseId, revokedOn, null));
                    data = data with
                    {
                        RevokedOn = revokedOn,
                        RegistrationInForce = false,
                        Bans = bans.Select(b => new BanHitView(
                                b.PersonName,
                                b.PersonIdNumber,
                                b.Reason,
                                b.Article,
                                b.SourceCaseId,
                                b.StartDate,
                                b.EndDate,
                                true
                            ))
                            .ToList(),
                    };
                    phase = "revoked";
                    watch = new DeadlineWatch(banRequest, banEnd, []);
                    awaited = ["reverse"];
                    if (refuses)
                    {
                        var owed = OfficerDuty.Request(
                            "publication-revocation",
                            RevocationPublication,
                            RevocationPublicationPeriod,
                            revokedOn
                        );
                        publication = (
                            await OfficerDuty.WatchAsync(flow, owed, RevocationPublication),
                            RevocationPublication,
                            PublicationItems.Revocation
                        );
                        awaited = [PublicationItems.RecordEvent, "reverse"];
                    }

                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "revoked",
                            Outcome = "revoked",
                            AwaitedEvents = awaited,
                            ClearDeadline = publication is null,
                            Deadline = publication?.Watch.Deadline,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "revoked",
                                    "Decree 746 Art. 40 para 2-3",
                                    $"Registration of {data.Application.TargetUscc} revoked on {revokedOn:yyyy-MM-dd}; banned until {banEnd.Due:yyyy-MM-dd}: {string.Join(", ", banned.Select(p => $"{p.Name} ({p.IdNumber})"))}.",
                                    new
                                    {
                                        revokedOn,
                                        banEnd = banEnd.Due,
                                        banEnd.Explanation,
                                        persons = banned,
                                    }
                                ),
                            ],
                            Notifications =
                            [
                                new NotificationRequest(
                                    $"revoked-{evt.EventId}",
                                    Role.AffectedParty,
                                    input.Agency,
                                    "revoked",
                                    $"The registration of {data.Application.TargetUscc} was revoked.",
                                    "Decree 746 Art. 40 para 2"
                                ),
                            ],
                        }
                    );
                    break;
                }

                case "decide-not-revoke" when phase is "investigating" or "notice-ended":
                {
                    var ground = evt.Text("ground") ?? string.Empty;
                    var reasons = Strings(evt, "reasons");
                    var groundText = Enum.GetValues<Art41Ground>()
                        .Where(g => JsonNamingPolicy.CamelCase.ConvertName(g.ToString()) == ground)
                        .Select(g => Art41Grounds.Describe(g))
                        .FirstOrDefault();
                    data = data with { NotRevokedGround = ground, NotRevokedReasons = reasons };
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "not-revoked",
                            Outcome = "not-revoked",
                            Close = true,
                            ClearDeadline = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "not-revoked",
                                    groundText?.Article ?? "Decree 746 Art. 41",
                                    $"Not revoked on the ground '{groundText?.TextEn ?? ground}' ({groundText?.TextZh}): {string.Join("; ", reasons)}"
                                ),
                            ],
                            Notifications =
                            [
                                new NotificationRequest(
                                    $"not-revoked-{evt.EventId}",
                                    Role.AffectedParty,
                                    input.Agency,
                                    "not-revoked",
                                    $"Not revoked: {string.Join("; ", reasons)}",
                                    "Decree 746 Art. 41"
                                ),
                            ],
                        }
                    );
                    return "not-revoked";
                }

                case "reverse" when phase == "revoked":
                {
                    // Art. 42: the revocation was wrong: annul it, restore the registration, lift the bans.
                    var reversedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
                    var reason = evt.Text("reason") ?? string.Empty;
                    await flow.CallAsync(
                        ActivityCalls.BanRegistry,
                        new BanRegistryCommand(null, banned.Select(p => p.IdNumber).ToList(), input.CaseId, reversedOn, reason)
                    );
                    data = data with { ReversedOn = reversedOn, ReversalReason = reason, RegistrationInForce = true };
                    if (refuses)
                    {
                        // Art. 42 "并通过国家企业信用信息公示系统公示": the case stays open until the reversal is published.
                        var owed = OfficerDuty.Request("publication-reversal", ReversalPublication, ReversalPublicationPeriod, reversedOn);
                        publication = (
                            await OfficerDuty.WatchAsync(flow, owed, ReversalPublication),
                            ReversalPublication,
                            PublicationItems.Reversal
                        );
                        phase = "reversed";
                        watch = null;
                        awaited = [PublicationItems.RecordEvent];
                        await flow.PublishAsync(
                            new CaseUpdate
                            {
                                CaseId = input.CaseId,
                                State = "reversed",
                                Outcome = "revocation-reversed",
                                AwaitedEvents = awaited,
                                Deadline = publication.Value.Watch.Deadline,
                                DataJson = Json(data),
                                Audit =
                                [
                                    flow.EventAudit(
                                        evt,
                                        "reversed",
                                        Article42,
                                        $"撤销决定于 {reversedOn:yyyy-MM-dd} 被撤销，恢复 {data.Application.TargetUscc} 的原登记状态并解除禁入，"
                                            + $"须于 {publication.Value.Watch.Deadline.Due:yyyy-MM-dd} 前公示 / Revocation annulled on {reversedOn:yyyy-MM-dd}; "
                                            + $"registration of {data.Application.TargetUscc} restored and the bans lifted; to be published by "
                                            + $"{publication.Value.Watch.Deadline.Due:yyyy-MM-dd}. Reason: {reason}"
                                    ),
                                ],
                            }
                        );
                        break;
                    }

                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            State = "reversed",
                            Outcome = "revocation-reversed",
                            Close = true,
                            ClearDeadline = true,
                            DataJson = Json(data),
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "reversed",
                                    Article42,
                                    $"Revocation annulled on {reversedOn:yyyy-MM-dd}; registration of {data.Application.TargetUscc} restored and the bans lifted. Reason: {reason}"
                                ),
                            ],
                        }
                    );
                    return "reversed";
                }

                default:
                    await flow.PublishAsync(
                        new CaseUpdate
                        {
                            CaseId = input.CaseId,
                            AwaitedEvents = awaited,
                            Audit =
                            [
                                flow.EventAudit(
                                    evt,
                                    "event-ignored",
                                    Article40,
                                    $"'{evt.Type}' is not possible in this state; nothing changed."
                                ),
                            ],
                        }
                    );
                    break;
            }
        }
    }

    /// <summary>The directly responsible persons of a decision: objects with name and idNumber.</summary>
    internal static IReadOnlyList<PersonIdentity> Persons(CaseEventEnvelope evt)
    {
        var payload = evt.Payload();
        if (!payload.TryGetProperty("directlyResponsiblePersons", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return list.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("idNumber", out _))
            .Select(p => new PersonIdentity(
                p.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty,
                p.GetProperty("idNumber").GetString() ?? string.Empty
            ))
            .Where(p => p.IdNumber.Length > 0)
            .ToList();
    }
}
