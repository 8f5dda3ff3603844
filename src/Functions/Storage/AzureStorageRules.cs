namespace Workflows.Functions.Storage;

/// <summary>
/// Azure Storage's own limits, coded once and applied by every store (Azure, Azurite and in memory), so a test on
/// the in-memory backend fails exactly where Azure would. Sources: "Understanding the Table service data model"
/// (property and entity sizes, key characters) and "Naming and referencing containers, blobs, and metadata".
/// </summary>
public static class AzureStorageRules
{
    /// <summary>A string property holds at most 64 KiB (UTF-16, so 32,768 characters).</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>An entity (keys, names and values) holds at most 1 MiB.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>PartitionKey and RowKey hold at most 1 KiB each (UTF-16, so 512 characters).</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>At most 252 custom properties (plus PartitionKey, RowKey and Timestamp).</summary>
    public const int MaxProperties = 252;

    /// <summary>A blob name has 1 to 1,024 characters.</summary>
    public const int MaxBlobNameChars = 1024;

    /// <summary>A blob name has at most 254 path segments.</summary>
    public const int MaxBlobPathSegments = 254;

    public const string KeyRule = "storage.key";
    public const string PropertyRule = "storage.property-size";
    public const string EntityRule = "storage.entity-size";
    public const string BlobNameRule = "storage.blob-name";
    public const string TransactionRule = "storage.transaction";

    /// <summary>Operations in one entity-group transaction (Azure Table storage: "Performing entity group transactions").</summary>
    public const int MaxTransactionOperations = 100;

    /// <summary>Payload of one entity-group transaction.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>Why <paramref name="key"/> cannot be a PartitionKey or RowKey, or null when it can.</summary>
    public static string? KeyProblem(string? key)
    {
        if (key is null)
        {
            return "a key is required";
        }

        if (key.Length * 2 > MaxKeyBytes)
        {
            return $"a key holds at most {MaxKeyBytes / 2} characters (1 KiB); this one has {key.Length}";
        }

        foreach (var c in key)
        {
            if (IsForbiddenKeyChar(c))
            {
                return $"a key may not contain '/', '\\', '#', '?' or control characters (found U+{(int)c:X4})";
            }
        }

        return null;
    }

    public const string IdRule = "id.storage-key";

