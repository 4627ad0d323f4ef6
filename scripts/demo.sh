#!/usr/bin/env bash
# The main job: log-mel spectrograms of a WAV with every preset, PNGs, patches, model round trip.
#   scripts/demo.sh [input.wav] [output-dir]     (no input: a generated utterance)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh
dotnet run --project samples/Demo -c Release -- "${1:-}" "${2:-demo-output}" "${@:3}"
