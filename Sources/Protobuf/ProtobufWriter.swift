import Foundation

/// Builds protobuf wire format into a `Data` buffer.
///
/// Field methods follow proto3 rules: a value equal to its type's default (0, `false`, empty
/// string or bytes, empty repeated field) is not written. The overloads taking an optional
/// write any non-`nil` value, even a default one, for `optional` fields with explicit presence.
/// Fields should be written in field-number order, which is what every encoder does and what
/// byte-exact tests expect.
public struct ProtobufWriter: Sendable {
    /// The bytes written so far.
    public private(set) var data: Data

    /// Creates an empty writer, optionally reserving room for `capacity` bytes.
    public init(reservingCapacity capacity: Int = 0) {
        data = Data()
        if capacity > 0 { data.reserveCapacity(capacity) }
    }

    // MARK: - Raw values

    /// Appends a base-128 varint.
    public mutating func writeRawVarint(_ value: UInt64) {
        var buffer: (UInt64, UInt64) = (0, 0)  // 16 bytes of scratch, enough for 10
        let count = withUnsafeMutableBytes(of: &buffer) { scratch -> Int in
            var v = value
            var i = 0
            while v >= 0x80 {
                scratch[i] = UInt8(truncatingIfNeeded: v) | 0x80
                v >>= 7
                i += 1
            }
            scratch[i] = UInt8(v)
            return i + 1
        }
        withUnsafeBytes(of: &buffer) { data.append(contentsOf: $0.prefix(count)) }
    }

