import Arrow
import DBAPI
import Foundation

/// A ``RowBatch`` over an Arrow record batch: rows read cells straight from the Arrow
/// buffers, without copying the batch.
///
/// ``value(row:column:)`` builds a lossless ``Value``; the typed accessors (`int64`,
/// `double`, `bool`, `string`, `data`, `isNull`) read the Arrow column directly, so
/// `row.decode(Int64.self, at: 0)` builds neither an `ArrowValue` nor a `Value`. Following
/// the ``RowBatch`` contract, an accessor answers only for columns stored as its kind (an
/// `int64` read of a timestamp column is nil, and the caller falls back to `value`).
public struct ArrowRowBatch: RowBatch {
    /// The Arrow data.
    public let recordBatch: RecordBatch
    /// The columns, one per Arrow column (every batch of a result shares one array).
    public let columns: [ColumnDescription]
    /// Per column: what the fast accessors may read, and a reader of the Arrow buffers.
    ///
    /// Built once per batch so that a cell read neither retains the column's array (as
    /// indexing `recordBatch.columns` does) nor makes an opaque call into Arrow: for plain
    /// layouts (``ArrowCellReader/isSupported``) the read is a bounds check, a bitmap test
    /// and a load. The readers' pointers stay valid because `recordBatch`, stored alongside
    /// and immutable like it, holds the arrays.
    private let access: [ColumnAccess]

    /// How the fast accessors read one column.
    struct ColumnAccess: Sendable {
        let kind: CellKind
        /// Read when supported; otherwise the accessors go through the Arrow array.
        let reader: ArrowCellReader

        init(_ array: ArrowArray) {
            kind = CellKind(array.type)
            reader = array.cellReader
        }
    }

    /// What the fast accessors may read from a column.
    enum CellKind: Sendable {
        case signed, unsigned, float, bool, string, binary, other

        init(_ type: ArrowType) {
            switch type {
            case .int8, .int16, .int32, .int64: self = .signed
            case .uint8, .uint16, .uint32, .uint64: self = .unsigned
            case .float16, .float32, .float64: self = .float
            case .bool: self = .bool
            case .utf8, .largeUTF8, .utf8View: self = .string
            case .binary, .largeBinary, .binaryView, .fixedSizeBinary: self = .binary
            case .runEndEncoded(_, let values): self = CellKind(values.type)
            default: self = .other
            }
        }
    }

    /// Wraps `recordBatch`; `columns` must describe its columns (``ArrowColumnDescription``
    /// makes them), one per Arrow column. Returns nil when the counts differ, which a server
    /// whose endpoints disagree on the schema can cause.
    public init?(_ recordBatch: RecordBatch, columns: [ColumnDescription]) {
        guard recordBatch.columns.count == columns.count else { return nil }
        self.recordBatch = recordBatch
        self.columns = columns
        self.access = recordBatch.columns.map(ColumnAccess.init)
    }

    /// Wraps `recordBatch`, describing its columns from its own schema.
    public init(_ recordBatch: RecordBatch) {
        self.recordBatch = recordBatch
        self.columns = ArrowColumnDescription.describe(Schema(fields: recordBatch.columns.map(\.field)))
        self.access = recordBatch.columns.map(ColumnAccess.init)
    }

    /// The number of rows.
    public var rowCount: Int { recordBatch.rowCount }

    /// The cell as a lossless ``Value`` (a union cell as ``Value/union(typeCode:_:)``).
    public func value(row: Int, column: Int) -> Value {
        Value(recordBatch.columns[column], at: row)
    }

    /// Whether the cell is null (read from the validity bitmap).
    @inline(__always)
    public func isNull(row: Int, column: Int) -> Bool {
        let reader = access[column].reader
        if reader.isSupported { return reader.isNull(row) }
        return recordBatch.columns[column].isNull(row)
    }

    /// A signed integer cell, or an unsigned one that fits.
    @inline(__always)
    public func int64(row: Int, column: Int) -> Int64? {
        let access = access[column]
        switch access.kind {
        case .signed, .unsigned:
            if access.reader.isSupported { return access.reader.int64(at: row) }
            let array = recordBatch.columns[column]
            return access.kind == .signed ? array.int64(at: row) : array.uint64(at: row).flatMap { Int64(exactly: $0) }
        default:
            return nil
        }
    }

    /// A float16, float32 or float64 cell, widened.
    @inline(__always)
    public func double(row: Int, column: Int) -> Double? {
        let access = access[column]
        guard access.kind == .float else { return nil }
        if access.reader.isSupported { return access.reader.double(at: row) }
        return recordBatch.columns[column].double(at: row)
    }

    /// A boolean cell.
    @inline(__always)
    public func bool(row: Int, column: Int) -> Bool? {
        let access = access[column]
        guard access.kind == .bool else { return nil }
        if access.reader.isSupported { return access.reader.bool(at: row) }
        return recordBatch.columns[column].bool(at: row)
    }

    /// A utf8, large_utf8 or utf8_view cell. Invalid UTF-8 is repaired with U+FFFD.
    @inline(__always)
    public func string(row: Int, column: Int) -> String? {
        let access = access[column]
        guard access.kind == .string else { return nil }
        if access.reader.isSupported {
            guard let bytes = access.reader.bytes(at: row) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        return recordBatch.columns[column].string(at: row)
    }

    /// A binary, large_binary, binary_view or fixed_size_binary cell.
    @inline(__always)
    public func data(row: Int, column: Int) -> Data? {
        let access = access[column]
        guard access.kind == .binary else { return nil }
        if access.reader.isSupported {
            guard let bytes = access.reader.bytes(at: row) else { return nil }
            return Data(bytes)
        }
        return recordBatch.columns[column].data(at: row)
    }
}
