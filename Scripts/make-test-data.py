#!/usr/bin/env python3
"""Write the integration tests' data sets into a folder (default .ci/work/data).

Run with the venv's python (it needs pyarrow): Scripts/setup.sh makes the venv.
Deterministic: the same files (same values) on every run, so tests may assert exact values.
The columns are documented in Docs/Testing.md; keep the two in step.

  types.parquet  one row per case over many Arrow types, with nulls (roapi table `types`)
  trips.csv      1000 rows of taxi-like trips (roapi table `trips`)
  big.parquet    2,000,000 rows (roapi table `big`), for streaming and flow-control tests
  types_extra.arrow  an Arrow IPC file with the types Parquet cannot hold (roapi table
                 `types_extra`): time32[s], timestamp[s], float16, decimal256, utf8_view,
                 binary_view, month_day_nano interval, null, run-end encoded
"""
import argparse
import csv
import datetime as dt
import decimal
import os
import struct
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

D = decimal.Decimal


def types_table() -> pa.Table:
    """Five rows: minimum-ish, maximum-ish, zero-ish, an odd one, and all nulls (row id 4)."""
    n = 5

    def col(typ, values):
        assert len(values) == n, typ
        return pa.array(values, type=typ)

    utc = dt.timezone.utc
    cols = {
        "id": col(pa.int32(), [0, 1, 2, 3, 4]),
        "bool_col": col(pa.bool_(), [True, False, True, False, None]),
        "int8_col": col(pa.int8(), [-128, 127, 0, -1, None]),
        "int16_col": col(pa.int16(), [-32768, 32767, 0, -1, None]),
        "int32_col": col(pa.int32(), [-2147483648, 2147483647, 0, -1, None]),
        "int64_col": col(pa.int64(), [-9223372036854775808, 9223372036854775807, 0, -1, None]),
        "uint8_col": col(pa.uint8(), [0, 255, 1, 128, None]),
        "uint16_col": col(pa.uint16(), [0, 65535, 1, 32768, None]),
        "uint32_col": col(pa.uint32(), [0, 4294967295, 1, 2147483648, None]),
        "uint64_col": col(pa.uint64(), [0, 18446744073709551615, 1, 9223372036854775808, None]),
        "float32_col": col(pa.float32(), [-1.5, 3.4028234663852886e38, float("nan"), float("inf"), None]),
        "float64_col": col(pa.float64(), [-0.1, 1.7976931348623157e308, 5e-324, float("-inf"), None]),
        "decimal_10_2_col": col(pa.decimal128(10, 2), [D("-0.05"), D("99999999.99"), D("0.00"), D("12.30"), None]),
        "decimal_38_10_col": col(pa.decimal128(38, 10), [
            D("-1234567890123456789012345678.0123456789"),
            D("9999999999999999999999999999.9999999999"),
            D("0E-10"), D("1.0000000001"), None]),
        "decimal_5_0_col": col(pa.decimal128(5, 0), [D("-99999"), D("99999"), D("0"), D("42"), None]),
        "utf8_col": col(pa.utf8(), ["", "hello", "héllo wörld ✓", "tab\tquote\"back\\slash\nnl", None]),
        "large_utf8_col": col(pa.large_utf8(), ["a", "日本語", "", "emoji 😀", None]),
        "binary_col": col(pa.binary(), [b"", b"\x00\x01\x02\xff", b"abc", bytes(range(16)), None]),
        "large_binary_col": col(pa.large_binary(), [b"x", b"", b"\xfe\xff", b"\x00", None]),
        "fixed_binary_col": col(pa.binary(4), [b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", b"abcd", b"\x01\x02\x03\x04", None]),
        "date32_col": col(pa.date32(), [dt.date(1970, 1, 1), dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2024, 2, 29), None]),
        "date64_col": col(pa.date64(), [dt.date(1970, 1, 1), dt.date(2000, 1, 1), dt.date(1900, 3, 1), dt.date(2024, 2, 29), None]),
        "time32_s_col": col(pa.time32("s"), [0, 86399, 3600, 45296, None]),
        "time32_ms_col": col(pa.time32("ms"), [0, 86399999, 1, 45296789, None]),
        "time64_us_col": col(pa.time64("us"), [0, 86399999999, 1, 45296789012, None]),
        "time64_ns_col": col(pa.time64("ns"), [0, 86399999999999, 1, 45296789012345, None]),
        "ts_s_col": col(pa.timestamp("s"), [0, 253402300799, -1, 1700000000, None]),
        "ts_ms_col": col(pa.timestamp("ms"), [0, 1700000000123, -1, 951782400000, None]),
        "ts_us_col": col(pa.timestamp("us"), [0, 1700000000123456, -1, 951782400000001, None]),
        "ts_ns_col": col(pa.timestamp("ns"), [0, 1700000000123456789, -1, 9223372036854775807, None]),
        "ts_s_utc_col": col(pa.timestamp("s", tz="UTC"), [0, 1700000000, -86400, 1, None]),
        "ts_ms_tz_col": col(pa.timestamp("ms", tz="+02:00"), [0, 1700000000123, -1, 1, None]),
        "ts_us_utc_col": col(pa.timestamp("us", tz="UTC"), [0, 1700000000123456, -1, 1, None]),
        "ts_ns_tz_col": col(pa.timestamp("ns", tz="America/New_York"), [0, 1700000000123456789, -1, 1, None]),
        "duration_s_col": col(pa.duration("s"), [0, 86400, -1, 3661, None]),
        "duration_ms_col": col(pa.duration("ms"), [0, 1500, -1500, 1, None]),
        "duration_us_col": col(pa.duration("us"), [0, 1000001, -1, 86400000000, None]),
        "duration_ns_col": col(pa.duration("ns"), [0, 1, -1000000001, 9223372036854775807, None]),
        "list_int_col": col(pa.list_(pa.int32()), [[], [1, 2, 3], [None, -1], [2147483647], None]),
        "fixed_list_f64_col": col(pa.list_(pa.float64(), 3), [[0.0, 1.0, 2.0], [-1.5, 2.5, 1e300], [None, 0.5, 0.25], [1.0, 1.0, 1.0], None]),
        "struct_col": col(pa.struct([("a", pa.int64()), ("b", pa.utf8()), ("c", pa.list_(pa.int16()))]), [
            {"a": 1, "b": "x", "c": [1]}, {"a": None, "b": "y", "c": []}, {"a": -1, "b": None, "c": None},
            {"a": 9223372036854775807, "b": "z", "c": [1, None]}, None]),
        "map_col": col(pa.map_(pa.utf8(), pa.int32()), [
            [("a", 1)], [], [("x", 1), ("y", None)], [("k", -5), ("l", 6), ("m", 7)], None]),
    }
    return pa.table(cols)


def types_extra_table() -> pa.Table:
    """Four rows (id 3 null everywhere) of types that only an Arrow IPC file keeps exactly.

    Left out because roapi cannot serve them (its data and FlightInfo schemas disagree, or
    its Arrow version panics on them): dictionary, large_list, unions, list_view,
    decimal32/64.
    """
    def f16(values):
        bits = [0 if v is None else v for v in values]
        validity = [v is not None for v in values]
        mask = pa.array(validity).buffers()[1]
        return pa.Array.from_buffers(pa.float16(), len(values), [mask, pa.py_buffer(struct.pack(f"<{len(values)}e", *bits))],
                                     null_count=validity.count(False))

    return pa.table({
        "id": pa.array([0, 1, 2, 3], pa.int32()),
        "time32_s_col": pa.array([0, 86399, 45296, None], pa.time32("s")),
        "ts_s_col": pa.array([0, 253402300799, -1, None], pa.timestamp("s")),
        "ts_s_tz_col": pa.array([0, 1700000000, -62135596800, None], pa.timestamp("s", tz="Asia/Tokyo")),
        "float16_col": f16([1.5, 65504.0, -0.0, None]),
        "decimal256_col": pa.array([D("-0.5"), D("123456789012345678901234567890123456789012345678.90"), D("0.00"), None],
                                   pa.decimal256(50, 2)),
        "utf8_view_col": pa.array(["short", "a string longer than twelve bytes ✓", "", None], pa.string_view()),
        "binary_view_col": pa.array([b"\x00", b"0123456789abcdef", b"", None], pa.binary_view()),
        "interval_mdn_col": pa.array([pa.MonthDayNano([1, 2, 3]), pa.MonthDayNano([-1, -2, -3]),
                                      pa.MonthDayNano([0, 0, 86400000000000]), None], pa.month_day_nano_interval()),
        "null_col": pa.nulls(4),
        "ree_col": pc.run_end_encode(pa.array([7, 7, -1, None], pa.int64())),
    })


def write_trips(path: str, rows: int = 1000) -> None:
    """id,city,fare,ts,passengers: fares have 2 decimals; every 97th fare and 89th city empty."""
    cities = ["Amsterdam", "Berlin", "Chicago", "Delhi", "Edinburgh", "Fès", "Gdańsk", "Hà Nội"]
    base = dt.datetime(2024, 1, 1, 0, 0, 0)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "city", "fare", "ts", "passengers"])
        for i in range(1, rows + 1):
            city = "" if i % 89 == 0 else cities[(i * 7) % len(cities)]
            fare = "" if i % 97 == 0 else f"{(i * 37 % 10000) / 100 + 2.5:.2f}"
            ts = (base + dt.timedelta(minutes=17 * i, seconds=i % 60)).strftime("%Y-%m-%dT%H:%M:%S")
            passengers = 1 + (i * 13) % 6
            w.writerow([i, city, fare, ts, passengers])


