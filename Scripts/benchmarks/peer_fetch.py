#!/usr/bin/env python3
"""Fetch a query's whole result through a peer client; print one JSON line per run.

  peer_fetch.py {adbc|pyarrow} URL SQL [--runs N]

adbc: the ADBC Flight SQL driver (written in Go) through adbc_driver_flightsql.dbapi.
pyarrow: raw pyarrow.flight (Arrow C++): GetFlightInfo with a CommandStatementQuery, DoGet.
Both read the result into Arrow record batches, as flightsql-benchmark does.

Every client measures the same phases: from just before GetFlightInfo (ADBC: cursor.execute)
to the last batch of the last endpoint's DoGet; connecting is outside the timing. Besides
the total, each line has info_seconds (GetFlightInfo answered), first_batch_seconds and the
process's CPU seconds (user + system, every thread) spent in the run.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))


def fetch_adbc(url, sql, runs):
    import adbc_driver_flightsql.dbapi as dbapi

    with dbapi.connect(url) as connection:
        for run in range(1, runs + 1):
            cpu, start = time.process_time(), time.perf_counter()
            first = None
            rows = batches = 0
            with connection.cursor() as cursor:
                cursor.execute(sql)
                info = time.perf_counter() - start
                for batch in cursor.fetch_record_batch():
                    if first is None:
                        first = time.perf_counter() - start
                    rows += batch.num_rows
                    batches += 1
            yield run, rows, batches, time.perf_counter() - start, info, first, time.process_time() - cpu


def fetch_pyarrow(url, sql, runs):
    import pyarrow.flight as flight
    from pyarrow_flight_query import statement_query_command

    client = flight.connect(url)
    for run in range(1, runs + 1):
        cpu, start = time.process_time(), time.perf_counter()
        first = None
        rows = batches = 0
        info = client.get_flight_info(flight.FlightDescriptor.for_command(statement_query_command(sql)))
        info_seconds = time.perf_counter() - start
        for endpoint in info.endpoints:
            reader = client.do_get(endpoint.ticket)
            for chunk in reader:
                if first is None:
                    first = time.perf_counter() - start
                rows += chunk.data.num_rows
                batches += 1
        yield run, rows, batches, time.perf_counter() - start, info_seconds, first, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("client", choices=["adbc", "pyarrow"])
    parser.add_argument("url")
    parser.add_argument("sql")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    fetch = fetch_adbc if args.client == "adbc" else fetch_pyarrow
    for run, rows, batches, seconds, info, first, cpu in fetch(args.url, args.sql, args.runs):
        print(json.dumps({
            "client": args.client, "run": run, "rows": rows, "batches": batches, "seconds": seconds,
            "info_seconds": info, "first_batch_seconds": first or 0.0, "cpu_seconds": cpu,
        }), flush=True)


if __name__ == "__main__":
    main()
