using Workflows.Functions.Hosting;

namespace Workflows.Tests.Support;

public static class TestPorts
{
    /// <summary>A loopback port free a moment ago, drawn below the kernel's ephemeral range (<see cref="LoopbackPorts"/>).</summary>
    public static int Free() => LoopbackPorts.Free();

    /// <summary>A task hub name: letters and digits, starts with a letter, 3-45 characters.</summary>
    public static string UniqueTaskHub(string prefix) =>
        prefix + Guid.NewGuid().ToString("N")[..12];
}
