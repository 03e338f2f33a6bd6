"""The canonical JSON lines format: one JSON object per row, compact, exact.

The Swift CLI (`flightsql query --format jsonl`) prints the same bytes; integration tests
compare the two. Docs/Testing.md ("The canonical JSON lines format") is the specification;
this module is its reference implementation. Conversion works from each column's Arrow
type and, for temporal types, from the raw integers, so nothing is lost to Python's
datetime (nanoseconds, years outside 1..9999).
"""
import base64
import decimal
import json
import math
import struct

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.types as pt

_UNIT_DIGITS = {"s": 0, "ms": 3, "us": 6, "ns": 9}


def _string(s: str) -> str:
    # ensure_ascii=False keeps non-ASCII as UTF-8; json escapes ", \, and C0 controls.
    return json.dumps(s, ensure_ascii=False)


# Positional notation up to these magnitudes, exponential above: Swift's `description`
# rule (integers up to 2^53 / 2^24 print in full), which the Swift CLI uses. Float16 never
# switches (its largest value, 65504, is small).
_POSITIONAL_MAX = {64: 2.0**53, 32: 2.0**24, 16: math.inf}


def _format_shortest(x: float, text: str, width: int) -> str:
    """Format the shortest round-trip decimal `text` (any float syntax) of `x`, Swift style."""
    sign, digit_tuple, exponent = decimal.Decimal(text).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    trailing = len("".join(map(str, digit_tuple))) - len(digits)
    exp = len(digits) - 1 + exponent + trailing  # x = d.ddd * 10**exp
    minus = "-" if math.copysign(1.0, x) < 0 else ""
    if x == 0:
        return minus + "0.0"
    if exp >= -4 and abs(x) <= _POSITIONAL_MAX[width]:
        if exp >= 0:
            whole = digits[: exp + 1].ljust(exp + 1, "0")
            frac = digits[exp + 1:] or "0"
        else:
            whole = "0"
            frac = "0" * (-exp - 1) + digits
        return f"{minus}{whole}.{frac}"
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{minus}{mant}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"


def _shortest_text(x: float, width: int) -> str:
    """The shortest decimal text that reads back as the same float64/float32/float16."""
    if width == 64:
        return repr(x)  # Python's repr is the shortest round-trip text
    fmt = "<f" if width == 32 else "<e"
    packed = struct.pack(fmt, x)
    for p in range(1, 10):
        text = "%.*e" % (p - 1, x)
        try:
            if struct.pack(fmt, float(text)) == packed:
                return text
        except OverflowError:  # rounded past the format's largest finite value
            pass
    return repr(x)


def _float(x, width: int) -> str:
    if x is None:
        return "null"
    if math.isnan(x):
        return '"NaN"'
    if math.isinf(x):
        return '"Infinity"' if x > 0 else '"-Infinity"'
    if width == 16 and abs(x) == 65504.0:
        # Swift prints the largest finite Float16 in full, not as the shorter 65500.
        return "-65504.0" if x < 0 else "65504.0"
    if width == 64:
        # Fast path: Python's repr already is the canonical text except for integers-valued
        # magnitudes in (2^53, 1e16), which Python writes positionally and Swift does not.
        text = repr(float(x))
        if "e" in text or abs(x) <= _POSITIONAL_MAX[64]:
            return text
    return _format_shortest(float(x), _shortest_text(float(x), width), width)


def _decimal(d, scale: int) -> str:
    if d is None:
        return "null"
    sign, digits, exponent = d.as_tuple()  # exact, no context rounding
    unscaled = int("".join(map(str, digits)) or "0")
    # value = unscaled * 10**exponent; we want an integer n with value = n * 10**-scale.
    shift = exponent + scale
    n = unscaled * 10**shift if shift >= 0 else unscaled // 10**(-shift)
    text = str(n)
    if scale > 0:
        text = text.rjust(scale + 1, "0")
        text = text[:-scale] + "." + text[-scale:]
    elif scale < 0:
        text = str(n * 10**(-scale))
    return '"' + ("-" if sign and n != 0 else "") + text + '"'


