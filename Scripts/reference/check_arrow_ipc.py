#!/usr/bin/env python3
"""Third-party judge for the Swift Arrow IPC writer: reads IPC data with pyarrow.

Usage:
  check_arrow_ipc.py dump PATH            read a stream or file, validate it fully and print
                                          {"format", "schema", "num_batches", "rows"} as JSON
  check_arrow_ipc.py dumpall PATH...      the same for several paths, as a JSON list
  check_arrow_ipc.py schema PATH          read one encapsulated schema message (as Flight's
                                          FlightInfo.schema holds it) and print its fields
  check_arrow_ipc.py compare GOLD MINE... for each pair GOLD/MINE (repeated), check that
                                          MINE reads to a table equal to GOLD's; print JSON

Values are made JSON-safe: bytes as hex, decimals, dates and times as strings,
intervals as lists, NaN and infinities as strings.
"""
import datetime
import decimal
import json
import math
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc


def read(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:6] == b"ARROW1":
        reader = ipc.open_file(pa.BufferReader(data))
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        return "file", reader.schema, batches
    reader = ipc.open_stream(pa.BufferReader(data))
    batches = list(reader)
    return "stream", reader.schema, batches


def table_of(schema, batches, full=True):
    table = pa.Table.from_batches(batches, schema=schema)
    for batch in batches:
        batch.validate(full=full)
    return table


def fully_valid(schema, batches):
    """Some gold files hold values full validation rejects (decimals beyond their
    precision, date64 values that are not whole days); only the structure is checked then."""
    try:
        table_of(schema, batches, full=True)
        return True
    except pa.ArrowInvalid:
        return False


def plain(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if hasattr(value, "months") and hasattr(value, "nanoseconds"):
        return [value.months, value.days, value.nanoseconds]
    return str(value)


def fallback(column):
    """Values pyarrow cannot turn into Python objects: temporal values beyond datetime
    (nanoseconds, far dates) as their stored integers; types without a Python class
    (year-month and day-time intervals) as "<value>" or None, so nullness is still seen."""
    try:
        width = pa.int32() if column.type.bit_width == 32 else pa.int64()
        return column.cast(width).to_pylist()
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, ValueError, KeyError):
        return ["<value>" if flag else None for flag in pc.is_valid(column).to_pylist()]


def dump(path):
    print(json.dumps(summary(path)))


def summary(path):
    kind, schema, batches = read(path)
    table = table_of(schema, batches)
    fields = [
        {"name": field.name, "type": str(field.type), "nullable": field.nullable,
         "metadata": {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}}
        for field in schema
    ]
    columns = {}
    for name, column in zip(table.column_names, table.columns):
        try:
            columns[name] = [plain(value) for value in column.to_pylist()]
        except (ValueError, OverflowError, KeyError):
            columns[name] = fallback(column)
    rows = [{name: columns[name][index] for name in table.column_names} for index in range(table.num_rows)]
    metadata = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()}
    return {"format": kind, "schema": fields, "metadata": metadata, "num_batches": len(batches), "rows": rows}


def compare(paths):
    results = []
    for gold, mine in zip(paths[0::2], paths[1::2]):
        try:
            _, gold_schema, gold_batches = read(gold)
            _, mine_schema, mine_batches = read(mine)
            full = fully_valid(gold_schema, gold_batches)
            expected = table_of(gold_schema, gold_batches, full=False)
            actual = table_of(mine_schema, mine_batches, full=full)
            equal = actual.schema.equals(expected.schema, check_metadata=True) and actual.equals(expected)
            results.append({"gold": gold, "equal": bool(equal),
                            "detail": "" if equal else f"{actual.schema} vs {expected.schema}"})
        except Exception as error:  # report, so the Swift test names the file
            results.append({"gold": gold, "equal": False, "detail": f"{type(error).__name__}: {error}"})
    print(json.dumps(results))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "schema":
        with open(sys.argv[2], "rb") as handle:
            schema = ipc.read_schema(pa.py_buffer(handle.read()))
        print(json.dumps({
            "fields": [{"name": field.name, "type": str(field.type), "nullable": field.nullable} for field in schema],
            "metadata": {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()},
        }))
    elif len(sys.argv) >= 3 and sys.argv[1] == "dumpall":
        print(json.dumps([summary(path) for path in sys.argv[2:]]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "compare" and len(sys.argv) % 2 == 0:
        compare(sys.argv[2:])
    else:
        sys.exit(__doc__)
