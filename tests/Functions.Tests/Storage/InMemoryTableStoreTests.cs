using Workflows.Functions.Storage;
using Workflows.Tests.Storage;

namespace Workflows.Functions.Tests.Storage;

public sealed class InMemoryTableStoreTests : TableStoreContract
{
    protected override ITableStore Store { get; } = new InMemoryTableStore();
}
