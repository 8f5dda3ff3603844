namespace Workflows.Functions.Cases;

/// <summary>
/// Where a case's rows live (issue 22 item 2): in the Cases table, partition = the case's agency, the record under its
/// id and each audit row under <c>{case id}|a|{audit key}</c>. A case and its history are then one row-key range of one
/// partition (one query reads both), and one step writes its record and its audit rows in one entity-group
/// transaction. Case ids never hold <c>|</c>, so the range <c>[id, id + "}")</c> is exactly that case's rows.
/// Audit rows written before this layout stay in the Audit table (partition = case id) and are read from there too.
/// </summary>
public static class CaseRows
{
    private const string AuditInfix = "|a|";

    /// <summary>The first row key of a case's range (its record).</summary>
    public static string From(string caseId) => caseId;

    /// <summary>The row key just after a case's range ('}' is the character after '|').</summary>
    public static string To(string caseId) => caseId + "}";

    public static string AuditRowKey(string caseId, string auditKey) => caseId + AuditInfix + auditKey;

    /// <summary>Whether a Cases table row is a case record (not one of its audit rows).</summary>
    public static bool IsRecord(string rowKey) => !rowKey.Contains('|', StringComparison.Ordinal);

    /// <summary>The audit key of a co-partitioned audit row, or null for a record's row.</summary>
    public static string? AuditKeyOf(string rowKey)
    {
        var at = rowKey.IndexOf(AuditInfix, StringComparison.Ordinal);
        return at < 0 ? null : rowKey[(at + AuditInfix.Length)..];
    }
}
