#!/usr/bin/env bash
# Fetch throughput of this project's client against its peers in the same run:
# the ADBC Flight SQL driver (Go) and pyarrow.flight (C++), on the same servers and query.
#   Scripts/benchmark.sh [SQL] [RUNS] [ROUNDS]
# Every client measures the same phases: GetFlightInfo, then DoGet of every endpoint until
# its last batch is decoded into Arrow record batches (connecting is not timed). The
# clients run interleaved: ROUNDS rounds (default 5), each running every client for one
# untimed warm-up run plus RUNS timed runs (default 3), so that load from other processes
# on a shared machine hits all of them alike. Absolute times drift; the ratios to ours,
# taken round by round, are the result (Scripts/benchmarks/summarize.py explains the table).
# BENCH_RAW=FILE keeps the raw JSON lines. BENCH_DBAPI=1 adds ours through the DB-API driver
# (`cursor.rows`, every cell decoded with `row.decode`), which is much slower than the rest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SQL=${1:-SELECT * FROM big}
RUNS=${2:-3}
ROUNDS=${3:-5}

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

"$ROOT/Scripts/setup.sh"
started=0
if [[ ! -f "$ROOT/.ci/work/servers.env" ]]; then
    "$ROOT/Scripts/start-test-servers.sh"
    started=1
fi
# shellcheck source=/dev/null
source "$ROOT/.ci/work/servers.env"
if [[ $started == 1 ]]; then trap '"$ROOT/Scripts/stop-test-servers.sh" --quiet' EXIT; fi

swift build -c release --product flightsql-benchmark >/dev/null
BENCH=$(swift build -c release --show-bin-path)/flightsql-benchmark
PY=$FLIGHTSQL_TEST_PYTHON
OUT=$(mktemp)
RAW=${BENCH_RAW:-}

# Runs one client for a round; tags its timed runs (the warm-up run is dropped) with the
# server and the round.
run_client() {
    local server=$1 round=$2; shift 2
    "$@" --runs $((RUNS + 1)) 2>/dev/null | "$PY" -c '
import json, sys
for line in sys.stdin:
    if line.strip().startswith("{"):
        r = json.loads(line)
        if r["run"] > 1:
            r["server"], r["round"] = sys.argv[1], int(sys.argv[2])
            print(json.dumps(r))' "$server" "$round" >>"$OUT"
}

for server in BSDB ROAPI; do
    var=FLIGHTSQL_TEST_${server}_URL
    url=${!var}
    echo "== $server ($url): $SQL, $ROUNDS rounds x $RUNS runs per client (+1 warm-up each)"
    : >"$OUT"
    for round in $(seq 1 "$ROUNDS"); do
        run_client "$server" "$round" "$BENCH" "$url" "$SQL"
        run_client "$server" "$round" "$BENCH" "$url" "$SQL" --touch
        if [[ ${BENCH_DBAPI:-0} == 1 ]]; then run_client "$server" "$round" "$BENCH" "$url" "$SQL" --dbapi; fi
        run_client "$server" "$round" "$PY" "$ROOT/Scripts/benchmarks/peer_fetch.py" adbc "$url" "$SQL"
        run_client "$server" "$round" "$PY" "$ROOT/Scripts/benchmarks/peer_fetch.py" pyarrow "$url" "$SQL"
    done
    "$PY" "$ROOT/Scripts/benchmarks/summarize.py" "$OUT"
    if [[ -n $RAW ]]; then cat "$OUT" >>"$RAW"; fi
done
rm -f "$OUT"
