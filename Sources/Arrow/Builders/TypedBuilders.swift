import Foundation

/// A Swift type stored bit-for-bit in an Arrow fixed-width column.
public protocol ArrowPrimitive: Sendable {
    /// The integer whose bytes Arrow stores.
    associatedtype Bits: FixedWidthInteger
    /// The value's stored bits.
    var arrowBits: Bits { get }
    /// The Arrow type the value maps to by default.
    static var defaultArrowType: ArrowType { get }
}

extension Int8: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: Int8 { self }
    /// `int8`.
    public static var defaultArrowType: ArrowType { .int8 }
}

extension Int16: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: Int16 { self }
    /// `int16`.
    public static var defaultArrowType: ArrowType { .int16 }
}

extension Int32: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: Int32 { self }
    /// `int32`.
    public static var defaultArrowType: ArrowType { .int32 }
}

extension Int64: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: Int64 { self }
    /// `int64`.
    public static var defaultArrowType: ArrowType { .int64 }
}

extension UInt8: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: UInt8 { self }
    /// `uint8`.
    public static var defaultArrowType: ArrowType { .uint8 }
}

extension UInt16: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: UInt16 { self }
    /// `uint16`.
    public static var defaultArrowType: ArrowType { .uint16 }
}

extension UInt32: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: UInt32 { self }
    /// `uint32`.
    public static var defaultArrowType: ArrowType { .uint32 }
}

extension UInt64: ArrowPrimitive {
    /// The value itself.
    public var arrowBits: UInt64 { self }
    /// `uint64`.
    public static var defaultArrowType: ArrowType { .uint64 }
}

extension Float: ArrowPrimitive {
    /// The IEEE 754 bit pattern.
    public var arrowBits: UInt32 { bitPattern }
    /// `float32`.
    public static var defaultArrowType: ArrowType { .float32 }
}

extension Double: ArrowPrimitive {
    /// The IEEE 754 bit pattern.
    public var arrowBits: UInt64 { bitPattern }
    /// `float64`.
    public static var defaultArrowType: ArrowType { .float64 }
}

/// Builds a fixed-width column from Swift values of one type: appends cannot fail and cost
/// amortized O(1) with no allocation.
///
/// The column type defaults to the value's natural type; any type of the same width may be
/// chosen instead, e.g. `Int64Builder(type: .timestamp(.microsecond, timeZone: "UTC"))`
/// appends raw microsecond counts, `Int32Builder(type: .date32)` days.
public struct PrimitiveArrayBuilder<Value: ArrowPrimitive>: Sendable {
    private var base: ArrowArrayBuilder

    /// Creates a builder; fails when `type` does not store values of `Value`'s width and kind.
    public init(name: String = "", type: ArrowType = Value.defaultArrowType, isNullable: Bool = true) throws(ArrowError) {
        let width = MemoryLayout<Value.Bits>.size
        let matches: Bool
        switch ArrayLayout(type) {
        case .signed(let bytes): matches = Value.Bits.isSigned && bytes == width
        case .unsigned(let bytes): matches = !Value.Bits.isSigned && bytes == width
        case .float32: matches = Value.self == Float.self
        case .float64: matches = Value.self == Double.self
        default: matches = false
        }
        guard matches else {
            throw ArrowError(.typeMismatch, "\(Value.self) values cannot build a \(type) column")
        }
        base = try ArrowArrayBuilder(field: Field(name: name, type: type, isNullable: isNullable))
    }

    /// The number of slots appended since the last ``finish()``.
    public var count: Int { base.count }

    /// Appends a value.
    @inline(__always)
    public mutating func append(_ value: Value) {
        base.markValid()
        base.values.append(value.arrowBits)
        base.count += 1
    }

    /// Appends a value, or a null when it is nil.
    public mutating func append(_ value: Value?) {
        if let value { append(value) } else { appendNull() }
    }

    /// Appends a null slot.
    public mutating func appendNull() {
        base.storeNull()
    }

    /// Returns the array built so far and starts over empty.
    public mutating func finish() throws(ArrowError) -> ArrowArray {
        try base.finish()
    }
}

