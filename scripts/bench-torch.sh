#!/usr/bin/env bash
# Ser.Torch vs PyTorch side by side (training step and batch-1 latency of VGGish, YAMNet and the
# late-fusion net at 1 and 2 threads, peak RSS, fc1 GFLOP/s). About 10 minutes on 2 cores.
#   scripts/bench-torch.sh [--threads 1,2] [--models vggish,yamnet,fusion] [--scale 1]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh reference
dotnet build benchmarks/Ser.Torch.Benchmarks -c Release -nologo -v q
/usr/bin/python3 benchmarks/torch_side_by_side.py "$@"
