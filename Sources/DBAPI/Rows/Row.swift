/// One result row: a view onto its batch and a row index.
///
/// Creating a row copies nothing; cells are read on demand, as ``Value``s through the
/// subscripts or straight into Swift types with `decode` (see `Row+Decode.swift`). A row
/// keeps its batch alive, so it stays valid after the cursor moves on or closes.
public struct Row: Sendable, RandomAccessCollection, CustomStringConvertible {
    /// The batch holding this row.
    public let batch: any RowBatch
    /// The row's index in ``batch``.
    public let rowIndex: Int
    /// One past the last column index: the number of columns.
    ///
    /// Stored rather than read from `batch.columns` on each use, because every `decode`
    /// checks its column against it and the batch is an existential (a call and a
    /// retain/release of the columns array per cell otherwise).
    public let endIndex: Int

    /// Creates a view of row `rowIndex` of `batch`.
    public init(batch: any RowBatch, rowIndex: Int) {
        precondition(rowIndex >= 0 && rowIndex < batch.rowCount, "row index out of range")
        self.batch = batch
        self.rowIndex = rowIndex
        self.endIndex = batch.columns.count
    }

    /// A row the cursor claimed from `batch`'s rows: `claimedRow` was checked against the
    /// batch's row count when claimed, and `columnCount` is `batch.columns.count`, both read
    /// once per batch instead of once per row.
    @usableFromInline
    init(batch: any RowBatch, claimedRow: Int, columnCount: Int) {
        self.batch = batch
        self.rowIndex = claimedRow
        self.endIndex = columnCount
    }

    /// The row's columns.
    public var columns: [ColumnDescription] { batch.columns }

    /// Column index of the first cell.
    public var startIndex: Int { 0 }

    /// The cell in column `column` (which must be in range, as with arrays).
    public subscript(column: Int) -> Value {
        precondition(column >= 0 && column < endIndex, "column index \(column) out of range")
        return batch.value(row: rowIndex, column: column)
    }

    /// The cell in the column called `name`, or nil if there is no such column
    /// (a null cell is ``Value/null``, not nil).
    public subscript(name: String) -> Value? {
        guard let column = batch.columnIndex(named: name) else { return nil }
        return batch.value(row: rowIndex, column: column)
    }

    /// Every cell, copied out as values.
    public var values: [Value] { Array(self) }

    /// Whether the cell in column `column` is null.
    public func isNull(at column: Int) -> Bool {
        precondition(column >= 0 && column < endIndex, "column index \(column) out of range")
        return batch.isNull(row: rowIndex, column: column)
    }

    /// `(id: 1, city: 'Oslo')`.
    public var description: String {
        let cells = columns.indices.map { "\(columns[$0].name): \(self[$0])" }
        return "(" + cells.joined(separator: ", ") + ")"
    }
}
