#!/usr/bin/env python3
"""Third-party Flight SQL clients judge a Flight SQL server (the project's own, `flightsql serve`).

  server_judges.py URL [--token T | --username U --password P] [--tls-root-certs PEM]
                   [--mtls-cert PEM --mtls-key PEM] [--only NAME]... [--list]
                   [--server-name NAME] [--server-version V] [--arrow-version V]

Runs named checks with ADBC (adbc_driver_flightsql.dbapi; its cookie middleware for session
options), raw pyarrow.flight and
flightsql-dbapi (the `flightsql` package), and prints one JSON object per check:
{"check": NAME, "ok": true|false, "detail": "..."}. Exits 0 when every check passed.

The checks create their own tables (prefixed `judge_<random>_`) and drop them at the end,
so they need a writable server. Run with the venv's python (FLIGHTSQL_TEST_PYTHON).
--server-name/--server-version/--arrow-version are what the server states it is (its
FLIGHT_SQL_SERVER_NAME, its version before " (SQLite x.y.z)", its Arrow format version):
adbc_get_info checks ADBC reports exactly those.
"""
import argparse
import datetime
import decimal
import json
import re
import sys
import threading
import traceback
import uuid
import warnings
from urllib.parse import urlparse

import adbc_driver_flightsql as adbc_flightsql
import adbc_driver_flightsql.dbapi as adbc
import adbc_driver_manager
import pyarrow as pa
from google.protobuf import any_pb2
from pyarrow import flight

import flightsql.flightsql_pb2 as pb
from flightsql import FlightSQLClient, TableRef

O = adbc_flightsql.DatabaseOptions
CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


class Context:
    def __init__(self, args):
        self.args = args
        self.url = args.url
        self.prefix = f"judge_{uuid.uuid4().hex[:8]}_"
        self.tables = []

    def table(self, name):
        full = self.prefix + name
        if full not in self.tables:
            self.tables.append(full)
        return full

    # ADBC

    def adbc_options(self):
        a = self.args
        opts = {O.TIMEOUT_QUERY.value: "60", O.TIMEOUT_FETCH.value: "60"}
        if a.username is not None:
            opts["username"] = a.username
            opts["password"] = a.password or ""
        if a.token:
            opts[O.AUTHORIZATION_HEADER.value] = f"Bearer {a.token}"
        if a.tls_root_certs:
            opts[O.TLS_ROOT_CERTS.value] = read(a.tls_root_certs)
        if a.mtls_cert:
            opts[O.MTLS_CERT_CHAIN.value] = read(a.mtls_cert)
            opts[O.MTLS_PRIVATE_KEY.value] = read(a.mtls_key)
        return opts

    def adbc(self, autocommit=True):
        return adbc.connect(self.url, db_kwargs=self.adbc_options(), autocommit=autocommit)

    # pyarrow.flight

    def flight_client(self):
        a = self.args
        kwargs = {}
        if a.tls_root_certs:
            kwargs["tls_root_certs"] = read(a.tls_root_certs).encode()
        if a.mtls_cert:
            kwargs["cert_chain"] = read(a.mtls_cert).encode()
            kwargs["private_key"] = read(a.mtls_key).encode()
        client = flight.FlightClient(self.url, **kwargs)
        headers = []
        if a.username is not None:
            headers.append(client.authenticate_basic_token(a.username, a.password or ""))
        elif a.token:
            headers.append((b"authorization", f"Bearer {a.token}".encode()))
        return client, flight.FlightCallOptions(headers=headers, timeout=60)

    # flightsql-dbapi

    def flightsql_client(self):
        a = self.args
        parsed = urlparse(self.url)
        kwargs = {"host": parsed.hostname, "port": parsed.port, "insecure": parsed.scheme != "grpc+tls"}
        if a.username is not None:
            kwargs["user"] = a.username
            kwargs["password"] = a.password or ""
        elif a.token:
            kwargs["token"] = a.token
        if a.tls_root_certs:
            kwargs["tls_root_certs"] = read(a.tls_root_certs).encode()
        if a.mtls_cert:
            kwargs["cert_chain"] = read(a.mtls_cert).encode()
            kwargs["private_key"] = read(a.mtls_key).encode()
        return FlightSQLClient(**kwargs)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def equal(actual, expected, what):
    expect(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def setup(ctx):
    """The shared tables: cities and trips (with a foreign key)."""
    with ctx.adbc() as conn, conn.cursor() as cur:
        cities, trips = ctx.table("cities"), ctx.table("trips")
        cur.execute(f"CREATE TABLE {cities} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, population REAL, "
                    f"founded DATE, area DECIMAL(10,2), capital BOOLEAN)")
        cur.execute(f"INSERT INTO {cities} VALUES (1, 'Paris', 2.1, '0250-01-01', 105.40, 1), "
                    f"(2, 'Lyon', 0.52, '0043-10-09', 47.87, 0), (3, 'Nice', 0.34, NULL, NULL, 0)")
        cur.execute(f"CREATE TABLE {trips} (id INTEGER PRIMARY KEY, city_id INTEGER NOT NULL REFERENCES {cities}(id), "
                    f"km INTEGER, started TIMESTAMP)")
        cur.execute(f"INSERT INTO {trips} VALUES (1, 1, 12, '2024-05-01 10:00:00'), (2, 1, 30, '2024-05-02 11:30:00'), "
                    f"(3, 2, 7, NULL)")


def teardown(ctx):
    with ctx.adbc() as conn, conn.cursor() as cur:
        for table in reversed(ctx.tables):
            try:
                cur.execute(f"DROP TABLE IF EXISTS {table}")
            except Exception:
                pass


# ADBC ---------------------------------------------------------------------------------


@check
def adbc_query(ctx):
    with ctx.adbc() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT c.name, count(t.id) AS trips, sum(t.km) AS km FROM {ctx.table('cities')} c "
                    f"LEFT JOIN {ctx.table('trips')} t ON t.city_id = c.id GROUP BY c.name ORDER BY c.name")
        equal(cur.fetchall(), [("Lyon", 1, 7), ("Nice", 0, None), ("Paris", 2, 42)], "join + aggregate")
        cur.execute(f"SELECT * FROM {ctx.table('cities')} ORDER BY id")
        table = cur.fetch_arrow_table()
        types = [str(f.type) for f in table.schema]
        equal(types, ["int64", "string", "double", "date32[day]", "decimal128(10, 2)", "bool"], "column types")
        equal(table.column("name").to_pylist(), ["Paris", "Lyon", "Nice"], "names")
        equal(str(table.column("area")[0].as_py()), "105.40", "decimal")
        return f"{table.num_rows} rows, types {types}"


