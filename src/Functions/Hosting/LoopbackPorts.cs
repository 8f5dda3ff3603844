using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Workflows.Functions.Hosting;

/// <summary>
/// Free loopback ports for the hosts one machine runs side by side (LocalHost's sidecar, test and bench hosts, private
/// Azurites). A port the kernel picks (bind to 0) comes from its ephemeral range, from which it also takes the local
/// end of every outgoing connection: between the check and the real bind, a client connecting to Azurite could take
/// the same port ("address already in use" in CI). So ports are drawn at random below that range and checked.
/// Test projects run as parallel processes, and a port one process picked may not be bound yet when another checks it:
/// each port handed out is also reserved machine-wide, by an exclusive lock on a file named after it that the process
/// holds until it exits, so no two processes of this machine (nor one process twice) are given the same port.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 20000;
    private const int DefaultEphemeralStart = 32768; // Linux's default net.ipv4.ip_local_port_range starts here
    internal static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "workflows-loopback-ports");

    // Ports this process has reserved, with the lock that keeps other processes off them (null: not lockable here).
    internal static readonly ConcurrentDictionary<int, FileStream?> Reserved = new();

    /// <summary>One free port.</summary>
    public static int Free() => FreeRun(1);

    /// <summary>The first of <paramref name="count"/> consecutive free ports (Azurite's blob, queue and table).</summary>
    public static int FreeRun(int count)
    {
        var below = EphemeralStart() - count;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(Lowest, below);
            if (Enumerable.Range(candidate, count).All(port => TryReserve(port) && IsFree(port)))
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

    /// <summary>
    /// Claims the port for this process: false when this process already handed it out or another process holds its
    /// lock. A port whose check then fails stays claimed; the range has thousands more.
    /// </summary>
    internal static bool TryReserve(int port)
    {
        if (!Reserved.TryAdd(port, null))
        {
            return false;
        }

        try
        {
            Directory.CreateDirectory(LockDirectory);
            var path = Path.Combine(LockDirectory, port.ToString(CultureInfo.InvariantCulture) + ".lock");
            Reserved[port] = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false; // another process of this machine holds it
        }
        catch (UnauthorizedAccessException)
        {
            return true; // a temp directory this user cannot write: the listen check alone decides
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
