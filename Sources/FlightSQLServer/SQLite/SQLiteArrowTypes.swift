import Arrow
import DBAPI
import SQLiteDBAPI

/// The Arrow types SQLite columns are served as (`Docs/SQLite.md`, `Docs/Server.md`).
enum SQLiteArrowTypes {
    /// The scale given to `NUMERIC`/`DECIMAL` columns declared without one.
    static let defaultNumericScale = 10

    /// The Arrow type of a column of `type`; `nil` for ``SQLiteColumnType/unknown``.
    static func arrowType(_ type: SQLiteColumnType) -> ArrowType? {
        switch type {
        case .integer: .int64
        case .real: .float64
        case .text: .utf8
        case .blob: .binary
        case .boolean: .bool
        case .date: .date32
        case .timestamp: .timestamp(.microsecond, timeZone: nil)
        case .decimal(let precision, let scale): decimal(precision: precision, scale: scale)
        case .numeric: decimal(precision: 38, scale: defaultNumericScale)
        case .unknown: nil
        }
    }

    /// decimal128 up to 38 digits, decimal256 beyond (76 at most).
    static func decimal(precision: Int, scale: Int) -> ArrowType {
        let precision = min(max(precision, 1), 76)
        return .decimal(bitWidth: precision > 38 ? 256 : 128, precision: precision, scale: min(max(scale, 0), precision))
    }

    /// The Arrow type of a column known only by its DB-API type code (result columns typed
    /// by their values); text when nothing is known, so any later value still fits.
    static func arrowType(_ code: TypeCode) -> ArrowType {
        switch code {
        case .integer: .int64
        case .float: .float64
        case .binary: .binary
        case .boolean: .bool
        case .date: .date32
        case .timestamp: .timestamp(.microsecond, timeZone: nil)
        default: .utf8
        }
    }

    /// The field of a result column.
    static func field(_ column: ColumnDescription) -> Field {
        let info = column.driverInfo as? SQLiteColumnInfo
        let type = info.flatMap { arrowType($0.type) } ?? arrowType(column.typeCode)
        var metadata: [KeyValue] = []
        if let declared = info?.declaredType { metadata.append(KeyValue(key: "ARROW:FLIGHT:SQL:TYPE_NAME", value: declared)) }
        return Field(name: column.name, type: type, isNullable: column.nullOK ?? true, metadata: metadata)
    }

    /// The field of a table column (GetTables' `table_schema`, prepared statements).
    static func field(_ column: SQLiteColumn, table: String, schema: String) -> Field {
        let type = arrowType(column.type) ?? .utf8
        var metadata = [
            KeyValue(key: "ARROW:FLIGHT:SQL:TABLE_NAME", value: table),
            KeyValue(key: "ARROW:FLIGHT:SQL:SCHEMA_NAME", value: schema),
        ]
        if let declared = column.declaredType { metadata.append(KeyValue(key: "ARROW:FLIGHT:SQL:TYPE_NAME", value: declared)) }
        if column.primaryKeyPosition != nil { metadata.append(KeyValue(key: "ARROW:FLIGHT:SQL:IS_AUTO_INCREMENT", value: "0")) }
        return Field(name: column.name, type: type, isNullable: column.isNullable, metadata: metadata)
    }

    /// The SQLite declared type for an Arrow field (bulk ingestion creating a table).
    static func declaredType(_ type: ArrowType) -> String {
        switch type {
        case .bool: "BOOLEAN"
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: "INTEGER"
        case .float16, .float32, .float64: "REAL"
        case .decimal(_, let precision, let scale): "DECIMAL(\(precision),\(scale))"
        case .utf8, .largeUTF8, .utf8View: "TEXT"
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary: "BLOB"
        case .date32, .date64: "DATE"
        case .timestamp: "TIMESTAMP"
        default: "TEXT"
        }
    }
}
