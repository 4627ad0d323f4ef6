#!/usr/bin/env bash
# Issue 5's evaluation matrix: 6-fold speaker-independent cross-validation on RAVDESS (../shared/data/ravdess),
# 8 classes and the paper's 4, fusion / VGGish-only / YAMNet-only, YAMNet from scratch and pretrained (frozen),
# with and without GDS. GDS on and off alternate fold by fold; their two rows are appended to
# docs/results/ravdess-cv.md when the pair finishes (per-fold UA in docs/results/ravdess-cv.md.folds.tsv; per-fold
# times and the on/off time ratio on stderr). Hours on a 2-core CPU; not part of the test run.
#   scripts/evaluate.sh [ravdess-folder] [extra ser-evaluate options, e.g. --threads 1 --epochs 6]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/ravdess}"
yamnet="${YAMNET:-../shared/models/yamnet/yamnet_folded_f32.safetensors}"
out="${OUT:-docs/results/ravdess-cv.md}"
mkdir -p "$(dirname "$out")"
dotnet build src/Ser.Cli -c Release -v q -nologo >/dev/null
ser() { dotnet src/Ser.Cli/bin/Release/net10.0/ser.dll evaluate "$data" --pretrained "$yamnet" --out "$out" "${@:2}" $1; }
for classes in 8 4; do
  # Most informative first, so that a stopped run has the rows that matter.
  ser "--classes $classes --architectures fusion --yamnet-init pretrained --gds on,off" "${@:2}"
  ser "--classes $classes --architectures yamnet --yamnet-init pretrained --gds on,off" "${@:2}"
  ser "--classes $classes --architectures vggish --yamnet-init scratch --gds on,off" "${@:2}"
  ser "--classes $classes --architectures fusion,yamnet --yamnet-init scratch --gds on,off" "${@:2}"
done
