#!/usr/bin/python3
"""Ratio table: Ser.Core (BenchmarkDotNet JSON) vs torchaudio (bench_pytorch.py --json-out), log-mel of 60 s.
usage: compare_logmel.py torchaudio.json bdn-results-dir"""
import glob, json, os, sys

ta = json.load(open(sys.argv[1]))["logmel"]
reports = glob.glob(os.path.join(sys.argv[2], "*LogMelBenchmarks*-report-full.json"))
bdn = json.load(open(reports[0]))
print("| preset | implementation | median ms / 60 s | x real time | ratio vs torchaudio | allocated / call |")
print("|---|---|---|---|---|---|")
for preset in ("paper", "vggish"):
    t_ms = ta[preset]["torchaudio"]["median_s"] * 1000
    print(f"| {preset} | torchaudio 0.13 (1 thread) | {t_ms:.2f} | {60000 / t_ms:,.0f} | 1.00 | |")
    for b in bdn["Benchmarks"]:
        p = b["Parameters"]
        if p.split("&")[0].split("=")[1].lower() != preset and f"Preset={preset}".lower() not in p.lower():
            continue
        ms = b["Statistics"]["Median"] / 1e6
        alloc = b.get("Memory", {}).get("BytesAllocatedPerOperation", 0)
        prec = [kv.split("=")[1] for kv in p.split("&") if kv.startswith("Precision")][0]
        print(f"| {preset} | Ser.Core {b['Method']} ({prec}) | {ms:.2f} | {60000 / ms:,.0f} | {t_ms / ms:.2f} | {alloc / 1e6:.2f} MB |")
