/// A set of equal-length columns with a schema.
public struct RecordBatch: Sendable {
    /// The schema of the columns.
    public let schema: Schema
    /// The number of rows.
    public let rowCount: Int
    /// One array per schema field.
    public let columns: [ArrowArray]
    /// The `custom_metadata` of the IPC message that carried the batch.
    public let metadata: [KeyValue]

    /// Creates a batch, checking that there is one column per field, each `rowCount` long.
    public init(schema: Schema, rowCount: Int, columns: [ArrowArray], metadata: [KeyValue] = []) throws(ArrowError) {
        guard columns.count == schema.fields.count else {
            throw ArrowError(.invalidArray, "\(columns.count) columns for \(schema.fields.count) fields")
        }
        for column in columns where column.count != rowCount {
            throw ArrowError(.invalidArray, "column '\(column.field.name)' has \(column.count) rows, batch \(rowCount)")
        }
        self.schema = schema
        self.rowCount = rowCount
        self.columns = columns
        self.metadata = metadata
    }

    /// The first column whose field is named `name`.
    public func column(named name: String) -> ArrowArray? {
        schema.index(of: name).map { columns[$0] }
    }
}
