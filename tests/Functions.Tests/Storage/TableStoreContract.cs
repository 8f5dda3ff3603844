using Workflows.Functions.Storage;

namespace Workflows.Tests.Storage;

/// <summary>
/// The semantics every <see cref="ITableStore"/> must share (the in-memory store stands in for Table storage in
/// <c>--in-memory</c> runs and fast tests, so it must behave the same). Run against InMemoryTableStore in
/// Functions.Tests and against AzureTableStore over Azurite in Integration.Tests.
/// </summary>
public abstract class TableStoreContract
{
    protected abstract ITableStore Store { get; }

    /// <summary>A fresh table per test (Table storage names: letters and digits, start with a letter).</summary>
    protected string Table { get; } = "t" + Guid.NewGuid().ToString("N")[..16];

    private static TableRow Row(string pk, string rk, string value, string? etag = null) =>
        new(pk, rk, new Dictionary<string, string> { ["Value"] = value }, etag);

    [Fact]
    public async Task InsertAsync_NewRow_IsReadBackWithItsETag()
    {
        var etag = await Store.InsertAsync(Table, Row("p", "r", "一"));

        var row = await Store.GetAsync(Table, "p", "r");

        Assert.NotNull(row);
        Assert.Equal("一", row.Get("Value"));
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(etag, row.ETag);
    }

