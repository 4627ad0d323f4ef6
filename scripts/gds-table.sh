#!/usr/bin/env bash
# Gaussian data selection on RAVDESS: dropped fraction for T = 0.0 … 0.9, per-clip distribution, GDS cost.
#   scripts/gds-table.sh [ravdess-dir]      (default ../shared/data/ravdess)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh
dotnet run --project src/Ser.Cli -c Release -- gds-table "${1:-../shared/data/ravdess}"
