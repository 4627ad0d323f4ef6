#!/usr/bin/env bash
# End-to-end scoring speed (issue 5, item 7): 4 s clip latency and real-time factor at 1 thread, batch-scoring
# throughput and peak memory, demo and full widths (BenchmarkDotNet ScoringBenchmarks). Prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh
OUT="${OUT_DIR:-artifacts/bench-scoring}"
mkdir -p "$OUT"
dotnet run -c Release --project benchmarks/Ser.Benchmarks -- --filter '*Scoring*' --artifacts "$OUT/bdn" > "$OUT/bdn.log"
python3 - "$OUT" <<'PY'
import json, glob, re, sys, os
out = sys.argv[1]
rss, base = {}, {}
for line in open(os.path.join(out, "bdn.log")):
    m = re.search(r"// peak RSS \((\w+)\): (\d+) kB", line)
    if m: rss[m.group(1)] = max(rss.get(m.group(1), 0), int(m.group(2)))
    m = re.search(r"// RSS after setup \((\w+)\): (\d+) kB", line)
    if m: base[m.group(1)] = max(base.get(m.group(1), 0), int(m.group(2)))
report = json.load(open(glob.glob(os.path.join(out, "bdn/results/*Scoring*-report-full.json"))[0]))
rows = {}
for b in report["Benchmarks"]:
    width = b["Parameters"].split("=")[1].strip('"')
    rows.setdefault(width, {})[b["Method"]] = b["Statistics"]["Median"] / 1e6  # ms
print("| widths | 4 s clip latency (median) | real-time factor | batch throughput (clips/s, 1 thread) | peak RSS while scoring (RSS before) |")
print("|---|---|---|---|---|")
for w, r in rows.items():
    name = "VGGish 0.125, YAMNet 0.25" if w == "demo" else "VGGish 1, YAMNet 1"
    print(f"| {name} | {r['ScoreClip4s']:.1f} ms | {r['ScoreClip4s'] / 4000:.4f} | {1000 / r['ScoreBatchOf32']:.1f} | {rss.get(w, 0) / 1024:.0f} MB ({base.get(w, 0) / 1024:.0f} MB) |")
PY
