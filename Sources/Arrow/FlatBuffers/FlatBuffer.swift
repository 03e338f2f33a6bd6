import Foundation

/// A bounds-checked view of a FlatBuffers binary buffer.
///
/// Every read checks its range against the buffer, so a malformed buffer yields
/// `ArrowError(.invalidFlatbuffer)` rather than reading out of bounds. Offsets are
/// at most 32 bits wide, so position arithmetic in `Int` (64-bit) cannot overflow.
struct FlatBuffer: Sendable {
    /// The bytes, copied once so reads need no `Data` index translation.
    let bytes: [UInt8]

    init(_ data: Data) {
        self.bytes = [UInt8](data)
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var count: Int { bytes.count }

    func check(_ position: Int, _ size: Int) throws(ArrowError) {
        guard position >= 0, size >= 0, position <= bytes.count, size <= bytes.count - position else {
            throw ArrowError(.invalidFlatbuffer, "range \(position)+\(size) outside buffer of \(bytes.count) bytes")
        }
    }

    func load<T: FixedWidthInteger>(_ position: Int, as type: T.Type) throws(ArrowError) -> T {
        try check(position, MemoryLayout<T>.size)
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    /// Follows the unsigned 32-bit offset stored at `position`.
    func indirect(_ position: Int) throws(ArrowError) -> Int {
        let offset = try load(position, as: UInt32.self)
        let target = position + Int(offset)
        try check(target, 0)
        return target
    }

    /// The root table (the buffer starts with the root's offset).
    func root() throws(ArrowError) -> FBTable {
        try FBTable(buffer: self, position: indirect(0))
    }
}

/// A table inside a ``FlatBuffer``: a position plus its validated vtable.
struct FBTable: Sendable {
    let buffer: FlatBuffer
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    init(buffer: FlatBuffer, position: Int) throws(ArrowError) {
        let soffset = try buffer.load(position, as: Int32.self)
        let vtable = position - Int(soffset)
        let vtableSize = Int(try buffer.load(vtable, as: UInt16.self))
        // A vtable holds its own size and the table size, then 2 bytes per field.
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw ArrowError(.invalidFlatbuffer, "vtable size \(vtableSize) is invalid")
        }
        try buffer.check(vtable, vtableSize)
        let tableSize = Int(try buffer.load(vtable + 2, as: UInt16.self))
        guard tableSize >= 4 else { throw ArrowError(.invalidFlatbuffer, "table size \(tableSize) is invalid") }
        try buffer.check(position, tableSize)
        self.buffer = buffer
        self.position = position
        self.vtable = vtable
        self.vtableSize = vtableSize
    }

    /// The absolute position of field `id`, or nil when the field is absent (default value).
    func fieldPosition(_ id: Int) throws(ArrowError) -> Int? {
        let entry = 4 + 2 * id
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.load(vtable + entry, as: UInt16.self))
        guard offset != 0 else { return nil }
        return position + offset
    }

    /// A scalar field, or `defaultValue` when absent.
    func scalar<T: FixedWidthInteger>(_ id: Int, default defaultValue: T) throws(ArrowError) -> T {
        guard let at = try fieldPosition(id) else { return defaultValue }
        return try buffer.load(at, as: T.self)
    }

    /// A boolean field, or `defaultValue` when absent.
    func bool(_ id: Int, default defaultValue: Bool = false) throws(ArrowError) -> Bool {
        try scalar(id, default: UInt8(defaultValue ? 1 : 0)) != 0
    }

    /// A sub-table field, or nil when absent.
    func table(_ id: Int) throws(ArrowError) -> FBTable? {
        guard let at = try fieldPosition(id) else { return nil }
        return try FBTable(buffer: buffer, position: buffer.indirect(at))
    }

    /// A string field, or nil when absent. Invalid UTF-8 is rejected.
    func string(_ id: Int) throws(ArrowError) -> String? {
        guard let at = try fieldPosition(id) else { return nil }
        return try buffer.string(at: buffer.indirect(at))
    }

    /// A vector field, or nil when absent; `elementSize` is the inline size of one element.
    func vector(_ id: Int, elementSize: Int) throws(ArrowError) -> FBVector? {
        guard let at = try fieldPosition(id) else { return nil }
        return try FBVector(buffer: buffer, position: buffer.indirect(at), elementSize: elementSize)
    }

    /// A union field: its type tag (field `id - 1`) and value table (field `id`).
    func union(typeField: Int, valueField: Int) throws(ArrowError) -> (type: UInt8, table: FBTable?) {
        let tag = try scalar(typeField, default: UInt8(0))
        return (tag, try table(valueField))
    }
}

/// A vector inside a ``FlatBuffer``; its whole extent has been bounds-checked.
struct FBVector: Sendable {
    let buffer: FlatBuffer
    /// Position of the first element.
    let start: Int
    let count: Int
    let elementSize: Int

    init(buffer: FlatBuffer, position: Int, elementSize: Int) throws(ArrowError) {
        let length = Int(try buffer.load(position, as: UInt32.self))
        // length < 2^32 and elementSize is small, so the product cannot overflow Int64.
        try buffer.check(position + 4, length * elementSize)
        self.buffer = buffer
        self.start = position + 4
        self.count = length
        self.elementSize = elementSize
    }

    func scalar<T: FixedWidthInteger>(_ index: Int, as type: T.Type) throws(ArrowError) -> T {
        try buffer.load(start + index * elementSize, as: T.self)
    }

    /// Element `index` of a vector of tables.
    func table(_ index: Int) throws(ArrowError) -> FBTable {
        try FBTable(buffer: buffer, position: buffer.indirect(start + index * 4))
    }

    /// Element `index` of a vector of strings.
    func string(_ index: Int) throws(ArrowError) -> String {
        try buffer.string(at: buffer.indirect(start + index * 4))
    }

    /// Position of the inline struct at `index`.
    func structPosition(_ index: Int) -> Int { start + index * elementSize }
}

extension FlatBuffer {
    /// The string whose length prefix is at `position`.
    func string(at position: Int) throws(ArrowError) -> String {
        let length = Int(try load(position, as: UInt32.self))
        try check(position + 4, length)
        let slice = bytes[(position + 4)..<(position + 4 + length)]
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw ArrowError(.invalidFlatbuffer, "string at \(position) is not valid UTF-8")
        }
        return text
    }
}
