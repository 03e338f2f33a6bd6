import Foundation

/// A byte buffer that grows geometrically (appends are amortized O(1)) and becomes an
/// ``ArrowBuffer`` without copying.
///
/// Value semantics by copy-on-write: the storage is shared after a copy of the struct and
/// duplicated by the first mutation of either copy.
struct GrowableBuffer: Sendable {
    private var storage: ArrowBufferStorage
    /// Bytes in use.
    private(set) var count = 0

    init(capacity: Int = 64) {
        storage = ArrowBufferStorage(count: max(capacity, 8))
    }

    /// Ensures room for `extra` more bytes in storage this buffer owns alone.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > storage.count || !isKnownUniquelyReferenced(&storage) { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var capacity = max(storage.count, 8)
        while capacity < needed { capacity = capacity > Int.max / 2 ? needed : capacity * 2 }
        let bigger = ArrowBufferStorage(count: capacity)
        bigger.base.copyMemory(from: storage.base, byteCount: count)
        storage = bigger
    }

    /// Appends a little-endian integer.
    @inline(__always)
    mutating func append<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        storage.base.storeBytes(of: value.littleEndian, toByteOffset: count, as: T.self)
        count += MemoryLayout<T>.size
    }

    /// Appends raw bytes.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage.base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends `length` zero bytes.
    mutating func appendZeros(_ length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (storage.base + count).initializeMemory(as: UInt8.self, repeating: 0, count: length)
        count += length
    }

    /// ORs `mask` into byte `index` (which must be below `count`).
    @inline(__always)
    mutating func setBits(_ mask: UInt8, at index: Int) {
        reserve(0)
        let pointer = storage.base + index
        pointer.storeBytes(of: pointer.load(as: UInt8.self) | mask, as: UInt8.self)
    }

    /// The little-endian integer at byte `offset` (which must be in use).
    @inline(__always)
    func load<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
        T(littleEndian: storage.base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Overwrites the integer at byte `offset` (which must be in use).
    @inline(__always)
    mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        reserve(0)
        storage.base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    /// The bytes so far as a buffer; the builder starts over empty, with room for as many
    /// bytes as it just held (batches of a stream tend to be alike, so the next one then
    /// grows without reallocating).
    mutating func finish() -> ArrowBuffer {
        let buffer = ArrowBuffer(storage: storage, offset: 0, count: count)
        self = GrowableBuffer(capacity: count)
        return buffer
    }
}

/// A growing bitmap (LSB bit numbering, as Arrow's validity and boolean buffers).
struct BitmapBuilder: Sendable {
    private(set) var bytes = GrowableBuffer(capacity: 8)
    /// Bits in use.
    private(set) var count = 0

    /// Appends one bit.
    @inline(__always)
    mutating func append(_ bit: Bool) {
        if count & 7 == 0 { bytes.append(UInt8(0)) }
        if bit { bytes.setBits(1 << UInt8(count & 7), at: count >> 3) }
        count += 1
    }

    /// Appends `length` copies of `bit`.
    mutating func append(_ bit: Bool, count length: Int) {
        guard length > 0 else { return }
        if !bit {
            // Bits past `count` in the last byte are already zero; add whole zero bytes.
            let needed = (count + length + 7) / 8 - bytes.count
            bytes.appendZeros(needed)
            count += length
            return
        }
        for _ in 0..<length { append(true) }
    }

    /// The bitmap so far; the builder starts over empty.
    mutating func finish() -> ArrowBuffer {
        count = 0
        return bytes.finish()
    }
}