@check
def adbc_parameters(ctx):
    with ctx.adbc() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT name FROM {ctx.table('cities')} WHERE id = ? OR name = ? ORDER BY id", (2, "Nice"))
        equal(cur.fetchall(), [("Lyon",), ("Nice",)], "rows")
        cur.execute("SELECT ? + 1, ?", (41, "x"))
        equal(cur.fetchall(), [(42, "x")], "expressions")
        table = ctx.table("params")
        cur.execute(f"CREATE TABLE {table} (d DATE, t TIMESTAMP, amount DECIMAL(6,2), raw BLOB, flag BOOLEAN)")
        cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)",
                    (datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal("1.25"), b"\x00\x01", True))
        equal(cur.rowcount, 1, "parameterized insert rowcount")
        cur.execute(f"SELECT * FROM {table}")
        equal(cur.fetchall(), [(datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal("1.25"),
                                b"\x00\x01", True)], "typed parameters read back typed")


@check
def adbc_executemany_rowcount(ctx):
    with ctx.adbc() as conn, conn.cursor() as cur:
        table = ctx.table("many")
        cur.execute(f"CREATE TABLE {table} (id INTEGER, label TEXT)")
        cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(i, f"l{i}") for i in range(10)])
        equal(cur.rowcount, 10, "executemany rowcount")
        cur.execute(f"UPDATE {table} SET label = 'even' WHERE id % 2 = 0")
        equal(cur.rowcount, 5, "update rowcount")
        cur.execute(f"SELECT count(*) FROM {table} WHERE label = 'even'")
        equal(cur.fetchone(), (5,), "count")


