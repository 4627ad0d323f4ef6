#!/usr/bin/env bash
# Installs what Ser.Core needs on Debian 12 / Ubuntu, idempotently, and says what it installs.
#   scripts/prereqs.sh            build + test prerequisites: the .NET 10 SDK only (TorchSharp and libtorch
#                                 come from NuGet; Ser.Core's build makes their libLibTorchSharp.so load on
#                                 libstdc++ older than GCC 13's, see src/Ser.Core/build)
#   scripts/prereqs.sh reference  also the reference stack for parity fixtures and side-by-side
#                                 benchmarks: python3-torch, python3-torchaudio, python3-scipy,
#                                 python3-numpy, libopenblas0-pthread (PyTorch's BLAS), espeak-ng, sox
set -euo pipefail
need=()
if ! command -v dotnet >/dev/null 2>&1; then
  echo "prereqs: the .NET SDK (10.0) is required and is not on PATH: see https://dot.net" >&2
  exit 1
fi
pkgs=()
if [[ "${1:-}" == "reference" ]]; then
  pkgs+=(python3-torch python3-torchaudio python3-scipy python3-numpy libopenblas0-pthread util-linux espeak-ng sox)
fi
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  echo "prereqs: installing ${need[*]} (apt)"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "prereqs: nothing to install"
fi