    [Fact]
    public async Task UpsertAsync_ManyPropertiesOfEveryLengthAndScript_ReadBackExactly()
    {
        // Lengths across the 1-, 2- and 3-byte length prefixes of the in-memory store's packed rows; Chinese, a
        // character outside the BMP (a surrogate pair), an empty value; the same property names in two rows.
        var properties = new Dictionary<string, string>
        {
            ["Empty"] = string.Empty,
            ["Chinese"] = "漯河市市场监督管理局",
            ["Astral"] = "𠀀𪚥",
            ["Ascii127"] = new string('a', 127),
            ["Mixed128"] = "登" + new string('b', 127),
            ["Long"] = string.Concat(Enumerable.Repeat("注销公告 / notice ", 1200)),
        };
        for (var i = 0; i < 40; i++)
        {
            properties[$"P{i}"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await Store.UpsertAsync(Table, new TableRow("p", "r1", properties));
        await Store.UpsertAsync(Table, new TableRow("p", "r2", new Dictionary<string, string> { ["Chinese"] = "二", ["P3"] = "三" }));

        var first = await Store.GetAsync(Table, "p", "r1");
        var second = await Store.GetAsync(Table, "p", "r2");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(properties.OrderBy(p => p.Key), first.Properties.Where(p => properties.ContainsKey(p.Key)).OrderBy(p => p.Key));
        Assert.Equal("二", second.Get("Chinese"));
        Assert.Equal("三", second.Get("P3"));
        Assert.Null(second.Get("Long"));
    }

    [Fact]
    public async Task UpsertAsync_SameLargeValuesUnderTwoKeysThenOneReplaced_OtherUnchanged()
    {
        // The in-memory store shares the stored array of identical consecutive rows and compresses large ones; an
        // incompressible value (random Base64) is held as written. Neither may leak a change from one row to the other.
        var random = Convert.ToBase64String(Enumerable.Range(0, 3000).Select(i => (byte)((i * 7919) ^ (i >> 3))).ToArray());
        var facts = new Dictionary<string, string>
        {
            ["Facts"] = string.Concat(Enumerable.Repeat("{\"名称\":\"漯河\"}", 300)),
            ["Noise"] = random,
        };

        await Store.UpsertAsync(Table, new TableRow("p", "a", facts));
        await Store.UpsertAsync(Table, new TableRow("p", "b", facts));
        await Store.UpsertAsync(Table, new TableRow("p", "a", new Dictionary<string, string>(facts) { ["Noise"] = "changed" }));

        var a = await Store.GetAsync(Table, "p", "a");
        var b = await Store.GetAsync(Table, "p", "b");

        Assert.Equal("changed", a?.Get("Noise"));
        Assert.Equal(random, b?.Get("Noise"));
        Assert.Equal(facts["Facts"], b?.Get("Facts"));
        Assert.NotEqual(a?.ETag, b?.ETag);
    }

    [Fact]
    public async Task SubmitTransactionAsync_ConcurrentWritersWithNewPropertyNames_EveryRowReadBackExactly()
    {
        // The in-memory store packs and compresses rows outside its lock and learns property names while others read:
        // writers at once, each with names of its own, identical large rows under two keys, and reads in between.
        const int Writers = 8;
        await Task.WhenAll(
            Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    var large = new Dictionary<string, string>
                    {
                        [$"W{w}Text"] = string.Concat(Enumerable.Repeat($"注销公告{w}-{i} / notice ", 150)),
                        [$"W{w}N{i}"] = $"{w}:{i}",
                    };
                    await Store.SubmitTransactionAsync(
                        Table,
                        [new TableRow($"p{w}", $"a{i}", large), new TableRow($"p{w}", $"b{i}", large)]
                    );
                    Assert.Equal(large[$"W{w}Text"], (await Store.GetAsync(Table, $"p{w}", $"a{i}"))?.Get($"W{w}Text"));
                }
            }))
        );

        for (var w = 0; w < Writers; w++)
        {
            var rows = await Store.QueryPartitionAsync(Table, $"p{w}");
            Assert.Equal(10, rows.Count);
            Assert.All(rows, r => Assert.Equal($"{w}:{r.RowKey[1..]}", r.Get($"W{w}N{r.RowKey[1..]}")));
            Assert.All(
                rows,
                r => Assert.StartsWith($"注销公告{w}-{r.RowKey[1..]} / notice", r.Get($"W{w}Text"), StringComparison.Ordinal)
            );
        }
    }

    [Fact]
    public async Task InsertAsync_ExistingRow_ThrowsConflictAndKeepsOriginal()
    {
        await Store.InsertAsync(Table, Row("p", "r", "first"));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.InsertAsync(Table, Row("p", "r", "second")));

        Assert.Equal("first", (await Store.GetAsync(Table, "p", "r"))?.Get("Value"));
    }

    [Fact]
    public async Task GetAsync_MissingRow_ReturnsNull()
    {
        await Store.InsertAsync(Table, Row("p", "r", "x"));

        Assert.Null(await Store.GetAsync(Table, "p", "other"));
        Assert.Null(await Store.GetAsync(Table, "other", "r"));
    }

    [Fact]
    public async Task ReplaceAsync_CurrentETag_ReplacesAndReturnsNewETag()
    {
        var first = await Store.InsertAsync(Table, Row("p", "r", "v1"));

        var second = await Store.ReplaceAsync(Table, Row("p", "r", "v2", first));

        Assert.NotEqual(first, second);
        var row = await Store.GetAsync(Table, "p", "r");
        Assert.Equal("v2", row?.Get("Value"));
        Assert.Equal(second, row?.ETag);
    }

    [Fact]
    public async Task ReplaceAsync_StaleETag_ThrowsConflictAndKeepsNewerValue()
    {
        var first = await Store.InsertAsync(Table, Row("p", "r", "v1"));
        await Store.ReplaceAsync(Table, Row("p", "r", "v2", first));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.ReplaceAsync(Table, Row("p", "r", "v3", first)));

        Assert.Equal("v2", (await Store.GetAsync(Table, "p", "r"))?.Get("Value"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    public async Task ReplaceAsync_MissingRow_ThrowsConflict(string? etag)
    {
        await Store.InsertAsync(Table, Row("p", "other", "x"));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.ReplaceAsync(Table, Row("p", "r", "v", etag)));

        Assert.Null(await Store.GetAsync(Table, "p", "r"));
    }

    [Fact]
    public async Task UpsertAsync_ExistingRow_ReplacesAllProperties()
    {
        await Store.InsertAsync(Table, new TableRow("p", "r", new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }));

        await Store.UpsertAsync(Table, new TableRow("p", "r", new Dictionary<string, string> { ["A"] = "3" }));

        var row = await Store.GetAsync(Table, "p", "r");
        Assert.Equal("3", row?.Get("A"));
        Assert.Null(row?.Get("B"));
    }

    [Theory]
    [InlineData(null, null, "a,b,b2,c")]
    [InlineData("b", null, "b,b2,c")]
    [InlineData(null, "b2", "a,b")]
    [InlineData("b", "c", "b,b2")]
    [InlineData("b0", "b1", "")]
    public async Task QueryPartitionAsync_RowKeyRange_ReturnsHalfOpenRangeInRowKeyOrder(string? from, string? to, string expected)
    {
        foreach (var rk in new[] { "c", "a", "b2", "b" })
        {
            await Store.InsertAsync(Table, Row("p", rk, rk));
        }

        await Store.InsertAsync(Table, Row("q", "b", "other partition"));
        await Store.InsertAsync(Table, Row("o", "b", "other partition"));

        var rows = await Store.QueryPartitionAsync(Table, "p", from, to);

        Assert.Equal(expected, string.Join(",", rows.Select(r => r.RowKey)));
        Assert.All(rows, r => Assert.Equal("p", r.PartitionKey));
    }

    [Theory]
    [InlineData("2024-02-01", "2024-02-03", "2024-02-01/x,2024-02-02/x,2024-02-02/y")]
    [InlineData("2024-02-02", "2024-02-02", "")]
    [InlineData("2024-02-03", "2024-03-01", "2024-02-03/x,2024-02-29/x")]
    public async Task QueryPartitionRangeAsync_PartitionRange_ReturnsHalfOpenRangeInKeyOrder(string from, string to, string expected)
    {
        foreach (
            var (pk, rk) in new[]
            {
                ("2024-02-02", "y"),
                ("2024-01-31", "x"),
                ("2024-02-01", "x"),
                ("2024-02-29", "x"),
                ("2024-02-02", "x"),
                ("2024-02-03", "x"),
                ("2024-03-01", "x"),
            }
        )
        {
            await Store.InsertAsync(Table, Row(pk, rk, pk));
        }

        var rows = await Store.QueryPartitionRangeAsync(Table, from, to);

        Assert.Equal(expected, string.Join(",", rows.Select(r => r.PartitionKey + "/" + r.RowKey)));
    }

    [Fact]
    public async Task SubmitTransactionAsync_AllCurrent_WritesEveryRow()
    {
        var etag = await Store.InsertAsync(Table, Row("p", "a", "a1"));

        await Store.SubmitTransactionAsync(Table, [Row("p", "a", "a2", etag), Row("p", "b", "b1")]);

        Assert.Equal("a2", (await Store.GetAsync(Table, "p", "a"))?.Get("Value"));
        Assert.Equal("b1", (await Store.GetAsync(Table, "p", "b"))?.Get("Value"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_OneStaleETag_ThrowsConflictAndWritesNothing()
    {
        var stale = await Store.InsertAsync(Table, Row("p", "a", "a1"));
        await Store.UpsertAsync(Table, Row("p", "a", "a2"));
        await Store.InsertAsync(Table, Row("p", "c", "c1"));

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            Store.SubmitTransactionAsync(Table, [Row("p", "b", "b1"), Row("p", "a", "a3", stale), Row("p", "c", "c2")])
        );

        Assert.Null(await Store.GetAsync(Table, "p", "b"));
        Assert.Equal("a2", (await Store.GetAsync(Table, "p", "a"))?.Get("Value"));
        Assert.Equal("c1", (await Store.GetAsync(Table, "p", "c"))?.Get("Value"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_ConditionalRowMissing_ThrowsConflictAndWritesNothing()
    {
        await Assert.ThrowsAsync<StorageConflictException>(() =>
            Store.SubmitTransactionAsync(Table, [Row("p", "b", "b1"), Row("p", "a", "a1", "*")])
        );

        Assert.Empty(await Store.QueryPartitionAsync(Table, "p"));
    }

    /// <summary>Issue 22: a step inserts its audit rows in the case's transaction; one already written fails it whole.</summary>
    [Fact]
    public async Task SubmitTransactionAsync_InsertOfExistingRow_ThrowsConflictAndWritesNothing()
    {
        await Store.InsertAsync(Table, Row("p", "a", "a1"));

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            Store.SubmitTransactionAsync(Table, [Row("p", "b", "b1"), Row("p", "a", "a2", TableRow.MustNotExist)])
        );

        Assert.Null(await Store.GetAsync(Table, "p", "b"));
        Assert.Equal("a1", (await Store.GetAsync(Table, "p", "a"))?.Get("Value"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_InsertOfNewRow_WritesIt()
    {
        await Store.SubmitTransactionAsync(Table, [Row("p", "b", "b1"), Row("p", "a", "a1", TableRow.MustNotExist)]);

        Assert.Equal(["a1", "b1"], (await Store.QueryPartitionAsync(Table, "p")).Select(r => r.Get("Value")));
    }

    /// <summary>Issue 22: a case's list rows of one partition (both orders) are rewritten in one transaction, the rows a
    /// step moved deleted in it.</summary>
    [Fact]
    public async Task SubmitTransactionAsync_DeletionOfExistingRow_DeletesItWithTheOtherWrites()
    {
        await Store.InsertAsync(Table, Row("p", "old", "x"));

        await Store.SubmitTransactionAsync(Table, [Row("p", "new", "y"), TableRow.Deletion("p", "old")]);

        Assert.Equal(["new"], (await Store.QueryPartitionAsync(Table, "p")).Select(r => r.RowKey));
    }

    [Fact]
    public async Task SubmitTransactionAsync_DeletionOfMissingRow_ThrowsConflictAndWritesNothing()
    {
        await Store.InsertAsync(Table, Row("p", "kept", "x"));

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            Store.SubmitTransactionAsync(Table, [Row("p", "new", "y"), TableRow.Deletion("p", "kept"), TableRow.Deletion("p", "gone")])
        );

        Assert.Equal(["kept"], (await Store.QueryPartitionAsync(Table, "p")).Select(r => r.RowKey));
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndMissingRow_RemovesWithoutError()
    {
        await Store.InsertAsync(Table, Row("p", "a", "x"));

        await Store.DeleteAsync(Table, "p", "a");
        await Store.DeleteAsync(Table, "p", "a");

        Assert.Null(await Store.GetAsync(Table, "p", "a"));
    }

    [Fact]
    public async Task PingAsync_ReachableStore_Completes()
    {
        var ping = Store.PingAsync();

        await ping;

        Assert.True(ping.IsCompletedSuccessfully);
    }

    // Azure Storage's own limits: every store refuses what Table storage refuses, before writing anything.
    [Fact]
    public async Task InsertAsync_PropertyOver64KiB_RefusedAndNothingWritten()
    {
        var row = new TableRow(
            "p",
            "r",
            new Dictionary<string, string> { ["Json"] = new string('x', (AzureStorageRules.MaxPropertyBytes / 2) + 1) }
        );

        var e = await Assert.ThrowsAsync<StorageRuleException>(() => Store.InsertAsync(Table, row));

        Assert.Equal(AzureStorageRules.PropertyRule, e.Rule);
        Assert.Null(await Store.GetAsync(Table, "p", "r"));
    }

    [Fact]
    public async Task InsertAsync_PropertyOfExactly64KiB_Stored()
    {
        var value = new string('x', AzureStorageRules.MaxPropertyBytes / 2);

        await Store.InsertAsync(Table, new TableRow("p", "r", new Dictionary<string, string> { ["Json"] = value }));

        Assert.Equal(value, (await Store.GetAsync(Table, "p", "r"))?.Get("Json"));
    }

    [Fact]
    public async Task UpsertAsync_EntityOver1MiB_RefusedAndNothingWritten()
    {
        var properties = Enumerable.Range(0, 17).ToDictionary(i => $"P{i}", _ => new string('y', 32_000));

        var e = await Assert.ThrowsAsync<StorageRuleException>(() => Store.UpsertAsync(Table, new TableRow("p", "r", properties)));

        Assert.Equal(AzureStorageRules.EntityRule, e.Rule);
        Assert.Null(await Store.GetAsync(Table, "p", "r"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    public async Task InsertAsync_KeyWithForbiddenCharacter_RefusedAndGetFindsNothing(string key)
    {
        var asPartition = await Assert.ThrowsAsync<StorageRuleException>(() => Store.InsertAsync(Table, Row(key, "r", "v")));
        var asRow = await Assert.ThrowsAsync<StorageRuleException>(() => Store.InsertAsync(Table, Row("p", key, "v")));

        Assert.Equal(AzureStorageRules.KeyRule, asPartition.Rule);
        Assert.Equal(AzureStorageRules.KeyRule, asRow.Rule);
        Assert.Null(await Store.GetAsync(Table, key, "r"));
        Assert.Null(await Store.GetAsync(Table, "p", key));
    }

    [Fact]
    public async Task InsertAsync_KeyOver1KiB_Refused()
    {
        var key = new string('k', (AzureStorageRules.MaxKeyBytes / 2) + 1);

        var e = await Assert.ThrowsAsync<StorageRuleException>(() => Store.InsertAsync(Table, Row("p", key, "v")));

        Assert.Equal(AzureStorageRules.KeyRule, e.Rule);
    }

    [Fact]
    public async Task SubmitTransactionAsync_OneRowTooLarge_RefusedAndWritesNothing()
    {
        var rows = new[]
        {
            Row("p", "a", "small"),
            new TableRow("p", "b", new Dictionary<string, string> { ["Json"] = new string('z', AzureStorageRules.MaxPropertyBytes) }),
        };

        await Assert.ThrowsAsync<StorageRuleException>(() => Store.SubmitTransactionAsync(Table, rows));

        Assert.Null(await Store.GetAsync(Table, "p", "a"));
    }

    [Fact]
    public async Task QueryPageAsync_AfterAndBefore_ReturnsRowsStrictlyBetweenInOrderUpToMax()
    {
        foreach (var key in new[] { "a", "b", "c", "d", "e", "f" })
        {
            await Store.UpsertAsync(Table, Row("p", key, key));
        }

        await Store.UpsertAsync(Table, Row("q", "c2", "other partition"));

        var page = await Store.QueryPageAsync(Table, "p", "b", "f", 2);
        var rest = await Store.QueryPageAsync(Table, "p", "d", "f", 10);

        Assert.Equal(["c", "d"], page.Select(r => r.RowKey));
        Assert.Equal(["e"], rest.Select(r => r.RowKey));
        Assert.Equal(["a", "b", "c"], (await Store.QueryPageAsync(Table, "p", null, null, 3)).Select(r => r.RowKey));
    }

    // An entity-group transaction's own limits: what passes in memory must pass on Azurite and Azure.
    [Fact]
    public async Task SubmitTransactionAsync_Over100Operations_RefusedAndWritesNothing()
    {
        var rows = Enumerable.Range(0, AzureStorageRules.MaxTransactionOperations + 1).Select(i => Row("p", $"r{i:D3}", "x")).ToList();

        var refused = await Assert.ThrowsAsync<StorageRuleException>(() => Store.SubmitTransactionAsync(Table, rows));

        Assert.Equal(AzureStorageRules.TransactionRule, refused.Rule);
        Assert.Null(await Store.GetAsync(Table, "p", "r000"));
        await Store.SubmitTransactionAsync(Table, rows[..AzureStorageRules.MaxTransactionOperations]);
        Assert.Equal(AzureStorageRules.MaxTransactionOperations, (await Store.QueryPartitionAsync(Table, "p")).Count);
    }

    [Fact]
    public async Task SubmitTransactionAsync_TwoPartitions_RefusedAndWritesNothing()
    {
        var refused = await Assert.ThrowsAsync<StorageRuleException>(() =>
            Store.SubmitTransactionAsync(Table, [Row("p", "a", "x"), Row("q", "a", "y")])
        );

        Assert.Equal(AzureStorageRules.TransactionRule, refused.Rule);
        Assert.Null(await Store.GetAsync(Table, "p", "a"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_SameRowTwice_RefusedAndWritesNothing()
    {
        var refused = await Assert.ThrowsAsync<StorageRuleException>(() =>
            Store.SubmitTransactionAsync(Table, [Row("p", "a", "x"), Row("p", "a", "y")])
        );

        Assert.Equal(AzureStorageRules.TransactionRule, refused.Rule);
        Assert.Null(await Store.GetAsync(Table, "p", "a"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_MixedScriptRows_BoundCountsEachEscapedCharacter()
    {
        // 'a经' × 16,000: about 112 KB a row in the request body (an escaped character is 6 bytes). 30 rows fit in 4 MiB;
        // 40 rows (4.5 MB) do not, though they hold fewer than 4 Mi characters.
        TableRow Mixed(int i) =>
            new("p", $"r{i:D2}", new Dictionary<string, string> { ["Json"] = string.Concat(Enumerable.Repeat("a经", 16_000)) });

        var refused = await Assert.ThrowsAsync<StorageRuleException>(() =>
            Store.SubmitTransactionAsync(Table, [.. Enumerable.Range(0, 40).Select(Mixed)])
        );
        await Store.SubmitTransactionAsync(Table, [.. Enumerable.Range(0, 30).Select(Mixed)]);

        Assert.Equal(AzureStorageRules.TransactionRule, refused.Rule);
        Assert.Equal(30, (await Store.QueryPartitionAsync(Table, "p")).Count);
    }

    [Fact]
    public async Task SubmitTransactionAsync_Over4MiB_RefusedAndWritesNothing()
    {
        // 70 rows of 32,000 Chinese characters: every row is legal, the batch is not (at least 6.7 MB as UTF-8).
        var rows = Enumerable
            .Range(0, 70)
            .Select(i => new TableRow("p", $"r{i:D2}", new Dictionary<string, string> { ["Json"] = new string('经', 32_000) }))
            .ToList();

        var refused = await Assert.ThrowsAsync<StorageRuleException>(() => Store.SubmitTransactionAsync(Table, rows));

        Assert.Equal(AzureStorageRules.TransactionRule, refused.Rule);
        Assert.Null(await Store.GetAsync(Table, "p", "r00"));
    }
}
