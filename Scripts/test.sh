#!/usr/bin/env bash
# The one test command, for CI (.ci/run) and developers alike:
#   setup (packages, venv, data) -> start the test servers -> swift build -> swift test
# The servers are stopped on every exit path. The exit status is swift test's.
# Extra arguments go to `swift test` (e.g. Scripts/test.sh --filter ArrowTests).
# Under CI=true every integration test requires its server (see Tests/TestSupport).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
LOGS=$ROOT/.ci/work/logs

# CI images put the toolchain at /opt/swift without necessarily adding it to PATH.
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

step() { printf '\n==> %s  (%ss)\n' "$*" "$SECONDS"; }

step "setup"
"$ROOT/Scripts/setup.sh"

# From here on, whatever happens, leave no server running.
trap '"$ROOT/Scripts/stop-test-servers.sh" --quiet' EXIT

step "start test servers"
"$ROOT/Scripts/start-test-servers.sh"
# shellcheck source=/dev/null
source "$ROOT/.ci/work/servers.env"

step "swift build"
# Every public symbol has a doc comment: a gap fails the run (after the tests, so that one
# missing comment does not hide the test results).
docs_status=0
python3 Scripts/lint-docs.py || docs_status=$?
swift --version 2>&1 | head -n 1
# Build the tests too, so that a compile error fails here with its own message.
swift build --build-tests

step "swift test"
mkdir -p "$LOGS"
# One process, swift-testing's default in-process parallelism; no --parallel (XCTest
# multi-process mode): simpler output and reliable on a 2-core machine.
# Under CI a hung test must not eat the whole CI time limit (90 min): after
# FLIGHTSQL_TEST_TIMEOUT seconds (default 15 min a pass; the slowest takes about 2) `timeout`
# ends swift test and its whole process group (status 124). A minute before that, a
# watchdog prints every thread's backtrace of the test process (gdb), so that the log shows
# where a hang hangs (a deadlock shows each thread waiting on a lock). Not for developers:
# `timeout` moves the command into its own process group, where Ctrl-C from the terminal
# would no longer reach it.
# stdbuf line-buffers the test process's output (a pipe is otherwise block-buffered), so
# that a hung or killed pass still shows every line it printed, up to the hang.
limit=${FLIGHTSQL_TEST_TIMEOUT:-900}
runner=(stdbuf -oL -eL)
if [[ ${CI:-} == true ]]; then
    runner=(timeout --kill-after=30 "$limit" "${runner[@]}")
fi

# Prints the threads of every test process still running after $1 seconds.
watchdog() {
    sleep "$1"
    local pid
    for pid in $(pgrep -f 'PackageTests\.xctest'); do
        echo "==> watchdog: test process $pid still runs after $1 s; its threads:"
        timeout 120 gdb -p "$pid" -batch -ex "thread apply all bt 40" 2>/dev/null | grep -E '^(Thread |#)' | cut -c1-400
    done
}

# Runs one `swift test` invocation (its arguments), output to the terminal and the log,
# under CI with the watchdog; sets `result` to swift test's exit status.
run_pass() {
    local watcher=
    if [[ ${CI:-} == true ]] && command -v gdb >/dev/null; then
        watchdog "$((limit > 120 ? limit - 60 : limit / 2))" &
        watcher=$!
    fi
    "${runner[@]}" swift test "$@" 2>&1 | tee -a "$LOGS/swift-test.log"
    result=${PIPESTATUS[0]}
    if [[ -n $watcher ]]; then
        # Its sleep first, so that no orphan keeps CI's output open.
        pkill -P "$watcher" 2>/dev/null
        kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
    fi
    return 0
}

set +e
if [[ $# -gt 0 ]]; then
    : >"$LOGS/swift-test.log"
    run_pass "$@"
    status=$result
else
    # Four runs over the same build. Swift Testing runs all tests of a process in parallel
    # on a pool of one thread per core; on 2 cores the CPU-heavy suites (gold files, fuzzing,
    # 2M-row streams) would starve the transport's timers (deadlines, cancellation, connect
    # timeouts), and any suite's allocations show up in the process's resident memory. So:
    #   1. the transport's timing-sensitive tests;
    #   2. the driver's memory-bound measurements, alone in their process (their RSS
    #      bounds must not see a parallel 500 MiB transport stream);
    #   3. the fuzz harnesses (CPU-bound loops that would starve everything else's tasks);
    #   4. everything else.
    passes=(
        "--filter GRPCTransportTests --skip Fuzz"
        "--filter DriverStreamingTests"
        "--filter Fuzz"
        "--skip GRPCTransportTests --skip DriverStreamingTests --skip Fuzz"
    )
    status=0
    : >"$LOGS/swift-test.log"
    for pass in "${passes[@]}"; do
        # shellcheck disable=SC2086 # each pass is a list of words
        run_pass --skip-build $pass
        if ((status == 0)); then status=$result; fi
    done
fi
set -e
if ((status == 124)); then
    echo "swift test: stopped after ${limit}s (FLIGHTSQL_TEST_TIMEOUT); a test hung" >&2
fi

step "summary"
# Re-print the failures and the runners' summary lines so they end the CI log:
# swift-testing's ✘ lines, XCTest's failed cases and error lines, then both totals.
grep -E "^✘ |^Test Case .* failed|: error: " "$LOGS/swift-test.log" | grep -v "^✘ Test run with" || true
# A crash (signal) ends its pass without ✘ lines; its crashed thread's backtrace, which the
# Swift runtime prints among hundreds of other threads, is re-printed here.
awk '/^\*\*\* (Program crashed|Signal [0-9]+)/ { print }
     /^Thread [0-9]+.* crashed:$/ { show = 1; shown = 0 }
     show && (/^Registers:/ || (/^Thread [0-9]+/ && !/ crashed:$/)) { show = 0 }
     show && shown < 60 { print; shown++ }' "$LOGS/swift-test.log"
# ...and the tests that had started in the crashed pass but never ended.
awk '/^(✔|✘) Test run with / { delete running; next }
     /^◇ Test .* started\.$/ && !/^◇ Test case passing / { name = $0; sub(/^◇ Test /, "", name); sub(/ started\.$/, "", name); running[name] = 1 }
     /^(✔|✘) Test .* (passed|failed)/ { name = $0; sub(/^(✔|✘) Test /, "", name); sub(/ (passed|failed).*$/, "", name); delete running[name] }
     /^\*\*\* Program crashed/ { crashed = 1 }
     END { if (crashed) for (name in running) print "running at the crash: " name }' "$LOGS/swift-test.log"
grep -E "^(Test Suite '(All tests|Selected tests)' (passed|failed)|[[:space:]]*Executed [0-9]+ tests?|.*Test run with [0-9]+ tests?)" \
    "$LOGS/swift-test.log" || echo "(no summary lines found in swift test output)"
echo "swift test exit status: $status; total time ${SECONDS}s"
if ((docs_status != 0)); then
    echo "docs lint: public symbols without doc comments (listed under 'swift build' above)" >&2
    if ((status == 0)); then status=$docs_status; fi
fi
exit "$status"
