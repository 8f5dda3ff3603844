using Workflows.Functions.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.Hosting;

/// <summary>
/// Where code outside an HTTP trigger (blob-drop handlers, the calendar listener) gets a durable client: LocalHost
/// registers <see cref="DurableTaskClient"/> in DI; the Functions host only hands one to a function through the
/// <c>[DurableClient]</c> binding, so its triggers pass theirs in (<see cref="Remember"/>).
/// </summary>
public sealed class DurableClientSource(IServiceProvider services)
{
    private DurableTaskClient? bound;

    public void Remember(DurableTaskClient client) => bound ??= client;

    public DurableTaskClient? Client => bound ?? services.GetService<DurableTaskClient>();
}
