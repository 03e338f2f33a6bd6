#!/usr/bin/env python3
"""Reference for `flightsql cat --format jsonl`: reads Arrow IPC files with pyarrow.

Usage: arrow_files_jsonl.py PATH...

Prints one JSON object per line, one per PATH, in order:
  {"path": PATH, "jsonl": "<the file's rows as canonical JSON lines>"}
or, when pyarrow cannot read or convert the file,
  {"path": PATH, "error": "<why>"}
Stream or file format is detected by content (the file format starts with ARROW1). One
process for all paths: pyarrow's import is the slow part.
"""
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import canonical_json  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.ipc as ipc  # noqa: E402


def table(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:6] == b"ARROW1":
        return ipc.open_file(pa.BufferReader(data)).read_all()
    return ipc.open_stream(pa.BufferReader(data)).read_all()


def main(paths):
    for path in paths:
        try:
            out = io.BytesIO()
            canonical_json.write_table(table(path), out)
            record = {"path": path, "jsonl": out.getvalue().decode("utf-8")}
        except Exception as error:  # any reason pyarrow cannot serve as the reference
            record = {"path": path, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(record))


if __name__ == "__main__":
    main(sys.argv[1:])
