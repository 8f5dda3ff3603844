using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Texts;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Registry;

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

    /// <summary>The outcome of a revocation annulled (Art. 42).</summary>
    private const string ReversedOutcome = "revocation-reversed";

    private static readonly string[] Investigating =
    [
        MarketEntityEvents.InvestigationFinding,
        MarketEntityEvents.StartPublicNotice,
        MarketEntityEvents.DecideRevoke,
        MarketEntityEvents.DecideNotRevoke,
    ];

    [Function(nameof(RevocationOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RevocationOrchestration().RunAsync(
            context,
            context.GetInput<RevocationInput>() ?? throw new InvalidOperationException("RevocationOrchestration needs an input.")
        );

    public override Task<string> RunAsync(TaskOrchestrationContext context, RevocationInput input) =>
        new RevocationCase(new CaseFlow(context, input.CaseId), input, context.IsAtLeast(OrchestrationVersions.MarketEntityRefusals))
            .RunAsync();

    /// <summary>One revocation case: its phase between wakes and one handler per event (issue 13 item 3).</summary>
    private sealed class RevocationCase(CaseFlow flow, RevocationInput input, bool refuses) :
        CaseProcedure(flow, Article40, Investigating)
    {
        private RevocationCaseData data = input.Data;
        private string phase = RevocationStates.Investigating;
        private DeadlineWatch? watch; // the 45-day notice, then the 3-year ban
        private IReadOnlyList<PersonIdentity> banned = [];
        private PublicationDuty? publication; // v3: the publication the authority owes

        protected override DateTimeOffset? NextWake => OfficerDuty.Earliest(watch?.NextWake, publication?.NextWake);

        protected override Task<string?> OnEventAsync(CaseEventEnvelope evt) =>
            evt.Type switch
            {
                MarketEntityEvents.InvestigationFinding when phase == RevocationStates.Investigating => FindingAsync(evt),
                MarketEntityEvents.StartPublicNotice when phase == RevocationStates.Investigating => StartNoticeAsync(evt),
                MarketEntityEvents.Objection when phase == RevocationStates.PublicNotice => ObjectedAsync(evt),
                // Art. 40 para 2: revoked only "经调查认定存在虚假市场主体登记情形" or after an unopposed notice.
                MarketEntityEvents.DecideRevoke
                    when refuses && phase == RevocationStates.Investigating && !RevocationEventRules.HasEstablishingFinding(data) =>
                    ForbiddenAsync(evt, Article40, RevocationEventRules.NoFindingText),
                MarketEntityEvents.RecordPublication when refuses && phase is RevocationStates.Revoked or RevocationStates.Reversed =>
                    PublishedAsync(evt),
                MarketEntityEvents.DecideRevoke when phase is RevocationStates.Investigating or RevocationStates.NoticeEnded =>
                    RevokeAsync(evt),
                MarketEntityEvents.DecideNotRevoke when phase is RevocationStates.Investigating or RevocationStates.NoticeEnded =>
                    NotRevokedAsync(evt),
                MarketEntityEvents.Reverse when phase == RevocationStates.Revoked => ReverseAsync(evt),
                _ => IgnoredAsync(evt),
            };

        protected override async Task<string?> StartAsync()
        {
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.Investigating,
                    AwaitedEvents = Awaited,
                    Audit =
                    [
                        Flow.SystemAudit(
                            "investigation",
                            "investigation-started",
                            Article40,
                            TextLine.Of(
                                "audit.revocation.investigation-started",
                                ("name", data.Application.TargetName ?? string.Empty),
                                ("uscc", data.Application.TargetUscc ?? string.Empty)
                            )
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
            return null;
        }

        protected override async Task<string?> OnCalendarAsync(CalendarChangedSignal signal)
        {
            if (watch is not null && phase == RevocationStates.PublicNotice)
            {
                watch = await Flow.RecomputeAsync(watch, signal, _ => []);
            }

            if (publication is not null)
            {
                await publication.OnCalendarAsync(Flow, signal);
            }

            return null;
        }

        protected override async Task<string?> OnTimerAsync()
        {
            if (publication is { } owed && owed.NextWake <= Flow.Now)
            {
                await owed.OnTimerAsync(Flow, input.Agency);
            }
            else if (phase == RevocationStates.PublicNotice && watch!.IsPast(Flow.Now))
            {
                await NoticeEndedAsync();
            }
            else if (phase == RevocationStates.Revoked && watch!.IsPast(Flow.Now))
            {
                await BanEndedAsync(watch.Deadline);
                return RevocationStates.Revoked;
            }

            return null;
        }

        /// <summary>No objection during the 45 days: the head decides (revoke, unless an Art. 41 ground applies).</summary>
        private Task<CaseWritten> NoticeEndedAsync()
        {
            phase = RevocationStates.NoticeEnded;
            watch = null;
            Awaited = [MarketEntityEvents.DecideRevoke, MarketEntityEvents.DecideNotRevoke];
            return Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.NoticeEnded,
                    AwaitedEvents = Awaited,
                    ClearDeadline = true,
                    Audit =
                    [
                        Flow.SystemAudit(
                            $"notice-ended-{data.NoticeEnds:yyyyMMdd}",
                            "public-notice-ended",
                            Article40,
                            TextLine.Of("audit.revocation.notice-ended", ("end", (object?)data.NoticeEnds ?? string.Empty))
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

        private Task<CaseWritten> BanEndedAsync(CaseDeadline ban) =>
            Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    Close = true,
                    ClearDeadline = true,
                    Audit =
                    [
                        Flow.SystemAudit(
                            "ban-ended",
                            "ban-ended",
                            BanArticle,
                            TextLine.Of("audit.revocation.ban-ended", ("amount", ban.Amount), ("due", ban.Due))
                        ),
                    ],
                }
            );

        private async Task<string?> FindingAsync(CaseEventEnvelope evt)
        {
            var payload = MarketEntityEventPayloads.Read<InvestigationFindingPayload>(evt);
            var finding = new InvestigationFinding(
                payload.Finding ?? string.Empty,
                payload.Evidence is { Count: > 0 } ev ? string.Join("; ", ev) : string.Empty,
                evt.ActorId,
                evt.AcceptedUtc
            )
            {
                Established = refuses ? payload.Established != false : null,
            };
            data = data with { Findings = [.. data.Findings, finding] };
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    AwaitedEvents = Awaited,
                    DataJson = CaseFlow.Json(data),
                    Audit = [Flow.EventAudit(evt, "investigation-finding", Article40, $"Finding: {payload.Finding}")],
                }
            );
            return null;
        }

        /// <summary>Art. 40 para 2: unreachable or uncooperative → publish registration date and items for 45 days.</summary>
        private async Task<string?> StartNoticeAsync(CaseEventEnvelope evt)
        {
            var payload = MarketEntityEventPayloads.Read<StartPublicNoticePayload>(evt);
            var start = NotLaterThanAccepted(payload.NoticeStart, evt);
            var request = new DeadlineRequest(
                "revocation-notice",
                "Public notice before revocation (公示期)",
                NoticePeriod,
                start,
                Role.ObjectingParty
            );
            watch = new DeadlineWatch(request, await Flow.ComputeAsync(request), []);
            data = data with { NoticeStart = start, NoticeEnds = watch.Deadline.Due };
            phase = RevocationStates.PublicNotice;
            Awaited = [MarketEntityEvents.Objection];
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.PublicNotice,
                    AwaitedEvents = Awaited,
                    Deadline = watch.Deadline,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "public-notice-started",
                            Article40,
                            $"Entity and persons unreachable or uncooperative ({payload.UnreachableOrRefused}); "
                                + $"registration date and items published {start:yyyy-MM-dd}, "
                                + $"objections until {watch.Deadline.Due:yyyy-MM-dd}."
                        ),
                    ],
                }
            );
            return null;
        }

        /// <summary>Art. 40 para 2: an objection during the notice returns the case to investigation.</summary>
        private async Task<string?> ObjectedAsync(CaseEventEnvelope evt)
        {
            var payload = MarketEntityEventPayloads.Read<ObjectionPayload>(evt);
            var objection = new ObjectionRecord(payload.Reason ?? string.Empty, payload.Objector, evt.ActorId, evt.AcceptedUtc, Article40);
            data = data with { Objections = [.. data.Objections, objection] };
            phase = RevocationStates.Investigating;
            watch = null;
            Awaited = [.. Investigating];
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.Investigating,
                    AwaitedEvents = Awaited,
                    ClearDeadline = true,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "objected",
                            Article40,
                            $"Objection during the notice: {objection.Reason}. The case returns to investigation."
                        ),
                    ],
                }
            );
            return null;
        }

        private async Task<string?> PublishedAsync(CaseEventEnvelope evt)
        {
            var (record, done) = PublicationRecords.Read(evt, publication?.Deadline, publication?.Item);
            data = data with { Publications = [.. data.Publications, record] };
            if (done)
            {
                publication = null;
            }

            var closes = done && phase == RevocationStates.Reversed;
            Awaited = closes ? [] : Awaited;
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    AwaitedEvents = Awaited,
                    Close = closes,
                    ClearDeadline = done,
                    DataJson = CaseFlow.Json(data),
                    Audit = [Flow.EventAudit(evt, "published", record.Article, PublicationRecords.Text(record), record, record.Late)],
                }
            );
            return closes ? RevocationStates.Reversed : null;
        }

        private async Task<string?> RevokeAsync(CaseEventEnvelope evt)
        {
            var revokedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
            banned = Persons(MarketEntityEventPayloads.Read<DecideRevokePayload>(evt));
            // Art. 40 para 3: 3 years from the revocation date (the year rule of the legal calendar, computed in an activity).
            var banRequest = new DeadlineRequest(
                "reapplication-ban",
                "Re-application ban of the directly responsible persons (3年内不得再次申请)",
                BanPeriod,
                revokedOn,
                Role.RegistrationOfficer
            );
            var banEnd = await Flow.ComputeAsync(banRequest);
            var bans = Bans(revokedOn, banEnd.Due);
            await Flow.CallAsync(ActivityCalls.BanRegistry, new BanRegistryCommand(bans, null, input.CaseId, revokedOn, null));
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
            phase = RevocationStates.Revoked;
            watch = new DeadlineWatch(banRequest, banEnd, []);
            Awaited = [MarketEntityEvents.Reverse];
            if (refuses)
            {
                publication = await PublicationDuty.OweAsync(
                    Flow,
                    "publication-revocation",
                    RevocationPublication,
                    RevocationPublicationPeriod,
                    PublicationItems.Revocation,
                    revokedOn
                );
                Awaited = [MarketEntityEvents.RecordPublication, MarketEntityEvents.Reverse];
            }

            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.Revoked,
                    Outcome = RevocationStates.Revoked,
                    AwaitedEvents = Awaited,
                    ClearDeadline = publication is null,
                    Deadline = publication?.Deadline,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "revoked",
                            "Decree 746 Art. 40 para 2-3",
                            $"Registration of {data.Application.TargetUscc} revoked on {revokedOn:yyyy-MM-dd}; "
                                + $"banned until {banEnd.Due:yyyy-MM-dd}: "
                                + $"{string.Join(", ", banned.Select(p => $"{p.Name} ({p.IdNumber})"))}.",
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
            return null;
        }

        private List<Ban> Bans(DateOnly revokedOn, DateOnly endDate)
        {
            var disqualification = Art12Disqualifications.Find("art40-3-false-registration");
            return banned
                .Select(p => new Ban(
                    p.IdNumber,
                    p.Name,
                    disqualification?.TextEn ?? "Directly responsible for a false registration",
                    input.CaseId,
                    BanArticle,
                    revokedOn,
                    endDate
                ))
                .ToList();
        }

        private async Task<string?> NotRevokedAsync(CaseEventEnvelope evt)
        {
            var payload = MarketEntityEventPayloads.Read<DecideNotRevokePayload>(evt);
            var ground = payload.Ground ?? string.Empty;
            var reasons = payload.Reasons ?? [];
            var groundText = Enum.GetValues<Art41Ground>()
                .Where(g => JsonNamingPolicy.CamelCase.ConvertName(g.ToString()) == ground)
                .Select(g => Art41Grounds.Describe(g))
                .FirstOrDefault();
            data = data with { NotRevokedGround = ground, NotRevokedReasons = reasons };
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.NotRevoked,
                    Outcome = RevocationStates.NotRevoked,
                    Close = true,
                    ClearDeadline = true,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "not-revoked",
                            groundText?.Article ?? "Decree 746 Art. 41",
                            $"Not revoked on the ground '{groundText?.TextEn ?? ground}' ({groundText?.TextZh}): "
                                + string.Join("; ", reasons)
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
            return RevocationStates.NotRevoked;
        }

        /// <summary>Art. 42: the revocation was wrong: annul it, restore the registration, lift the bans.</summary>
        private async Task<string?> ReverseAsync(CaseEventEnvelope evt)
        {
            var reversedOn = ChinaTime.ToLegalDate(evt.AcceptedUtc);
            var reason = MarketEntityEventPayloads.Read<ReasonPayload>(evt).Reason ?? string.Empty;
            await Flow.CallAsync(
                ActivityCalls.BanRegistry,
                new BanRegistryCommand(null, banned.Select(p => p.IdNumber).ToList(), input.CaseId, reversedOn, reason)
            );
            data = data with { ReversedOn = reversedOn, ReversalReason = reason, RegistrationInForce = true };
            if (refuses)
            {
                await ReversedAwaitingPublicationAsync(evt, reversedOn, reason);
                return null;
            }

            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.Reversed,
                    Outcome = ReversedOutcome,
                    Close = true,
                    ClearDeadline = true,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "reversed",
                            Article42,
                            $"Revocation annulled on {reversedOn:yyyy-MM-dd}; registration of {data.Application.TargetUscc} "
                                + $"restored and the bans lifted. Reason: {reason}"
                        ),
                    ],
                }
            );
            return RevocationStates.Reversed;
        }

        /// <summary>Art. 42 "并通过国家企业信用信息公示系统公示": the case stays open until the reversal is published.</summary>
        private async Task ReversedAwaitingPublicationAsync(CaseEventEnvelope evt, DateOnly reversedOn, string reason)
        {
            var owed = await PublicationDuty.OweAsync(
                Flow,
                "publication-reversal",
                ReversalPublication,
                ReversalPublicationPeriod,
                PublicationItems.Reversal,
                reversedOn
            );
            publication = owed;
            phase = RevocationStates.Reversed;
            watch = null;
            Awaited = [MarketEntityEvents.RecordPublication];
            await Flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = RevocationStates.Reversed,
                    Outcome = ReversedOutcome,
                    AwaitedEvents = Awaited,
                    Deadline = owed.Deadline,
                    DataJson = CaseFlow.Json(data),
                    Audit =
                    [
                        Flow.EventAudit(
                            evt,
                            "reversed",
                            Article42,
                            $"撤销决定于 {reversedOn:yyyy-MM-dd} 被撤销，恢复 {data.Application.TargetUscc} 的原登记状态并解除禁入，"
                                + $"须于 {owed.Deadline.Due:yyyy-MM-dd} 前公示 / Revocation annulled on {reversedOn:yyyy-MM-dd}; "
                                + $"registration of {data.Application.TargetUscc} restored and the bans lifted; to be published by "
                                + $"{owed.Deadline.Due:yyyy-MM-dd}. Reason: {reason}"
                        ),
                    ],
                }
            );
        }
    }

    /// <summary>The day a notice starts: the officer's, never later than the day the event is recorded.</summary>
    private static DateOnly NotLaterThanAccepted(string? day, CaseEventEnvelope evt)
    {
        var accepted = ChinaTime.ToLegalDate(evt.AcceptedUtc);
        return DateOnly.TryParse(day, System.Globalization.CultureInfo.InvariantCulture, out var s) && s <= accepted ? s : accepted;
    }

    /// <summary>The directly responsible persons of a decision: those named with an ID number.</summary>
    internal static IReadOnlyList<PersonIdentity> Persons(DecideRevokePayload payload) =>
        (payload.DirectlyResponsiblePersons ?? [])
            .Where(p => !string.IsNullOrEmpty(p.IdNumber))
            .Select(p => new PersonIdentity(p.Name ?? string.Empty, p.IdNumber!))
            .ToList();
}
