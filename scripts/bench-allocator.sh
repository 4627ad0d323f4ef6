#!/usr/bin/env bash
# Effect of Ser.Core's allocator policy (Ser.Core.Torch.AllocatorPolicy) on training: the 4-class fusion with the
# pretrained YAMNet (frozen), 6 speaker-independent folds of RAVDESS, 1 epoch each, one libtorch thread pinned to
# one core, once with the default (freed memory retained) and once with SER_TORCH_MALLOC=default (glibc's own
# malloc settings). Prints each fold's training-step time, the ratio, and the process's page faults and kernel time.
#   scripts/bench-allocator.sh [ravdess-folder]      (about 10 minutes on the 2-core build machine)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/ravdess}"
yamnet="${YAMNET:-../shared/models/yamnet/yamnet_folded_f32.safetensors}"
dotnet build src/Ser.Cli -c Release -v q -nologo >/dev/null
out="$(mktemp -d)"
run() { # label, then environment assignments
  local label=$1; shift
  env "$@" /usr/bin/time -f "$label: %e s wall, %U s user, %S s kernel, %R minor page faults" \
    taskset -c "${CORE:-1}" dotnet src/Ser.Cli/bin/Release/net10.0/ser.dll evaluate "$data" --pretrained "$yamnet" \
    --out "$out/$label.md" --threads 1 --classes 4 --architectures fusion --yamnet-init pretrained --gds off \
    --epochs 1 2> "$out/$label.log" >/dev/null
  tail -n 1 "$out/$label.log"
}
run retained SER_TORCH_MALLOC=
run glibc SER_TORCH_MALLOC=default
python3 - "$out" <<'PY'
import re, sys
steps = {}
for label in ("retained", "glibc"):
    steps[label] = [float(s) for s in re.findall(r"training steps (\d+(?:\.\d+)?) s", open(f"{sys.argv[1]}/{label}.log").read())]
print("fold | training steps s, freed memory retained | glibc defaults | ratio")
for i, (a, b) in enumerate(zip(steps["retained"], steps["glibc"]), 1):
    print(f"{i} | {a:.0f} | {b:.0f} | {b / a:.2f}")
print(f"total | {sum(steps['retained']):.0f} | {sum(steps['glibc']):.0f} | {sum(steps['glibc']) / sum(steps['retained']):.2f}")
PY