@check
def adbc_transactions(ctx):
    table = ctx.table("txn")
    with ctx.adbc() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE TABLE {table} (id INTEGER)")
    with ctx.adbc(autocommit=False) as conn, conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        conn.rollback()
        cur.execute(f"INSERT INTO {table} VALUES (2)")
        conn.commit()
        cur.execute(f"INSERT INTO {table} VALUES (3)")
        # Not committed yet: another connection does not see it.
        with ctx.adbc() as other, other.cursor() as other_cur:
            other_cur.execute(f"SELECT id FROM {table} ORDER BY id")
            equal(other_cur.fetchall(), [(2,)], "isolation before commit")
        conn.commit()
    with ctx.adbc() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT id FROM {table} ORDER BY id")
        equal(cur.fetchall(), [(2,), (3,)], "after commit/rollback")


@check
def adbc_get_objects(ctx):
    with ctx.adbc() as conn:
        objects = conn.adbc_get_objects(depth="all", table_name_filter=ctx.prefix + "%").read_all().to_pylist()
        tables = {}
        for catalog in objects:
            for schema in catalog["catalog_db_schemas"] or []:
                for table in schema["db_schema_tables"] or []:
                    tables[table["table_name"]] = [c["column_name"] for c in table["table_columns"] or []]
        equal(tables.get(ctx.table("cities")), ["id", "name", "population", "founded", "area", "capital"], "cities columns")
        equal(tables.get(ctx.table("trips")), ["id", "city_id", "km", "started"], "trips columns")
        return f"{len(tables)} tables"


@check
def adbc_get_info(ctx):
    """ADBC's vendor info is exactly what the server sends as SqlInfo, and what it states it is."""
    with ctx.adbc() as conn, conn.cursor() as cur:
        info = conn.adbc_get_info()
        cur.execute("SELECT sqlite_version()")
        (sqlite_version,) = cur.fetchone()
    # FLIGHT_SQL_SERVER_NAME, _VERSION and _ARROW_VERSION, read with pyarrow.flight.
    sent = raw_sql_info(ctx, [0, 1, 2])
    vendor = {"vendor_name": sent.get(0), "vendor_version": sent.get(1), "vendor_arrow_version": sent.get(2)}
    for key, value in vendor.items():
        expect(isinstance(value, str) and value, f"SqlInfo for {key} missing: {sent}")
        equal(info.get(key), value, f"ADBC's {key} against the server's SqlInfo")
    a = ctx.args
    equal(info["vendor_name"], a.server_name, "vendor_name")
    if a.server_version is not None:
        equal(info["vendor_version"], f"{a.server_version} (SQLite {sqlite_version})", "vendor_version")
    if a.arrow_version is not None:
        equal(info["vendor_arrow_version"], a.arrow_version, "vendor_arrow_version")
    return f"{info['vendor_name']} {info['vendor_version']}, Arrow {info['vendor_arrow_version']}"


def raw_sql_info(ctx, ids):
    """SqlInfo values by id, as the server sends them (GetSqlInfo with pyarrow.flight)."""
    client, options = ctx.flight_client()
    try:
        info = client.get_flight_info(descriptor(pb.CommandGetSqlInfo(info=ids)), options)
        rows = pa.concat_tables([client.do_get(e.ticket, options).read_all() for e in info.endpoints]).to_pylist()
        return {row["info_name"]: row["value"] for row in rows}
    finally:
        client.close()


@check
def adbc_get_table_types(ctx):
    with ctx.adbc() as conn:
        types = conn.adbc_get_table_types()
        expect("table" in types, f"no 'table' in {types}")
        return str(types)


@check
def adbc_get_table_schema(ctx):
    with ctx.adbc() as conn:
        schema = conn.adbc_get_table_schema(ctx.table("cities"))
        equal(schema.names, ["id", "name", "population", "founded", "area", "capital"], "names")
        equal(str(schema.field("founded").type), "date32[day]", "DATE type")
        equal(schema.field("name").nullable, False, "NOT NULL column")
        schema = conn.adbc_get_table_schema(ctx.table("trips"))
        equal(str(schema.field("started").type), "timestamp[us]", "TIMESTAMP type")


