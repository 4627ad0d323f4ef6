using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ser.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Benchmarks;

/// <summary>
/// The same measurements as ../shared/reference/bench_pytorch.py (sections params, kernels, train,
/// infer), same repetition counts and statistics (median wall time after warm-up), printed as one
/// JSON line with the same keys so compare.py can put them side by side. The networks are the TorchSharp twins of
/// models.py (<see cref="TorchTwins"/>); Ser.Core's runtime (allocator policy, thread count) is applied as in the library.
/// </summary>
public static class Anchors
{
    private static readonly Dictionary<string, int> TrainSteps = new() { ["yamnet"] = 20, ["fusion"] = 8, ["vggish"] = 5 };
    private static readonly Dictionary<string, int> InferB1 = new() { ["yamnet"] = 100, ["fusion"] = 40, ["vggish"] = 30 };
    private static readonly Dictionary<string, int> InferB64 = new() { ["yamnet"] = 7, ["fusion"] = 4, ["vggish"] = 3 };

    public static int Run(string[] args)
    {
        int threads = 1, batch = 32;
        double scale = 1;
        string sections = "env,params,kernels,train,infer";
        string models = "vggish,yamnet,fusion";
        string? jsonOut = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--threads": threads = int.Parse(Next()); break;
                case "--batch": batch = int.Parse(Next()); break;
                case "--scale": scale = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--sections": sections = Next(); break;
                case "--models": models = Next(); break;
                case "--json-out": jsonOut = Next(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        TorchThreads.Count = threads;
        var names = models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var set = sections.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var output = new JsonObject { ["harness"] = "torchsharp", ["schema"] = 1, ["retain_freed_memory"] = AllocatorPolicy.RetainFreedMemory };
        if (set.Contains("env")) output["env"] = Env(threads);
        if (set.Contains("params")) output["params"] = Params(names);
        if (set.Contains("kernels")) output["kernels"] = Kernels();
        if (set.Contains("train")) output["train"] = Train(names, batch, scale);
        if (set.Contains("infer")) output["infer"] = Infer(names, scale);
        if (set.Contains("layers")) output["layers"] = Layers();
        output["peak_rss_mb"] = PeakRssMb();
        output["threads_effective_at_end"] = get_num_threads();
        string line = output.ToJsonString();
        if (jsonOut is not null) File.WriteAllText(jsonOut, line + "\n");
        Console.WriteLine("JSON: " + line);
        return 0;
    }

    private static JsonObject Env(int threads)
    {
        var libs = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 6 && p[^1].StartsWith('/')).Select(p => p[^1])
            .Where(p => Path.GetFileName(p) is string f && (f.Contains("blas") || f.Contains("dnnl") || f.Contains("torch")))
            .Distinct().Order().ToArray();
        return new JsonObject
        {
            ["dotnet"] = Environment.Version.ToString(),
            ["threads_requested"] = threads,
            ["threads_effective"] = get_num_threads(),
            ["torch"] = __version__,
            ["nproc"] = Environment.ProcessorCount,
            ["native_libs"] = new JsonArray(libs.Select(l => (JsonNode)l).ToArray()),
        };
    }

    private static JsonObject Params(string[] names)
    {
        var o = new JsonObject();
        foreach (string name in names)
        {
            using var m = TorchTwins.Build(name);
            o[name] = StateDict.ParameterCount(m, trainableOnly: true);
        }
        Console.WriteLine("## Parameter counts (trainable)\n");
        foreach (var (k, v) in o) Console.WriteLine($"| {k} | {v} |");
        Console.WriteLine();
        return o;
    }

    private static JsonObject Measure(Action action, int reps, int warmup)
    {
        for (int i = 0; i < warmup; i++) action();
        var walls = new List<double>();
        var proc = Process.GetCurrentProcess();
        proc.Refresh();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        long faults0 = MinorFaults();
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            walls.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        proc.Refresh();
        double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        long faults = MinorFaults() - faults0;
        return new JsonObject
        {
            ["median_s"] = Median(walls), ["min_s"] = walls.Min(), ["max_s"] = walls.Max(), ["cpu_util"] = cpu / walls.Sum(),
            ["reps"] = reps, ["warmup"] = warmup, ["minflt_per_call"] = (double)faults / reps,
        };
    }

    /// <summary>Minor page faults of this process so far (/proc/self/stat field 10).</summary>
    private static long MinorFaults()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static JsonObject Kernels()
    {
        var o = new JsonObject();
        manual_seed(0);
        foreach (var (key, n, k, m, reps) in new[] { ("fc1_b32", 32L, 12288L, 4096L, 3), ("fc1_b1", 1L, 12288L, 4096L, 10), ("fc2_b32", 32L, 4096L, 4096L, 5) })
        {
            using var x = randn(n, k);
            using var w = randn(m, k);
            var r = Measure(() => { using var y = nn.functional.linear(x, w); }, reps, 1);
            r["gflops"] = 2.0 * n * k * m / (double)r["median_s"]! / 1e9;
            o[key] = r;
        }
        Console.WriteLine("## Kernel micro-benchmarks\n");
        foreach (var (key, v) in o) Console.WriteLine($"| {key} | {(double)v!["median_s"]! * 1e3:F2} ms | {(double)v["gflops"]!:F1} GFLOP/s |");
        Console.WriteLine();
        return o;
    }

