using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Workflows.Functions.Hosting;

/// <summary>
/// Free loopback ports for the hosts one machine runs side by side (LocalHost's sidecar, test and bench hosts, private
/// Azurites). A port the kernel picks (bind to 0) comes from its ephemeral range, from which it also takes the local
/// end of every outgoing connection: between the check and the real bind, a client connecting to Azurite could take
/// the same port ("address already in use" in CI). So ports are drawn at random below that range and checked.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 20000;
    private const int DefaultEphemeralStart = 32768; // Linux's default net.ipv4.ip_local_port_range starts here

    /// <summary>One free port.</summary>
    public static int Free() => FreeRun(1);

    /// <summary>The first of <paramref name="count"/> consecutive free ports (Azurite's blob, queue and table).</summary>
    public static int FreeRun(int count)
    {
        var below = EphemeralStart() - count;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(Lowest, below);
            if (Enumerable.Range(candidate, count).All(IsFree))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free loopback ports between {Lowest} and {below}.");
    }

    /// <summary>True when nothing listens on the port now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            var first = File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            var start = int.Parse(first, CultureInfo.InvariantCulture);
            return start > Lowest + 1000 ? start : DefaultEphemeralStart;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return DefaultEphemeralStart; // not Linux: the same default keeps clear of most systems' ranges
        }
    }
}
