using System.Diagnostics;

namespace Workflows.ProofBench;

/// <summary>What one timed phase cost: its wall time, and the processor time of this process (the workload, its
/// engine and, in memory, its storage) and of Azurite when it runs.</summary>
public sealed record Phase(TimeSpan Elapsed, TimeSpan Own, TimeSpan Azurite)
{
    /// <summary>Processor milliseconds per case: this process, and Azurite's when one ran.</summary>
    public string PerCase(int cases) =>
        $"{Own.TotalMilliseconds / cases:F2} ms"
        + (Azurite > TimeSpan.Zero ? $" + Azurite {Azurite.TotalMilliseconds / cases:F2} ms" : string.Empty);
}

/// <summary>
/// Issue 22: wall-time throughput on this 2-core machine moves with whatever else it runs (the same build ran 100 and
/// 118 registrations/s minutes apart); the processor time a case costs moves far less, and it is what the ratio of the
/// two workloads is made of once the processors are busy.
/// </summary>
public sealed class CpuClock(PrivateAzurite? azurite)
{
    public async Task<Phase> MeasureAsync(Func<Task<TimeSpan>> phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        var (own, emulator) = (Own(), azurite?.ProcessorTime ?? TimeSpan.Zero);
        var elapsed = await phase().ConfigureAwait(false);
        return new Phase(elapsed, Own() - own, (azurite?.ProcessorTime ?? TimeSpan.Zero) - emulator);
    }

    private static TimeSpan Own()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
