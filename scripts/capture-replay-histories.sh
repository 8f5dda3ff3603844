#!/usr/bin/env bash
# Captures, from the real durable engine (in-memory LocalHost), the history of a case at each waiting point of every
# procedure into tests/Integration.Tests/Replay/Histories (issue 17). Existing files are kept: they are the waiting cases
# of the versions already released. Pass --overwrite to replace them too (only before the first release of a version).
set -euo pipefail
cd "$(dirname "$0")/.."
export WORKFLOWS_REPLAY_CAPTURE=write
if [[ "${1:-}" == "--overwrite" ]]; then export WORKFLOWS_REPLAY_OVERWRITE=1; fi
dotnet test tests/Integration.Tests -c Release --filter "FullyQualifiedName~Replay.ReplayCaptureTests"
ls -1 tests/Integration.Tests/Replay/Histories
