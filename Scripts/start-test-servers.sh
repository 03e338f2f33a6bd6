#!/usr/bin/env bash
# Start the integration tests' servers on 127.0.0.1, each on free ports picked now, and write
# .ci/work/servers.env: `export` lines that name them for the tests (see Docs/Testing.md).
#
#   roapi          Flight SQL over the generated Parquet/CSV files, no auth
#   roapi (auth)   the same data, requiring HTTP Basic (handshake) or a bearer token
#   benostreamdb   a second Flight SQL server (DataFusion-based, utf8_view strings)
#   nginx          TLS and mutual-TLS terminators (HTTP/2, grpc_pass) in front of roapi
#   grpc servers   Scripts/servers/grpc_test_server.py plain, TLS and mTLS (if present)
#
# Needs Scripts/setup.sh first. Restarts cleanly: servers of a previous run are stopped first.
# Logs: .ci/work/logs/<name>.log. If a server does not come up, its log tail is printed and
# the script exits non-zero (after stopping what it started). Stop with stop-test-servers.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WORK=$ROOT/.ci/work
VENV=$WORK/venv
PY=$VENV/bin/python
LOGS=$WORK/logs
RUN=$WORK/run            # one <name>.pid per server, read by stop-test-servers.sh
DATA=$WORK/data
ENV_FILE=$WORK/servers.env
# How long a server may take to come up (seconds); generous for a loaded 2-core CI machine.
START_TIMEOUT=${FLIGHTSQL_TEST_START_TIMEOUT:-60}
GRPC_TEST_SERVER=${FLIGHTSQL_GRPC_TEST_SERVER_SCRIPT:-$ROOT/Scripts/servers/grpc_test_server.py}

# Shared test data sits beside the clone (read-only); TestEnvironment honours the same override.
SHARED=${FLIGHTSQL_TEST_SHARED_TESTDATA:-$ROOT/../shared/testdata}
if [[ ! -f $SHARED/tls/server.pem ]]; then
    echo "start-test-servers: no TLS material at $SHARED/tls (set FLIGHTSQL_TEST_SHARED_TESTDATA)" >&2
    exit 1
fi
TLS_DIR=$(cd "$SHARED/tls" && pwd)

if [[ ! -x $PY || ! -x $VENV/bin/roapi || ! -f $DATA/big.parquet || ! -f $DATA/types_extra.arrow ]]; then
    echo "start-test-servers: run Scripts/setup.sh first (venv or test data missing)" >&2
    exit 1
fi

log() { printf '[servers] %s\n' "$*"; }

# A previous run's servers would hold stale ports and data: stop them first.
"$ROOT/Scripts/stop-test-servers.sh" --quiet
mkdir -p "$LOGS" "$RUN"
rm -f "$ENV_FILE"

# On any failure from here on, stop whatever this run started.
started_ok=false
cleanup_on_failure() {
    if ! $started_ok; then "$ROOT/Scripts/stop-test-servers.sh" --quiet || true; fi
}
trap cleanup_on_failure EXIT

# start NAME COMMAND...: run COMMAND in the background, output to logs/NAME.log, pid to
# run/NAME.pid. setsid makes the server a process-group leader, so stopping it also stops
# any children it spawned (grpc_test_server.py spawns private servers).
start() {
    local name=$1
    shift
    : >"$LOGS/$name.log"
    setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1 &
    echo $! >"$RUN/$name.pid"
}

# fail NAME MESSAGE: print the server's log tail and exit non-zero.
fail() {
    local name=$1
    shift
    echo "start-test-servers: $name: $*" >&2
    echo "---- last lines of $LOGS/$name.log ----" >&2
    tail -n 40 "$LOGS/$name.log" >&2 || true
    echo "----" >&2
    exit 1
}