@check
def adbc_ingest(ctx):
    table, fresh = ctx.table("ingested"), ctx.table("ingested_fresh")
    data = pa.table({"id": pa.array([1, 2, 3], pa.int64()), "word": ["a", None, "c"],
                     "score": pa.array([0.5, 1.5, None], pa.float64())})
    rows = [(1, "a", 0.5), (2, None, 1.5), (3, "c", None)]
    # Other columns than `data`: replace must drop the table, not only its rows.
    other = pa.table({"key": ["x", "y"], "amount": pa.array([10, None], pa.int64())})
    other_rows = [("x", 10), ("y", None)]
    with ctx.adbc() as conn, conn.cursor() as cur:
        def contents(name):
            cur.execute(f"SELECT * FROM {name} ORDER BY rowid")
            return [tuple(description[0] for description in cur.description)] + cur.fetchall()

        equal(cur.adbc_ingest(table, data, mode="create"), 3, "create rows")
        equal(contents(table), [("id", "word", "score")] + rows, "after create")
        equal(cur.adbc_ingest(table, data, mode="append"), 3, "append rows")
        equal(contents(table), [("id", "word", "score")] + rows + rows, "after append")
        equal(cur.adbc_ingest(table, other, mode="replace"), 2, "replace rows")
        equal(contents(table), [("key", "amount")] + other_rows, "after replace")
        equal(cur.adbc_ingest(table, other, mode="create_append"), 2, "create_append rows (existing table)")
        equal(contents(table), [("key", "amount")] + other_rows + other_rows, "after create_append on an existing table")
        equal(cur.adbc_ingest(fresh, data, mode="create_append"), 3, "create_append rows (new table)")
        equal(contents(fresh), [("id", "word", "score")] + rows, "after create_append of a new table")
        equal(cur.adbc_ingest(fresh, data, mode="replace"), 3, "replace rows (same columns)")
        equal(contents(fresh), [("id", "word", "score")] + rows, "after replace with the same data")
        try:
            cur.adbc_ingest(table, data, mode="create")
        except Exception as e:
            expect("exist" in str(e).lower(), f"create on an existing table: {e}")
        else:
            raise AssertionError("create on an existing table succeeded")


@check
def adbc_cancel(ctx):
    with ctx.adbc() as conn, conn.cursor() as cur:
        cur.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) SELECT i FROM n")
        reader = cur.fetch_record_batch()
        first = reader.read_next_batch()
        expect(first.num_rows > 0, "no first batch")
        cur.adbc_cancel()
        rows = first.num_rows
        try:
            for batch in reader:
                rows += batch.num_rows
        except Exception as e:
            error = e
        else:
            raise AssertionError(f"the cancelled query ended without an error after {rows} rows")
        # Only a cancellation passes: a server that crashed or failed the stream surfaces as
        # another status (UNAVAILABLE, INTERNAL, ...).
        expect(cancelled(error), f"the cancel surfaced as {type(error).__name__}: {error}")
        expect(rows < 5000000, f"the cancelled query still delivered all {rows} rows")
        # The server is still serving this connection.
        cur.execute("SELECT 41 + 1")
        equal(cur.fetchall(), [(42,)], "a query on the connection after the cancel")
        return f"cancelled after {rows} rows: {type(error).__name__}: {error}"


def cancelled(error):
    """Whether an error from ADBC says the call was cancelled.

    ADBC raises its own errors with a status code, but a pyarrow RecordBatchReader turns a
    stream error into an OSError that keeps only the Go driver's message, which names the
    gRPC code: "[FlightSQL] context canceled (Canceled; DoGet: endpoint 0: [])".
    """
    if isinstance(error, adbc_driver_manager.Error):
        return error.status_code == adbc_driver_manager.AdbcStatusCode.CANCELLED
    code = re.search(r"\((\w+);", str(error))
    return isinstance(error, OSError) and code is not None and code.group(1) == "Canceled"


