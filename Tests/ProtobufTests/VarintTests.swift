import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct VarintTests {
    /// Known encodings from the protobuf Encoding guide and the varint definition.
    static let vectors: [(UInt64, String)] = [
        (0, "00"), (1, "01"), (127, "7f"), (128, "80 01"), (150, "96 01"), (300, "ac 02"),
        (16_383, "ff 7f"), (16_384, "80 80 01"), (UInt64(UInt32.max), "ff ff ff ff 0f"),
        (UInt64.max, "ff ff ff ff ff ff ff ff ff 01"),
    ]

    static let zigZag32Vectors: [(Int32, UInt32)] = [
        (0, 0), (-1, 1), (1, 2), (-2, 3), (Int32.max, 4_294_967_294), (Int32.min, 4_294_967_295),
    ]
    static let zigZag64Vectors: [(Int64, UInt64)] = [
        (0, 0), (-1, 1), (1, 2), (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max),
    ]

    @Test("raw varints encode to the known bytes", arguments: vectors)
    func encodesKnownVectors(value: UInt64, hex: String) {
        var writer = ProtobufWriter()
        writer.writeRawVarint(value)
        #expect(writer.data == Data(hex: hex))
    }

    @Test("raw varints decode from the known bytes and consume exactly them", arguments: vectors)
    func decodesKnownVectors(value: UInt64, hex: String) throws {
        var reader = ProtobufReader(Data(hex: hex + " 7f"))
        #expect(try reader.readRawVarint() == value)
        #expect(reader.remainingCount == 1)
    }

    @Test("int32 -1 is sign-extended to ten bytes")
    func negativeInt32() throws {
        var writer = ProtobufWriter()
        writer.writeInt32(-1, field: 1)
        #expect(writer.data == Data(hex: "08 ff ff ff ff ff ff ff ff ff 01"))
        let decoded = try Scalars(protobuf: writer.data)
        #expect(decoded.int32 == -1)
    }

    @Test(
        "ZigZag maps signed values as the spec's table shows",
        arguments: zigZag32Vectors)
    func zigZag32(value: Int32, encoded: UInt32) {
        #expect(ProtobufZigZag.encode32(value) == encoded)
        #expect(ProtobufZigZag.decode32(encoded) == value)
    }

    @Test(
        "ZigZag 64-bit round-trips extremes",
        arguments: zigZag64Vectors)
    func zigZag64(value: Int64, encoded: UInt64) {
        #expect(ProtobufZigZag.encode64(value) == encoded)
        #expect(ProtobufZigZag.decode64(encoded) == value)
    }

    @Test("sint32 -2 is written as the single byte 03")
    func sint32Field() throws {
        var writer = ProtobufWriter()
        writer.writeSInt32(-2, field: 5)
        #expect(writer.data == Data(hex: "28 03"))
        #expect(try Scalars(protobuf: writer.data).sint32 == -2)
    }

    @Test("a varint longer than ten bytes is malformed")
    func tooLong() {
        var reader = ProtobufReader(Data(hex: "ff ff ff ff ff ff ff ff ff ff 01"))
        #expect(protobufErrorCode { _ = try reader.readRawVarint() } == .malformed)
    }

    @Test("a ten-byte varint with more than 64 bits is malformed")
    func overflow() {
        var reader = ProtobufReader(Data(hex: "ff ff ff ff ff ff ff ff ff 02"))
        #expect(protobufErrorCode { _ = try reader.readRawVarint() } == .malformed)
    }

    @Test("a varint cut off mid-way is truncated", arguments: ["", "80", "96", "ff ff ff"])
    func truncated(hex: String) {
        var reader = ProtobufReader(Data(hex: hex))
        #expect(protobufErrorCode { _ = try reader.readRawVarint() } == .truncated)
    }

    @Test("a uint32 field holding a wider varint is truncated to 32 bits")
    func uint32Truncation() throws {
        // 2^32 + 5 as a varint in field 3.
        var writer = ProtobufWriter()
        writer.writeUInt64((1 << 32) + 5, field: 3)
        #expect(try Scalars(protobuf: writer.data).uint32 == 5)
    }
}
