using System.Net;
using System.Net.Sockets;

namespace Workflows.Tests.Support;

public static class TestPorts
{
    /// <summary>A TCP port that was free a moment ago (the OS picks it; a clash with another process is unlikely).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A task hub name: letters and digits, starts with a letter, 3-45 characters.</summary>
    public static string UniqueTaskHub(string prefix) =>
        prefix + Guid.NewGuid().ToString("N")[..12];
}