def _civil_from_days(z: int):
    """Proleptic Gregorian (year, month, day) of days since 1970-01-01 (H. Hinnant)."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def _date_text(days: int) -> str:
    y, m, d = _civil_from_days(days)
    # Years outside 0..9999 keep their sign and digits: -0044, 10000.
    year = f"{y:04d}" if 0 <= y <= 9999 else (f"-{-y:04d}" if y < 0 else str(y))
    return f"{year}-{m:02d}-{d:02d}"


def _split(value: int, unit: str):
    per = 10 ** _UNIT_DIGITS[unit]
    return divmod(value, per)  # floor: the fraction is always >= 0


def _frac(frac: int, unit: str) -> str:
    n = _UNIT_DIGITS[unit]
    return "" if n == 0 else "." + str(frac).rjust(n, "0")


def _time_text(value: int, unit: str) -> str:
    secs, frac = _split(value, unit)
    h, rem = divmod(secs % 86400, 3600)  # values outside one day wrap into it
    mi, s = divmod(rem, 60)
    return f'"{h:02d}:{mi:02d}:{s:02d}{_frac(frac, unit)}"'


def _timestamp_text(value: int, unit: str, tz) -> str:
    secs, frac = _split(value, unit)
    days, sod = divmod(secs, 86400)
    h, rem = divmod(sod, 3600)
    mi, s = divmod(rem, 60)
    z = "Z" if tz else ""
    return f'"{_date_text(days)}T{h:02d}:{mi:02d}:{s:02d}{_frac(frac, unit)}{z}"'


def _duration_text(value: int, unit: str) -> str:
    sign = "-" if value < 0 else ""
    secs, frac = divmod(abs(value), 10 ** _UNIT_DIGITS[unit])
    return f'"{sign}PT{secs}{_frac(frac, unit)}S"'


def _raw(arr: pa.Array, width: int):
    return arr.view(pa.int32() if width == 32 else pa.int64()).to_pylist()


def convert(arr: pa.Array) -> list:
    """The canonical JSON text of every element of `arr` (nulls as `null`)."""
    t = arr.type
    n = len(arr)
    valid = arr.is_valid().to_pylist() if n else []

    def per_value(values, fn):
        return [fn(v) if ok else "null" for v, ok in zip(values, valid)]

    if pt.is_dictionary(t):
        return convert(arr.dictionary_decode())
    if t.id == pa.run_end_encoded(pa.int32(), pa.int8()).id:
        return convert(pc.run_end_decode(arr))
    if isinstance(t, pa.BaseExtensionType):  # Python-defined and built-in (arrow.uuid) alike
        return convert(arr.storage)
    if pt.is_null(t):
        return ["null"] * n
    if pt.is_boolean(t):
        return per_value(arr.to_pylist(), lambda v: "true" if v else "false")
    if pt.is_integer(t):
        return per_value(arr.to_pylist(), str)
    if pt.is_float16(t):
        return per_value(arr.to_pylist(), lambda v: _float(v, 16))
    if pt.is_float32(t):
        return per_value(arr.to_pylist(), lambda v: _float(v, 32))
    if pt.is_float64(t):
        return per_value(arr.to_pylist(), lambda v: _float(v, 64))
    if pt.is_decimal(t):
        return per_value(arr.to_pylist(), lambda v: _decimal(v, t.scale))
    if pt.is_string(t) or pt.is_large_string(t) or pt.is_string_view(t):
        return per_value(arr.to_pylist(), _string)
    if pt.is_binary(t) or pt.is_large_binary(t) or pt.is_fixed_size_binary(t) or pt.is_binary_view(t):
        return per_value(arr.to_pylist(), lambda v: '"' + base64.b64encode(v).decode("ascii") + '"')
    if pt.is_date32(t):
        return per_value(_raw(arr, 32), lambda v: '"' + _date_text(v) + '"')
    if pt.is_date64(t):
        return per_value(_raw(arr, 64), lambda v: '"' + _date_text(v // 86_400_000) + '"')
    if pt.is_time32(t) or pt.is_time64(t):
        return per_value(_raw(arr, 32 if pt.is_time32(t) else 64), lambda v: _time_text(v, t.unit))
    if pt.is_timestamp(t):
        return per_value(_raw(arr, 64), lambda v: _timestamp_text(v, t.unit, t.tz))
    if pt.is_duration(t):
        return per_value(_raw(arr, 64), lambda v: _duration_text(v, t.unit))
    if pt.is_interval(t):
        name = str(t)
        if name == "month_interval":
            return per_value(_raw(arr, 32), lambda v: f'{{"months":{v}}}')
        if name == "day_time_interval":
            def day_time(v):
                days = struct.unpack("<i", struct.pack("<q", v)[:4])[0]
                ms = struct.unpack("<i", struct.pack("<q", v)[4:])[0]
                return f'{{"days":{days},"milliseconds":{ms}}}'
            return per_value(_raw(arr, 64), day_time)
        return per_value(arr.to_pylist(),
                         lambda v: f'{{"months":{v.months},"days":{v.days},"nanoseconds":{v.nanoseconds}}}')
    if pt.is_map(t):
        def one_map(i):
            entries = arr[i].values  # a struct array of key/value, or None
            if entries is None:
                return "[]"
            keys, items = convert(entries.field(0)), convert(entries.field(1))
            return "[" + ",".join(f"[{k},{v}]" for k, v in zip(keys, items)) + "]"
        return [one_map(i) if valid[i] else "null" for i in range(n)]
    if (pt.is_list(t) or pt.is_large_list(t) or pt.is_fixed_size_list(t)
            or pt.is_list_view(t) or pt.is_large_list_view(t)):
        def one_list(i):
            values = arr[i].values
            return "[" + ",".join(convert(values) if values is not None else []) + "]"
        return [one_list(i) if valid[i] else "null" for i in range(n)]
    if pt.is_struct(t):
        names = [_string(t.field(j).name) for j in range(t.num_fields)]
        children = [convert(c) for c in arr.flatten()]  # respects the array's offset
        return ["{" + ",".join(f"{names[j]}:{children[j][i]}" for j in range(len(names))) + "}"
                if valid[i] else "null" for i in range(n)]
    if pt.is_union(t):
        children = [convert(arr.field(j)) for j in range(t.num_fields)]
        codes = arr.type_codes.to_pylist()
        index_of = {code: j for j, code in enumerate(t.type_codes)}
        dense = t.mode == "dense"
        offsets = arr.offsets.to_pylist() if dense else None
        out = []
        for i in range(n):
            j = index_of[codes[i]]
            out.append(children[j][offsets[i] if dense else i])
        return out
    raise TypeError(f"canonical JSON: unsupported Arrow type {t}")


def table_lines(table: pa.Table):
    """Yield one canonical JSON line (without newline) per row of `table`."""
    names = [_string(f.name) for f in table.schema]
    columns = [convert(col.combine_chunks()) if col.num_chunks else [] for col in table.columns]
    for i in range(table.num_rows):
        yield "{" + ",".join(f"{names[j]}:{columns[j][i]}" for j in range(len(names))) + "}"


def write_table(table: pa.Table, out) -> None:
    """Write `table` to the binary stream `out` as canonical JSON lines (UTF-8, '\\n')."""
    for line in table_lines(table):
        out.write(line.encode("utf-8") + b"\n")
