#!/usr/bin/env python3
"""Run one SQL query over raw Arrow Flight (pyarrow.flight); print canonical JSON lines.

  pyarrow_flight_query.py URL SQL [--username U --password P | --token T] [--header K=V]...
                          [--tls-root-certs PEM] [--tls-skip-verify] [--tls-override-hostname NAME]
                          [--mtls-cert PEM --mtls-key PEM]

A second reference client, independent of ADBC's Go driver: GetFlightInfo with a
CommandStatementQuery descriptor, then DoGet on every endpoint in order. pyarrow has no
Flight SQL helpers, so the command (a protobuf `Any`) is packed by hand below.
Output format: Docs/Testing.md, "The canonical JSON lines format".
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pyarrow as pa  # noqa: E402
import pyarrow.flight as flight  # noqa: E402

import canonical_json  # noqa: E402

COMMAND_STATEMENT_QUERY = "type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery"
REUSE_CONNECTION = "arrow-flight-reuse-connection://?"


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _bytes_field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def statement_query_command(sql: str) -> bytes:
    # CommandStatementQuery { string query = 1; }, wrapped in google.protobuf.Any
    # { string type_url = 1; bytes value = 2; }.
    inner = _bytes_field(1, sql.encode("utf-8"))
    return _bytes_field(1, COMMAND_STATEMENT_QUERY.encode("ascii")) + _bytes_field(2, inner)


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
        with open(path, "rb") as f:
            return f.read()

    client_kwargs = {}
    if args.tls_root_certs:
        client_kwargs["tls_root_certs"] = read(args.tls_root_certs)
    if args.tls_skip_verify:
        client_kwargs["disable_server_verification"] = True
    if args.tls_override_hostname:
        client_kwargs["override_hostname"] = args.tls_override_hostname
    if args.mtls_cert:
        client_kwargs["cert_chain"] = read(args.mtls_cert)
    if args.mtls_key:
        client_kwargs["private_key"] = read(args.mtls_key)

    def connect(url):
        return flight.FlightClient(url, **client_kwargs)

    headers = [(k.lower().encode(), v.encode()) for k, _, v in (h.partition("=") for h in args.header)]
    try:
        client = connect(args.url)
        if args.username is not None or args.password is not None:
            # Flight's Handshake with HTTP Basic; the server answers with the bearer header.
            name, value = client.authenticate_basic_token(args.username or "", args.password or "")
            headers.append((name, value))
        if args.token:
            headers.append((b"authorization", f"Bearer {args.token}".encode()))
        options = flight.FlightCallOptions(headers=headers, timeout=args.timeout)

        descriptor = flight.FlightDescriptor.for_command(statement_query_command(args.sql))
        info = client.get_flight_info(descriptor, options)
        tables = []
        for endpoint in info.endpoints:
            locations = [str(loc.uri.decode() if isinstance(loc.uri, bytes) else loc.uri)
                         for loc in endpoint.locations]
            target = client
            if locations and locations[0] != REUSE_CONNECTION:
                target = connect(locations[0])
            tables.append(target.do_get(endpoint.ticket, options).read_all())
        table = pa.concat_tables(tables) if tables else info.schema.empty_table()
    except Exception as e:
        print(f"pyarrow_flight_query: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    canonical_json.write_table(table, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
