import CSQLite
import DBAPI
import Foundation

/// Binds `Value`s to a prepared statement's `?` parameters with `sqlite3_bind_*`: values
/// travel separately from the SQL text, so no parameter can change a statement's meaning.
enum ParameterBinding {
    /// Throws a `programmingError` if the statement uses named parameters (`:name`, `@name`,
    /// `$name`): the DB-API's paramstyle is qmark, and binding by position would silently
    /// pair values with names. Checked once per statement, not per parameter set.
    static func checkPositional(_ statement: OpaquePointer) throws(DBAPIError) {
        let count = sqlite3_bind_parameter_count(statement)
        guard count > 0 else { return }
        for index in 1...count {
            if let name = sqlite3_bind_parameter_name(statement, index), name.pointee != CChar(UInt8(ascii: "?")) {
                throw DBAPIError(.programmingError, "named parameters are not supported; use ? (paramstyle qmark)")
            }
        }
    }

    /// Binds `parameters` to `statement` (on the database queue); it must have exactly
    /// `parameters.count` of them.
    static func bind(_ parameters: [Value], to statement: OpaquePointer, handle: OpaquePointer) throws(DBAPIError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            throw DBAPIError(
                .programmingError,
                "the statement has \(expected) parameter(s) but \(parameters.count) were supplied")
        }
        var index: Int32 = 1
        for value in parameters {
            let code = try bindOne(value, at: index, to: statement)
            guard code == SQLITE_OK else { throw SQLiteErrors.error(code: code, handle: handle) }
            index += 1
        }
    }

    /// Binds one value; returns SQLite's result code.
    ///
    /// - integers, booleans (0/1): INTEGER; an unsigned value above `Int64.max` is a
    ///   `dataError`, since SQLite's integers are signed 64-bit;
    /// - floats: REAL (a `Float` widens exactly); NaN is a `dataError` (SQLite would store NULL);
    /// - decimals: their exact text (`"12.30"`); a NUMERIC-affinity column then stores them as
    ///   SQLite converts such text (INTEGER or REAL), a TEXT column keeps the digits;
    /// - text, blobs: copied (`SQLITE_TRANSIENT`), embedded NULs included;
    /// - dates: `YYYY-MM-DD`; timestamps: `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC (the instant,
    ///   whatever the value's time zone); times: `HH:MM:SS[.ffffff]`;
    /// - unions: as their member's value;
    /// - durations, intervals, lists, structs and maps: `notSupportedError`.
    private static func bindOne(_ value: Value, at index: Int32, to statement: OpaquePointer) throws(DBAPIError) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(statement, index)
        case .bool(let flag):
            return sqlite3_bind_int64(statement, index, flag ? 1 : 0)
        case .int(let integer):
            return sqlite3_bind_int64(statement, index, integer)
        case .uint(let integer):
            guard let signed = Int64(exactly: integer) else {
                throw parameterError(.dataError, index, "is an unsigned integer beyond SQLite's 64-bit signed range")
            }
            return sqlite3_bind_int64(statement, index, signed)
        case .float(let number):
            return try bindDouble(Double(number), at: index, to: statement)
        case .double(let number):
            return try bindDouble(number, at: index, to: statement)
        case .decimal(let decimal):
            return bindText(decimal.description, at: index, to: statement)
        case .string(let text):
            return bindText(text, at: index, to: statement)
        case .bytes(let data):
            return bindBlob(data, at: index, to: statement)
        case .date(let days):
            return try bindTemporal(CivilTime.dateText(days: Int64(days)), at: index, to: statement)
        case .dateMilliseconds(let milliseconds):
            let (days, rest) = milliseconds.floorDivided(by: 86_400_000)
            let text = rest == 0
                ? CivilTime.dateText(days: days) : CivilTime.timestampText(count: milliseconds, unit: .millisecond)
            return try bindTemporal(text, at: index, to: statement)
        case .timestamp(let count, let unit, _):
            return try bindTemporal(CivilTime.timestampText(count: count, unit: unit), at: index, to: statement)
        case .time(let count, let unit):
            guard count >= 0, count < unit.perSecond * 86_400 else {
                throw parameterError(.dataError, index, "is a time of day outside 00:00–24:00")
            }
            return bindText(CivilTime.timeText(count: count, unit: unit), at: index, to: statement)
        case .union(_, let member):
            return try bindOne(member, at: index, to: statement)
        case .duration, .intervalYearMonth, .intervalDayTime, .intervalMonthDayNano, .list, .struct, .map:
            throw parameterError(.notSupportedError, index, "is a \(value.kindName), which SQLite cannot store")
        }
    }

    private static func bindDouble(_ number: Double, at index: Int32, to statement: OpaquePointer) throws(DBAPIError) -> Int32 {
        guard !number.isNaN else { throw parameterError(.dataError, index, "is NaN, which SQLite stores as NULL") }
        return sqlite3_bind_double(statement, index, number)
    }

    private static func bindTemporal(_ text: String?, at index: Int32, to statement: OpaquePointer) throws(DBAPIError) -> Int32 {
        guard let text else { throw parameterError(.dataError, index, "is a date outside the years 0000–9999") }
        return bindText(text, at: index, to: statement)
    }

    private static func bindText(_ text: String, at index: Int32, to statement: OpaquePointer) -> Int32 {
        var text = text
        return text.withUTF8 { buffer in
            // A nil pointer would bind NULL; an empty string must stay ''.
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return sqlite3_bind_text(statement, index, "", 0, cflightsql_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                sqlite3_bind_text64(
                    statement, index, pointer, sqlite3_uint64(buffer.count), cflightsql_sqlite_transient(),
                    UInt8(SQLITE_UTF8))
            }
        }
    }

    private static func bindBlob(_ data: Data, at index: Int32, to statement: OpaquePointer) -> Int32 {
        data.withUnsafeBytes { buffer in
            // A nil pointer would bind NULL; an empty blob must stay X''.
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return sqlite3_bind_zeroblob(statement, index, 0)
            }
            return sqlite3_bind_blob64(
                statement, index, base, sqlite3_uint64(buffer.count), cflightsql_sqlite_transient())
        }
    }

    private static func parameterError(_ kind: DBAPIError.Kind, _ index: Int32, _ problem: String) -> DBAPIError {
        DBAPIError(kind, "parameter \(index) \(problem)")
    }
}
