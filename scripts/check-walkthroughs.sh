#!/usr/bin/env bash
# Runs both walkthroughs (docs/walkthrough-*.md) block by block against a fresh LocalHost on the default backend
# (Azure Storage over an Azurite of its own on free ports) and compares every shown output on its stable fields.
# CI runs the same test as part of scripts/test.sh (tests/Integration.Tests/Walkthroughs).
#   bash scripts/check-walkthroughs.sh            # check
#   bash scripts/check-walkthroughs.sh --record   # rewrite the output blocks with a fresh run (review the diff!)
# Needs the .NET SDK, node/npm (Azurite), bash, curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--record" ]]; then
  export WORKFLOWS_RECORD_WALKTHROUGHS=1
fi

dotnet build tests/Integration.Tests -c Release
dotnet test tests/Integration.Tests -c Release --no-build --filter "FullyQualifiedName~Workflows.Integration.Tests.Walkthroughs" \
  --logger "console;verbosity=normal"
