import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct WriterTests {
    @Test("the Encoding guide's examples are reproduced byte for byte")
    func encodingGuideExamples() {
        // Test1 { int32 a = 1; } with a = 150
        var writer = ProtobufWriter()
        writer.writeInt32(150, field: 1)
        #expect(writer.data == Data(hex: "08 96 01"))

        // Test2 { string b = 2; } with b = "testing"
        writer = ProtobufWriter()
        writer.writeString("testing", field: 2)
        #expect(writer.data == Data(hex: "12 07 74 65 73 74 69 6e 67"))

        // Test3 { Test1 c = 3; } with c.a = 150
        writer = ProtobufWriter()
        writer.writeNested(field: 3) { $0.writeInt32(150, field: 1) }
        #expect(writer.data == Data(hex: "1a 03 08 96 01"))

        // Test5 { repeated int32 f = 6 [packed=true]; } with f = [3, 270, 86942]
        writer = ProtobufWriter()
        writer.writePackedInt32([3, 270, 86942], field: 6)
        #expect(writer.data == Data(hex: "32 06 03 8e 02 9e a7 05"))
    }

    @Test("fixed-width values are little-endian")
    func fixedWidth() {
        var writer = ProtobufWriter()
        writer.writeFixed32(0x0102_0304, field: 8)
        writer.writeFixed64(0x0102_0304_0506_0708, field: 9)
        writer.writeSFixed32(-2, field: 10)
        writer.writeFloat(1.0, field: 12)
        writer.writeDouble(-2.5, field: 13)
        #expect(
            writer.data
                == Data(
                    hex: """
                        45 04 03 02 01
                        49 08 07 06 05 04 03 02 01
                        55 fe ff ff ff
                        65 00 00 80 3f
                        69 00 00 00 00 00 00 04 c0
                        """))
    }

    @Test("proto3 default values are not written")
    func defaultsOmitted() {
        #expect(Scalars().serializedProtobuf().isEmpty)
        var writer = ProtobufWriter()
        writer.writeDouble(0.0, field: 13)
        writer.writeString("", field: 14)
        writer.writeBytes(Data(), field: 15)
        writer.writeBool(false, field: 7)
        writer.writePackedUInt32([], field: 18)
        #expect(writer.data.isEmpty)
    }

    @Test("negative zero is not the default and is written")
    func negativeZero() {
        var writer = ProtobufWriter()
        writer.writeDouble(-0.0, field: 13)
        #expect(writer.data == Data(hex: "69 00 00 00 00 00 00 00 80"))
    }

    @Test("optional fields are written when set, even to the default")
    func explicitPresence() {
        var message = Scalars()
        message.optionalString = ""
        message.optionalInt32 = 0
        #expect(message.serializedProtobuf() == Data(hex: "82 01 00 88 01 00"))
    }

    @Test("an empty embedded message is still written")
    func emptyEmbeddedMessage() {
        var message = Scalars()
        message.child = Child()
        #expect(message.serializedProtobuf() == Data(hex: "a2 01 00"))
    }

    @Test("field keys above 15 take two bytes and the largest field number five")
    func largeFieldNumbers() {
        var writer = ProtobufWriter()
        writer.writeBool(true, field: 16)
        writer.writeBool(true, field: 0x1FFF_FFFF)
        #expect(writer.data == Data(hex: "80 01 01 f8 ff ff ff 0f 01"))
    }

    @Test("packed doubles and the packed fixed variants have the right lengths")
    func packedFixed() {
        var writer = ProtobufWriter()
        writer.writePackedDouble([1.0], field: 19)
        writer.writePackedFixed32([1, 2], field: 2)
        #expect(writer.data == Data(hex: "9a 01 08 00 00 00 00 00 00 f0 3f 12 08 01 00 00 00 02 00 00 00"))
    }

    @Test("strings are written as UTF-8 including non-ASCII")
    func utf8Strings() {
        var writer = ProtobufWriter()
        writer.writeString("é€", field: 1)
        #expect(writer.data == Data(hex: "0a 05 c3 a9 e2 82 ac"))
    }
}
