import Arrow
import DBAPI
import Foundation
import SQLiteDBAPI

/// Turns DB-API row batches into Arrow record batches of a fixed schema, one builder per
/// column, column by column.
///
/// The typed accessors of the batches are used when the column's type allows it (SQLite's
/// batches store integers, doubles, text, blobs and booleans unboxed), so most cells are
/// appended without building a ``Value``; SQLite's batches are read through their concrete
/// type rather than the `RowBatch` existential.
struct RowBatchEncoder {
    let schema: Schema
    private var builders: [ArrowArrayBuilder]
    private(set) var rowCount = 0

    init(schema: Schema) throws(ArrowError) {
        self.schema = schema
        builders = try schema.fields.map { field throws(ArrowError) in try ArrowArrayBuilder(field: field) }
    }

    /// Appends the rows `rows` of `batch`.
    mutating func append(_ batch: any RowBatch, rows: Range<Int>) throws {
        if let sqlite = batch as? SQLiteRowBatch {
            try appendColumns(sqlite, rows: rows)
        } else {
            try appendColumns(batch, rows: rows)
        }
        rowCount += rows.count
    }

    /// Appends `rows` (each a row of its own batch).
    mutating func append(_ rows: [Row]) throws {
        for row in rows { try append(row.batch, rows: row.rowIndex..<(row.rowIndex + 1)) }
    }

    /// The rows appended so far as one record batch; starts over empty.
    mutating func finish() throws -> RecordBatch {
        var columns: [ArrowArray] = []
        columns.reserveCapacity(builders.count)
        for column in builders.indices { columns.append(try builders[column].finish()) }
        defer { rowCount = 0 }
        return try RecordBatch(schema: schema, rowCount: rowCount, columns: columns)
    }

    /// Appends `rows` and returns them as one record batch.
    mutating func encode(_ rows: [Row]) throws -> RecordBatch {
        try append(rows)
        return try finish()
    }

    private mutating func appendColumns<Batch: RowBatch>(_ batch: Batch, rows: Range<Int>) throws {
        for column in builders.indices {
            switch builders[column].type {
            case .int64:
                for row in rows {
                    if let value = batch.int64(row: row, column: column) {
                        try builders[column].append(int64: value)
                    } else {
                        try appendSlow(batch, row: row, column: column)
                    }
                }
            case .float64:
                for row in rows {
                    if let value = batch.double(row: row, column: column) {
                        try builders[column].append(double: value)
                    } else {
                        try appendSlow(batch, row: row, column: column)
                    }
                }
            case .utf8:
                for row in rows {
                    if let value = batch.string(row: row, column: column) {
                        try builders[column].append(string: value)
                    } else {
                        try appendSlow(batch, row: row, column: column)
                    }
                }
            case .binary:
                for row in rows {
                    if let value = batch.data(row: row, column: column) {
                        try builders[column].append(bytes: value)
                    } else {
                        try appendSlow(batch, row: row, column: column)
                    }
                }
            case .bool:
                for row in rows {
                    if let value = batch.bool(row: row, column: column) {
                        try builders[column].append(bool: value)
                    } else {
                        try appendSlow(batch, row: row, column: column)
                    }
                }
            default:
                for row in rows { try appendSlow(batch, row: row, column: column) }
            }
        }
    }

    /// A null, or a cell the typed accessor did not serve, through its ``Value``.
    private mutating func appendSlow<Batch: RowBatch>(_ batch: Batch, row: Int, column: Int) throws {
        if batch.isNull(row: row, column: column) {
            builders[column].appendNull()
            return
        }
        let value = batch.value(row: row, column: column)
        do {
            try builders[column].append(ValueConversion.arrowValue(value, for: builders[column].type))
        } catch {
            // The value is never echoed: it may be sensitive.
            throw DBAPIError(
                .dataError,
                "column \(column) ('\(schema.fields[column].name)') of type \(builders[column].type): a \(value.kindName) value does not fit")
        }
    }
}
