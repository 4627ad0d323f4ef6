#!/usr/bin/env bash
# Log-mel speed, Ser.Core vs torchaudio, same machine, same run, 1 thread, 60 s of speech.
# Installs the reference stack (apt), makes the reference audio, runs torchaudio's benchmark, then
# BenchmarkDotNet, and prints the ratio table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh reference
SHARED="${SER_SHARED_DIR:-../shared}"
AUDIO="${TMPDIR:-/tmp}/ser-ref-audio"
OUT="${OUT_DIR:-artifacts/bench}"
mkdir -p "$OUT"
AUDIO_DIR="$AUDIO" bash "$SHARED/reference/make_audio.sh" >/dev/null
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$SHARED/reference/bench_pytorch.py" --threads 1 --sections logmel \
  --audio-dir "$AUDIO" --json-out "$OUT/torchaudio.json" > "$OUT/torchaudio.md"
SER_BENCH_AUDIO="$AUDIO" dotnet run -c Release --project benchmarks/Ser.Benchmarks -- --filter '*LogMel*' --artifacts "$OUT/bdn" > "$OUT/bdn.log"
/usr/bin/python3 benchmarks/compare_logmel.py "$OUT/torchaudio.json" "$OUT/bdn/results" | tee "$OUT/ratio.md"
