using BenchmarkDotNet.Running;
using Ser.Torch.Benchmarks;

// `anchors ...` prints bench_pytorch.py-compatible JSON (see benchmarks/torch-side-by-side.sh);
// anything else goes to BenchmarkDotNet (e.g. --filter '*TrainingStep*').
if (args.Length > 0 && args[0] == "anchors") return Anchors.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Anchors).Assembly).Run(args);
return 0;
