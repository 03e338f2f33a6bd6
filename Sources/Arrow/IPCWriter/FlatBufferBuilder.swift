import Foundation

/// Builds a FlatBuffers binary buffer (the format of Arrow's message headers and footers).
///
/// FlatBuffers offsets are unsigned and point forward, so an object must be written before
/// anything that refers to it ends up in front of it. The builder therefore fills its
/// storage from the back: children are written first and land at higher addresses, and a
/// position is tracked as a distance from the end, which stays valid when storage grows.
/// Everything is written little-endian and aligned to its own size.
struct FlatBufferBuilder {
    /// An object already written, as its distance from the end of the buffer.
    struct Offset: Sendable {
        let value: Int
    }

    private var storage: [UInt8]
    /// The first used byte; bytes `head..<storage.count` are the buffer written so far.
    private var head: Int
    /// The largest alignment any element needed; the finished buffer is padded to it.
    private var minAlignment = 1
    /// Fields of the table being built: vtable slot and distance from the end.
    private var fields: [(id: Int, offset: Int)] = []
    private var tableStart = 0
    /// Vtables written so far, so identical ones are shared rather than repeated.
    private var vtables: [Int] = []

    init(capacity: Int = 1024) {
        let capacity = max(capacity, 64)
        storage = [UInt8](repeating: 0, count: capacity)
        head = capacity
    }

    /// Bytes written so far.
    var size: Int { storage.count - head }

    private mutating func reserve(_ needed: Int) {
        guard head < needed else { return }
        let used = size
        var capacity = storage.count * 2
        while capacity - used < needed { capacity *= 2 }
        var bigger = [UInt8](repeating: 0, count: capacity)
        bigger.replaceSubrange((capacity - used)..<capacity, with: storage[head...])
        storage = bigger
        head = capacity - used
    }

    private mutating func pad(_ count: Int) {
        reserve(count)
        for _ in 0..<count {
            head -= 1
            storage[head] = 0
        }
    }

    /// Pads so that after `additional` more bytes the size is a multiple of `alignment`.
    mutating func align(_ alignment: Int, additional: Int = 0) {
        minAlignment = max(minAlignment, alignment)
        pad((~(size + additional) &+ 1) & (alignment - 1))
    }

