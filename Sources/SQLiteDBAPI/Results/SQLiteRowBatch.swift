import DBAPI
import Foundation

/// One column's cells while a batch is being read: typed arrays for the common types, so
/// that `row.decode(Int64.self, at:)` and friends read them without building a `Value`.
struct ColumnBuilder {
    /// Which array holds the cells.
    enum Kind { case integers, doubles, strings, blobs, bools, values }

    let kind: Kind
    var integers: [Int64?] = []
    var doubles: [Double?] = []
    var strings: [String?] = []
    var blobs: [Data?] = []
    var bools: [Bool?] = []
    var values: [Value] = []

    /// A builder for a column of `type`; unresolved undeclared columns and the temporal and
    /// decimal types keep `Value`s.
    init(type: SQLiteColumnType, capacity: Int) {
        switch type {
        case .integer: kind = .integers; integers.reserveCapacity(capacity)
        case .real: kind = .doubles; doubles.reserveCapacity(capacity)
        case .text: kind = .strings; strings.reserveCapacity(capacity)
        case .blob: kind = .blobs; blobs.reserveCapacity(capacity)
        case .boolean: kind = .bools; bools.reserveCapacity(capacity)
        case .date, .timestamp, .decimal, .numeric, .unknown: kind = .values; values.reserveCapacity(capacity)
        }
    }

    /// The number of cells so far.
    var count: Int {
        switch kind {
        case .integers: integers.count
        case .doubles: doubles.count
        case .strings: strings.count
        case .blobs: blobs.count
        case .bools: bools.count
        case .values: values.count
        }
    }

    mutating func appendNull() {
        switch kind {
        case .integers: integers.append(nil)
        case .doubles: doubles.append(nil)
        case .strings: strings.append(nil)
        case .blobs: blobs.append(nil)
        case .bools: bools.append(nil)
        case .values: values.append(.null)
        }
    }

    /// Drops the cells of rows after the first `count` (a row that failed half-way).
    mutating func truncate(to count: Int) {
        switch kind {
        case .integers: integers.removeSubrange(min(count, integers.count)...)
        case .doubles: doubles.removeSubrange(min(count, doubles.count)...)
        case .strings: strings.removeSubrange(min(count, strings.count)...)
        case .blobs: blobs.removeSubrange(min(count, blobs.count)...)
        case .bools: bools.removeSubrange(min(count, bools.count)...)
        case .values: values.removeSubrange(min(count, values.count)...)
        }
    }

    /// The finished column.
    var storage: SQLiteRowBatch.Column {
        switch kind {
        case .integers: .integers(integers)
        case .doubles: .doubles(doubles)
        case .strings: .strings(strings)
        case .blobs: .blobs(blobs)
        case .bools: .bools(bools)
        case .values: .values(values)
        }
    }
}

/// A batch of SQLite result rows, stored column by column.
///
/// Cells are already converted to the columns' types when the batch is built (on the database
/// queue), so reading them needs no SQLite call and a batch stays valid after the cursor moves
/// on or closes. The typed accessors serve integer, double, text, blob and boolean columns
/// straight from their arrays.
public struct SQLiteRowBatch: RowBatch {
    /// One column's cells.
    enum Column: Sendable {
        case integers([Int64?])
        case doubles([Double?])
        case strings([String?])
        case blobs([Data?])
        case bools([Bool?])
        case values([Value])
    }

    /// The result's columns.
    public let columns: [ColumnDescription]
    /// The number of rows.
    public let rowCount: Int
    private let cells: [Column]

    init(columns: [ColumnDescription], rowCount: Int, cells: [Column]) {
        self.columns = columns
        self.rowCount = rowCount
        self.cells = cells
    }

    /// The cell as a `Value` of its column's type.
    public func value(row: Int, column: Int) -> Value {
        switch cells[column] {
        case .integers(let cells): cells[row].map(Value.int) ?? .null
        case .doubles(let cells): cells[row].map(Value.double) ?? .null
        case .strings(let cells): cells[row].map(Value.string) ?? .null
        case .blobs(let cells): cells[row].map(Value.bytes) ?? .null
        case .bools(let cells): cells[row].map(Value.bool) ?? .null
        case .values(let cells): cells[row]
        }
    }

    /// Whether the cell is null.
    public func isNull(row: Int, column: Int) -> Bool {
        switch cells[column] {
        case .integers(let cells): cells[row] == nil
        case .doubles(let cells): cells[row] == nil
        case .strings(let cells): cells[row] == nil
        case .blobs(let cells): cells[row] == nil
        case .bools(let cells): cells[row] == nil
        case .values(let cells): cells[row].isNull
        }
    }

    /// An integer cell, without building a `Value`.
    public func int64(row: Int, column: Int) -> Int64? {
        switch cells[column] {
        case .integers(let cells): cells[row]
        case .values(let cells): if case .int(let value) = cells[row] { value } else { nil }
        default: nil
        }
    }

    /// A double cell, without building a `Value`.
    public func double(row: Int, column: Int) -> Double? {
        switch cells[column] {
        case .doubles(let cells): cells[row]
        case .values(let cells): if case .double(let value) = cells[row] { value } else { nil }
        default: nil
        }
    }

    /// A boolean cell, without building a `Value`.
    public func bool(row: Int, column: Int) -> Bool? {
        if case .bools(let cells) = cells[column] { return cells[row] }
        return nil
    }

    /// A text cell, without building a `Value`.
    public func string(row: Int, column: Int) -> String? {
        switch cells[column] {
        case .strings(let cells): cells[row]
        case .values(let cells): if case .string(let value) = cells[row] { value } else { nil }
        default: nil
        }
    }

    /// A blob cell, without building a `Value`.
    public func data(row: Int, column: Int) -> Data? {
        switch cells[column] {
        case .blobs(let cells): cells[row]
        case .values(let cells): if case .bytes(let value) = cells[row] { value } else { nil }
        default: nil
        }
    }
}
