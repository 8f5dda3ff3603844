using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Workflows.Functions.Storage;

/// <summary><see cref="ITableStore"/> in process memory, with the same conflict semantics and limits as Table storage.
/// Partitions and row keys are kept in sorted sets, so a point read, a partition query and a row-key range cost what
/// they cost on Azure (the rows they return), not a walk over the whole table (issue 22: list pages at 100,000 cases).
/// One lock guards the keys and rows; a row is packed (and compressed) before the lock is taken and unpacked after it
/// is released, so concurrent steps wait for each other only while keys are looked up or stored (issue 22 profile).</summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly ConcurrentDictionary<string, MemoryTable> tables = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long etagCounter;

    private MemoryTable Table(string name) => tables.GetOrAdd(name, _ => new MemoryTable());

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        if (AzureStorageRules.KeyProblem(partitionKey) is not null || AzureStorageRules.KeyProblem(rowKey) is not null)
        {
            return Task.FromResult<TableRow?>(null); // as on Azure: no entity can have such a key
        }

        var t = Table(table);
        StoredRow? stored;
        lock (gate)
        {
            stored = t.Find(partitionKey, rowKey);
        }

        return Task.FromResult(stored is { } found ? t.Unpack(partitionKey, rowKey, found) : null);
    }

    public Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
        string table,
        string partitionKey,
        string? rowKeyFrom = null,
        string? rowKeyTo = null,
        CancellationToken cancellationToken = default
    )
    {
        var t = Table(table);
        List<(string RowKey, StoredRow Row)> found;
        lock (gate)
        {
            found = t.Range(partitionKey, rowKeyFrom, inclusiveFrom: true, rowKeyTo, int.MaxValue);
        }

        return Task.FromResult<IReadOnlyList<TableRow>>(t.Unpack(partitionKey, found));
    }

    public Task<IReadOnlyList<TableRow>> QueryPageAsync(
        string table,
        string partitionKey,
        string? rowKeyAfter,
        string? rowKeyTo,
        int maxRows,
        CancellationToken cancellationToken = default
    )
    {
        var t = Table(table);
        List<(string RowKey, StoredRow Row)> found;
        lock (gate)
        {
            found = t.Range(partitionKey, rowKeyAfter, inclusiveFrom: false, rowKeyTo, maxRows);
        }

        return Task.FromResult<IReadOnlyList<TableRow>>(t.Unpack(partitionKey, found));
    }

    public Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
        string table,
        string partitionFrom,
        string partitionTo,
        CancellationToken cancellationToken = default
    )
    {
        var t = Table(table);
        var found = new List<(string Partition, List<(string RowKey, StoredRow Row)> Rows)>();
        lock (gate)
        {
            foreach (var partition in t.PartitionsBetween(partitionFrom, partitionTo))
            {
                found.Add((partition, t.Range(partition, null, inclusiveFrom: true, null, int.MaxValue)));
            }
        }

        return Task.FromResult<IReadOnlyList<TableRow>>([.. found.SelectMany(p => t.Unpack(p.Partition, p.Rows))]);
    }

    public Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        var t = Table(table);
        var packed = t.Pack(row.Properties);
        lock (gate)
        {
            if (t.Contains(row.PartitionKey, row.RowKey))
            {
                throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} already exists.");
            }

            return Task.FromResult(Store(t, row, packed));
        }
    }

    public Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        var t = Table(table);
        var packed = t.Pack(row.Properties);
        lock (gate)
        {
            return Task.FromResult(Store(t, row, packed));
        }
    }

    public Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        var t = Table(table);
        var packed = t.Pack(row.Properties);
        lock (gate)
        {
            CheckETag(t, table, row);
            return Task.FromResult(Store(t, row, packed));
        }
    }

    public Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckTransaction(table, rows);
        var t = Table(table);
        var packed = t.Pack(rows);
        lock (gate)
        {
            foreach (var row in rows.Where(r => r.ETag is not null))
            {
                if (row.ETag == TableRow.DeleteExisting)
                {
                    if (!t.Contains(row.PartitionKey, row.RowKey))
                    {
                        throw new StorageConflictException(
                            $"{table}/{row.PartitionKey}/{row.RowKey} does not exist (a delete in a transaction)."
                        );
                    }
                }
                else if (row.ETag != TableRow.MustNotExist)
                {
                    CheckETag(t, table, row);
                }
                else if (t.Contains(row.PartitionKey, row.RowKey))
                {
                    throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} already exists.");
                }
            }

            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].ETag == TableRow.DeleteExisting)
                {
                    t.Remove(rows[i].PartitionKey, rows[i].RowKey);
                }
                else
                {
                    Store(t, rows[i], packed[i]!.Value);
                }
            }

            return Task.CompletedTask;
        }
    }

    public Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Table(table).Remove(partitionKey, rowKey);
            return Task.CompletedTask;
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Rows and packed bytes (keys as UTF-8, property values as stored) each table holds: what the in-memory
    /// backend's tables weigh, apart from the engine's histories (issue 22: the memory bench attributes the heap per case).</summary>
    public IReadOnlyDictionary<string, (long Rows, long Bytes)> Footprint()
    {
        lock (gate)
        {
            return tables.ToDictionary(t => t.Key, t => t.Value.Footprint(), StringComparer.Ordinal);
        }
    }

    private static void CheckETag(MemoryTable t, string table, TableRow row)
    {
        if (t.ETagOf(row.PartitionKey, row.RowKey) is not { } existing || (row.ETag != "*" && existing != row.ETag))
        {
            throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} was changed by someone else.");
        }
    }

    private string Store(MemoryTable t, TableRow row, PackedRow packed)
    {
        var etag = Interlocked.Increment(ref etagCounter);
        t.Put(row, packed, etag);
        return MemoryTable.FormatETag(etag);
    }

    /// <summary>One table: its partitions in key order, each with its rows in key order (ordinal, as Table storage).
    /// A row is held packed (issue 22 item 4: 10,000 open cases under 400 MB): its property values as UTF-8 in one byte
    /// array, its property names as indexes into the table's own list of names, its ETag as a number. A dictionary and a
    /// UTF-16 string per property cost about twice the text they hold; a read unpacks a fresh <see cref="TableRow"/>,
    /// so no caller can change what is stored.</summary>
    private sealed class MemoryTable
    {
        private readonly SortedSet<string> partitionKeys = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MemoryPartition> partitions = new(StringComparer.Ordinal);
        // Property names are added under a lock of their own and read without one: a row is packed and unpacked outside
        // the store's lock, and the array of names is replaced whole (copy on write; a table has a few dozen names).
        private readonly ConcurrentDictionary<string, int> nameIndex = new(StringComparer.Ordinal);
        private readonly Lock namesGate = new();
        private volatile string[] names = [];
        private byte[] lastPacked = [];
        private byte[] lastStored = [];

        public static string FormatETag(long etag) => $"W/\"{etag.ToString(CultureInfo.InvariantCulture)}\"";

        public (long Rows, long Bytes) Footprint()
        {
            long rows = 0;
            long bytes = 0;
            var counted = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
            foreach (var (pk, p) in partitions)
            {
                foreach (var (rk, stored) in p.Rows)
                {
                    rows++;
                    bytes += Encoding.UTF8.GetByteCount(pk) + Encoding.UTF8.GetByteCount(rk);
                    bytes += counted.Add(stored.Packed) ? stored.Packed.Length : 0; // a shared array weighs once
                }
            }

            return (rows, bytes);
        }

        public StoredRow? Find(string pk, string rk) =>
            partitions.TryGetValue(pk, out var p) && p.Rows.TryGetValue(rk, out var stored) ? stored : null;

        public bool Contains(string pk, string rk) => partitions.TryGetValue(pk, out var p) && p.Rows.ContainsKey(rk);

        public string? ETagOf(string pk, string rk) =>
            partitions.TryGetValue(pk, out var p) && p.Rows.TryGetValue(rk, out var stored) ? FormatETag(stored.ETag) : null;

        public void Put(TableRow row, PackedRow packed, long etag)
        {
            if (!partitions.TryGetValue(row.PartitionKey, out var p))
            {
                p = new MemoryPartition(row.PartitionKey);
                partitions[row.PartitionKey] = p;
                partitionKeys.Add(row.PartitionKey);
            }

            // A new row key is held once, by the sorted set and the dictionary alike; a replace keeps the stored one.
            p.Keys.Add(row.RowKey);
            p.Rows[row.RowKey] = new StoredRow(Shared(packed), etag);
        }

        public void Remove(string pk, string rk)
        {
            if (partitions.TryGetValue(pk, out var p) && p.Rows.Remove(rk))
            {
                p.Keys.Remove(rk);
                if (p.Rows.Count == 0)
                {
                    partitions.Remove(pk);
                    partitionKeys.Remove(pk);
                }
            }
        }

        /// <summary>Partition keys in [from, to).</summary>
        public List<string> PartitionsBetween(string from, string to) =>
            string.CompareOrdinal(from, to) >= 0 || partitionKeys.Count == 0
                ? []
                : [.. partitionKeys.GetViewBetween(from, to).Where(k => string.CompareOrdinal(k, to) < 0)];

        /// <summary>Up to <paramref name="max"/> rows of one partition with row keys after (or from) <paramref name="from"/>
        /// and before <paramref name="to"/>, in key order; a sorted-set view, so the cost follows the rows returned.</summary>
        public List<(string RowKey, StoredRow Row)> Range(string pk, string? from, bool inclusiveFrom, string? to, int max)
        {
            var result = new List<(string RowKey, StoredRow Row)>();
            if (!partitions.TryGetValue(pk, out var p) || p.Keys.Count == 0 || max <= 0)
            {
                return result;
            }

            var lower = from ?? p.Keys.Min!;
            var upper = p.Keys.Max!;
            if (string.CompareOrdinal(lower, upper) > 0)
            {
                return result;
            }

            foreach (var key in p.Keys.GetViewBetween(lower, upper))
            {
                if (!inclusiveFrom && from is not null && string.Equals(key, from, StringComparison.Ordinal))
                {
                    continue;
                }

                if (to is not null && string.CompareOrdinal(key, to) >= 0)
                {
                    break;
                }

                result.Add((key, p.Rows[key]));
                if (result.Count >= max)
                {
                    break;
                }
            }

            return result;
        }

        /// <summary>The rows of a transaction packed (null for a deletion); a row packed like the one before it is not
        /// compressed again.</summary>
        public PackedRow?[] Pack(IReadOnlyList<TableRow> rows)
        {
            var packed = new PackedRow?[rows.Count];
            PackedRow? last = null;
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].ETag == TableRow.DeleteExisting)
                {
                    continue;
                }

                var bytes = PackBytes(rows[i].Properties);
                last = last is { } previous && bytes.AsSpan().SequenceEqual(previous.Packed)
                    ? previous
                    : new PackedRow(bytes, Stored(bytes));
                packed[i] = last;
            }

            return packed;
        }

        /// <summary>A row's properties packed, and the form it is held in (compressed when large).</summary>
        public PackedRow Pack(IReadOnlyDictionary<string, string> properties)
        {
            var bytes = PackBytes(properties);
            return new PackedRow(bytes, Stored(bytes));
        }

        /// <summary>The flag byte <see cref="Raw"/>, then per property: the name's index and the value's UTF-8 length (7-bit
        /// encoded), then the value; sized exactly first, so the row is written once into the array it is kept in.</summary>
        private byte[] PackBytes(IReadOnlyDictionary<string, string> properties)
        {
            var count = properties.Count;
            Span<int> lengths = count <= 64 ? stackalloc int[count] : new int[count];
            var size = 1 + Size7Bit(count);
            var i = 0;
            foreach (var (name, value) in properties)
            {
                var length = Encoding.UTF8.GetByteCount(value);
                lengths[i++] = length;
                size += Size7Bit(NameIndex(name)) + Size7Bit(length) + length;
            }

            var buffer = new byte[size];
            buffer[0] = Raw;
            var at = Write7Bit(buffer, 1, count);
            i = 0;
            foreach (var (name, value) in properties)
            {
                at = Write7Bit(buffer, at, nameIndex[name]);
                at = Write7Bit(buffer, at, lengths[i++]);
                at += Encoding.UTF8.GetBytes(value, buffer.AsSpan(at));
            }

            return buffer;
        }

        /// <summary>A row packed exactly like the one written before it holds the same array: the case list writes the
        /// same facts under several keys in a row (one per family and order), and a stored row is never changed. A row
        /// larger than <see cref="CompressAbove"/> is held Brotli-compressed (a case record's JSON, its escaped Chinese
        /// and repeated field names, shrinks about fourfold); the first byte says which.</summary>
        private byte[] Shared(PackedRow packed)
        {
            if (packed.Packed.AsSpan().SequenceEqual(lastPacked))
            {
                return lastStored;
            }

            lastPacked = packed.Packed;
            lastStored = packed.Stored;
            return lastStored;
        }

        private static byte[] Stored(byte[] packed) => packed.Length - 1 > CompressAbove ? Compress(packed) : packed;

        private const int CompressAbove = 1024;
        private const byte Raw = 0;
        private const byte Brotli = 1;

        /// <summary>The packed row (after its flag byte) compressed, or <paramref name="packed"/> itself when that gains
        /// nothing.</summary>
        private static byte[] Compress(byte[] packed)
        {
            var content = packed.AsSpan(1);
            var rented = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(content.Length) + 6);
            try
            {
                rented[0] = Brotli;
                var at = Write7Bit(rented, 1, content.Length);
                // Quality 1: a few microseconds a kilobyte, most of the gain (the rows are written on every step).
                return
                    BrotliEncoder.TryCompress(content, rented.AsSpan(at), out var written, quality: 1, window: 22)
                    && at + written < packed.Length
                    ? rented.AsSpan(0, at + written).ToArray()
                    : packed;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private static int Size7Bit(int value)
        {
            var size = 1;
            for (var v = (uint)value; v >= 0x80; v >>= 7)
            {
                size++;
            }

            return size;
        }

        public List<TableRow> Unpack(string pk, List<(string RowKey, StoredRow Row)> rows) =>
            rows.ConvertAll(r => Unpack(pk, r.RowKey, r.Row));

        public TableRow Unpack(string pk, string rk, StoredRow stored)
        {
            var packed = stored.Packed;
            if (packed[0] == Raw)
            {
                return Unpack(pk, rk, packed.AsSpan(1), stored.ETag);
            }

            // Decompressed into a pooled buffer: the strings read from it are the only copies a read keeps.
            var at = Read7Bit(packed, 1, out var length);
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                if (!BrotliDecoder.TryDecompress(packed.AsSpan(at), rented.AsSpan(0, length), out var written) || written != length)
                {
                    throw new InvalidDataException("A stored row does not decompress to its recorded length.");
                }

                return Unpack(pk, rk, rented.AsSpan(0, length), stored.ETag);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private TableRow Unpack(string pk, string rk, ReadOnlySpan<byte> data, long etag)
        {
            var at = Read7Bit(data, 0, out var count);
            var properties = new Dictionary<string, string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                at = Read7Bit(data, at, out var name);
                at = Read7Bit(data, at, out var length);
                properties[names[name]] = Encoding.UTF8.GetString(data.Slice(at, length));
                at += length;
            }

            return new TableRow(pk, rk, properties, FormatETag(etag));
        }

        private int NameIndex(string name)
        {
            if (nameIndex.TryGetValue(name, out var index))
            {
                return index;
            }

            lock (namesGate)
            {
                if (!nameIndex.TryGetValue(name, out index))
                {
                    index = names.Length;
                    names = [.. names, name]; // published before its index: whoever finds the index finds the name
                    nameIndex[name] = index;
                }

                return index;
            }
        }

        private static int Write7Bit(byte[] buffer, int at, int value)
        {
            var v = (uint)value;
            while (v >= 0x80)
            {
                buffer[at++] = (byte)(v | 0x80);
                v >>= 7;
            }

            buffer[at++] = (byte)v;
            return at;
        }

        private static int Read7Bit(ReadOnlySpan<byte> buffer, int at, out int value)
        {
            var result = 0;
            var shift = 0;
            byte b;
            do
            {
                b = buffer[at++];
                result |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);

            value = result;
            return at;
        }
    }

    private readonly record struct StoredRow(byte[] Packed, long ETag);

    /// <summary>A row packed (<see cref="Packed"/>) and the form it is held in (<see cref="Stored"/>, compressed when large).</summary>
    private readonly record struct PackedRow(byte[] Packed, byte[] Stored);

    private sealed class MemoryPartition(string key)
    {
        public string Key { get; } = key;

        public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, StoredRow> Rows { get; } = new(StringComparer.Ordinal);
    }
}
