import DBAPI

/// The type a result or table column has for this driver: what its declared SQLite type
/// means, and so which ``Value`` case the cursor yields for it (and which Arrow type a Flight
/// SQL server built on this driver exposes).
///
/// SQLite itself is dynamically typed: a column's declared type only gives it an affinity, and
/// any cell may hold any storage class. This driver takes the declared type at its word: every
/// cell is converted to the column's type, exactly, or reading it is a `dataError` naming the
/// column and the row (see `Docs/SQLite.md`).
public enum SQLiteColumnType: Sendable, Hashable, CustomStringConvertible {
    /// `INTEGER`, `INT`, `BIGINT`, …: ``Value/int(_:)`` (Arrow int64).
    case integer
    /// `REAL`, `DOUBLE`, `FLOAT`: ``Value/double(_:)`` (Arrow float64).
    case real
    /// `TEXT`, `VARCHAR(n)`, `CHAR`, `CLOB`: ``Value/string(_:)`` (Arrow utf8).
    case text
    /// `BLOB`: ``Value/bytes(_:)`` (Arrow binary).
    case blob
    /// `BOOLEAN`, `BOOL`: ``Value/bool(_:)`` (Arrow bool), stored as 0 or 1.
    case boolean
    /// `DATE`: ``Value/date(days:)`` (Arrow date32), stored as `YYYY-MM-DD` text.
    case date
    /// `DATETIME`, `TIMESTAMP`: ``Value/timestamp(_:_:timeZone:)`` in microseconds without a
    /// time zone (Arrow timestamp[us]), stored as ISO 8601 text in UTC.
    case timestamp
    /// `DECIMAL(p,s)`, `NUMERIC(p,s)`: ``Value/decimal(_:)`` with scale `s` and at most `p`
    /// digits (Arrow decimal128/256(p, s)).
    case decimal(precision: Int, scale: Int)
    /// `DECIMAL`, `NUMERIC` without a precision: ``Value/decimal(_:)`` with the scale each
    /// value has.
    case numeric
    /// No declared type (expressions, `SELECT 1 + 1`) or one this driver does not recognise
    /// (`JSON`, `MONEY`): typed by the first non-null value's storage class in the result.
    case unknown

    /// The column type for a declared type (as `sqlite3_column_decltype` or
    /// `PRAGMA table_info` report it). The rules, in order:
    ///
    /// 1. nil or blank → ``unknown``;
    /// 2. the base name (upper-cased, arguments in parentheses removed, `UNSIGNED`/`WITHOUT
    ///    TIME ZONE` noise kept) is matched exactly: `BOOLEAN`/`BOOL` → ``boolean``; `DATE` →
    ///    ``date``; `DATETIME`/`TIMESTAMP` (also `TIMESTAMP WITHOUT TIME ZONE`) →
    ///    ``timestamp``; `DECIMAL`/`NUMERIC` with `(p,s)` → ``decimal(precision:scale:)``,
    ///    with `(p)` → scale 0, without arguments (or invalid ones) → ``numeric``;
    /// 3. otherwise SQLite's own affinity rules decide, in SQLite's order: the name contains
    ///    `INT` → ``integer``; `CHAR`, `CLOB` or `TEXT` → ``text``; `BLOB` → ``blob``; `REAL`,
    ///    `FLOA` or `DOUB` → ``real``;
    /// 4. anything else → ``unknown`` (SQLite would give it NUMERIC affinity, but names such
    ///    as `JSON` or `UUID` usually hold text, so the values decide).
    public static func from(declaredType: String?) -> SQLiteColumnType {
        guard let declaredType else { return .unknown }
        let upper = declaredType.uppercased().trimmingWhitespace()
        guard !upper.isEmpty else { return .unknown }
        let (base, arguments) = splitArguments(upper)
        switch base {
        case "BOOLEAN", "BOOL": return .boolean
        case "DATE": return .date
        case "DATETIME", "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE": return .timestamp
        case "DECIMAL", "NUMERIC": return decimal(arguments: arguments)
        default: break
        }
        if upper.contains("INT") { return .integer }
        if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") { return .text }
        if upper.contains("BLOB") { return .blob }
        if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { return .real }
        return .unknown
    }

    /// The type of a column without a usable declared type, from a value's storage class
    /// (`SQLITE_INTEGER` … `SQLITE_BLOB`); nil for `SQLITE_NULL`.
    static func from(storageClass: Int32) -> SQLiteColumnType? {
        switch storageClass {
        case 1: .integer
        case 2: .real
        case 3: .text
        case 4: .blob
        default: nil
        }
    }

    /// The DB-API type code for the column's values (``TypeCode/null`` for an ``unknown``
    /// column whose type is not resolved yet).
    public var typeCode: TypeCode {
        switch self {
        case .integer: .integer
        case .real: .float
        case .text: .string
        case .blob: .binary
        case .boolean: .boolean
        case .date: .date
        case .timestamp: .timestamp
        case .decimal, .numeric: .decimal
        case .unknown: .null
        }
    }

    /// The Arrow type a Flight SQL server exposes for the column: `int64`, `double`, `utf8`,
    /// `binary`, `bool`, `date32[day]`, `timestamp[us]`, `decimal(p, s)`, `numeric`
    /// (no fixed scale) or `unknown`.
    public var description: String {
        switch self {
        case .integer: "int64"
        case .real: "double"
        case .text: "utf8"
        case .blob: "binary"
        case .boolean: "bool"
        case .date: "date32[day]"
        case .timestamp: "timestamp[us]"
        case .decimal(let precision, let scale): "decimal(\(precision), \(scale))"
        case .numeric: "numeric"
        case .unknown: "unknown"
        }
    }

    /// `"DECIMAL(10, 2)"` → (`"DECIMAL"`, `["10", "2"]`); whitespace inside the base name is
    /// collapsed to one space.
    private static func splitArguments(_ text: String) -> (base: String, arguments: [String]?) {
        guard let open = text.firstIndex(of: "(") else {
            return (text.split(whereSeparator: \.isWhitespace).joined(separator: " "), nil)
        }
        let base = text[..<open].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let close = text[open...].firstIndex(of: ")") else { return (base, []) }
        let inner = text[text.index(after: open)..<close]
        let arguments = inner.split(separator: ",").map { String($0).trimmingWhitespace() }
        return (base, arguments)
    }

    /// `DECIMAL`/`NUMERIC` with its arguments; anything that is not a valid `(p)` or `(p,s)`
    /// with 1 ≤ p and 0 ≤ s ≤ p is ``numeric``.
    private static func decimal(arguments: [String]?) -> SQLiteColumnType {
        guard let arguments, !arguments.isEmpty, arguments.count <= 2,
            let precision = Int(arguments[0]), precision >= 1
        else { return .numeric }
        let scale = arguments.count == 2 ? Int(arguments[1]) : 0
        guard let scale, scale >= 0, scale <= precision else { return .numeric }
        return .decimal(precision: precision, scale: scale)
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
