#!/usr/bin/env bash
# Packs Ser.Core into artifacts/nuget (symbols and SourceLink included). The package references the managed
# TorchSharp only and carries build/ and buildTransitive/ targets that make libLibTorchSharp.so's GLIBCXX_3.4.32
# requirement weak in the application's build and publish folders.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet pack src/Ser.Core -c Release -o artifacts/nuget -p:ContinuousIntegrationBuild=true -p:EnableSourceLink=true -p:EnableSourceControlManagerQueries=true
