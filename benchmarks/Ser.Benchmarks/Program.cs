using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Ser.Benchmarks.LogMelBenchmarks).Assembly).Run(args);
