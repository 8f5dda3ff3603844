using Azure.Data.Tables;
using Workflows.Functions.Storage;
using Workflows.Tests.Cases;

namespace Workflows.Integration.Tests;

/// <summary>The list index's contract the in-memory store passes, against Table storage (Azurite).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzureCaseListTests(AzuriteFixture azurite) : CaseListContract
{
    protected override ITableStore Tables { get; } = new AzureTableStore(new TableServiceClient(azurite.ConnectionString));
}