/// Builds an `int8` column (or another 8-bit signed type).
public typealias Int8Builder = PrimitiveArrayBuilder<Int8>
/// Builds an `int16` column.
public typealias Int16Builder = PrimitiveArrayBuilder<Int16>
/// Builds an `int32` column (or `date32`, `time32`, year-month intervals).
public typealias Int32Builder = PrimitiveArrayBuilder<Int32>
/// Builds an `int64` column (or `date64`, `time64`, `timestamp`, `duration`).
public typealias Int64Builder = PrimitiveArrayBuilder<Int64>
/// Builds a `uint8` column.
public typealias UInt8Builder = PrimitiveArrayBuilder<UInt8>
/// Builds a `uint16` column.
public typealias UInt16Builder = PrimitiveArrayBuilder<UInt16>
/// Builds a `uint32` column.
public typealias UInt32Builder = PrimitiveArrayBuilder<UInt32>
/// Builds a `uint64` column.
public typealias UInt64Builder = PrimitiveArrayBuilder<UInt64>
/// Builds a `float32` column.
public typealias FloatBuilder = PrimitiveArrayBuilder<Float>
/// Builds a `float64` column.
public typealias DoubleBuilder = PrimitiveArrayBuilder<Double>

/// Builds a `timestamp` column from counts of its unit since the epoch.
public struct TimestampBuilder: Sendable {
    private var base: Int64Builder

    /// Creates a builder for timestamps in `unit`; `timeZone` nil for wall-clock time.
    public init(name: String = "", unit: TimeUnit, timeZone: String? = nil, isNullable: Bool = true) throws(ArrowError) {
        base = try Int64Builder(name: name, type: .timestamp(unit, timeZone: timeZone), isNullable: isNullable)
    }

    /// The number of slots appended since the last ``finish()``.
    public var count: Int { base.count }

    /// Appends a count of the unit since 1970-01-01T00:00:00.
    public mutating func append(_ value: Int64) { base.append(value) }

    /// Appends a count, or a null when it is nil.
    public mutating func append(_ value: Int64?) { base.append(value) }

    /// Appends a null slot.
    public mutating func appendNull() { base.appendNull() }

    /// Returns the array built so far and starts over empty.
    public mutating func finish() throws(ArrowError) -> ArrowArray { try base.finish() }
}

/// Builds a `bool` column.
public struct BoolBuilder: Sendable {
    private var base: ArrowArrayBuilder

    /// Creates a builder.
    public init(name: String = "", isNullable: Bool = true) throws(ArrowError) {
        base = try ArrowArrayBuilder(field: Field(name: name, type: .bool, isNullable: isNullable))
    }

    /// The number of slots appended since the last ``finish()``.
    public var count: Int { base.count }

    /// Appends a value.
    public mutating func append(_ value: Bool) {
        base.markValid()
        base.bits.append(value)
        base.count += 1
    }

    /// Appends a value, or a null when it is nil.
    public mutating func append(_ value: Bool?) {
        if let value { append(value) } else { appendNull() }
    }

    /// Appends a null slot.
    public mutating func appendNull() { base.storeNull() }

    /// Returns the array built so far and starts over empty.
    public mutating func finish() throws(ArrowError) -> ArrowArray { try base.finish() }
}

/// Builds a `utf8` column (or `large_utf8`, `utf8_view`).
public struct StringBuilder: Sendable {
    private var base: ArrowArrayBuilder

    /// Creates a builder; `type` must be utf8, large_utf8 or utf8_view.
    public init(name: String = "", type: ArrowType = .utf8, isNullable: Bool = true) throws(ArrowError) {
        guard [.utf8, .largeUTF8, .utf8View].contains(type) else {
            throw ArrowError(.typeMismatch, "strings cannot build a \(type) column")
        }
        base = try ArrowArrayBuilder(field: Field(name: name, type: type, isNullable: isNullable))
    }

    /// The number of slots appended since the last ``finish()``.
    public var count: Int { base.count }

    /// Appends a string; fails only when 32-bit offsets would overflow (2 GiB of text).
    public mutating func append(_ value: String) throws(ArrowError) { try base.append(string: value) }

