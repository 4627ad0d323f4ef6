#!/usr/bin/env python3
"""TorchSharp (Ser.Core's network stack) vs PyTorch, same machine, same thread count, in one run.

    /usr/bin/python3 benchmarks/torch_side_by_side.py [--threads 1,2] [--models vggish,yamnet,fusion]
                                                       [--scale 1] [--jit full|tiered] [--out benchmarks/results]

For every thread count and model it runs, alternately, Debian's PyTorch 1.13
(../shared/reference/bench_pytorch.py --sections train,infer) and the TorchSharp 0.107 twin on libtorch 2.10
(benchmarks/Ser.Benchmarks `anchors`, same networks, same repetitions and statistics), each in
its own process so that the peak RSS (from wait4) belongs to that model alone. The fc1-shaped
linear layer's GFLOP/s is measured by both, so a BLAS regression is visible. Both processes get the
same malloc settings: with --malloc retained (default) GLIBC_TUNABLES holds the values of Ser.Core's
allocator policy, with --malloc default both run on glibc's defaults. Prints a markdown table and
writes it, with the raw JSON, under --out.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH_DLL = os.path.join(HERE, "Ser.Benchmarks", "bin", "Release", "net10.0", "Ser.Benchmarks.dll")
RETAINED = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=67108864"


def run(cmd: list[str], env: dict) -> tuple[dict, float]:
    """Runs cmd, returns (its JSON line, its peak RSS in MiB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, err = "", ""
    # wait4 gives the child's own rusage (ru_maxrss in KiB on Linux)
    import threading
    chunks = {"out": [], "err": []}
    t1 = threading.Thread(target=lambda: chunks["out"].append(proc.stdout.read()))
    t2 = threading.Thread(target=lambda: chunks["err"].append(proc.stderr.read()))
    t1.start(); t2.start()
    _, status, usage = os.wait4(proc.pid, 0)
    t1.join(); t2.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = "".join(chunks["out"]), "".join(chunks["err"])
    if proc.returncode != 0:
        sys.stderr.write(out + err)
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    line = [l for l in out.splitlines() if l.startswith("JSON: ")][-1]
    return json.loads(line[6:]), usage.ru_maxrss / 1024.0


def summarise(runs: list[dict]) -> dict:
    """Median across rounds of throughput, latency and peak RSS (the largest peak RSS is kept too)."""
    med = lambda xs: statistics.median(xs)  # noqa: E731
    return {"samples_per_s": med([r["train"]["samples_per_s"] for r in runs]),
            "b1_latency_ms": med([r["infer"]["b1_latency_ms"] for r in runs]),
            "peak_rss_mb": med([r["peak_rss_mb"] for r in runs]),
            "peak_rss_mb_max": max(r["peak_rss_mb"] for r in runs),
            "rounds": runs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--models", default="vggish,yamnet,fusion")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=5,
                    help="alternating PyTorch/TorchSharp runs per model; medians across rounds are reported")
    ap.add_argument("--malloc", choices=["retained", "default"], default="retained",
                    help="malloc settings for both harnesses: Ser.Core's policy as GLIBC_TUNABLES, or glibc's defaults")
    ap.add_argument("--jit", choices=["full", "tiered"], default="full",
                    help="TorchSharp harness: every method fully optimised at its first call (DOTNET_TieredCompilation=0), "
                         "as after the first seconds of any longer run, or .NET's default tiering")
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference"))
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()
    bench_py = os.path.join(args.reference, "bench_pytorch.py")
    if not os.path.exists(bench_py):
        raise SystemExit(f"{bench_py} not found (--reference points at ../shared/reference)")
    if not os.path.exists(BENCH_DLL):
        raise SystemExit(f"{BENCH_DLL} not found: dotnet build benchmarks/Ser.Benchmarks -c Release")
    env = dict(os.environ)
    env.pop("GLIBC_TUNABLES", None)
    if args.malloc == "retained":
        env["GLIBC_TUNABLES"] = RETAINED           # Ser.Core then leaves malloc alone: identical settings for both
    else:
        env["SER_TORCH_MALLOC"] = "default"
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.pop(k, None)            # both harnesses set the thread count themselves

    # The measured steps are few (YAMNet: 2 + 20); under .NET's default tiering some of them still ran unoptimised code
    # (the batch-norm autograd function's managed parts: forward 92-100 ms against 64-68 ms once optimised).
    cs_env = dict(env)
    if args.jit == "full":
        cs_env["DOTNET_TieredCompilation"] = "0"

    threads = [int(t) for t in args.threads.split(",")]
    models = [m for m in args.models.split(",") if m]
    results = {}
    t_start = time.time()
    for n in threads:
        # OpenBLAS (pthread build) otherwise uses every core whatever libtorch's thread count is.
        env["OPENBLAS_NUM_THREADS"] = str(n)
        py = ["/usr/bin/python3", bench_py, "--threads", str(n), "--scale", str(args.scale)]
        cs = ["dotnet", BENCH_DLL, "anchors", "--threads", str(n), "--scale", str(args.scale)]
        kp, _ = run(py + ["--sections", "env,kernels"], env)
        kc, _ = run(cs + ["--sections", "env,kernels"], cs_env)
        results[(n, "kernels")] = (kp["kernels"]["fc1_b32"]["gflops"], kc["kernels"]["fc1_b32"]["gflops"])
        results[(n, "blas")] = (kp["env"].get("blas_libs"), [l for l in kc["env"]["native_libs"] if "blas" in l])
        for m in models:
            runs = {"pytorch": [], "torchsharp": []}
            for r in range(args.rounds):
                order = [("pytorch", py), ("torchsharp", cs)]
                if r % 2 == 1:
                    order.reverse()      # alternate who goes first, so drift hits both alike
                for harness, cmd in order:
                    o, rss = run(cmd + ["--sections", "train,infer", "--models", m], cs_env if harness == "torchsharp" else env)
                    runs[harness].append({"train": o["train"][m], "infer": o["infer"][m], "peak_rss_mb": rss})
            results[(n, m)] = {h: summarise(v) for h, v in runs.items()}
            print(f"threads={n} {m}: PyTorch {results[(n, m)]['pytorch']['samples_per_s']:.1f} samples/s, "
                  f"TorchSharp {results[(n, m)]['torchsharp']['samples_per_s']:.1f} samples/s", file=sys.stderr)

    rows = []
    for n in threads:
        for m in models:
            pt, st = results[(n, m)]["pytorch"], results[(n, m)]["torchsharp"]
            rows.append((m, n, pt["samples_per_s"], st["samples_per_s"], st["samples_per_s"] / pt["samples_per_s"],
                         pt["b1_latency_ms"], st["b1_latency_ms"], pt["b1_latency_ms"] / st["b1_latency_ms"],
                         pt["peak_rss_mb"], st["peak_rss_mb"]))
    lines = [
        f"TorchSharp 0.107 (libtorch 2.10) vs PyTorch 1.13 (Debian) {dt.date.today().isoformat()}, "
        f"same machine ({os.cpu_count()} cores), one process per model and harness, malloc: {args.malloc}.",
        "",
        "| model | threads | PyTorch train samples/s | TorchSharp train samples/s | throughput ratio | "
        "PyTorch b1 ms | TorchSharp b1 ms | b1 speed ratio | PyTorch peak RSS MiB | TorchSharp peak RSS MiB | RSS ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r[0]} | {r[1]} | {r[2]:.1f} | {r[3]:.1f} | **{r[4]:.2f}** | {r[5]:.2f} | {r[6]:.2f} | "
                     f"**{r[7]:.2f}** | {r[8]:.0f} | {r[9]:.0f} | {r[9] / r[8]:.2f} |")
    lines.append("")
    for n in threads:
        gp, gc = results[(n, "kernels")]
        lines.append(f"- fc1-shaped linear (32×12288 → 4096), {n} thread(s): PyTorch {gp:.1f} GFLOP/s, "
                     f"TorchSharp {gc:.1f} GFLOP/s; BLAS: {results[(n, 'blas')][1]}")
    lines.append(f"- Training step: Adam (lr 1e-4), cross-entropy, batch 32 of 1×96×64, 4 classes; in each "
                 f"process the median of the repetitions bench_pytorch.py uses × {args.scale:g} after 2 warm-up "
                 f"steps; the table shows the median over {args.rounds} alternating rounds (peak RSS too). "
                 f"Ratios > 1 mean TorchSharp is faster.")
    lines.append("- OPENBLAS_NUM_THREADS is set to the thread count for both harnesses.")
    lines.append(f"- TorchSharp harness JIT: {args.jit}" + (" (DOTNET_TieredCompilation=0)." if args.jit == "full" else " (.NET's default tiering)."))
    lines.append(f"- Total wall time {time.time() - t_start:.0f} s.")
    table = "\n".join(lines)
    print(table)
    os.makedirs(args.out, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    with open(os.path.join(args.out, f"torch-side-by-side-{stamp}.md"), "w") as fh:
        fh.write(table + "\n")
    with open(os.path.join(args.out, f"torch-side-by-side-{stamp}.json"), "w") as fh:
        json.dump({f"{k[0]}/{k[1]}": v for k, v in results.items()}, fh, indent=1, default=str)


if __name__ == "__main__":
    main()
