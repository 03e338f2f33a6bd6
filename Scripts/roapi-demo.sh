#!/usr/bin/env bash
# A real query against a real server, from a fresh Debian 12 machine:
#   setup (packages, venv, sample data) -> roapi serving the sample tables on a free port
#   -> `swift run flightsql query` -> roapi stopped.
# Usage: Scripts/roapi-demo.sh [SQL]   (default: a GROUP BY over the `trips` sample table)
# Tables: types, types_extra, trips, big (see Docs/Testing.md).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WORK=$ROOT/.ci/work
VENV=$WORK/venv
DATA=$WORK/data
SQL=${1:-"SELECT city, count(*) AS trips, round(avg(fare), 2) AS avg_fare, sum(passengers) AS passengers FROM trips GROUP BY city ORDER BY trips DESC, city"}

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

"$ROOT/Scripts/setup.sh"

# Build first, so that the server does not wait idle during a long first build.
swift build --product flightsql

mapfile -t PORTS < <("$VENV/bin/python" "$ROOT/Scripts/servers/probe.py" ports 3)
mkdir -p "$WORK/logs"
"$VENV/bin/roapi" \
    --addr-flight-sql "127.0.0.1:${PORTS[0]}" \
    --addr-http "127.0.0.1:${PORTS[1]}" \
    --addr-postgres "127.0.0.1:${PORTS[2]}" \
    -t "types=$DATA/types.parquet" -t "types_extra=$DATA/types_extra.arrow,format=arrow" \
    -t "trips=$DATA/trips.csv" -t "big=$DATA/big.parquet" \
    </dev/null >"$WORK/logs/demo-roapi.log" 2>&1 &
ROAPI_PID=$!
trap 'kill "$ROAPI_PID" 2>/dev/null || true' EXIT

# roapi answers its HTTP schema endpoint once every table is loaded.
for _ in $(seq 1 150); do
    if "$VENV/bin/python" "$ROOT/Scripts/servers/probe.py" http "http://127.0.0.1:${PORTS[1]}/api/schema"; then
        break
    fi
    kill -0 "$ROAPI_PID" 2>/dev/null || { cat "$WORK/logs/demo-roapi.log" >&2; exit 1; }
    sleep 0.2
done

URL=grpc://127.0.0.1:${PORTS[0]}
echo "+ flightsql query --url $URL --format table \"$SQL\""
swift run --skip-build flightsql query --url "$URL" --format table "$SQL"
