#!/usr/bin/env bash
# Packs Ser.Torch (with libser_torch.so under runtimes/linux-x64/native) and Ser.Core into
# artifacts/nuget (symbols and SourceLink included).
set -euo pipefail
cd "$(dirname "$0")/.."
for p in src/Ser.Torch src/Ser.Core; do
  dotnet pack "$p" -c Release -o artifacts/nuget -p:ContinuousIntegrationBuild=true -p:EnableSourceLink=true -p:EnableSourceControlManagerQueries=true
done