# wait_ready NAME CHECK...: poll CHECK until it succeeds; fail if the server exits or the
# timeout passes.
wait_ready() {
    local name=$1
    shift
    local pid deadline=$((SECONDS + START_TIMEOUT))
    pid=$(cat "$RUN/$name.pid")
    until "$@" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || fail "$name" "exited during start-up"
        ((SECONDS < deadline)) || fail "$name" "not ready after ${START_TIMEOUT}s"
        sleep 0.2
    done
}

# Every port in one call, so that all are distinct.
mapfile -t PORTS < <("$PY" "$ROOT/Scripts/servers/probe.py" ports 16)
P_ROAPI=${PORTS[0]} P_ROAPI_HTTP=${PORTS[1]} P_ROAPI_PG=${PORTS[2]}
P_AUTH=${PORTS[3]} P_AUTH_HTTP=${PORTS[4]} P_AUTH_PG=${PORTS[5]}
P_BSDB=${PORTS[6]} P_BSDB_METRICS=${PORTS[7]}
P_NGINX_TLS=${PORTS[8]} P_NGINX_MTLS=${PORTS[9]}
P_GRPC=${PORTS[10]} P_GRPC_TLS=${PORTS[11]} P_GRPC_MTLS=${PORTS[12]}

# Fixed, non-secret credentials: these servers only ever listen on 127.0.0.1 during tests.
ROAPI_USERNAME=flightsql-test
ROAPI_PASSWORD=flightsql-test-password
ROAPI_TOKEN=flightsql-test-token

# ---------------------------------------------------------------- roapi, no auth
# All three listeners get ports: roapi would otherwise bind its default ports (5432, 32010, …),
# which may be taken, and two instances would collide.
log "roapi on 127.0.0.1:$P_ROAPI"
start roapi "$VENV/bin/roapi" \
    --addr-flight-sql "127.0.0.1:$P_ROAPI" \
    --addr-http "127.0.0.1:$P_ROAPI_HTTP" \
    --addr-postgres "127.0.0.1:$P_ROAPI_PG" \
    -t "types=$DATA/types.parquet" \
    -t "types_extra=$DATA/types_extra.arrow,format=arrow" \
    -t "trips=$DATA/trips.csv" \
    -t "big=$DATA/big.parquet"

# ---------------------------------------------------------------- roapi with auth
# One instance serves both methods: roapi checks `authorization: Bearer <auth_token>` on every
# query call, and its Handshake accepts HTTP Basic (auth_basic) and answers with that token.
cat >"$WORK/roapi-auth.yml" <<EOF
# Generated by Scripts/start-test-servers.sh; do not edit.
addr:
  flight_sql: 127.0.0.1:$P_AUTH
  http: 127.0.0.1:$P_AUTH_HTTP
  postgres: 127.0.0.1:$P_AUTH_PG
tables:
  - name: types
    uri: $DATA/types.parquet
  - name: trips
    uri: $DATA/trips.csv
flight_sql_config:
  auth_token: $ROAPI_TOKEN
  auth_basic:
    username: $ROAPI_USERNAME
    password: $ROAPI_PASSWORD
EOF
log "roapi (auth) on 127.0.0.1:$P_AUTH"
start roapi-auth "$VENV/bin/roapi" -c "$WORK/roapi-auth.yml"

# ---------------------------------------------------------------- benostreamdb-flight
# A fresh warehouse each run, so the native table starts with the same rows every time.
BSDB_WH=$WORK/bsdb-warehouse
rm -rf "$BSDB_WH"
mkdir -p "$BSDB_WH"
log "benostreamdb-flight on 127.0.0.1:$P_BSDB"
# cd into the warehouse: the server also looks for ./benostream.toml; this keeps it from
# picking up one from wherever the script was started.
# BSDB_FLIGHT_MAX_ROWS: the server caps result rows (the 2M-row `big` must come back whole).
(
    cd "$BSDB_WH"
    export BSDB_WAREHOUSE=$BSDB_WH
    export BSDB_FLIGHT_BIND=127.0.0.1 BSDB_FLIGHT_PORT=$P_BSDB
    export BSDB_METRICS_BIND=127.0.0.1 BSDB_METRICS_PORT=$P_BSDB_METRICS
    export BSDB_FLIGHT_MAX_ROWS=1000000000
    start bsdb "$VENV/bin/benostreamdb-flight"
)

