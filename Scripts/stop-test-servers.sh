#!/usr/bin/env bash
# Stop the servers that Scripts/start-test-servers.sh started (by the pid files in
# .ci/work/run/), politely first (SIGTERM), then SIGKILL after 10 seconds.
# Each server leads its own process group (started with setsid), so the group is signalled:
# that also stops children a server spawned. Safe to run when nothing is running.
#   --quiet   print nothing when there is nothing to stop
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUN=$PWD/.ci/work/run
quiet=false
[[ ${1:-} == --quiet ]] && quiet=true

# The URLs in servers.env die with the servers; nobody should source a stale copy.
rm -f "$PWD/.ci/work/servers.env"

shopt -s nullglob
pidfiles=("$RUN"/*.pid)
if ((${#pidfiles[@]} == 0)); then
    $quiet || echo "[servers] nothing to stop"
    exit 0
fi

alive() { kill -0 "$1" 2>/dev/null; }

pids=()
for file in "${pidfiles[@]}"; do
    pid=$(cat "$file")
    name=$(basename "$file" .pid)
    if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then
        echo "[servers] stopping $name (pid $pid)"
        # Negative pid = the process group the server leads; fall back to the pid alone.
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        pids+=("$pid")
    fi
    rm -f "$file"
done

deadline=$((SECONDS + 10))
for pid in "${pids[@]}"; do
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if alive "$pid"; then
        echo "[servers] pid $pid ignored SIGTERM; sending SIGKILL" >&2
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
done
