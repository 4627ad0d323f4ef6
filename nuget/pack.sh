#!/usr/bin/env bash
# Packs Ser.Core into artifacts/nuget (symbols and SourceLink included).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet pack src/Ser.Core -c Release -o artifacts/nuget -p:ContinuousIntegrationBuild=true -p:EnableSourceLink=true -p:EnableSourceControlManagerQueries=true
