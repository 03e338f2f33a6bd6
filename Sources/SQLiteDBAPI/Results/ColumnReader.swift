import CSQLite
import DBAPI
import Foundation

/// Reads the cells of one result column, converting each SQLite value to the column's
/// ``SQLiteColumnType`` exactly, or failing with a `dataError` that names the column and row.
///
/// Confined to the database queue with its statement.
struct ColumnReader {
    /// The column's index in the result.
    let index: Int
    /// The column's name.
    let name: String
    /// The declared type (nil for expressions).
    let declaredType: String?
    /// The type from the declaration; ``SQLiteColumnType/unknown`` until resolved.
    private(set) var type: SQLiteColumnType

    /// Creates the reader of column `index` of `statement`.
    init(statement: OpaquePointer, index: Int) {
        self.index = index
        name = sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? "column\(index + 1)"
        declaredType = sqlite3_column_decltype(statement, Int32(index)).map { String(cString: $0) }
        type = SQLiteColumnType.from(declaredType: declaredType)
    }

    /// What ``ColumnDescription/nativeType`` says: the declared type, or for an undeclared
    /// column the storage class it was resolved to (`NULL` while unresolved).
    var nativeType: String {
        if let declaredType, !declaredType.trimmingWhitespace().isEmpty { return declaredType }
        switch type {
        case .integer: return "INTEGER"
        case .real: return "REAL"
        case .text: return "TEXT"
        case .blob: return "BLOB"
        default: return "NULL"
        }
    }

    /// Reads the cell of the current row into `builder`, which was made for this column.
    mutating func read(_ statement: OpaquePointer, row: Int, into builder: inout ColumnBuilder) throws(DBAPIError) {
        let column = Int32(index)
        let storage = sqlite3_column_type(statement, column)
        if storage == SQLITE_NULL {
            builder.appendNull()
            return
        }
        if case .unknown = type, let resolved = SQLiteColumnType.from(storageClass: storage) {
            type = resolved  // the first non-null value types an undeclared column
        }
        switch (type, builder.kind) {
        case (.integer, .integers):
            builder.integers.append(try integer(statement, storage, row))
        case (.real, .doubles):
            builder.doubles.append(try real(statement, storage, row))
        case (.text, .strings):
            builder.strings.append(try text(statement, storage, row))
        case (.blob, .blobs):
            builder.blobs.append(try blob(statement, storage, row))
        case (.boolean, .bools):
            builder.bools.append(try boolean(statement, storage, row))
        default:
            builder.values.append(try value(statement, storage, row))
        }
    }

    /// The cell as a `Value` of the column's type (for columns stored as values).
    private func value(_ statement: OpaquePointer, _ storage: Int32, _ row: Int) throws(DBAPIError) -> Value {
        switch type {
        case .integer: return .int(try integer(statement, storage, row))
        case .real: return .double(try real(statement, storage, row))
        case .text: return .string(try text(statement, storage, row))
        case .blob: return .bytes(try blob(statement, storage, row))
        case .boolean: return .bool(try boolean(statement, storage, row))
        case .date:
            guard storage == SQLITE_TEXT, let days = CivilTime.parseDate(rawText(statement)) else {
                throw mismatch(storage, row, "is not a YYYY-MM-DD date")
            }
            return .date(days: days)
        case .timestamp:
            guard storage == SQLITE_TEXT, let micros = CivilTime.parseTimestamp(rawText(statement)) else {
                throw mismatch(storage, row, "is not an ISO 8601 timestamp")
            }
            return .timestamp(micros, .microsecond, timeZone: nil)
        case .decimal(let precision, let scale):
            let exact = try decimal(statement, storage, row)
            guard let rescaled = exact.rescaled(to: scale), rescaled.precision <= precision else {
                throw mismatch(storage, row, "does not fit DECIMAL(\(precision),\(scale)) exactly")
            }
            return .decimal(rescaled)
        case .numeric:
            return .decimal(try decimal(statement, storage, row))
        case .unknown:
            return .null  // only reached for NULL cells, which `read` handles first
        }
    }

    private func integer(_ statement: OpaquePointer, _ storage: Int32, _ row: Int) throws(DBAPIError) -> Int64 {
        switch storage {
        case SQLITE_INTEGER:
            return sqlite3_column_int64(statement, Int32(index))
        case SQLITE_FLOAT:
            // Integer affinity keeps a REAL only when it is not an integer that fits.
            let number = sqlite3_column_double(statement, Int32(index))
            if let exact = Int64(exactly: number) { return exact }
            throw mismatch(storage, row, "is not an integer")
        case SQLITE_TEXT:
            if let parsed = Int64(String(decoding: rawText(statement), as: UTF8.self)) { return parsed }
            throw mismatch(storage, row, "is not an integer")
        default:
            throw mismatch(storage, row, "is not an integer")
        }
    }