@check
def adbc_errors(ctx):
    with ctx.adbc() as conn, conn.cursor() as cur:
        try:
            cur.execute("SELEC 1")
        except adbc.ProgrammingError as e:
            expect("syntax" in str(e).lower(), f"syntax error text: {e}")
        else:
            raise AssertionError("a syntax error succeeded")
        try:
            cur.execute(f"SELECT * FROM {ctx.prefix}missing")
        except Exception as e:
            expect("no such table" in str(e).lower(), f"missing table text: {e}")
        else:
            raise AssertionError("a missing table succeeded")
        try:
            cur.execute(f"INSERT INTO {ctx.table('cities')} (id, name) VALUES (1, 'dup')")
        except adbc.DatabaseError as e:  # ADBC maps ALREADY_EXISTS to ProgrammingError
            expect("unique" in str(e).lower() and "already_exists" in str(e).lower(), f"constraint text: {e}")
            expect(kind_detail(e) == b"IntegrityError", f"x-flightsql-error-kind of a UNIQUE violation: {e.details}")
        else:
            raise AssertionError("a duplicate key succeeded")
        # ADBC maps FAILED_PRECONDITION to OperationalError (through ADBC_STATUS_UNKNOWN); the
        # trailer naming the database's kind reaches it as an error detail.
        try:
            cur.execute(f"INSERT INTO {ctx.table('cities')} (id, name) VALUES (9, NULL)")
        except adbc.DatabaseError as e:
            expect("not null" in str(e).lower(), f"NOT NULL text: {e}")
            expect(kind_detail(e) == b"IntegrityError", f"x-flightsql-error-kind of a NOT NULL violation: {e.details}")
            return f"NOT NULL: {type(e).__name__} with x-flightsql-error-kind IntegrityError"
        else:
            raise AssertionError("a NULL in a NOT NULL column succeeded")


@check
def adbc_session_options(ctx):
    """Session options per client session, through ADBC's cookie middleware."""
    C = adbc_flightsql.ConnectionOptions

    def connect():
        kwargs = ctx.adbc_options()
        kwargs[O.WITH_COOKIE_MIDDLEWARE.value] = "true"
        return adbc.connect(ctx.url, db_kwargs=kwargs, autocommit=True)

    def options(conn):
        return json.loads(conn.adbc_connection.get_option(C.OPTION_SESSION_OPTIONS.value))

    table = ctx.table("session")
    with connect() as guarded, connect() as other:
        guarded.adbc_connection.set_options(**{C.OPTION_BOOL_SESSION_OPTION_PREFIX.value + "read_only": "true"})
        equal(options(guarded), {"read_only": True}, "the guarded session's options")
        equal(options(other), {"read_only": False}, "the other session's options")
        try:
            guarded.adbc_connection.set_options(**{C.OPTION_SESSION_OPTION_PREFIX.value + "schema": "main"})
        except adbc.Error as e:
            expect("schema" in str(e) and "invalid name" in str(e).lower(), f"unknown option error: {e}")
        else:
            raise AssertionError("an unknown session option was accepted")
        with guarded.cursor() as cur:
            try:
                cur.execute(f"CREATE TABLE {table} (x INTEGER)")
            except adbc.DatabaseError as e:
                expect("read-only" in str(e), f"read-only refusal text: {e}")
            else:
                raise AssertionError("a read_only session wrote")
            cur.execute("SELECT 1")
            equal(cur.fetchall(), [(1,)], "a read in the read_only session")
        with other.cursor() as cur:
            cur.execute(f"CREATE TABLE {table} (x INTEGER)")
        equal(options(guarded), {"read_only": True}, "the guarded session after the other's write")
    return "read_only in one session refuses its writes only; unknown names are INVALID_NAME"


def kind_detail(error):
    """The value of the x-flightsql-error-kind trailer among an ADBC error's details."""
    return next((value for key, value in getattr(error, "details", None) or [] if key == b"x-flightsql-error-kind"), None)


# pyarrow.flight ----------------------------------------------------------------------


def descriptor(message):
    wrapped = any_pb2.Any()
    wrapped.Pack(message)
    return flight.FlightDescriptor.for_command(wrapped.SerializeToString())


@check
def pyarrow_flight_get_flight_info_do_get(ctx):
    client, options = ctx.flight_client()
    info = client.get_flight_info(
        descriptor(pb.CommandStatementQuery(query=f"SELECT id, name FROM {ctx.table('cities')} ORDER BY id")), options)
    equal(info.schema.names, ["id", "name"], "FlightInfo schema")
    expect(len(info.endpoints) >= 1, "no endpoint")
    tables = [client.do_get(endpoint.ticket, options).read_all() for endpoint in info.endpoints]
    table = pa.concat_tables(tables)
    equal(sorted(table.column("id").to_pylist()), [1, 2, 3], "ids")
    schema = client.get_schema(descriptor(pb.CommandStatementQuery(query="SELECT 1 AS one")), options).schema
    equal(schema.names, ["one"], "GetSchema")
    client.close()
    return f"{len(info.endpoints)} endpoint(s)"


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


