#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: installs the C libraries the build links
# (Debian packages only; no Python, no servers to install) and runs `swift run flightsql demo`,
# which starts the project's own Flight SQL server in-process on a free loopback port with a
# sample SQLite database and queries it through the real network stack.
# Scripts/roapi-demo.sh runs a query against a third-party server (roapi) instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

Scripts/setup.sh --system-only
exec swift run flightsql demo "$@"
