import DBAPI
import Foundation

/// Thread-safe counter for observing what the code under test does.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}

/// A column-major batch that answers the typed accessors from its storage, the way an
/// Arrow-backed batch does, and counts `value(row:column:)` calls so that tests can tell
/// the fast path from the fallback.
struct ColumnarBatch: RowBatch {
    let columns: [ColumnDescription]
    let storage: [[Value]]
    let valueCalls = Counter()

    init(columns: [ColumnDescription], storage: [[Value]]) {
        precondition(storage.count == columns.count)
        self.columns = columns
        self.storage = storage
    }

    var rowCount: Int { storage.first?.count ?? 0 }

    func value(row: Int, column: Int) -> Value {
        valueCalls.increment()
        return storage[column][row]
    }

    func isNull(row: Int, column: Int) -> Bool { storage[column][row].isNull }

    func int64(row: Int, column: Int) -> Int64? {
        if case .int(let value) = storage[column][row] { return value }
        return nil
    }

    func string(row: Int, column: Int) -> String? {
        if case .string(let value) = storage[column][row] { return value }
        return nil
    }
}

/// Column descriptions for tests.
enum Columns {
    static func int(_ name: String, nullable: Bool = true) -> ColumnDescription {
        ColumnDescription(name: name, typeCode: .integer, nullOK: nullable, nativeType: "int64")
    }
    static func string(_ name: String) -> ColumnDescription {
        ColumnDescription(name: name, typeCode: .string, nullOK: true, nativeType: "utf8")
    }
    static func make(_ name: String, _ typeCode: TypeCode, _ nativeType: String) -> ColumnDescription {
        ColumnDescription(name: name, typeCode: typeCode, nullOK: true, nativeType: nativeType)
    }
}

/// `id int64, city utf8` batches with rows numbered from `start`.
func cityBatch(start: Int, count: Int) -> ValueRowBatch {
    ValueRowBatch(
        columns: [Columns.int("id"), Columns.string("city")],
        rows: (start..<start + count).map { [.int(Int64($0)), .string("city\($0)")] })
}

/// A one-row batch with the given columns and values.
func singleRow(_ cells: [(ColumnDescription, Value)]) -> Row {
    Row(batch: ValueRowBatch(columns: cells.map(\.0), rows: [cells.map(\.1)]), rowIndex: 0)
}
