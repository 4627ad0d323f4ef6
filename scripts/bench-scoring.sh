#!/usr/bin/env bash
# End-to-end scoring and feature extraction, through ML.NET and through the engines called directly (issue 14, item 6):
# 4 s clip latency and real-time factor at 1 thread through PredictionEngine, the IDataView path's overhead against the
# engines, batch throughput and peak memory, at the trainer's default and full widths (BenchmarkDotNet
# ScoringBenchmarks and FrontEndOverheadBenchmarks). Prints two tables.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh
OUT="${OUT_DIR:-artifacts/bench-scoring}"
mkdir -p "$OUT"
dotnet run -c Release --project benchmarks/Ser.Benchmarks -- --filter '*Scoring*' '*FrontEndOverhead*' --artifacts "$OUT/bdn" > "$OUT/bdn.log"
python3 - "$OUT" <<'PY'
import json, glob, re, sys, os
out = sys.argv[1]
rss, base = {}, {}
for line in open(os.path.join(out, "bdn.log")):
    m = re.search(r"// peak RSS \((\w+)\): (\d+) kB", line)
    if m: rss[m.group(1)] = max(rss.get(m.group(1), 0), int(m.group(2)))
    m = re.search(r"// RSS after setup \((\w+)\): (\d+) kB", line)
    if m: base[m.group(1)] = max(base.get(m.group(1), 0), int(m.group(2)))
def report(name):
    return json.load(open(glob.glob(os.path.join(out, f"bdn/results/*{name}*-report-full.json"))[0]))
rows = {}
for b in report("Scoring")["Benchmarks"]:
    width = b["Parameters"].split("=")[1].strip('"')
    rows.setdefault(width, {})[b["Method"]] = b["Statistics"]["Median"] / 1e6  # ms
print("| widths | 4 s clip through PredictionEngine (median) | real-time factor | engines called directly | IDataView overhead | batch of 32 through PredictionEngine / engines (clips/s, 1 thread) | peak RSS while scoring (RSS before) |")
print("|---|---|---|---|---|---|---|")
for w, r in rows.items():
    name = "VGGish 0.25, YAMNet 0.25 (default)" if w == "default" else "VGGish 1, YAMNet 1"
    pe, en = r["PredictionEngineClip4s"], r["EnginesClip4s"]
    print(f"| {name} | {pe:.1f} ms | {pe / 4000:.4f} | {en:.1f} ms | {100 * (pe / en - 1):+.1f} % | {1000 / r['PredictionEngineBatchOf32']:.1f} / {1000 / r['EnginesBatchOf32']:.1f} | {rss.get(w, 0) / 1024:.0f} MB ({base.get(w, 0) / 1024:.0f} MB) |")
fe = {b["Method"]: b["Statistics"]["Median"] / 1e6 for b in report("FrontEndOverhead")["Benchmarks"]}
print()
print("| feature extraction, 32 clips of 4 s, 1 thread | IDataView cursor | engines called directly | IDataView overhead |")
print("|---|---|---|---|")
print(f"| read + VGGish log-mel + 96 × 64 patches | {fe['DataView32']:.1f} ms | {fe['Engines32']:.1f} ms | {100 * (fe['DataView32'] / fe['Engines32'] - 1):+.1f} % |")
PY
