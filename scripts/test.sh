#!/usr/bin/env bash
# The whole test suite: installs prerequisites, builds in Release, runs every test project.
# Tests that need ../shared/data skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh
dotnet build Ser.Core.sln -c Release -nologo -v q
dotnet test Ser.Core.sln -c Release --no-build -nologo --logger "console;verbosity=minimal"
