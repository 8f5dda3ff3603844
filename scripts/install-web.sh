#!/usr/bin/env bash
# Installs the dashboard's front-end libraries (Apache ECharts, axe-core) from npm into tools/web/node_modules,
# exactly as pinned by tools/web/package-lock.json (npm ci). The Functions build runs this when the folder is missing
# (src/Functions/Workflows.Functions.csproj, target InstallWebLibraries); the files are then embedded into the
# assembly and served by both hosts from /api/dashboard/ (no CDN). Concurrent builds wait on one lock.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/tools/web"
marker="$web/node_modules/.workflows-installed"
exec 9>"$web/.install.lock"
flock 9
if [ -f "$marker" ]; then
  exit 0
fi
echo "[install-web] npm ci in tools/web (echarts, axe-core; pinned by package-lock.json)"
npm ci --prefix "$web" --no-audit --no-fund --loglevel=error
touch "$marker"
