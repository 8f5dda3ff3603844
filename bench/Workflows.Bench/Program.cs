using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Workflows.Bench.WorkingDayBenchmarks).Assembly).Run(args);