    /// Appends a string, or a null when it is nil.
    public mutating func append(_ value: String?) throws(ArrowError) { try base.append(string: value) }

    /// Appends a null slot.
    public mutating func appendNull() { base.storeNull() }

    /// Returns the array built so far and starts over empty.
    public mutating func finish() throws(ArrowError) -> ArrowArray { try base.finish() }
}

/// Builds a `binary` column (or `large_binary`, `binary_view`, `fixed_size_binary`).
public struct BinaryBuilder: Sendable {
    private var base: ArrowArrayBuilder

    /// Creates a builder; `type` must be one of the binary types.
    public init(name: String = "", type: ArrowType = .binary, isNullable: Bool = true) throws(ArrowError) {
        switch type {
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary: break
        default: throw ArrowError(.typeMismatch, "bytes cannot build a \(type) column")
        }
        base = try ArrowArrayBuilder(field: Field(name: name, type: type, isNullable: isNullable))
    }

    /// The number of slots appended since the last ``finish()``.
    public var count: Int { base.count }

    /// Appends bytes; fails on a fixed-size column given another length, or when 32-bit
    /// offsets would overflow.
    public mutating func append(_ value: Data) throws(ArrowError) { try base.append(bytes: value) }

    /// Appends bytes, or a null when they are nil.
    public mutating func append(_ value: Data?) throws(ArrowError) { try base.append(bytes: value) }

    /// Appends a null slot.
    public mutating func appendNull() { base.storeNull() }

    /// Returns the array built so far and starts over empty.
    public mutating func finish() throws(ArrowError) -> ArrowArray { try base.finish() }
}

/// Builds a decimal column (32, 64, 128 or 256 bits).
public struct DecimalBuilder: Sendable {
    private var base: ArrowArrayBuilder
    private let width: Int
    private let precision: Int

    /// Creates a builder for `precision` digits, `scale` after the point.
    public init(
        name: String = "", precision: Int, scale: Int, bitWidth: Int = 128, isNullable: Bool = true
    ) throws(ArrowError) {
        let type = ArrowType.decimal(bitWidth: bitWidth, precision: precision, scale: scale)
        base = try ArrowArrayBuilder(field: Field(name: name, type: type, isNullable: isNullable))
        width = bitWidth / 8
        self.precision = precision
    }

    /// The number of slots appended since the last ``finish()``.
    public var count: Int { base.count }

    /// Appends an exact decimal of the column's scale; fails when it does not fit.
    public mutating func append(_ value: ArrowDecimal) throws(ArrowError) { try base.append(.decimal(value)) }

    /// Appends the unscaled value (the decimal times 10^scale) without allocating; fails
    /// when it has more digits than the precision or does not fit a decimal32.
    public mutating func append(unscaled value: Int64) throws(ArrowError) {
        guard Self.digits(value) <= max(precision, 1) else {
            throw ArrowError(.typeMismatch, "\(value) has more than \(precision) digits")
        }
        if width == 4 {
            guard ArrowArrayBuilder.fitsSigned(value, width: 4) else {
                throw ArrowError(.typeMismatch, "\(value) does not fit a decimal32")
            }
            base.appendFixed(UInt64(bitPattern: value), width: 4)
            return
        }
        base.markValid()
        base.values.append(value)
        let fill: Int64 = value < 0 ? -1 : 0
        for _ in 1..<(width / 8) { base.values.append(fill) }
        base.count += 1
    }

    /// Appends a null slot.
    public mutating func appendNull() { base.storeNull() }

    /// Returns the array built so far and starts over empty.
    public mutating func finish() throws(ArrowError) -> ArrowArray { try base.finish() }

    /// The number of decimal digits of `value`'s magnitude (1 for zero).
    static func digits(_ value: Int64) -> Int {
        var magnitude = value.magnitude
        var count = 1
        while magnitude >= 10 {
            magnitude /= 10
            count += 1
        }
        return count
    }
}

/// Builds a `decimal128` column.
public typealias Decimal128Builder = DecimalBuilder