def write_big(path: str, rows: int = 2_000_000) -> None:
    """id 0..rows-1 (int64), value = id * 0.5 (float64), label 'row-<id mod 1000>' (utf8)."""
    batch = 250_000
    schema = pa.schema([("id", pa.int64()), ("value", pa.float64()), ("label", pa.utf8())])
    labels = pa.array([f"row-{k}" for k in range(1000)])
    with pq.ParquetWriter(path, schema, compression="snappy") as w:
        for start in range(0, rows, batch):
            stop = min(rows, start + batch)
            ids = pa.array(range(start, stop), type=pa.int64())
            values = pa.array([k * 0.5 for k in range(start, stop)], type=pa.float64())
            label = labels.take(pa.array([k % 1000 for k in range(start, stop)], type=pa.int32()))
            w.write_table(pa.table([ids, values, label], schema=schema), row_group_size=batch)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".ci", "work", "data"))
    ap.add_argument("--big-rows", type=int, default=2_000_000)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    # Write to temporary names and rename, so an interrupted run never leaves a half file
    # that a later (idempotent) run would take as done.
    t = types_table()
    pq.write_table(t, os.path.join(out, "types.parquet.tmp"))
    os.replace(os.path.join(out, "types.parquet.tmp"), os.path.join(out, "types.parquet"))
    extra = types_extra_table()
    with pa.OSFile(os.path.join(out, "types_extra.arrow.tmp"), "wb") as f:
        with pa.ipc.new_file(f, extra.schema) as w:
            w.write_table(extra)
    os.replace(os.path.join(out, "types_extra.arrow.tmp"), os.path.join(out, "types_extra.arrow"))
    write_trips(os.path.join(out, "trips.csv.tmp"))
    os.replace(os.path.join(out, "trips.csv.tmp"), os.path.join(out, "trips.csv"))
    write_big(os.path.join(out, "big.parquet.tmp"), args.big_rows)
    os.replace(os.path.join(out, "big.parquet.tmp"), os.path.join(out, "big.parquet"))
    print(f"test data written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