    private static JsonObject Train(string[] names, int batch, double scale)
    {
        var o = new JsonObject();
        Console.WriteLine($"## Training step (Adam, CE, batch {batch}, 1x96x64, median)\n");
        foreach (string name in names)
        {
            using var model = TorchTwins.Build(name);
            model.train();
            using var adam = new Ser.Core.Training.FusedAdam.Adam(model.parameters(), 1e-4, weightDecay: 0);   // the trainer's Adam
            manual_seed(1);
            using var x = randn(batch, 1, 96, 64);
            using var y = randint(0, 4, new long[] { batch });
            var fwd = new List<double>();
            var bwd = new List<double>();
            var opt = new List<double>();
            void Step()
            {
                using var scope = NewDisposeScope();
                long t0 = Stopwatch.GetTimestamp();
                adam.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(x), y);
                long t1 = Stopwatch.GetTimestamp();
                loss.backward();
                long t2 = Stopwatch.GetTimestamp();
                adam.step();
                long t3 = Stopwatch.GetTimestamp();
                fwd.Add(Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
                bwd.Add(Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
                opt.Add(Stopwatch.GetElapsedTime(t2, t3).TotalSeconds);
            }
            int steps = Math.Max(2, (int)Math.Round(TrainSteps[name] * scale));
            const int warm = 2;
            var r = Measure(Step, steps, warm);
            r["samples_per_s"] = batch / (double)r["median_s"]!;
            r["batch"] = batch;
            r["fwd_median_s"] = Median(fwd.Skip(warm));
            r["bwd_median_s"] = Median(bwd.Skip(warm));
            r["opt_median_s"] = Median(opt.Skip(warm));
            o[name] = r;
            Console.WriteLine($"| {name} | {(double)r["median_s"]! * 1e3:F0} ms/step | {(double)r["samples_per_s"]!:F1} samples/s | fwd {(double)r["fwd_median_s"]! * 1e3:F0} | bwd {(double)r["bwd_median_s"]! * 1e3:F0} | Adam {(double)r["opt_median_s"]! * 1e3:F0} |");
        }
        Console.WriteLine();
        return o;
    }

    private static JsonObject Infer(string[] names, double scale)
    {
        var o = new JsonObject();
        Console.WriteLine("## Inference (eval, no-grad)\n");
        foreach (string name in names)
        {
            using var model = TorchTwins.Build(name);
            model.eval();
            manual_seed(2);
            using var x1 = randn(1, 1, 96, 64);
            using var x64 = randn(64, 1, 96, 64);
            using var noGrad = no_grad();
            var r1 = Measure(() => { using var y = model.forward(x1); }, Math.Max(3, (int)Math.Round(InferB1[name] * scale)), 3);
            var r64 = Measure(() => { using var y = model.forward(x64); }, Math.Max(2, (int)Math.Round(InferB64[name] * scale)), 1);
            o[name] = new JsonObject
            {
                ["b1_latency_ms"] = (double)r1["median_s"]! * 1e3, ["b1_cpu_util"] = r1["cpu_util"]!.DeepClone(),
                ["b64_samples_per_s"] = 64 / (double)r64["median_s"]!, ["b1"] = r1, ["b64"] = r64,
            };
            Console.WriteLine($"| {name} | b1 {(double)r1["median_s"]! * 1e3:F2} ms | b64 {64 / (double)r64["median_s"]!:F1} samples/s |");
        }
        Console.WriteLine();
        return o;
    }

    /// <summary>YAMNet's batch-1 layers one kind at a time, as benchmarks/yamnet_layers.py (best of 5 rounds of 200 passes, ms).</summary>
    private static JsonObject Layers()
    {
        var blocks = new (int Out, int Stride)[] { (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1) };
        long h = 48, w = 32, c = 32;
        var dw = new List<(Tensor X, Tensor K, long Stride, long Groups)>();
        var pw = new List<(Tensor X, Tensor K)>();
        foreach (var (co, s) in blocks)
        {
            dw.Add((randn(1, c, h, w), randn(c, 1, 3, 3), s, c));
            h = (h + s - 1) / s;
            w = (w + s - 1) / s;
            pw.Add((randn(1, c, h, w), randn(co, c, 1, 1)));
            c = co;
        }
        var bn = pw.Select(p => (p.X, Mean: ones(p.X.shape[1]), Var: zeros(p.X.shape[1]))).ToList();
        double BestMs(Action pass)
        {
            for (int i = 0; i < 20; i++) pass();
            double best = double.MaxValue;
            for (int r = 0; r < 5; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < 200; i++) pass();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds / 200);
            }
            return best;
        }
        using var noGrad = no_grad();
        var o = new JsonObject
        {
            ["depthwise_ms"] = BestMs(() => { using var sc = NewDisposeScope(); foreach (var (x, k, s, g) in dw) nn.functional.conv2d(x, k, null, strides: new[] { s, s }, padding: new long[] { 1, 1 }, groups: g); }),
            ["pointwise_ms"] = BestMs(() => { using var sc = NewDisposeScope(); foreach (var (x, k) in pw) nn.functional.conv2d(x, k); }),
            ["batchnorm_ms"] = BestMs(() => { using var sc = NewDisposeScope(); foreach (var (x, m, v) in bn) nn.functional.batch_norm(x, m, v, m, v, false, 0.1, 1e-3); }),
            ["relu_ms"] = BestMs(() => { using var sc = NewDisposeScope(); foreach (var (x, _) in pw) x.relu(); }),
        };
        Console.WriteLine("## YAMNet batch-1 layers (13 of each, ms)\n");
        foreach (var (k, v) in o) Console.WriteLine($"| {k} | {(double)v!:F3} |");
        Console.WriteLine();
        return o;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>Peak resident set size (VmHWM) of this process, MiB.</summary>
    public static double PeakRssMb()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
            }
        }
        return double.NaN;
    }
}