    /// <summary>Why a client-chosen id cannot serve as a Table key and a blob path segment, or null when it can: the key
    /// rules, a single blob path segment (no '.' or '..', no trailing '.'), no surrounding blanks, at most
    /// <paramref name="maxChars"/> characters.</summary>
    public static string? IdProblem(string? id, int maxChars = 128)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "an id is required";
        }

        if (id.Length > maxChars)
        {
            return $"an id has at most {maxChars} characters; this one has {id.Length}";
        }

        if (KeyProblem(id) is { } key)
        {
            return key;
        }

        return id != id.Trim() || id.EndsWith('.') || id is "." or ".."
            ? "an id may not start or end with blanks, end with '.', or be '.' or '..'"
            : null;
    }

    /// <summary>'/', '\', '#', '?' and the control characters U+0000–U+001F and U+007F–U+009F (Table service rules).</summary>
    public static bool IsForbiddenKeyChar(char c) => c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F';

    /// <summary>Throws <see cref="StorageRuleException"/> when Table storage would refuse the entity-group transaction:
    /// rows of more than one partition, more than 100 operations, one row twice, more than 4 MiB, or a row it refuses.
    /// Checked before anything is sent, so a batch that passes in memory passes on Azurite and Azure.</summary>
    public static void CheckTransaction(string table, IReadOnlyList<TableRow> rows)
    {
        if (rows.Count > MaxTransactionOperations)
        {
            throw new StorageRuleException(
                TransactionRule,
                $"{table}: a transaction has at most {MaxTransactionOperations} operations; this one has {rows.Count}."
            );
        }

        if (rows.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new StorageRuleException(TransactionRule, $"{table}: every row of a transaction must share one PartitionKey.");
        }

        if (rows.Select(r => r.RowKey).Distinct(StringComparer.Ordinal).Count() < rows.Count)
        {
            throw new StorageRuleException(TransactionRule, $"{table}: a transaction may touch each row only once.");
        }

        long total = 0;
        foreach (var row in rows)
        {
            CheckRow(table, row);
            total += PayloadBytes(row);
        }

        if (total > MaxTransactionBytes)
        {
            throw new StorageRuleException(
                TransactionRule,
                $"{table}: the transaction has {total} bytes of entities; Table storage allows {MaxTransactionBytes} (4 MiB)."
            );
        }
    }

    /// <summary>An upper bound of a row's bytes in a transaction's request body: JSON, a non-ASCII character escaped
    /// (<c>\uXXXX</c>, 6 bytes), 64 bytes of names, quotes and type annotations per property.</summary>
    private static long PayloadBytes(TableRow row)
    {
        // Every transaction of a step measures its case record's JSON: runs of ASCII and of other characters are found
        // vectorised, not char by char.
        static long Bytes(string text)
        {
            long bytes = text.Length;
            var rest = text.AsSpan();
            while (rest.IndexOfAnyExceptInRange('\u0000', '\u007f') is var escaped and >= 0)
            {
                rest = rest[escaped..];
                var run = rest.IndexOfAnyInRange('\u0000', '\u007f') is var ascii and >= 0 ? ascii : rest.Length;
                bytes += 5L * run;
                rest = rest[run..];
            }

            return bytes;
        }

        return 256 + Bytes(row.PartitionKey) + Bytes(row.RowKey) + row.Properties.Sum(p => 64 + Bytes(p.Key) + Bytes(p.Value));
    }

    /// <summary>Throws <see cref="StorageRuleException"/> when Table storage would refuse <paramref name="row"/>.</summary>
    public static void CheckRow(string table, TableRow row)
    {
        if (KeyProblem(row.PartitionKey) is { } pk)
        {
            throw new StorageRuleException(KeyRule, $"{table}: PartitionKey refused: {pk}.");
        }

        if (KeyProblem(row.RowKey) is { } rk)
        {
            throw new StorageRuleException(KeyRule, $"{table}: RowKey refused: {rk}.");
        }

        if (row.Properties.Count > MaxProperties)
        {
            throw new StorageRuleException(
                EntityRule,
                $"{table}: an entity has at most {MaxProperties} properties; this one has {row.Properties.Count}."
            );
        }

        // Azure's formula: 4 + 2 × (|PartitionKey| + |RowKey|) + Σ (8 + 2 × |name| + 4 + 2 × |value|).
        long size = 4 + (2L * (row.PartitionKey.Length + row.RowKey.Length));
        foreach (var (name, value) in row.Properties)
        {
            if (value.Length * 2L > MaxPropertyBytes)
            {
                throw new StorageRuleException(
                    PropertyRule,
                    $"{table}/{row.PartitionKey}: property '{name}' has {value.Length * 2L} bytes; Table storage allows {MaxPropertyBytes} (64 KiB)."
                );
            }

            size += 8 + (2L * name.Length) + 4 + (2L * value.Length);
        }

        if (size > MaxEntityBytes)
        {
            throw new StorageRuleException(
                EntityRule,
                $"{table}/{row.PartitionKey}: the entity has {size} bytes; Table storage allows {MaxEntityBytes} (1 MiB)."
            );
        }
    }

    /// <summary>Why <paramref name="name"/> cannot be a blob name as given, or null when it can. Azure treats a
    /// backslash as a path separator (a blob uploaded as <c>a\b</c> is listed as <c>a/b</c>), so a name with one is
    /// refused here rather than stored under another name.</summary>
    public static string? BlobNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a blob name has at least one character";
        }

        if (name.Length > MaxBlobNameChars)
        {
            return $"a blob name has at most {MaxBlobNameChars} characters; this one has {name.Length}";
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "a blob name may not contain '\\' (Azure stores it as '/', under another name)";
        }

        if (name.Any(char.IsControl))
        {
            return "a blob name may not contain control characters";
        }

        if (name.EndsWith('.') || name.EndsWith('/') || name.StartsWith('/'))
        {
            return "a blob name may not start with '/' or end with '.' or '/'";
        }

        var segments = name.Split('/');
        return segments.Length > MaxBlobPathSegments ? $"a blob name has at most {MaxBlobPathSegments} path segments"
            : segments.Any(s => s.Length == 0 || s is "." or "..") ? "a blob name may not have empty, '.' or '..' path segments"
            : null;
    }

    /// <summary>Throws <see cref="StorageRuleException"/> when <paramref name="name"/> is not a blob name Azure stores as given.</summary>
    public static void CheckBlobName(string container, string name)
    {
        if (BlobNameProblem(name) is { } problem)
        {
            throw new StorageRuleException(BlobNameRule, $"{container}: blob name refused: {problem}.");
        }
    }

    /// <summary>A name that passes <see cref="BlobNameProblem"/> for any <paramref name="name"/> (for quarantining files
    /// whose own name cannot be handled): bad characters become '_', and a too-long name keeps its end and a hash.</summary>
    public static string SafeBlobName(string name)
    {
        var cleaned = new string([.. name.Select(c => c == '\\' || char.IsControl(c) ? '_' : c)]);
        var segments = cleaned.Split('/').Where(s => s.Length > 0 && s is not "." and not "..").ToList();
        var joined = segments.Count == 0 ? "blob" : string.Join('/', segments.TakeLast(16)).TrimEnd('.');
        if (joined.Length == 0 || joined.Length > 200 || segments.Count > 16 || cleaned != name)
        {
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..16];
            var tail = joined.Length > 150 ? joined[^150..] : joined;
            joined = $"renamed-{hash}/{tail.Replace('/', '_').TrimEnd('.')}";
        }

        return joined.TrimEnd('.');
    }
}