@check
def pyarrow_flight_cancel_flight_info(ctx):
    client, options = ctx.flight_client()
    info = client.get_flight_info(
        descriptor(pb.CommandStatementQuery(query=f"SELECT * FROM {ctx.table('cities')}")), options)
    serialized = info.serialize()
    # CancelFlightInfoRequest { FlightInfo info = 1; }
    body = b"\x0a" + varint(len(serialized)) + serialized
    results = list(client.do_action(flight.Action("CancelFlightInfo", body), options))
    # CancelFlightInfoResult { CancelStatus status = 1; } with CANCEL_STATUS_CANCELLED = 1
    equal(results[0].body.to_pybytes(), b"\x08\x01", "CancelFlightInfoResult")
    try:
        client.do_get(info.endpoints[0].ticket, options).read_all()
    except flight.FlightCancelledError:
        pass
    else:
        raise AssertionError("a cancelled query's DoGet succeeded")
    client.close()


@check
def pyarrow_flight_list_actions(ctx):
    client, options = ctx.flight_client()
    actions = {action.type for action in client.list_actions(options)}
    for name in ["CreatePreparedStatement", "ClosePreparedStatement", "BeginTransaction", "EndTransaction",
                 "CancelFlightInfo"]:
        expect(name in actions, f"{name} not listed")
    try:
        list(client.list_flights(options=options))
    except NotImplementedError:  # pyarrow's mapping of UNIMPLEMENTED
        pass
    else:
        raise AssertionError("ListFlights did not answer UNIMPLEMENTED")
    client.close()


# flightsql-dbapi ----------------------------------------------------------------------


def fetch(client, info):
    return pa.concat_tables([client.do_get(endpoint.ticket).read_all() for endpoint in info.endpoints])


@check
def flightsql_dbapi_metadata(ctx):
    client = ctx.flightsql_client()
    cities, trips = ctx.table("cities"), ctx.table("trips")
    schemas = fetch(client, client.get_db_schemas()).column("db_schema_name").to_pylist()
    expect("main" in schemas, f"schemas {schemas}")
    fetch(client, client.get_catalogs())
    tables = fetch(client, client.get_tables(table_name_filter_pattern=ctx.prefix + "%", include_schema=True))
    equal(sorted(tables.column("table_name").to_pylist()), sorted([cities, trips] + [
        t for t in ctx.tables if t not in (cities, trips) and t in tables.column("table_name").to_pylist()]), "tables")
    row = tables.to_pylist()[tables.column("table_name").to_pylist().index(cities)]
    schema = pa.ipc.read_schema(pa.py_buffer(row["table_schema"]))
    equal(schema.names, ["id", "name", "population", "founded", "area", "capital"], "table_schema")
    types = fetch(client, client.get_table_types()).column("table_type").to_pylist()
    expect("table" in types, f"table types {types}")
    pk = fetch(client, client.get_primary_keys(TableRef(table=cities))).to_pylist()
    equal([(r["column_name"], r["key_sequence"]) for r in pk], [("id", 1)], "primary key")
    exported = fetch(client, client.get_exported_keys(TableRef(table=cities))).to_pylist()
    equal([(r["fk_table_name"], r["fk_column_name"], r["pk_column_name"]) for r in exported], [(trips, "city_id", "id")],
          "exported keys")
    imported = fetch(client, client.get_imported_keys(TableRef(table=trips))).to_pylist()
    equal([(r["pk_table_name"], r["pk_column_name"]) for r in imported], [(cities, "id")], "imported keys")
    cross = fetch(client, client.get_cross_reference(TableRef(table=cities), TableRef(table=trips))).to_pylist()
    equal(len(cross), 1, "cross reference rows")
    info = fetch(client, client.get_sql_info([0, 1, 3, 8])).to_pylist()
    values = {r["info_name"]: r["value"] for r in info}
    expect(values.get(0), f"server name in {values}")
    equal(values.get(8), 2, "FLIGHT_SQL_SERVER_TRANSACTION (savepoints)")
    xdbc = fetch(client, client.get_xdbc_type_info(None)).column("type_name").to_pylist()
    expect("INTEGER" in xdbc, f"xdbc types {xdbc}")
    client.close()


