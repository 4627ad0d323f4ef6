#!/usr/bin/env bash
# Explanation speed (issue 6, item 7), 1 thread, a 4 s clip (7 patches), fusion at demo and full widths:
# BenchmarkDotNet ExplanationBenchmarks (forward + backward, Grad-CAM, occlusion) and LimeBenchmarks, then the same
# forward + backward and Grad-CAM in PyTorch on the twin network (benchmarks/gradcam_pytorch.py). Prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh reference
OUT="${OUT_DIR:-artifacts/bench-explain}"
mkdir -p "$OUT"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/gradcam_pytorch.py > "$OUT/pytorch.jsonl"
dotnet run -c Release --project benchmarks/Ser.Benchmarks -- --filter '*ExplanationBenchmarks*' '*LimeBenchmarks*' --artifacts "$OUT/bdn" > "$OUT/bdn.log"
python3 - "$OUT" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
ms = {}
for f in glob.glob(os.path.join(out, "bdn/results/*-report-full.json")):
    for b in json.load(open(f))["Benchmarks"]:
        ms[(b["Parameters"].split("=")[1].strip('"'), b["Method"])] = b["Statistics"]["Median"] / 1e6
torch = {r["width"]: r for r in map(json.loads, open(os.path.join(out, "pytorch.jsonl")))}
print("| widths | forward + backward | Grad-CAM | Grad-CAM / (fwd + bwd) | PyTorch fwd + bwd | PyTorch Grad-CAM | occlusion (539 masked patches) | LIME (1000 samples) |")
print("|---|---|---|---|---|---|---|---|")
for w, name in (("demo", "VGGish 0.125, YAMNet 0.25"), ("full", "VGGish 1, YAMNet 1")):
    fb, gc = ms[(w, "ForwardBackward")], ms[(w, "GradCam")]
    t = torch[w]
    print(f"| {name} | {fb:.1f} ms | {gc:.1f} ms | {gc / fb:.2f} | {t['forward_backward_ms']:.1f} ms | {t['gradcam_ms']:.1f} ms | "
          f"{ms[(w, 'Occlusion')] / 1000:.2f} s | {ms[(w, 'Lime')] / 1000:.1f} s |")
PY
