#!/usr/bin/env python3
"""Smoke-check every test server named in the environment (source .ci/work/servers.env).

A real query through each Flight SQL endpoint with the ADBC driver, the expected refusals
(no credentials, wrong password, untrusted CA, no client certificate), and an Echo call to
each gRPC test server. Prints one line per check; exits 1 if any check fails.
"""
import os
import sys
import time
import warnings

import adbc_driver_flightsql as flightsql
import adbc_driver_flightsql.dbapi as dbapi

O = flightsql.DatabaseOptions
ENV = os.environ
TLS = ENV["FLIGHTSQL_TEST_TLS_DIR"]
failures = []


def pem(name):
    with open(os.path.join(TLS, name), encoding="utf-8") as f:
        return f.read()


def query(url, sql, **opts):
    with dbapi.connect(url, db_kwargs={k: v for k, v in opts.items()}, autocommit=True) as conn:
        with conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetch_arrow_table()


def check(name, fn, expect_error=None):
    start = time.monotonic()
    try:
        detail = fn()
        ok = expect_error is None
        if not ok:
            detail = f"succeeded, but should have failed with {expect_error}"
    except Exception as e:  # noqa: BLE001 - any failure is reported
        text = str(e).splitlines()[0][:160]
        ok = expect_error is not None and expect_error.lower() in str(e).lower()
        detail = ("refused as expected: " if ok else "FAILED: ") + text
    took = time.monotonic() - start
    print(f"  {'ok ' if ok else 'BAD'} {name:<38} {took:5.2f}s  {detail}")
    if not ok:
        failures.append(name)


def count(url, table, expected, **opts):
    def run():
        t = query(url, f"SELECT count(*) AS n FROM {table}", **opts)
        n = t.column(0)[0].as_py()
        if n != expected:
            raise AssertionError(f"count(*) FROM {table} = {n}, expected {expected}")
        return f"{table}: {n} rows"
    return run


def main() -> int:
    warnings.simplefilter("ignore")  # "Cannot disable autocommit": expected
    roapi = ENV["FLIGHTSQL_TEST_ROAPI_URL"]
    auth = ENV["FLIGHTSQL_TEST_ROAPI_AUTH_URL"]
    user, password = ENV["FLIGHTSQL_TEST_ROAPI_USERNAME"], ENV["FLIGHTSQL_TEST_ROAPI_PASSWORD"]
    token = ENV["FLIGHTSQL_TEST_ROAPI_TOKEN"]
    bsdb = ENV["FLIGHTSQL_TEST_BSDB_URL"]
    tls, mtls = ENV["FLIGHTSQL_TEST_NGINX_TLS_URL"], ENV["FLIGHTSQL_TEST_NGINX_MTLS_URL"]
    roots = {O.TLS_ROOT_CERTS.value: pem("ca.pem")}
    client = {O.MTLS_CERT_CHAIN.value: pem("client.pem"), O.MTLS_PRIVATE_KEY.value: pem("client.key")}

    check("roapi: big", count(roapi, "big", 2_000_000))
    check("roapi: types", count(roapi, "types", 5))
    check("roapi: types_extra", count(roapi, "types_extra", 4))
    check("roapi auth: no credentials", count(auth, "trips", 1000), expect_error="UNAUTHENTICATED")
    check("roapi auth: bearer token", count(auth, "trips", 1000, **{O.AUTHORIZATION_HEADER.value: f"Bearer {token}"}))
    check("roapi auth: wrong token", count(auth, "trips", 1000, **{O.AUTHORIZATION_HEADER.value: "Bearer nope"}),
          expect_error="UNAUTHENTICATED")
    check("roapi auth: basic (handshake)", count(auth, "trips", 1000, username=user, password=password))
    check("roapi auth: wrong password", count(auth, "trips", 1000, username=user, password="nope"),
          expect_error="UNAUTHENTICATED")

    def bsdb_types():
        t = query(bsdb, "SELECT utf8_col, binary_col FROM types")
        got = [str(f.type) for f in t.schema]
        if got != ["string_view", "binary_view"]:
            raise AssertionError(f"expected utf8_view/binary_view columns, got {got}")
        return "types: utf8_view + binary_view columns"
    check("bsdb: big", count(bsdb, "big", 2_000_000))
    check("bsdb: trips", count(bsdb, "trips", 1000))
    check("bsdb: types_extra", count(bsdb, "types_extra", 4))
    check("bsdb: testdb.main.people", count(bsdb, "testdb.main.people", 3))
    check("bsdb: view types", bsdb_types)

    check("nginx TLS: trusted CA", count(tls, "trips", 1000, **roots))
    check("nginx TLS: untrusted CA", count(tls, "trips", 1000, **{O.TLS_ROOT_CERTS.value: pem("other-ca.pem")}),
          expect_error="certificate")
    check("nginx mTLS: client certificate", count(mtls, "trips", 1000, **roots, **client))
    check("nginx mTLS: no client certificate", count(mtls, "trips", 1000, **roots), expect_error="400")

    if "FLIGHTSQL_TEST_GRPC_URL" in ENV:
        import grpc

        def echo(url, creds=None):
            def run():
                target = url.split("://", 1)[1]
                channel = grpc.secure_channel(target, creds) if creds else grpc.insecure_channel(target)
                with channel:
                    call = channel.unary_unary("/test.Test/Echo")  # raw bytes, no serializers
                    reply = call(b"ping", timeout=10)
                if reply != b"ping":
                    raise AssertionError(f"Echo returned {reply!r}")
                return "Echo ok"
            return run
        ca = pem("ca.pem").encode()
        check("grpc: plain", echo(ENV["FLIGHTSQL_TEST_GRPC_URL"]))
        check("grpc: TLS", echo(ENV["FLIGHTSQL_TEST_GRPC_TLS_URL"], grpc.ssl_channel_credentials(ca)))
        check("grpc: mTLS", echo(ENV["FLIGHTSQL_TEST_GRPC_MTLS_URL"], grpc.ssl_channel_credentials(
            ca, pem("client.key").encode(), pem("client.pem").encode())))
    else:
        print("  --  grpc test servers not running (FLIGHTSQL_TEST_GRPC_URL unset)")

    if failures:
        print(f"check_servers: {len(failures)} check(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
