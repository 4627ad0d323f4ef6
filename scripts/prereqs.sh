#!/usr/bin/env bash
# Installs what Ser.Core needs on Debian 12 / Ubuntu, idempotently, and says what it installs.
#   scripts/prereqs.sh            build + test prerequisites (none beyond the .NET SDK today)
#   scripts/prereqs.sh reference  also the reference stack for parity fixtures and side-by-side
#                                 benchmarks: python3-torch, python3-torchaudio, python3-scipy,
#                                 python3-numpy, OpenBLAS, espeak-ng, sox
set -euo pipefail
need=()
if ! command -v dotnet >/dev/null 2>&1; then
  echo "prereqs: the .NET SDK (10.0) is required and is not on PATH: see https://dot.net" >&2
  exit 1
fi
if [[ "${1:-}" == "reference" ]]; then
  for p in python3-torch python3-torchaudio python3-scipy python3-numpy libopenblas0-pthread espeak-ng sox; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
fi
if ((${#need[@]})); then
  echo "prereqs: installing ${need[*]} (apt)"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "prereqs: nothing to install"
fi
