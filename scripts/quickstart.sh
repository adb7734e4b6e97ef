#!/usr/bin/env bash
# Quick start on a fresh Debian/Ubuntu machine with Node 20: installs everything, builds, and runs
# the all-in-one engine on the embedded defaults (SQLite event store in ./data, Redis on 127.0.0.1:6379,
# volumes as sparse files under ./data/backends) at http://127.0.0.1:8776/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-redis.sh
npm ci --no-audit --no-fund
npm run build
exec npm start
