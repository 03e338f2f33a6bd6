#!/usr/bin/env python3
"""Run one SQL query through the ADBC Flight SQL driver; print canonical JSON lines.

  adbc_query.py URL SQL [--username U --password P | --token T] [--header K=V]...
                [--tls-root-certs PEM] [--tls-skip-verify] [--tls-override-hostname NAME]
                [--mtls-cert PEM --mtls-key PEM]

The reference side of the integration tests: the Swift CLI's `--format jsonl` must print
the same bytes (format: Docs/Testing.md, "The canonical JSON lines format").
Run with the venv's python (FLIGHTSQL_TEST_PYTHON). Exits 1 with the error on stderr.
"""
import argparse
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import adbc_driver_flightsql as flightsql  # noqa: E402
import adbc_driver_flightsql.dbapi as dbapi  # noqa: E402

import canonical_json  # noqa: E402

O = flightsql.DatabaseOptions


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("sql")
    ap.add_argument("--username")
    ap.add_argument("--password")
    ap.add_argument("--token")
    ap.add_argument("--header", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--tls-root-certs", metavar="PEM")
    ap.add_argument("--tls-skip-verify", action="store_true")
    ap.add_argument("--tls-override-hostname", metavar="NAME")
    ap.add_argument("--mtls-cert", metavar="PEM")
    ap.add_argument("--mtls-key", metavar="PEM")
    ap.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS")
    args = ap.parse_args()

    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    opts = {
        O.TIMEOUT_QUERY.value: str(args.timeout),
        O.TIMEOUT_FETCH.value: str(args.timeout),
        # The large test table is ~30 MB in one batch on some servers.
        O.WITH_MAX_MSG_SIZE.value: str(1 << 30),
    }
    if args.username is not None or args.password is not None:
        opts["username"] = args.username or ""
        opts["password"] = args.password or ""
    if args.token:
        opts[O.AUTHORIZATION_HEADER.value] = f"Bearer {args.token}"
    for header in args.header:
        key, _, value = header.partition("=")
        opts[O.RPC_CALL_HEADER_PREFIX.value + key.lower()] = value
    if args.tls_root_certs:
        opts[O.TLS_ROOT_CERTS.value] = read(args.tls_root_certs)
    if args.tls_skip_verify:
        opts[O.TLS_SKIP_VERIFY.value] = "true"
    if args.tls_override_hostname:
        opts[O.TLS_OVERRIDE_HOSTNAME.value] = args.tls_override_hostname
    if args.mtls_cert:
        opts[O.MTLS_CERT_CHAIN.value] = read(args.mtls_cert)
    if args.mtls_key:
        opts[O.MTLS_PRIVATE_KEY.value] = read(args.mtls_key)

    # The driver warns that it cannot turn autocommit off; that is expected and not output.
    warnings.simplefilter("ignore")
    try:
        with dbapi.connect(args.url, db_kwargs=opts, autocommit=True) as conn, conn.cursor() as cur:
            cur.execute(args.sql)
            table = cur.fetch_arrow_table()
    except Exception as e:  # the driver's errors carry the gRPC status text
        print(f"adbc_query: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    canonical_json.write_table(table, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
