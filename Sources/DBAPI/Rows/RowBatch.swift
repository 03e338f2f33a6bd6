import Foundation

/// A batch of rows as a driver holds it: what a driver implements so that ``Row``s can read
/// cells without copying the batch.
///
/// Only ``columns``, ``rowCount`` and ``value(row:column:)`` are required. The typed
/// accessors have default implementations through `value(row:column:)`; a columnar driver
/// (Arrow) overrides them to read straight from its buffers, so that
/// `row.decode(Int64.self, at: 0)` never builds a ``Value``.
///
/// Contract of the typed accessors: return the cell only when it is non-null and stored as
/// that kind (see each one); otherwise return nil, and the caller falls back to
/// `value(row:column:)` for conversions and error reporting. Indices are always in range
/// (``Row`` checks them).
public protocol RowBatch: Sendable {
    /// The batch's columns; every batch of one result has the same columns. Rows read it
    /// often, so store it rather than compute it on each access.
    var columns: [ColumnDescription] { get }
    /// The number of rows.
    var rowCount: Int { get }
    /// The cell at `row`, `column` as a ``Value``.
    func value(row: Int, column: Int) -> Value

    /// Whether the cell is null.
    func isNull(row: Int, column: Int) -> Bool
    /// A signed or unsigned integer cell that fits in `Int64`.
    func int64(row: Int, column: Int) -> Int64?
    /// A `float` or `double` cell, widened to `Double`.
    func double(row: Int, column: Int) -> Double?
    /// A boolean cell.
    func bool(row: Int, column: Int) -> Bool?
    /// A text cell.
    func string(row: Int, column: Int) -> String?
    /// A binary cell.
    func data(row: Int, column: Int) -> Data?
    /// The index of the first column called `name`, or nil. Exact match first, then
    /// case-insensitive (SQL identifiers are often folded).
    func columnIndex(named name: String) -> Int?
}

/// The default typed accessors read a ``Value/union(typeCode:_:)`` as its member's value.
extension RowBatch {
    /// Default: `value(row:column:)` is ``Value/null``.
    public func isNull(row: Int, column: Int) -> Bool {
        value(row: row, column: column).isNull
    }

    /// Default: through `value(row:column:)`.
    public func int64(row: Int, column: Int) -> Int64? {
        switch value(row: row, column: column).unionMember {
        case .int(let value): value
        case .uint(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// Default: through `value(row:column:)`.
    public func double(row: Int, column: Int) -> Double? {
        switch value(row: row, column: column).unionMember {
        case .double(let value): value
        case .float(let value): Double(value)
        default: nil
        }
    }

    /// Default: through `value(row:column:)`.
    public func bool(row: Int, column: Int) -> Bool? {
        if case .bool(let value) = value(row: row, column: column).unionMember { return value }
        return nil
    }

    /// Default: through `value(row:column:)`.
    public func string(row: Int, column: Int) -> String? {
        if case .string(let value) = value(row: row, column: column).unionMember { return value }
        return nil
    }

    /// Default: through `value(row:column:)`.
    public func data(row: Int, column: Int) -> Data? {
        if case .bytes(let value) = value(row: row, column: column).unionMember { return value }
        return nil
    }

    /// Default: a linear search over ``columns``.
    public func columnIndex(named name: String) -> Int? {
        let columns = self.columns
        if let exact = columns.firstIndex(where: { $0.name == name }) { return exact }
        let folded = name.lowercased()
        return columns.firstIndex { $0.name.lowercased() == folded }
    }
}
