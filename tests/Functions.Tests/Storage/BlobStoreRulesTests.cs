using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Storage;

/// <summary>The in-memory blob store applies Azure's blob name rules, so a name Azure would store under another name
/// (or refuse) fails here too.</summary>
public sealed class BlobStoreRulesTests
{
    private readonly InMemoryBlobStore blobs = new(TimeProvider.System);

    public static TheoryData<string> RefusedNames =>
        new()
        {
            "",
            "a\\b.json",
            "trailing-dot.",
            "trailing/",
            "/leading",
            "a//b",
            "a/../b",
            "ctl\u0001.json",
            new string('n', AzureStorageRules.MaxBlobNameChars + 1),
            string.Join('/', Enumerable.Repeat("s", AzureStorageRules.MaxBlobPathSegments + 1)),
        };

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task PutAsync_NameAzureCannotHoldAsGiven_RefusedAndNothingStored(string name)
    {
        var e = await Assert.ThrowsAsync<StorageRuleException>(() =>
            blobs.PutAsync(StorageNames.RegistrationsInbox, name, new byte[] { 1 }, "application/octet-stream")
        );

        Assert.Equal(AzureStorageRules.BlobNameRule, e.Rule);
        Assert.Empty(await blobs.ListAsync(StorageNames.RegistrationsInbox));
    }

    [Theory]
    [InlineData("application.json")]
    [InlineData("NOPE-411100-20240101-AAAAAAAA/日报 #1?.xlsx")]
    [InlineData("a/b/c.zip")]
    public async Task PutAsync_ValidName_StoredUnderThatName(string name)
    {
        await blobs.PutAsync(StorageNames.RegistrationsInbox, name, new byte[] { 1 }, "application/octet-stream");

        Assert.Equal(name, Assert.Single(await blobs.ListAsync(StorageNames.RegistrationsInbox)).Name);
    }

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void SafeBlobName_AnyName_PassesTheRulesAndIsStable(string name)
    {
        var safe = AzureStorageRules.SafeBlobName(name);

        Assert.Null(AzureStorageRules.BlobNameProblem(safe));
        Assert.Null(AzureStorageRules.BlobNameProblem(safe + ".error.json"));
        Assert.Equal(safe, AzureStorageRules.SafeBlobName(name));
    }

    [Theory]
    [InlineData("application.json")]
    [InlineData("NOPE-411100-20240101-AAAAAAAA/units.csv")]
    public void SafeBlobName_ValidName_Unchanged(string name) => Assert.Equal(name, AzureStorageRules.SafeBlobName(name));

    [Theory]
    [InlineData("programme-2024", null)]
    [InlineData("漯河-2024", null)]
    [InlineData("a#b", "'#'")]
    [InlineData("a?b", "'?'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a\u0007b", "control")]
    [InlineData(" padded", "blanks")]
    [InlineData("..", "'..'")]
    public void IdProblem_ClientChosenId_RefusedWhenAzureKeysOrBlobSegmentsCannotHoldIt(string id, string? expected)
    {
        var problem = AzureStorageRules.IdProblem(id);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IdProblem_LongerThan1KiB_Refused() => Assert.NotNull(AzureStorageRules.IdProblem(new string('i', 1025), maxChars: 2000));

    [Fact]
    public async Task ListAsync_ContainersAndPrefixes_OnlyThatContainersBlobsWithThePrefixInOrdinalNameOrder()
    {
        string[] names = ["b/2.json", "a/1.json", "ab/x.json", "a/0.json", "b/1.json", "A/upper.json", "a/日报.json"];
        foreach (var name in names)
        {
            await blobs.PutAsync(StorageNames.Documents, name, new byte[] { 1 }, "application/json");
        }

        await blobs.PutAsync(StorageNames.RegistrationsInbox, "a/other-container.json", new byte[] { 1 }, "application/json");
        await blobs.DeleteAsync(StorageNames.Documents, "b/1.json");

        static string[] Names(IReadOnlyList<BlobItemInfo> items) => [.. items.Select(i => i.Name)];
        Assert.Equal(
            ["A/upper.json", "a/0.json", "a/1.json", "a/日报.json", "ab/x.json", "b/2.json"],
            Names(await blobs.ListAsync(StorageNames.Documents))
        );
        Assert.Equal(["a/0.json", "a/1.json", "a/日报.json"], Names(await blobs.ListAsync(StorageNames.Documents, "a/")));
        Assert.Equal(["a/0.json", "a/1.json", "a/日报.json", "ab/x.json"], Names(await blobs.ListAsync(StorageNames.Documents, "a")));
        Assert.Empty(await blobs.ListAsync(StorageNames.Documents, "c"));
        Assert.Empty(await blobs.ListAsync(StorageNames.Documents, "0"));
        Assert.Empty(await blobs.ListAsync(StorageNames.CoalInbox));
        Assert.Equal(["a/other-container.json"], Names(await blobs.ListAsync(StorageNames.RegistrationsInbox, "a/")));
    }
}
