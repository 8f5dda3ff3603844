using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.Tests.Hosting;

/// <summary>
/// Test projects run as parallel processes; a port one of them picked but has not bound yet must not be handed to
/// another ("address already in use" in CI). The machine-wide reservation is an exclusive lock on a file per port.
/// </summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void Free_CalledManyTimes_NeverHandsOutAPortTwice()
    {
        var ports = Enumerable.Range(0, 300).Select(_ => LoopbackPorts.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 20000, 65535));
    }

    [Fact]
    public void FreeRun_ThreePorts_AreConsecutiveFreeAndNotHandedOutAgain()
    {
        var first = LoopbackPorts.FreeRun(3);
        var later = Enumerable.Range(0, 200).Select(_ => LoopbackPorts.Free()).ToHashSet();

        Assert.All(Enumerable.Range(first, 3), port => Assert.DoesNotContain(port, later));
        Assert.All(Enumerable.Range(first, 3), port => Assert.True(LoopbackPorts.IsFree(port)));
    }

    [Fact]
    public void TryReserve_PortWhoseLockAnotherHolderHas_IsRefused()
    {
        var port = UnclaimedPort();
        using var otherProcessLock = OpenLock(port);

        Assert.False(LoopbackPorts.TryReserve(port));
    }

    [Fact]
    public void TryReserve_PortReservedHere_LocksItAgainstOtherHoldersAndAgainstThisProcess()
    {
        var port = UnclaimedPort();

        Assert.True(LoopbackPorts.TryReserve(port));

        Assert.Throws<IOException>(() => OpenLock(port).Dispose());
        Assert.False(LoopbackPorts.TryReserve(port));
    }

    [Fact]
    public void IsFree_PortSomeoneListensOn_IsFalse()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        Assert.False(LoopbackPorts.IsFree(((IPEndPoint)listener.LocalEndpoint).Port));
    }

    // A port no process of this machine has locked: the test takes its lock the way a second process would.
    private static int UnclaimedPort()
    {
        for (var port = Random.Shared.Next(20000, 30000); ; port++)
        {
            if (LoopbackPorts.Reserved.ContainsKey(port))
            {
                continue;
            }

            try
            {
                OpenLock(port).Dispose();
                return port;
            }
            catch (IOException)
            {
                // held by a parallel test process: try the next one
            }
        }
    }

    // A second open file description: the kernel's flock conflicts between descriptions, as between processes.
    private static FileStream OpenLock(int port)
    {
        Directory.CreateDirectory(LoopbackPorts.LockDirectory);
        var path = Path.Combine(LoopbackPorts.LockDirectory, port.ToString(CultureInfo.InvariantCulture) + ".lock");
        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
    }
}
