using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>One thing the check found wrong, with the row (or chain link) it concerns; Chinese first.</summary>
/// <param name="Kind"><c>row-rewritten</c>, <c>row-not-chained</c>, <c>row-deleted</c>, <c>link-missing</c> or <c>chain-broken</c>.</param>
public sealed record AuditFinding(string Kind, string Reference, string DetailZh, string DetailEn);

/// <summary>The outcome of <c>GET /api/cases/{id}/audit/verify</c>.</summary>
public sealed record AuditVerificationResult(
    string CaseId,
    bool Intact,
    int Rows,
    int Chained,
    IReadOnlyList<string> Days,
    IReadOnlyList<AuditFinding> Findings,
    DateTimeOffset CheckedUtc
);

/// <summary>
/// Checks a case's audit rows (beside its record, and for older cases in the Audit table) against the append-only chain: every row must be chained with the same hash,
/// every chained row must still be in the table, and each daily file the case touches must hash-chain link by link
/// and to the day before.
/// </summary>
public sealed class AuditVerifier(ITableStore tables, AuditChain chain, TimeProvider clock)
{
    public async Task<AuditVerificationResult> VerifyAsync(string caseId, CancellationToken cancellationToken)
    {
        var rows = await AuditLog.StoredRowsAsync(tables, caseId, cancellationToken).ConfigureAwait(false);
        var pointers = (await chain.PointersAsync(caseId, cancellationToken).ConfigureAwait(false)).ToDictionary(
            p => p.RowKey,
            StringComparer.Ordinal
        );
        var findings = new List<AuditFinding>();
        foreach (var row in rows)
        {
            findings.AddRange(await CheckRowAsync(row, pointers.GetValueOrDefault(row.RowKey), cancellationToken).ConfigureAwait(false));
        }

        var present = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        findings.AddRange(
            pointers
                .Keys.Where(k => !present.Contains(k))
                .Select(k => new AuditFinding(
                    "row-deleted",
                    k,
                    "防篡改链中有此审计记录，审计表中已被删除。",
                    "The chain holds this audit row; it has been deleted from the Audit table."
                ))
        );
        var days = pointers.Values.Select(p => p.Day).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var day in days)
        {
            findings.AddRange(await CheckDayAsync(day, cancellationToken).ConfigureAwait(false));
        }

        return new AuditVerificationResult(caseId, findings.Count == 0, rows.Count, pointers.Count, days, findings, clock.GetUtcNow());
    }

    private async Task<IEnumerable<AuditFinding>> CheckRowAsync(TableRow row, AuditPointer? pointer, CancellationToken cancellationToken)
    {
        if (pointer is null)
        {
            return
            [
                new(
                    "row-not-chained",
                    row.RowKey,
                    "审计表中的此记录不在防篡改链中（在链之外写入）。",
                    "This Audit table row is not in the append-only chain (written outside it)."
                ),
            ];
        }

        var link = await chain.LinkAsync(pointer.Day, pointer.Sequence, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return
            [
                new(
                    "link-missing",
                    row.RowKey,
                    $"防篡改链缺少 {pointer.Day} 第 {pointer.Sequence} 号记录。",
                    $"Link {pointer.Sequence} of {pointer.Day} is missing from the chain."
                ),
            ];
        }

        return link.RowHash == AuditChain.Sha256(AuditLog.ContentOf(row)) && link.CaseId == row.PartitionKey && link.RowKey == row.RowKey
            ? []
            :
            [
                new(
                    "row-rewritten",
                    row.RowKey,
                    $"审计记录已被改写：与防篡改链 {pointer.Day} 第 {pointer.Sequence} 号记录的哈希不一致。",
                    $"The audit row has been rewritten: it no longer matches the hash in link {pointer.Sequence} of {pointer.Day}."
                ),
            ];
    }

    private async Task<IEnumerable<AuditFinding>> CheckDayAsync(string day, CancellationToken cancellationToken)
    {
        var opened = await chain.DayAsync(day, cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return [new("chain-broken", day, $"{day} 的日文件头缺失。", $"The head of the daily file {day} is missing.")];
        }

        var findings = new List<AuditFinding>();
        if (opened.PreviousDay is { } previousDay)
        {
            var before = await chain.LinksAsync(previousDay, cancellationToken).ConfigureAwait(false);
            if (before.Count > 0 && before[^1].Hash != opened.PreviousHash)
            {
                findings.Add(
                    new(
                        "chain-broken",
                        day,
                        $"{day} 的日文件未链接到 {previousDay} 的最后一条记录。",
                        $"The daily file {day} does not chain to the last link of {previousDay}."
                    )
                );
            }
        }

        var previous = opened.PreviousHash;
        var expected = 1L;
        foreach (var link in await chain.LinksAsync(day, cancellationToken).ConfigureAwait(false))
        {
            if (link.Sequence != expected || link.Previous != previous || link.Hash != link.ComputeHash())
            {
                findings.Add(
                    new(
                        "chain-broken",
                        $"{day}/{link.Sequence}",
                        $"防篡改链在 {day} 第 {link.Sequence} 号记录处断开。",
                        $"The chain breaks at link {link.Sequence} of {day}."
                    )
                );
            }

            previous = link.Hash;
            expected = link.Sequence + 1;
        }

        return findings;
    }
}

/// <summary><c>GET /api/cases/{id}/audit/verify</c>: administrators, the supervision role (电子监察) and the authority head
/// (internal supervision) only, each within what the access policy lets them read.</summary>
public sealed class AuditVerifyApi(RequestAuthorization authorization, CaseStore cases, AuditVerifier verifier)
{
    /// <summary>Who may check a case's audit: the administrator, the supervision role and the head of the authority
    /// (负责人, internal supervision).</summary>
    public static readonly IReadOnlyList<Role> Verifiers = [Role.Administrator, Role.Supervisor, Role.AuthorityHead];

    public async Task<IResult> VerifyAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, [.. Verifiers]);
        if (principal is null)
        {
            return problem!;
        }

        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !CaseAccess.CanRead(principal, record))
        {
            return ApiProblems.NotFound($"No case '{id}' in your jurisdiction.");
        }

        return Results.Json(await verifier.VerifyAsync(record.Id, cancellationToken).ConfigureAwait(false), CaseJson.Response);
    }
}
