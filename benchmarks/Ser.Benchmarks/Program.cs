using BenchmarkDotNet.Running;

// `anchors ...` prints bench_pytorch.py-compatible JSON for the TorchSharp twins (scripts/bench-torch.sh);
// anything else goes to BenchmarkDotNet (e.g. --filter '*LogMel*').
if (args.Length > 0 && args[0] == "anchors") return Ser.Benchmarks.Anchors.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Ser.Benchmarks.LogMelBenchmarks).Assembly).Run(args);
return 0;