# ---------------------------------------------------------------- nginx (TLS terminator)
# Both server blocks proxy gRPC to the plain roapi; the second one demands a client
# certificate signed by the test CA. nginx runs in the foreground (daemon off) under our
# pid file, with every path inside .ci/work/nginx so no system nginx state is touched.
NGX=$WORK/nginx
mkdir -p "$NGX/logs" "$NGX/tmp"
user_line=""
if [[ $(id -u) -eq 0 ]]; then
    # As root, nginx would switch workers to `nobody`, who cannot write into .ci/work.
    user_line="user root;"
fi
cat >"$NGX/nginx.conf" <<EOF
# Generated by Scripts/start-test-servers.sh; do not edit.
$user_line
worker_processes 1;
daemon off;
pid $NGX/nginx.pid;
error_log $NGX/logs/error.log info;
events { worker_connections 1024; }
http {
    access_log $NGX/logs/access.log;
    client_body_temp_path $NGX/tmp/body;
    proxy_temp_path $NGX/tmp/proxy;
    fastcgi_temp_path $NGX/tmp/fastcgi;
    uwsgi_temp_path $NGX/tmp/uwsgi;
    scgi_temp_path $NGX/tmp/scgi;
    # DoPut uploads and big results: no body limit, long-lived streams.
    client_max_body_size 0;
    grpc_read_timeout 600s;
    grpc_send_timeout 600s;
    # nginx closes an HTTP/2 connection (GOAWAY) after keepalive_requests streams (1000 by
    # default); tests reuse one connection for many calls, so allow far more.
    keepalive_requests 1000000;
    keepalive_timeout 600s;
    ssl_certificate $TLS_DIR/server.pem;
    ssl_certificate_key $TLS_DIR/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;

    server {
        listen 127.0.0.1:$P_NGINX_TLS ssl http2;
        location / { grpc_pass grpc://127.0.0.1:$P_ROAPI; }
    }
    server {
        listen 127.0.0.1:$P_NGINX_MTLS ssl http2;
        ssl_verify_client on;
        ssl_client_certificate $TLS_DIR/ca.pem;
        location / { grpc_pass grpc://127.0.0.1:$P_ROAPI; }
    }
}
EOF
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
"$NGINX" -t -q -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/logs/error.log" >"$LOGS/nginx.log" 2>&1 ||
    fail nginx "configuration test failed"
log "nginx TLS on 127.0.0.1:$P_NGINX_TLS, mTLS on 127.0.0.1:$P_NGINX_MTLS"
start nginx "$NGINX" -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/logs/error.log"

# ---------------------------------------------------------------- gRPC test servers
# grpc_test_server.py prints `ready <port>` once listening. Unbuffered, so the line reaches
# the log at once.
have_grpc=false
if [[ -f $GRPC_TEST_SERVER ]]; then
    have_grpc=true
    log "grpc_test_server.py plain :$P_GRPC, TLS :$P_GRPC_TLS, mTLS :$P_GRPC_MTLS"
    export PYTHONUNBUFFERED=1
    start grpc "$PY" "$GRPC_TEST_SERVER" --port "$P_GRPC"
    start grpc-tls "$PY" "$GRPC_TEST_SERVER" --port "$P_GRPC_TLS" \
        --tls-cert "$TLS_DIR/server.pem" --tls-key "$TLS_DIR/server.key"
    start grpc-mtls "$PY" "$GRPC_TEST_SERVER" --port "$P_GRPC_MTLS" \
        --tls-cert "$TLS_DIR/server.pem" --tls-key "$TLS_DIR/server.key" --client-ca "$TLS_DIR/ca.pem"
else
    echo "[servers] WARNING: $GRPC_TEST_SERVER not found: gRPC test servers not started," \
        "FLIGHTSQL_TEST_GRPC_* not set" >&2
fi

# ---------------------------------------------------------------- readiness
# All servers start in parallel above; wait for each in turn.
probe() { "$PY" "$ROOT/Scripts/servers/probe.py" "$@"; }
wait_ready roapi probe http "http://127.0.0.1:$P_ROAPI_HTTP/api/schema"
wait_ready roapi-auth probe http "http://127.0.0.1:$P_AUTH_HTTP/api/schema"
wait_ready bsdb probe http "http://127.0.0.1:$P_BSDB_METRICS/readyz"
wait_ready nginx probe tcp 127.0.0.1 "$P_NGINX_TLS"
wait_ready nginx probe tcp 127.0.0.1 "$P_NGINX_MTLS"
if $have_grpc; then
    for name in grpc grpc-tls grpc-mtls; do
        wait_ready "$name" grep -q '^ready' "$LOGS/$name.log"
    done
fi

log "loading benostreamdb tables"
"$PY" "$ROOT/Scripts/servers/bsdb_load.py" "grpc://127.0.0.1:$P_BSDB" "$DATA" >>"$LOGS/bsdb.log" 2>&1 ||
    fail bsdb "loading the test tables failed"

# ---------------------------------------------------------------- servers.env
{
    echo "# Generated by Scripts/start-test-servers.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ); source it."
    echo "export FLIGHTSQL_TEST_ROAPI_URL=grpc://127.0.0.1:$P_ROAPI"
    echo "export FLIGHTSQL_TEST_ROAPI_HTTP_URL=http://127.0.0.1:$P_ROAPI_HTTP"
    echo "export FLIGHTSQL_TEST_ROAPI_AUTH_URL=grpc://127.0.0.1:$P_AUTH"
    echo "export FLIGHTSQL_TEST_ROAPI_USERNAME=$ROAPI_USERNAME"
    echo "export FLIGHTSQL_TEST_ROAPI_PASSWORD=$ROAPI_PASSWORD"
    echo "export FLIGHTSQL_TEST_ROAPI_TOKEN=$ROAPI_TOKEN"
    echo "export FLIGHTSQL_TEST_BSDB_URL=grpc://127.0.0.1:$P_BSDB"
    echo "export FLIGHTSQL_TEST_NGINX_TLS_URL=grpc+tls://localhost:$P_NGINX_TLS"
    echo "export FLIGHTSQL_TEST_NGINX_MTLS_URL=grpc+tls://localhost:$P_NGINX_MTLS"
    if $have_grpc; then
        echo "export FLIGHTSQL_TEST_GRPC_URL=grpc://127.0.0.1:$P_GRPC"
        echo "export FLIGHTSQL_TEST_GRPC_TLS_URL=grpc+tls://localhost:$P_GRPC_TLS"
        echo "export FLIGHTSQL_TEST_GRPC_MTLS_URL=grpc+tls://localhost:$P_GRPC_MTLS"
    fi
    echo "export FLIGHTSQL_TEST_TLS_DIR=$TLS_DIR"
    echo "export FLIGHTSQL_TEST_PYTHON=$PY"
    echo "export FLIGHTSQL_TEST_DATA_DIR=$DATA"
} >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"

# ---------------------------------------------------------------- smoke check
# A real query through every Flight SQL endpoint (and the auth rejections), with ADBC, so a
# broken environment shows up here with one clear message instead of as many test failures.
if [[ ${FLIGHTSQL_TEST_SKIP_CHECK:-} != 1 ]]; then
    log "checking every server with a real query"
    (
        # shellcheck source=/dev/null
        source "$ENV_FILE"
        "$PY" "$ROOT/Scripts/servers/check_servers.py"
    ) || { echo "start-test-servers: a server did not answer correctly (logs: $LOGS)" >&2; exit 1; }
fi

started_ok=true
log "ready; environment in $ENV_FILE"