    /// Writes `value` without aligning (struct fields, pre-aligned vectors).
    mutating func put<T: FixedWidthInteger>(_ value: T) {
        let width = MemoryLayout<T>.size
        reserve(width)
        head -= width
        let at = head
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: at, as: T.self) }
    }

    /// Writes `value` aligned to its size.
    mutating func prepend<T: FixedWidthInteger>(_ value: T) {
        align(MemoryLayout<T>.size)
        put(value)
    }

    /// Writes a `uoffset` referring to `target` (relative to where the offset itself lands).
    mutating func prependOffset(_ target: Offset) {
        align(4)
        put(UInt32(truncatingIfNeeded: size + 4 - target.value))
    }

    // MARK: Tables

    /// Starts a table; its objects (strings, vectors, sub-tables) must already be written.
    mutating func startTable() {
        fields.removeAll(keepingCapacity: true)
        tableStart = size
    }

    /// Adds a scalar field.
    mutating func add<T: FixedWidthInteger>(_ id: Int, _ value: T) {
        prepend(value)
        recordField(id, width: MemoryLayout<T>.size)
    }

    /// Notes a field just written. The table starts at its first field, after any alignment
    /// padding, so that equal tables get equal sizes and can share a vtable.
    private mutating func recordField(_ id: Int, width: Int) {
        if fields.isEmpty { tableStart = size - width }
        fields.append((id, size))
    }

    /// Adds a boolean field.
    mutating func add(_ id: Int, _ value: Bool) {
        add(id, UInt8(value ? 1 : 0))
    }

    /// Adds a field referring to a string, vector or table.
    mutating func add(_ id: Int, offset: Offset) {
        prependOffset(offset)
        recordField(id, width: 4)
    }

    /// Finishes the table: writes its vtable (or reuses an identical one).
    mutating func endTable() -> Offset {
        prepend(Int32(0))  // soffset to the vtable, patched below
        let object = size
        let slotCount = (fields.map(\.id).max() ?? -1) + 1
        var slots = [UInt16](repeating: 0, count: slotCount)
        for field in fields { slots[field.id] = UInt16(truncatingIfNeeded: object - field.offset) }
        let vtable = [UInt16(4 + 2 * slotCount), UInt16(truncatingIfNeeded: object - tableStart)] + slots
        var vtableOffset: Int?
        for existing in vtables where matches(vtable, at: existing) {
            vtableOffset = existing
            break
        }
        if vtableOffset == nil {
            for entry in vtable.reversed() { put(entry) }
            vtableOffset = size
            vtables.append(size)
        }
        // The vtable is at `table - soffset`; both positions are distances from the end.
        let soffset = Int32(truncatingIfNeeded: (vtableOffset ?? 0) - object)
        let at = storage.count - object
        storage.withUnsafeMutableBytes { $0.storeBytes(of: soffset.littleEndian, toByteOffset: at, as: Int32.self) }
        fields.removeAll(keepingCapacity: true)
        return Offset(value: object)
    }

    private func matches(_ vtable: [UInt16], at offset: Int) -> Bool {
        let start = storage.count - offset
        guard start + vtable.count * 2 <= storage.count else { return false }
        for (index, entry) in vtable.enumerated() {
            let low = UInt16(storage[start + 2 * index])
            let high = UInt16(storage[start + 2 * index + 1])
            if low | (high << 8) != entry { return false }
        }
        return true
    }

    // MARK: Vectors and strings

    /// A vector of scalars.
    mutating func createVector<T: FixedWidthInteger>(_ values: [T]) -> Offset {
        let width = MemoryLayout<T>.size
        align(4, additional: width * values.count)
        align(width, additional: width * values.count)
        for value in values.reversed() { put(value) }
        put(UInt32(truncatingIfNeeded: values.count))
        return Offset(value: size)
    }

    /// A vector of references to tables or strings.
    mutating func createVector(offsets: [Offset]) -> Offset {
        align(4, additional: 4 * offsets.count)
        for target in offsets.reversed() { put(UInt32(truncatingIfNeeded: size + 4 - target.value)) }
        put(UInt32(truncatingIfNeeded: offsets.count))
        return Offset(value: size)
    }

    /// A vector of inline structs of `elementSize` bytes: `writeElement(&self, index)` is
    /// called from the last element to the first and must `put` exactly `elementSize` bytes,
    /// the struct's fields from the last to the first.
    mutating func createStructVector(
        count: Int, elementSize: Int, alignment: Int, writeElement: (inout FlatBufferBuilder, Int) -> Void
    ) -> Offset {
        align(4, additional: elementSize * count)
        align(alignment, additional: elementSize * count)
        for index in stride(from: count - 1, through: 0, by: -1) { writeElement(&self, index) }
        put(UInt32(truncatingIfNeeded: count))
        return Offset(value: size)
    }

    /// A UTF-8 string (length-prefixed and zero-terminated).
    mutating func createString(_ text: String) -> Offset {
        let bytes = Array(text.utf8)
        align(4, additional: bytes.count + 1)
        put(UInt8(0))
        reserve(bytes.count)
        head -= bytes.count
        storage.replaceSubrange(head..<(head + bytes.count), with: bytes)
        put(UInt32(truncatingIfNeeded: bytes.count))
        return Offset(value: size)
    }

    /// Writes the root offset and returns the finished buffer.
    mutating func finish(root: Offset) -> Data {
        align(max(minAlignment, 8), additional: 4)
        prependOffset(root)
        return Data(storage[head...])
    }
}
