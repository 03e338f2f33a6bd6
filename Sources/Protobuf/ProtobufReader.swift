import Foundation

/// Reads protobuf wire format from a `Data` buffer, one field at a time.
///
/// Use ``nextField()`` to get each field's number and wire type, then one of the typed
/// `read…` methods to take its value. A field whose value is not read is skipped by the next
/// call to ``nextField()``, so a decoder can simply ignore field numbers it does not know.
///
/// `bytes` values (``readBytes()``) are slices of the input `Data` that share its storage, so
/// large payloads such as `FlightData.data_body` are never copied. Such slices keep the
/// input's indices: use `startIndex`, not `0`.
///
/// Every problem in the input is reported as a thrown ``ProtobufError``; nothing here traps.
public struct ProtobufReader: Sendable {
    /// The default limit on message nesting, as in the reference implementations.
    public static let defaultMaxDepth = 100

    /// The whole input buffer (this reader may cover only part of it).
    public let data: Data
    /// Where the next unread byte is.
    public internal(set) var position: Int
    /// One past the last byte this reader may read.
    public let endIndex: Int
    /// How many length-delimited messages enclose this reader.
    public let depth: Int
    /// The deepest nesting allowed before ``ProtobufError/Code/limitExceeded`` is thrown.
    public let maxDepth: Int

    /// The field whose key was read last; its value is read by the typed methods.
    public private(set) var currentField: Int = 0
    /// The wire type of ``currentField``.
    public private(set) var currentWireType: ProtobufWireType = .varint
    /// Whether the current field's value is still unread (and must be skipped).
    private var valuePending = false

    /// Creates a reader over all of `data`.
    public init(_ data: Data, maxDepth: Int = ProtobufReader.defaultMaxDepth) {
        self.init(data: data, range: data.startIndex..<data.endIndex, depth: 0, maxDepth: maxDepth)
    }

    /// Creates a reader over part of `data`, at a given nesting depth.
    init(data: Data, range: Range<Int>, depth: Int, maxDepth: Int) {
        self.data = data
        self.position = range.lowerBound
        self.endIndex = range.upperBound
        self.depth = depth
        self.maxDepth = maxDepth
    }

    /// Whether all bytes have been read.
    public var isAtEnd: Bool { position >= endIndex && !valuePending }

    /// How many bytes are left.
    public var remainingCount: Int { endIndex - position }

    // MARK: - Field keys

    /// Reads the next field key, skipping the previous field's value if it was not read.
    ///
    /// - Returns: the field number and wire type, or `nil` at the end of the input.
    /// - Throws: ``ProtobufError`` for a truncated key, field number 0 or above 2^29-1,
    ///   wire type 6 or 7, or an end-group key without a matching start.
    public mutating func nextField() throws -> (number: Int, wireType: ProtobufWireType)? {
        if valuePending {
            do { try skipField() } catch let error as ProtobufError {
                throw error.adding(context: "field \(currentField)")
            }
        }
        guard position < endIndex else { return nil }
        let key = try readRawVarint()
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else {
            throw ProtobufError(.malformed, "invalid field number \(number)")
        }
        guard let wireType = ProtobufWireType(rawValue: UInt8(key & 7)) else {
            throw ProtobufError(.malformed, "field \(number): invalid wire type \(key & 7)")
        }
        if wireType == .endGroup {
            throw ProtobufError(.malformed, "field \(number): end-group tag without a matching start-group")
        }
        currentField = Int(number)
        currentWireType = wireType
        valuePending = true
        return (Int(number), wireType)
    }

    /// Skips the current field's value, whatever its wire type (groups included).
    public mutating func skipField() throws {
        guard valuePending else { return }
        valuePending = false
        try skipValue(wireType: currentWireType, field: currentField, groupDepth: 0)
    }

    private mutating func skipValue(wireType: ProtobufWireType, field: Int, groupDepth: Int) throws {
        switch wireType {
        case .varint: _ = try readRawVarint()
        case .fixed64: try advance(by: 8, what: "fixed64 value")
        case .fixed32: try advance(by: 4, what: "fixed32 value")
        case .lengthDelimited:
            let range = try readLengthDelimitedRange()
            position = range.upperBound
        case .startGroup:
            // Groups nest like messages, so they count against the same depth limit.
            guard depth + groupDepth + 1 <= maxDepth else {
                throw ProtobufError(.limitExceeded, "groups nested deeper than \(maxDepth)")
            }
            while true {
                guard position < endIndex else {
                    throw ProtobufError(.truncated, "group \(field) is not closed")
                }
                let key = try readRawVarint()
                let number = key >> 3
                guard number >= 1, number <= 0x1FFF_FFFF,
                    let innerType = ProtobufWireType(rawValue: UInt8(key & 7))
                else {
                    throw ProtobufError(.malformed, "invalid field key \(key) inside group \(field)")
                }
                if innerType == .endGroup {
                    guard number == field else {
                        throw ProtobufError(.malformed, "group \(field) closed by end-group \(number)")
                    }
                    return
                }
                try skipValue(wireType: innerType, field: Int(number), groupDepth: groupDepth + 1)
            }
        case .endGroup:
            throw ProtobufError(.malformed, "unexpected end-group tag for field \(field)")
        }
    }

