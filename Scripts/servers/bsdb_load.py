#!/usr/bin/env python3
"""Give a freshly started benostreamdb-flight the test tables, over Flight SQL (ADBC).

  bsdb_load.py URL DATA_DIR

benostreamdb-flight starts with an empty catalog; its warehouse (BSDB_WAREHOUSE) only holds
tables created through SQL. So, after each start:
  - DataFusion external tables over the generated files, in the default catalog
    (`datafusion.public`): `types` and `big` (Parquet: strings come back as utf8_view,
    binaries as binary_view) and `trips` (CSV: strings stay utf8);
  - a native BenoStreamDB table `testdb.main.people` (written to the warehouse) with 3 rows,
    for DDL/DML tests.
External tables are shared by all connections (registered on the server's context).
"""
import sys
import warnings

import adbc_driver_flightsql.dbapi as dbapi


def main() -> int:
    url, data = sys.argv[1], sys.argv[2]
    statements = [
        f"CREATE EXTERNAL TABLE types STORED AS PARQUET LOCATION '{data}/types.parquet'",
        f"CREATE EXTERNAL TABLE big STORED AS PARQUET LOCATION '{data}/big.parquet'",
        f"CREATE EXTERNAL TABLE types_extra STORED AS ARROW LOCATION '{data}/types_extra.arrow'",
        f"CREATE EXTERNAL TABLE trips STORED AS CSV LOCATION '{data}/trips.csv' "
        "OPTIONS ('format.has_header' 'true')",
        "CREATE DATABASE IF NOT EXISTS testdb",
        "CREATE SCHEMA IF NOT EXISTS testdb.main",
        "CREATE TABLE testdb.main.people (id BIGINT, name VARCHAR, score DOUBLE, active BOOLEAN, "
        "born DATE, seen TIMESTAMP)",
        "INSERT INTO testdb.main.people VALUES "
        "(1, 'Alice', 1.5, true, DATE '1990-01-02', TIMESTAMP '2024-01-01 10:00:00'), "
        "(2, 'Bob', -2.25, false, DATE '1985-12-31', TIMESTAMP '2024-06-30 23:59:59.123456'), "
        "(3, NULL, NULL, NULL, NULL, NULL)",
    ]
    warnings.simplefilter("ignore")  # "Cannot disable autocommit": expected
    with dbapi.connect(url, autocommit=True) as conn:
        for sql in statements:
            with conn.cursor() as cur:
                try:
                    cur.execute(sql)
                except Exception as e:
                    print(f"bsdb_load: {sql}\n  failed: {e}", file=sys.stderr)
                    return 1
        with conn.cursor() as cur:
            cur.execute("SELECT (SELECT count(*) FROM types) AS t, (SELECT count(*) FROM trips) AS r, "
                        "(SELECT count(*) FROM big) AS b, (SELECT count(*) FROM testdb.main.people) AS p")
            counts = cur.fetchone()
    print(f"bsdb_load: types={counts[0]} trips={counts[1]} big={counts[2]} testdb.main.people={counts[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