@check
def flightsql_dbapi_prepared(ctx):
    client = ctx.flightsql_client()
    with client.prepare(f"SELECT name FROM {ctx.table('cities')} WHERE id = ?") as statement:
        binding = pa.record_batch([pa.array([3], pa.int64())], names=["p1"])
        info = statement.execute(binding)
        equal(fetch(client, info).column("name").to_pylist(), ["Nice"], "bound query")
        binding = pa.record_batch([pa.array([1], pa.int64())], names=["p1"])
        equal(fetch(client, statement.execute(binding)).column("name").to_pylist(), ["Paris"], "rebound query")
    client.close()


@check
def flightsql_dbapi_execute_update(ctx):
    client = ctx.flightsql_client()
    table = ctx.table("updates")
    client.execute_update(f"CREATE TABLE {table} (id INTEGER)")
    count = client.execute_update(f"INSERT INTO {table} VALUES (1), (2), (3)")
    equal(count, 3, "updated rows")
    equal(fetch(client, client.execute(f"SELECT count(*) AS n FROM {table}")).column("n").to_pylist(), [3], "count")
    client.close()


@check
def flightsql_dbapi_cursor(ctx):
    """flightsql-dbapi's PEP 249 layer: connect(client).cursor(), results read through pandas."""
    import flightsql
    cities, table = ctx.table("cities"), ctx.table("dbapi")
    with flightsql.connect(ctx.flightsql_client()) as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT id, name, population FROM {cities} ORDER BY id")
        equal([d[0] for d in cur.description], ["id", "name", "population"], "description names")
        equal([tuple(r) for r in cur.fetchall()], [(1, "Paris", 2.1), (2, "Lyon", 0.52), (3, "Nice", 0.34)], "rows")
        # Its parameters travel as a dense union of its own (int64, float64, utf8, binary, bool).
        cur.execute(f"SELECT name FROM {cities} WHERE id = ? OR name = ? ORDER BY id", (2, "Nice"))
        equal([tuple(r) for r in cur.fetchall()], [("Lyon",), ("Nice",)], "bound query")
        cur.execute(f"CREATE TABLE {table} (id INTEGER, label TEXT, score REAL)")
        cur.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", [(1, "a", 0.5), (2, "b", 1.5)])
        cur.execute(f"SELECT count(*), group_concat(label, ''), sum(score) FROM {table}")
        equal([tuple(r) for r in cur.fetchall()], [(2, "ab", 2.0)], "executemany then aggregate")
    return "connect().cursor(): execute, parameters, executemany, fetchall"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("--token")
    ap.add_argument("--username")
    ap.add_argument("--password")
    ap.add_argument("--tls-root-certs", metavar="PEM")
    ap.add_argument("--mtls-cert", metavar="PEM")
    ap.add_argument("--mtls-key", metavar="PEM")
    ap.add_argument("--only", action="append", default=[], metavar="NAME")
    ap.add_argument("--list", action="store_true", help="print the check names and exit")
    ap.add_argument("--server-name", default="swift-flightsql", help="the FLIGHT_SQL_SERVER_NAME the server states")
    ap.add_argument("--server-version", help="the server's version (FLIGHT_SQL_SERVER_VERSION before ' (SQLite ...)')")
    ap.add_argument("--arrow-version", help="the FLIGHT_SQL_SERVER_ARROW_VERSION the server states")
    args = ap.parse_args()
    if args.list:
        print("\n".join(function.__name__ for function in CHECKS))
        return 0
    warnings.simplefilter("ignore")
    ctx = Context(args)
    failed = 0

    def report(name, ok, detail):
        print(json.dumps({"check": name, "ok": ok, "detail": detail}), flush=True)

    try:
        setup(ctx)
    except Exception as e:
        report("setup", False, f"{type(e).__name__}: {e}")
        return 1
    for function in CHECKS:
        if args.only and function.__name__ not in args.only:
            continue
        result = {}

        def run():
            try:
                result["detail"] = function(ctx) or ""
                result["ok"] = True
            except Exception as e:
                result["ok"] = False
                last = traceback.extract_tb(e.__traceback__)[-1]
                result["detail"] = f"{type(e).__name__}: {e} (line {last.lineno})"

        # A hung check must not hang the judge.
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(120)
        if worker.is_alive():
            result = {"ok": False, "detail": "timed out after 120 s"}
        report(function.__name__, result["ok"], result["detail"])
        failed += 0 if result["ok"] else 1
    try:
        teardown(ctx)
    except Exception:
        pass
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