    // MARK: - Raw values (no field key)

    /// Reads one base-128 varint (at most 10 bytes, at most 64 bits).
    public mutating func readRawVarint() throws -> UInt64 {
        // Fast path: read straight from the buffer without per-byte Data bounds checks.
        let start = position
        let limit = endIndex
        let outcome: (value: UInt64, length: Int)? = try data.withUnsafeBytes { raw in
            let base = data.startIndex
            var result: UInt64 = 0
            var index = start
            var shift: UInt64 = 0
            while shift < 70 {
                guard index < limit else { return nil }
                let byte = raw[index - base]
                index += 1
                if shift == 63, byte > 1 {
                    // The tenth byte may only carry bit 63; more means a longer varint or an overflow.
                    throw ProtobufError(
                        .malformed, byte & 0x80 != 0 ? "varint longer than 10 bytes" : "varint overflows 64 bits")
                }
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return (result, index - start) }
                shift += 7
            }
            return nil
        }
        guard let outcome else { throw ProtobufError(.truncated, "varint runs past the end of the input") }
        position += outcome.length
        return outcome.value
    }

    /// Reads four little-endian bytes.
    public mutating func readRawFixed32() throws -> UInt32 {
        let start = position
        try advance(by: 4, what: "fixed32 value")
        return data.withUnsafeBytes { raw in
            let offset = start - data.startIndex
            var value: UInt32 = 0
            for i in 0..<4 { value |= UInt32(raw[offset + i]) << (8 * UInt32(i)) }
            return value
        }
    }

    /// Reads eight little-endian bytes.
    public mutating func readRawFixed64() throws -> UInt64 {
        let start = position
        try advance(by: 8, what: "fixed64 value")
        return data.withUnsafeBytes { raw in
            let offset = start - data.startIndex
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(raw[offset + i]) << (8 * UInt64(i)) }
            return value
        }
    }

    /// Reads a varint length and returns the index range of the bytes that follow it,
    /// checking that they lie within this reader. Does not move past those bytes.
    mutating func readLengthDelimitedRange() throws -> Range<Int> {
        let length = try readRawVarint()
        // Compare as UInt64 so that huge or "negative" lengths cannot overflow an Int.
        guard length <= UInt64(endIndex - position) else {
            throw ProtobufError(
                .truncated, "length \(length) runs past the end of the input (\(endIndex - position) bytes left)")
        }
        return position..<(position + Int(length))
    }

    private mutating func advance(by count: Int, what: String) throws {
        guard endIndex - position >= count else {
            throw ProtobufError(.truncated, "\(what) needs \(count) bytes, \(endIndex - position) left")
        }
        position += count
    }

    // MARK: - Typed field values

    /// Checks that the current field has `expected` wire type and marks its value as read.
    mutating func take(_ expected: ProtobufWireType, as type: String) throws {
        guard valuePending else {
            throw ProtobufError(.malformed, "field \(currentField): value read twice or before nextField()")
        }
        guard currentWireType == expected else {
            throw ProtobufError(
                .wireTypeMismatch,
                "field \(currentField) is \(type) and needs wire type \(expected.name), found \(currentWireType.name)")
        }
        valuePending = false
    }

    /// Reads a `uint64` field.
    public mutating func readUInt64() throws -> UInt64 {
        try take(.varint, as: "uint64")
        return try readRawVarint()
    }

    /// Reads an `int64` field.
    public mutating func readInt64() throws -> Int64 {
        try take(.varint, as: "int64")
        return Int64(bitPattern: try readRawVarint())
    }

    /// Reads a `uint32` field (a wider varint is truncated to 32 bits, as protobuf specifies).
    public mutating func readUInt32() throws -> UInt32 {
        try take(.varint, as: "uint32")
        return UInt32(truncatingIfNeeded: try readRawVarint())
    }

    /// Reads an `int32` field (negative values arrive sign-extended to 64 bits).
    public mutating func readInt32() throws -> Int32 {
        try take(.varint, as: "int32")
        return Int32(truncatingIfNeeded: try readRawVarint())
    }

    /// Reads a ZigZag-encoded `sint32` field.
    public mutating func readSInt32() throws -> Int32 {
        try take(.varint, as: "sint32")
        return ProtobufZigZag.decode32(UInt32(truncatingIfNeeded: try readRawVarint()))
    }

    /// Reads a ZigZag-encoded `sint64` field.
    public mutating func readSInt64() throws -> Int64 {
        try take(.varint, as: "sint64")
        return ProtobufZigZag.decode64(try readRawVarint())
    }

    /// Reads a `bool` field (any non-zero varint is `true`).
    public mutating func readBool() throws -> Bool {
        try take(.varint, as: "bool")
        return try readRawVarint() != 0
    }

    /// Reads an enum field, keeping values this code does not know.
    public mutating func readEnum<E: ProtobufEnum>(_ type: E.Type = E.self) throws -> E {
        try take(.varint, as: "enum")
        return E(rawValue: Int32(truncatingIfNeeded: try readRawVarint()))
    }

    /// Reads a `fixed32` field.
    public mutating func readFixed32() throws -> UInt32 {
        try take(.fixed32, as: "fixed32")
        return try readRawFixed32()
    }

    /// Reads a `fixed64` field.
    public mutating func readFixed64() throws -> UInt64 {
        try take(.fixed64, as: "fixed64")
        return try readRawFixed64()
    }

    /// Reads an `sfixed32` field.
    public mutating func readSFixed32() throws -> Int32 {
        try take(.fixed32, as: "sfixed32")
        return Int32(bitPattern: try readRawFixed32())
    }

    /// Reads an `sfixed64` field.
    public mutating func readSFixed64() throws -> Int64 {
        try take(.fixed64, as: "sfixed64")
        return Int64(bitPattern: try readRawFixed64())
    }

    /// Reads a `float` field.
    public mutating func readFloat() throws -> Float {
        try take(.fixed32, as: "float")
        return Float(bitPattern: try readRawFixed32())
    }

    /// Reads a `double` field.
    public mutating func readDouble() throws -> Double {
        try take(.fixed64, as: "double")
        return Double(bitPattern: try readRawFixed64())
    }

    /// Reads a `bytes` field as a slice of the input that shares its storage (no copy).
    /// The slice keeps the input's indices.
    public mutating func readBytes() throws -> Data {
        try take(.lengthDelimited, as: "bytes")
        let range = try readLengthDelimitedRange()
        position = range.upperBound
        return data[range]
    }

    /// Reads a `string` field, rejecting bytes that are not valid UTF-8.
    public mutating func readString() throws -> String {
        try take(.lengthDelimited, as: "string")
        let range = try readLengthDelimitedRange()
        position = range.upperBound
        let decoded: String? = data.withUnsafeBytes { raw in
            let offset = range.lowerBound - data.startIndex
            let bytes = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + range.count)])
            return String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self)
        }
        guard let decoded else {
            throw ProtobufError(.invalidUTF8, "string field \(currentField) is not valid UTF-8")
        }
        return decoded
    }

    /// Reads an embedded message field as a new message.
    public mutating func readMessage<M: ProtobufMessage>(_ type: M.Type = M.self) throws -> M {
        var message = M()
        try mergeMessage(into: &message)
        return message
    }

    /// Reads an embedded message field into an optional, merging with a value already there:
    /// a message field that appears twice is merged, as protobuf specifies.
    public mutating func mergeMessage<M: ProtobufMessage>(into message: inout M?) throws {
        var value = message ?? M()
        try mergeMessage(into: &value)
        message = value
    }

    /// Reads an embedded message field, merging its fields into `message`.
    public mutating func mergeMessage<M: ProtobufMessage>(into message: inout M) throws {
        try readNested { nested in try message.merge(from: &nested) }
    }

    /// Reads a length-delimited field through `body`, which gets a reader limited to the
    /// field's bytes, one level deeper. Use for map entries and hand-written sub-messages.
    public mutating func readNested<T>(_ body: (inout ProtobufReader) throws -> T) throws -> T {
        try take(.lengthDelimited, as: "message")
        let range = try readLengthDelimitedRange()
        guard depth + 1 <= maxDepth else {
            throw ProtobufError(.limitExceeded, "messages nested deeper than \(maxDepth)")
        }
        var nested = ProtobufReader(data: data, range: range, depth: depth + 1, maxDepth: maxDepth)
        let result = try body(&nested)
        position = range.upperBound
        return result
    }
}

/// ZigZag encoding of `sint32`/`sint64`, which maps small negative numbers to small varints.
public enum ProtobufZigZag {
    /// Encodes a 32-bit signed value.
    public static func encode32(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value << 1) ^ (value >> 31))
    }
    /// Decodes a 32-bit value.
    public static func decode32(_ value: UInt32) -> Int32 {
        Int32(bitPattern: value >> 1) ^ -Int32(bitPattern: value & 1)
    }
    /// Encodes a 64-bit signed value.
    public static func encode64(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
    /// Decodes a 64-bit value.
    public static func decode64(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