    /// Appends a field key.
    public mutating func writeKey(field number: Int, wireType: ProtobufWireType) {
        writeRawVarint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    /// Appends four little-endian bytes.
    public mutating func writeRawFixed32(_ value: UInt32) {
        appendLittleEndian(value)
    }

    /// Appends eight little-endian bytes.
    public mutating func writeRawFixed64(_ value: UInt64) {
        appendLittleEndian(value)
    }

    /// Appends an integer's bytes, least significant first (protobuf's fixed-size encoding).
    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    /// Appends bytes as they are.
    public mutating func writeRawBytes(_ bytes: Data) {
        data.append(bytes)
    }

    /// Appends a length varint followed by the bytes.
    public mutating func writeLengthDelimited(_ bytes: Data) {
        writeRawVarint(UInt64(bytes.count))
        data.append(bytes)
    }

    // MARK: - Scalar fields (default omitted)

    /// Writes a `uint64` field unless it is 0.
    public mutating func writeUInt64(_ value: UInt64, field: Int) {
        if value != 0 { writeUInt64(Optional(value), field: field) }
    }

    /// Writes an `int64` field unless it is 0.
    public mutating func writeInt64(_ value: Int64, field: Int) {
        if value != 0 { writeInt64(Optional(value), field: field) }
    }

    /// Writes a `uint32` field unless it is 0.
    public mutating func writeUInt32(_ value: UInt32, field: Int) {
        if value != 0 { writeUInt32(Optional(value), field: field) }
    }

    /// Writes an `int32` field unless it is 0. Negative values take 10 bytes (sign-extended).
    public mutating func writeInt32(_ value: Int32, field: Int) {
        if value != 0 { writeInt32(Optional(value), field: field) }
    }

    /// Writes a ZigZag `sint32` field unless it is 0.
    public mutating func writeSInt32(_ value: Int32, field: Int) {
        if value != 0 { writeSInt32(Optional(value), field: field) }
    }

    /// Writes a ZigZag `sint64` field unless it is 0.
    public mutating func writeSInt64(_ value: Int64, field: Int) {
        if value != 0 { writeSInt64(Optional(value), field: field) }
    }

    /// Writes a `bool` field unless it is `false`.
    public mutating func writeBool(_ value: Bool, field: Int) {
        if value { writeBool(Optional(value), field: field) }
    }

    /// Writes an enum field unless it is the zero value.
    public mutating func writeEnum<E: ProtobufEnum>(_ value: E, field: Int) {
        if value.rawValue != 0 { writeEnum(Optional(value), field: field) }
    }

    /// Writes a `fixed32` field unless it is 0.
    public mutating func writeFixed32(_ value: UInt32, field: Int) {
        if value != 0 { writeFixed32(Optional(value), field: field) }
    }

    /// Writes a `fixed64` field unless it is 0.
    public mutating func writeFixed64(_ value: UInt64, field: Int) {
        if value != 0 { writeFixed64(Optional(value), field: field) }
    }

    /// Writes an `sfixed32` field unless it is 0.
    public mutating func writeSFixed32(_ value: Int32, field: Int) {
        if value != 0 { writeSFixed32(Optional(value), field: field) }
    }

    /// Writes an `sfixed64` field unless it is 0.
    public mutating func writeSFixed64(_ value: Int64, field: Int) {
        if value != 0 { writeSFixed64(Optional(value), field: field) }
    }

    /// Writes a `float` field unless it is +0.0 (-0.0 is written, since it is a different value).
    public mutating func writeFloat(_ value: Float, field: Int) {
        if value.bitPattern != 0 { writeFloat(Optional(value), field: field) }
    }

    /// Writes a `double` field unless it is +0.0 (-0.0 is written, since it is a different value).
    public mutating func writeDouble(_ value: Double, field: Int) {
        if value.bitPattern != 0 { writeDouble(Optional(value), field: field) }
    }

    /// Writes a `string` field unless it is empty.
    public mutating func writeString(_ value: String, field: Int) {
        if !value.isEmpty { writeString(Optional(value), field: field) }
    }

    /// Writes a `bytes` field unless it is empty.
    public mutating func writeBytes(_ value: Data, field: Int) {
        if !value.isEmpty { writeBytes(Optional(value), field: field) }
    }

    // MARK: - Fields with explicit presence (written whenever non-nil)

    /// Writes a `uint64` field if present.
    public mutating func writeUInt64(_ value: UInt64?, field: Int) {
        if let value { writeVarintField(value, field: field) }
    }

    /// Writes an `int64` field if present.
    public mutating func writeInt64(_ value: Int64?, field: Int) {
        if let value { writeVarintField(UInt64(bitPattern: value), field: field) }
    }

    /// Writes a `uint32` field if present.
    public mutating func writeUInt32(_ value: UInt32?, field: Int) {
        if let value { writeVarintField(UInt64(value), field: field) }
    }

    /// Writes an `int32` field if present.
    public mutating func writeInt32(_ value: Int32?, field: Int) {
        if let value { writeVarintField(UInt64(bitPattern: Int64(value)), field: field) }
    }

    /// Writes a ZigZag `sint32` field if present.
    public mutating func writeSInt32(_ value: Int32?, field: Int) {
        if let value { writeVarintField(UInt64(ProtobufZigZag.encode32(value)), field: field) }
    }

    /// Writes a ZigZag `sint64` field if present.
    public mutating func writeSInt64(_ value: Int64?, field: Int) {
        if let value { writeVarintField(ProtobufZigZag.encode64(value), field: field) }
    }

    /// Writes a `bool` field if present.
    public mutating func writeBool(_ value: Bool?, field: Int) {
        if let value { writeVarintField(value ? 1 : 0, field: field) }
    }

    /// Writes an enum field if present.
    public mutating func writeEnum<E: ProtobufEnum>(_ value: E?, field: Int) {
        if let value { writeVarintField(UInt64(bitPattern: Int64(value.rawValue)), field: field) }
    }

    /// Writes a `fixed32` field if present.
    public mutating func writeFixed32(_ value: UInt32?, field: Int) {
        if let value { writeFixed32Field(value, field: field) }
    }

    /// Writes a `fixed64` field if present.
    public mutating func writeFixed64(_ value: UInt64?, field: Int) {
        if let value { writeFixed64Field(value, field: field) }
    }

    /// Writes an `sfixed32` field if present.
    public mutating func writeSFixed32(_ value: Int32?, field: Int) {
        if let value { writeFixed32Field(UInt32(bitPattern: value), field: field) }
    }

    /// Writes an `sfixed64` field if present.
    public mutating func writeSFixed64(_ value: Int64?, field: Int) {
        if let value { writeFixed64Field(UInt64(bitPattern: value), field: field) }
    }

    /// Writes a `float` field if present.
    public mutating func writeFloat(_ value: Float?, field: Int) {
        if let value { writeFixed32Field(value.bitPattern, field: field) }
    }

    /// Writes a `double` field if present.
    public mutating func writeDouble(_ value: Double?, field: Int) {
        if let value { writeFixed64Field(value.bitPattern, field: field) }
    }

    /// Writes a `string` field if present.
    public mutating func writeString(_ value: String?, field: Int) {
        guard let value else { return }
        writeKey(field: field, wireType: .lengthDelimited)
        var utf8 = value
        utf8.withUTF8 { bytes in
            writeRawVarint(UInt64(bytes.count))
            data.append(bytes)
        }
    }

    /// Writes a `bytes` field if present.
    public mutating func writeBytes(_ value: Data?, field: Int) {
        guard let value else { return }
        writeKey(field: field, wireType: .lengthDelimited)
        writeLengthDelimited(value)
    }

    /// Writes the key and raw form of a varint field: every varint scalar type ends here.
    private mutating func writeVarintField(_ raw: UInt64, field: Int) {
        writeKey(field: field, wireType: .varint)
        writeRawVarint(raw)
    }

    /// Writes the key and value of a 4-byte field (`fixed32`, `sfixed32`, `float`).
    private mutating func writeFixed32Field(_ raw: UInt32, field: Int) {
        writeKey(field: field, wireType: .fixed32)
        writeRawFixed32(raw)
    }

    /// Writes the key and value of an 8-byte field (`fixed64`, `sfixed64`, `double`).
    private mutating func writeFixed64Field(_ raw: UInt64, field: Int) {
        writeKey(field: field, wireType: .fixed64)
        writeRawFixed64(raw)
    }

    // MARK: - Messages

    /// Writes an embedded message field. Message fields have presence, so an empty message
    /// is still written (as a zero-length field).
    public mutating func writeMessage<M: ProtobufMessage>(_ message: M, field: Int) {
        writeNested(field: field) { message.encode(to: &$0) }
    }

    /// Writes an embedded message field if present.
    public mutating func writeMessage<M: ProtobufMessage>(_ message: M?, field: Int) {
        guard let message else { return }
        writeMessage(message, field: field)
    }

    /// Writes each message of a repeated message field.
    public mutating func writeRepeatedMessages<M: ProtobufMessage>(_ messages: [M], field: Int) {
        for message in messages { writeMessage(message, field: field) }
    }

    /// Writes a length-delimited field whose contents `body` produces (a map entry or a
    /// hand-written sub-message). The contents are built separately because the length
    /// must precede them.
    public mutating func writeNested(field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        writeKey(field: field, wireType: .lengthDelimited)
        writeLengthDelimited(nested.data)
    }

    // MARK: - Repeated fields

    /// Writes each string of a `repeated string` field (strings are never packed).
    public mutating func writeRepeatedStrings(_ values: [String], field: Int) {
        for value in values { writeString(Optional(value), field: field) }
    }

    /// Writes each value of a `repeated bytes` field.
    public mutating func writeRepeatedBytes(_ values: [Data], field: Int) {
        for value in values { writeBytes(Optional(value), field: field) }
    }

    /// Writes a packed repeated varint field (`uint32`, `int64`, `bool`, enums, ...) from the
    /// values' raw varint forms; nothing is written when empty.
    public mutating func writePackedVarints(_ values: [UInt64], field: Int) {
        guard !values.isEmpty else { return }
        writeNested(field: field) { packed in
            for value in values { packed.writeRawVarint(value) }
        }
    }

    /// Writes a packed `repeated uint32` field.
    public mutating func writePackedUInt32(_ values: [UInt32], field: Int) {
        writePackedVarints(values.map { UInt64($0) }, field: field)
    }

    /// Writes a packed `repeated int32` field.
    public mutating func writePackedInt32(_ values: [Int32], field: Int) {
        writePackedVarints(values.map { UInt64(bitPattern: Int64($0)) }, field: field)
    }

    /// Writes a packed `repeated int64` field.
    public mutating func writePackedInt64(_ values: [Int64], field: Int) {
        writePackedVarints(values.map { UInt64(bitPattern: $0) }, field: field)
    }

    /// Writes a packed `repeated sint64` field.
    public mutating func writePackedSInt64(_ values: [Int64], field: Int) {
        writePackedVarints(values.map { ProtobufZigZag.encode64($0) }, field: field)
    }

    /// Writes a packed `repeated bool` field.
    public mutating func writePackedBool(_ values: [Bool], field: Int) {
        writePackedVarints(values.map { $0 ? 1 : 0 }, field: field)
    }

    /// Writes a packed repeated enum field.
    public mutating func writePackedEnums<E: ProtobufEnum>(_ values: [E], field: Int) {
        writePackedVarints(values.map { UInt64(bitPattern: Int64($0.rawValue)) }, field: field)
    }

    /// Writes a packed `repeated fixed32` field.
    public mutating func writePackedFixed32(_ values: [UInt32], field: Int) {
        writePackedLittleEndian(values, field: field)
    }

    /// Writes a packed `repeated fixed64` field.
    public mutating func writePackedFixed64(_ values: [UInt64], field: Int) {
        writePackedLittleEndian(values, field: field)
    }

    /// Writes a packed field of fixed-size values; the length is known up front, so unlike
    /// ``writePackedVarints(_:field:)`` nothing is built separately. Nothing is written when empty.
    private mutating func writePackedLittleEndian<T: FixedWidthInteger>(_ values: [T], field: Int) {
        guard !values.isEmpty else { return }
        writeKey(field: field, wireType: .lengthDelimited)
        writeRawVarint(UInt64(values.count * MemoryLayout<T>.size))
        for value in values { appendLittleEndian(value) }
    }

    /// Writes a packed `repeated float` field.
    public mutating func writePackedFloat(_ values: [Float], field: Int) {
        writePackedFixed32(values.map(\.bitPattern), field: field)
    }

    /// Writes a packed `repeated double` field.
    public mutating func writePackedDouble(_ values: [Double], field: Int) {
        writePackedFixed64(values.map(\.bitPattern), field: field)
    }
}
