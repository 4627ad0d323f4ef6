#!/usr/bin/env bash
# Feature-extraction speed on RAVDESS (read + log-mel + patches + GDS), 1 and 2 threads, cache cold and hit.
#   scripts/bench-extract.sh [ravdess-dir]      (default ../shared/data/ravdess)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh
dotnet run --project src/Ser.Cli -c Release -- extract-bench "${1:-../shared/data/ravdess}"
