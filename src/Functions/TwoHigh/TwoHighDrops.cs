using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Functions.Energy;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.TwoHigh;

/// <summary><c>twohigh-inbox</c>: a month's barometer as CSV or XLSX, published for the provincial DRC (who may upload
/// into the container, <c>CaseAccess.DropRoles</c>); a file with any bad row goes to quarantine with every row's error
/// and nothing is published.</summary>
public sealed class TwoHighInboxDropHandler(TwoHighBarometerReader reader, TwoHighBarometer barometer, Quarantine quarantine) : IBlobDropHandler
{
    public string Container => StorageNames.TwoHighInbox;

    public async Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drop);
        var read = reader.Read(drop.Name, drop.Data);
        if (read.Errors.Count > 0)
        {
            await quarantine
                .MoveAsync(drop, [.. read.Errors.Select(e => new ApiError(e.Row > 0 ? $"row {e.Row}: {e.Field}" : e.Field, e.Rule, e.Message))], cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        var actor = new Principal($"drop:{Container}", $"{Container} drop", Role.ProvincialDrc, HenanDivisions.Province);
        var published = await barometer.PublishAsync(read.Rows, actor, client, cancellationToken).ConfigureAwait(false);
        if (published.Errors.Count > 0)
        {
            await quarantine.MoveAsync(drop, published.Errors, cancellationToken).ConfigureAwait(false);
        }
    }
}
