import Foundation

/// Builds record batches of a schema row by row (or column by column through ``columns``).
public struct RecordBatchBuilder: Sendable {
    /// The schema of the batches.
    public let schema: Schema
    /// One builder per field; append to them directly for typed, allocation-free appends,
    /// keeping their counts equal.
    public var columns: [ArrowArrayBuilder]

    /// Creates a builder with one column builder per field.
    public init(schema: Schema) throws(ArrowError) {
        self.schema = schema
        var columns: [ArrowArrayBuilder] = []
        for field in schema.fields { columns.append(try ArrowArrayBuilder(field: field)) }
        self.columns = columns
    }

    /// The number of rows appended since the last ``finish(metadata:)``.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// Appends one row: a value per field. The row is checked whole first, so a value that
    /// does not fit leaves the builder unchanged.
    public mutating func append(row: [ArrowValue]) throws(ArrowError) {
        guard row.count == columns.count else {
            throw ArrowError(.typeMismatch, "row has \(row.count) values for \(columns.count) columns")
        }
        for (index, value) in row.enumerated() { try columns[index].validate(value) }
        for (index, value) in row.enumerated() { try columns[index].apply(value, commit: true) }
    }

    /// Returns the batch built so far and starts over empty.
    public mutating func finish(metadata: [KeyValue] = []) throws(ArrowError) -> RecordBatch {
        let rows = rowCount
        var arrays: [ArrowArray] = []
        arrays.reserveCapacity(columns.count)
        for index in columns.indices { arrays.append(try columns[index].finish()) }
        return try RecordBatch(schema: schema, rowCount: rows, columns: arrays, metadata: metadata)
    }
}

extension RecordBatch {
    /// A batch of `schema` holding `rows` (one value per field each).
    public init(schema: Schema, rows: [[ArrowValue]]) throws(ArrowError) {
        var builder = try RecordBatchBuilder(schema: schema)
        for row in rows { try builder.append(row: row) }
        self = try builder.finish()
    }

    /// A batch of `schema` with `columns`, whose common length is the row count.
    public init(schema: Schema, columns: [ArrowArray]) throws(ArrowError) {
        try self.init(schema: schema, rowCount: columns.first?.count ?? 0, columns: columns)
    }
}

extension ArrowArray {
    /// An array of `field` holding `values` (built with ``ArrowArrayBuilder``; a value that
    /// does not fit the type throws ``ArrowError/Code/typeMismatch``).
    public static func make(field: Field, values: [ArrowValue]) throws(ArrowError) -> ArrowArray {
        var builder = try ArrowArrayBuilder(field: field)
        try builder.append(contentsOf: values)
        return try builder.finish()
    }

    /// An array of a nullable field of `type` named `name` holding `values`.
    public static func make(type: ArrowType, name: String = "", values: [ArrowValue]) throws(ArrowError) -> ArrowArray {
        try make(field: Field(name: name, type: type), values: values)
    }
}
