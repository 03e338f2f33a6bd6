#!/usr/bin/env bash
# Prepare a Debian 12 machine to build swift-flightsql and run its integration tests:
#   - the C libraries the Swift system-library targets link, plus nginx (TLS terminator);
#   - a Python venv at .ci/work/venv with the pinned test servers and reference clients;
#   - the generated test data in .ci/work/data.
# Idempotent: installed packages, an up-to-date venv and existing data are skipped, so a
# second run takes seconds. Needs root (or sudo) only when packages are missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WORK=$ROOT/.ci/work
VENV=$WORK/venv
PYTHON=${PYTHON:-python3}

log() { printf '[setup] %s\n' "$*"; }

# --system-only: just the Debian packages the build needs (what `swift run flightsql demo` needs).
SYSTEM_ONLY=false
if [[ ${1:-} == --system-only ]]; then SYSTEM_ONLY=true; fi

# ---------------------------------------------------------------- Debian packages
APT_PACKAGES=(libnghttp2-dev libssl-dev liblz4-dev libzstd-dev libsqlite3-dev libedit-dev pkg-config)
# nginx is the tests' TLS terminator, not a build dependency.
# gdb lets Scripts/test.sh print a hung test process's threads before it is killed.
if [[ $SYSTEM_ONLY == false ]]; then APT_PACKAGES+=(nginx-light gdb); fi

# A Debian python3 creates venvs only with python3-venv (ensurepip) installed.
if ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    APT_PACKAGES+=(python3-venv)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    # dpkg-query is fast and needs no lock; "install ok installed" is the fully installed state.
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo); fi
    # Keep the nginx package from starting the system nginx on port 80: the tests run their own
    # nginx from a generated configuration. policy-rc.d exit code 101 means "action forbidden".
    policy_created=false
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
        "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
        policy_created=true
    fi
    export DEBIAN_FRONTEND=noninteractive
    # A fresh cloud machine may still be running its own apt (unattended upgrades): wait for
    # the lock instead of failing; retry flaky downloads.
    APT_OPTS=(-q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update
    "${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${missing[@]}"
    if $policy_created; then "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d; fi
else
    log "Debian packages already installed"
fi

if $SYSTEM_ONLY; then exit 0; fi

# ---------------------------------------------------------------- Python venv
# The venv is rebuilt only when the pinned requirements change (stamp = their checksum).
REQS=(Scripts/requirements.txt Scripts/requirements-nodeps.txt)
stamp_want=$(cat "${REQS[@]}" | sha256sum | cut -d' ' -f1)
stamp_file=$VENV/.requirements.sha256
if [[ -x $VENV/bin/python && -f $stamp_file && "$(cat "$stamp_file")" == "$stamp_want" ]]; then
    log "Python venv up to date ($VENV)"
else
    log "creating Python venv at $VENV"
    rm -rf "$VENV"
    mkdir -p "$WORK"
    "$PYTHON" -m venv "$VENV"
    # Wheels of 37-55 MB (roapi, pyarrow, benostreamdb-flight): a longer network timeout.
    export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_DEFAULT_TIMEOUT=60
    "$VENV/bin/pip" install -q -r Scripts/requirements.txt
    "$VENV/bin/pip" install -q --no-deps -r Scripts/requirements-nodeps.txt
    # Fail here, not in the middle of a test run, if a wheel did not bring its binary.
    for tool in roapi benostreamdb-flight; do
        [[ -x $VENV/bin/$tool ]] || { echo "setup: $tool missing from the venv" >&2; exit 1; }
    done
    "$VENV/bin/python" -c 'import pyarrow.flight, adbc_driver_flightsql.dbapi, grpc, flightsql'
    echo "$stamp_want" >"$stamp_file"
fi

# ---------------------------------------------------------------- test data
# Regenerated when the generator changed since the data was written (data is deterministic).
DATA=$WORK/data
if [[ -f $DATA/big.parquet && -f $DATA/types.parquet && -f $DATA/types_extra.arrow && -f $DATA/trips.csv &&
    $DATA/big.parquet -nt Scripts/make-test-data.py ]]; then
    log "test data up to date ($DATA)"
else
    log "generating test data in $DATA"
    "$VENV/bin/python" Scripts/make-test-data.py --out "$DATA"
fi

log "done"
