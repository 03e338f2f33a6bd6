import Foundation

/// Owns the bytes that any number of ``ArrowBuffer`` slices point into: either one heap
/// allocation of its own, or a `Data` it keeps alive (a received message body, read in place).
///
/// `@unchecked Sendable`: the bytes are written only while the storage is being filled
/// (a copy of the input, a decompressed or byte-swapped buffer), before any buffer
/// referring to them exists; afterwards they are never mutated, so sharing across threads
/// is safe. A retained `Data` is never mutated either: it is a private `let` copy.
final class ArrowBufferStorage: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int
    /// The `Data` whose bytes `base` points into, or nil when `base` is this object's own
    /// allocation (freed in `deinit`).
    private let retained: Data?

    /// Allocates `count` bytes (64-byte aligned, as Arrow recommends). Contents are uninitialized.
    init(count: Int) {
        self.count = count
        self.base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        self.retained = nil
    }

    /// Copies `data` into a new allocation.
    convenience init(copying data: Data) {
        self.init(count: data.count)
        if !data.isEmpty {
            data.withUnsafeBytes { source in
                if let from = source.baseAddress { base.copyMemory(from: from, byteCount: data.count) }
            }
        }
    }

    /// Data of at most this many bytes is copied rather than retained. Foundation stores
    /// such small values inline in the `Data` struct itself (at most 15 bytes on 64-bit
    /// platforms), where the bytes have no address that outlives a `withUnsafeBytes` call;
    /// above it, a `Data` always refers to a heap allocation. The margin costs nothing:
    /// copying a few dozen bytes is as cheap as retaining.
    static let retainThreshold = 64

    /// The storage for `data`: its own bytes, read in place (no copy), when `data` is
    /// larger than ``retainThreshold``; otherwise a copy.
    ///
    /// Why reading in place is sound: a `Data` above the threshold keeps its bytes in a
    /// heap allocation that every copy of the value shares and keeps alive. Copy-on-write
    /// means that allocation is never written or moved while more than one copy refers to
    /// it; the copy held here is private and never mutated, so the address seen in
    /// `withUnsafeBytes` stays valid, with the same contents, for this object's lifetime.
    /// (`ArrowBufferTests` checks this against Foundation, so a change there is caught.)
    static func make(_ data: Data) -> ArrowBufferStorage {
        if data.count > retainThreshold, let start = data.withUnsafeBytes({ $0.baseAddress }) {
            return ArrowBufferStorage(retaining: data, at: start)
        }
        return ArrowBufferStorage(copying: data)
    }

    private init(retaining data: Data, at start: UnsafeRawPointer) {
        // Never written through: see the type's note on mutation.
        self.base = UnsafeMutableRawPointer(mutating: start)
        self.count = data.count
        self.retained = data
    }

    deinit {
        if retained == nil { base.deallocate() }
    }
}

/// An immutable, contiguous byte region of Arrow data.
///
/// Slices share the storage of the buffer they come from; no bytes are copied. Reading
/// goes through a stable base pointer, so element access costs one unaligned load.
///
/// `@unchecked Sendable`: the pointer refers to storage this object keeps alive and that
/// is never mutated once the buffer exists.
public final class ArrowBuffer: @unchecked Sendable {
    /// Keeps the bytes alive.
    let storage: ArrowBufferStorage
    /// The first byte of this region.
    let base: UnsafeRawPointer
    /// The number of bytes in this region.
    public let count: Int

    init(storage: ArrowBufferStorage, offset: Int, count: Int) {
        self.storage = storage
        self.base = UnsafeRawPointer(storage.base + offset)
        self.count = count
    }

    /// A buffer with the bytes of `data`. Large values are read in place, sharing the
    /// `Data`'s storage (which this buffer keeps alive) instead of copying it: received
    /// message bodies become Arrow buffers without touching their bytes. The caller's
    /// `Data` stays a value: mutating it afterwards copies it (copy-on-write) and never
    /// changes this buffer.
    public convenience init(_ data: Data) {
        let storage = ArrowBufferStorage.make(data)
        self.init(storage: storage, offset: 0, count: data.count)
    }

    /// An empty buffer.
    public static let empty = ArrowBuffer(Data())

    /// A sub-range sharing this buffer's storage, or nil when the range is outside it.
    public func slice(offset: Int, count: Int) -> ArrowBuffer? {
        guard offset >= 0, count >= 0, offset <= self.count, count <= self.count - offset else { return nil }
        return ArrowBuffer(storage: storage, offset: (base - UnsafeRawPointer(storage.base)) + offset, count: count)
    }

    /// The bytes as `Data` (a copy).
    public var data: Data { Data(bytes: base, count: count) }

    /// Calls `body` with the bytes; the pointer must not escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The little-endian value of type `T` at byte `offset`; the caller has checked the range.
    @inline(__always)
    func load<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
        T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Bit `index` of a bitmap (LSB numbering); the caller has checked the range.
    @inline(__always)
    func bit(_ index: Int) -> Bool {
        base.load(fromByteOffset: index >> 3, as: UInt8.self) & (1 << UInt8(index & 7)) != 0
    }
}
