namespace Workflows.ProofBench;

public static class Throughput
{
    public static Task<int> RunAsync(string root, int cases, string backend, int open, int latency) => Task.FromResult(0);
}
