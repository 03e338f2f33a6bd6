/// A ``RowBatch`` holding its cells as ``Value``s, row by row.
///
/// For small results a driver builds itself (catalog listings, `executemany` summaries,
/// SQLite rows) and for tests; a columnar driver should implement ``RowBatch`` over its
/// own buffers instead.
public struct ValueRowBatch: RowBatch {
    /// The batch's columns.
    public let columns: [ColumnDescription]
    /// The cells, one array per row, each as long as ``columns``.
    public let rows: [[Value]]

    /// Creates a batch; every row must have one value per column.
    public init(columns: [ColumnDescription], rows: [[Value]]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "each row needs one value per column")
        self.columns = columns
        self.rows = rows
    }

    /// The number of rows.
    public var rowCount: Int { rows.count }

    /// The stored cell.
    public func value(row: Int, column: Int) -> Value { rows[row][column] }
}