    private func real(_ statement: OpaquePointer, _ storage: Int32, _ row: Int) throws(DBAPIError) -> Double {
        switch storage {
        case SQLITE_FLOAT:
            return sqlite3_column_double(statement, Int32(index))
        case SQLITE_INTEGER:
            let integer = sqlite3_column_int64(statement, Int32(index))
            if let exact = Double(exactly: integer) { return exact }
            throw mismatch(storage, row, "has no exact double")
        default:
            throw mismatch(storage, row, "is not a number")
        }
    }

    private func text(_ statement: OpaquePointer, _ storage: Int32, _ row: Int) throws(DBAPIError) -> String {
        guard storage != SQLITE_BLOB else { throw mismatch(storage, row, "is binary, not text") }
        // Numbers (possible in undeclared columns) read as SQLite's own text conversion.
        guard let text = String(validating: rawText(statement), as: UTF8.self) else {
            throw mismatch(storage, row, "is not valid UTF-8")
        }
        return text
    }

    private func blob(_ statement: OpaquePointer, _ storage: Int32, _ row: Int) throws(DBAPIError) -> Data {
        guard storage == SQLITE_BLOB else { throw mismatch(storage, row, "is not a blob") }
        let column = Int32(index)
        guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }

    private func boolean(_ statement: OpaquePointer, _ storage: Int32, _ row: Int) throws(DBAPIError) -> Bool {
        switch storage {
        case SQLITE_INTEGER:
            switch sqlite3_column_int64(statement, Int32(index)) {
            case 0: return false
            case 1: return true
            default: throw mismatch(storage, row, "is neither 0 nor 1")
            }
        case SQLITE_TEXT:
            switch String(decoding: rawText(statement), as: UTF8.self).lowercased() {
            case "true": return true
            case "false": return false
            default: throw mismatch(storage, row, "is neither 'true' nor 'false'")
            }
        default:
            throw mismatch(storage, row, "is not a boolean")
        }
    }

    /// An INTEGER, REAL (through its shortest round-tripping decimal representation, so
    /// `0.1` reads as exactly `0.1`) or numeric TEXT value as an exact decimal.
    private func decimal(_ statement: OpaquePointer, _ storage: Int32, _ row: Int) throws(DBAPIError) -> ExactDecimal {
        switch storage {
        case SQLITE_INTEGER:
            return ExactDecimal(sqlite3_column_int64(statement, Int32(index)))
        case SQLITE_FLOAT:
            let number = sqlite3_column_double(statement, Int32(index))
            if number.isFinite, let exact = ExactDecimal(number.description) { return exact }
            throw mismatch(storage, row, "is not a finite number")
        case SQLITE_TEXT:
            if let exact = ExactDecimal(String(decoding: rawText(statement), as: UTF8.self)) { return exact }
            throw mismatch(storage, row, "is not a decimal number")
        default:
            throw mismatch(storage, row, "is not a decimal number")
        }
    }

    /// The cell's bytes as text (SQLite converts numbers to text itself). Valid until the
    /// next call on the statement.
    private func rawText(_ statement: OpaquePointer) -> UnsafeBufferPointer<UInt8> {
        let column = Int32(index)
        guard let bytes = sqlite3_column_text(statement, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// The `dataError` for a cell that does not fit the column's type. The value itself is
    /// not shown (values never appear in error messages).
    private func mismatch(_ storage: Int32, _ row: Int, _ problem: String) -> DBAPIError {
        DBAPIError(
            .dataError,
            "the \(Self.storageName(storage)) value in column \(index) \"\(name)\", row \(row) (0-based) \(problem); "
                + "it does not fit the column's type \(type)",
            column: DBAPIError.ColumnContext(index: index, name: name, nativeType: nativeType, swiftType: "Value"))
    }

    /// `INTEGER`, `REAL`, `TEXT`, `BLOB` or `NULL`.
    static func storageName(_ storage: Int32) -> String {
        switch storage {
        case SQLITE_INTEGER: "INTEGER"
        case SQLITE_FLOAT: "REAL"
        case SQLITE_TEXT: "TEXT"
        case SQLITE_BLOB: "BLOB"
        default: "NULL"
        }
    }
}
