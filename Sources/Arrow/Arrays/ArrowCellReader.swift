/// A per-column snapshot of what the typed accessors read, for row-wise readers that call
/// them once per cell (the DB-API row path): the layout, slot offset, length and the base
/// addresses of the validity, value/offset and data buffers, taken once per array.
///
/// Reading a cell through it touches no reference-counted object (no retain/release of the
/// array or its buffers) and is inlinable into other modules, where calling
/// ``ArrowArray/int64(at:)`` and friends on an array fetched from
/// ``RecordBatch/columns`` costs a retain, a release and an opaque call per cell.
///
/// Only arrays whose values sit in their own buffers with a plain layout are covered
/// (``isSupported``): signed and unsigned integers of every width, float32/float64, bool,
/// and utf8/binary with 4- or 8-byte offsets. Everything else (dictionary, run-end
/// encoded, views, float16, …) has `isSupported == false` and must be read through the
/// array.
///
/// Bounds: every read checks `index` against the array's length, exactly like the array's
/// own accessors (an index outside `0..<count` reads as null); within that range the array's
/// validation (buffer sizes against offset and length, monotonic offsets within the data
/// buffer) guarantees that each load is inside its buffer.
///
/// Lifetime: the pointers are only valid while the array they were taken from is alive,
/// which is why only this package can make a reader (`ArrowArray.cellReader`), and always
/// stores it next to the array it came from. The type is public (with no public way to make
/// one) only so that its reads are inlined into other modules: `@inlinable package`
/// methods were not inlined across modules in release builds (Swift 6.3), and the call
/// cost as much as the read. `@unchecked Sendable`: the buffers are immutable.
public struct ArrowCellReader: @unchecked Sendable {
    /// The plain layouts read here.
    public enum Layout: UInt8, Sendable {
        /// Signed integers (and temporal types stored as them) of 1, 2, 4 or 8 bytes.
        case int8, int16, int32, int64
        /// Unsigned integers of 1, 2, 4 or 8 bytes.
        case uint8, uint16, uint32, uint64
        /// IEEE floats of 4 or 8 bytes.
        case float32, float64
        /// Bit-packed booleans.
        case bool
        /// utf8 or binary with 4-byte offsets.
        case offsets32
        /// large_utf8 or large_binary with 8-byte offsets.
        case offsets64
        /// Anything else: read through the array.
        case unsupported
    }

    @usableFromInline let layout: Layout
    @usableFromInline let count: Int
    @usableFromInline let offset: Int
    /// The validity bitmap, nil when the array has no nulls.
    @usableFromInline let validity: UnsafeRawPointer?
    /// Values, or offsets.
    @usableFromInline let primary: UnsafeRawPointer
    /// The data buffer of utf8/binary.
    @usableFromInline let secondary: UnsafeRawPointer

    init(
        layout: Layout, count: Int, offset: Int, validity: UnsafeRawPointer?, primary: UnsafeRawPointer,
        secondary: UnsafeRawPointer
    ) {
        self.layout = layout
        self.count = count
        self.offset = offset
        self.validity = validity
        self.primary = primary
        self.secondary = secondary
    }

    /// Whether the array's layout is one this reader handles; when false every read is nil.
    @inlinable @inline(__always)
    public var isSupported: Bool {
        if case .unsupported = layout { return false }
        return true
    }

    /// The physical slot of logical `index`, or nil when it is out of range or null.
    @inlinable @inline(__always)
    func slot(_ index: Int) -> Int? {
        guard index >= 0, index < count else { return nil }
        let slot = offset &+ index
        if let validity, validity.load(fromByteOffset: slot &>> 3, as: UInt8.self) & (1 &<< UInt8(slot & 7)) == 0 {
            return nil
        }
        return slot
    }

    @inlinable @inline(__always)
    func load<T: FixedWidthInteger>(_ base: UnsafeRawPointer, _ slot: Int, as type: T.Type) -> T {
        T(littleEndian: base.loadUnaligned(fromByteOffset: slot &* MemoryLayout<T>.size, as: T.self))
    }

    /// Whether slot `index` is null (also true outside `0..<count`), for a supported layout.
    @inlinable @inline(__always)
    public func isNull(_ index: Int) -> Bool { slot(index) == nil }

    /// As ``ArrowArray/int64(at:)`` for integer layouts; nil for other layouts.
    @inlinable @inline(__always)
    public func int64(at index: Int) -> Int64? {
        guard let slot = slot(index) else { return nil }
        switch layout {
        case .int8: return Int64(load(primary, slot, as: Int8.self))
        case .int16: return Int64(load(primary, slot, as: Int16.self))
        case .int32: return Int64(load(primary, slot, as: Int32.self))
        case .int64: return load(primary, slot, as: Int64.self)
        case .uint8: return Int64(load(primary, slot, as: UInt8.self))
        case .uint16: return Int64(load(primary, slot, as: UInt16.self))
        case .uint32: return Int64(load(primary, slot, as: UInt32.self))
        case .uint64: return Int64(exactly: load(primary, slot, as: UInt64.self))
        default: return nil
        }
    }

