#!/usr/bin/env bash
# TorchSharp (libtorch 2.10) vs Debian's PyTorch 1.13 side by side: training step and batch-1 latency of VGGish,
# YAMNet and the late-fusion net at 1 and 2 threads, peak RSS, fc1 GFLOP/s, the same malloc settings for both.
# About 20 minutes on 2 cores with the default 5 rounds.
#   scripts/bench-torch.sh [--threads 1,2] [--models vggish,yamnet,fusion] [--scale 1] [--rounds 5] [--malloc retained|default] [--jit full|tiered]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh reference
dotnet build benchmarks/Ser.Benchmarks -c Release -nologo -v q
/usr/bin/python3 benchmarks/torch_side_by_side.py "$@"