    /// As ``ArrowArray/uint64(at:)`` for integer layouts; nil for other layouts.
    @inlinable @inline(__always)
    public func uint64(at index: Int) -> UInt64? {
        guard let slot = slot(index) else { return nil }
        switch layout {
        case .int8: return UInt64(exactly: load(primary, slot, as: Int8.self))
        case .int16: return UInt64(exactly: load(primary, slot, as: Int16.self))
        case .int32: return UInt64(exactly: load(primary, slot, as: Int32.self))
        case .int64: return UInt64(exactly: load(primary, slot, as: Int64.self))
        case .uint8: return UInt64(load(primary, slot, as: UInt8.self))
        case .uint16: return UInt64(load(primary, slot, as: UInt16.self))
        case .uint32: return UInt64(load(primary, slot, as: UInt32.self))
        case .uint64: return load(primary, slot, as: UInt64.self)
        default: return nil
        }
    }

    /// As ``ArrowArray/double(at:)``: float32/float64 values, integers converted; nil for
    /// other layouts.
    @inlinable @inline(__always)
    public func double(at index: Int) -> Double? {
        guard let slot = slot(index) else { return nil }
        switch layout {
        case .float64: return Double(bitPattern: load(primary, slot, as: UInt64.self))
        case .float32: return Double(Float(bitPattern: load(primary, slot, as: UInt32.self)))
        case .int8: return Double(load(primary, slot, as: Int8.self))
        case .int16: return Double(load(primary, slot, as: Int16.self))
        case .int32: return Double(load(primary, slot, as: Int32.self))
        case .int64: return Double(load(primary, slot, as: Int64.self))
        case .uint8: return Double(load(primary, slot, as: UInt8.self))
        case .uint16: return Double(load(primary, slot, as: UInt16.self))
        case .uint32: return Double(load(primary, slot, as: UInt32.self))
        case .uint64: return Double(load(primary, slot, as: UInt64.self))
        default: return nil
        }
    }

    /// As ``ArrowArray/bool(at:)``.
    @inlinable @inline(__always)
    public func bool(at index: Int) -> Bool? {
        guard layout == .bool, let slot = slot(index) else { return nil }
        return primary.load(fromByteOffset: slot &>> 3, as: UInt8.self) & (1 &<< UInt8(slot & 7)) != 0
    }

    /// The bytes of a utf8/binary slot (valid while the array lives); nil for a null slot
    /// or another layout.
    @inlinable @inline(__always)
    public func bytes(at index: Int) -> UnsafeRawBufferPointer? {
        guard let slot = slot(index) else { return nil }
        let start: Int
        let end: Int
        switch layout {
        case .offsets32:
            start = Int(load(primary, slot, as: Int32.self))
            end = Int(load(primary, slot &+ 1, as: Int32.self))
        case .offsets64:
            start = Int(load(primary, slot, as: Int64.self))
            end = Int(load(primary, slot &+ 1, as: Int64.self))
        default:
            return nil
        }
        return UnsafeRawBufferPointer(start: secondary + start, count: end &- start)
    }
}

extension ArrowArray {
    /// A reader of this array's cells that needs no reference counting per read; its
    /// pointers are valid only while this array lives, so keep the array alongside.
    /// ``ArrowCellReader/isSupported`` is false for layouts it does not cover.
    package var cellReader: ArrowCellReader {
        let plain: ArrowCellReader.Layout
        switch (isDirect, layout) {
        case (true, .signed(1)): plain = .int8
        case (true, .signed(2)): plain = .int16
        case (true, .signed(4)): plain = .int32
        case (true, .signed(8)): plain = .int64
        case (true, .unsigned(1)): plain = .uint8
        case (true, .unsigned(2)): plain = .uint16
        case (true, .unsigned(4)): plain = .uint32
        case (true, .unsigned(8)): plain = .uint64
        case (true, .float32): plain = .float32
        case (true, .float64): plain = .float64
        case (true, .bool): plain = .bool
        case (true, .binary(4)): plain = .offsets32
        case (true, .binary(8)): plain = .offsets64
        default: plain = .unsupported
        }
        return ArrowCellReader(
            layout: plain, count: count, offset: offset, validity: validity?.base, primary: primary.base,
            secondary: secondary.base)
    }
}
