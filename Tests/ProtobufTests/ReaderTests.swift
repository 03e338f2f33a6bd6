import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct ReaderTests {
    static func fullMessage() -> Scalars {
        var m = Scalars()
        m.int32 = -42
        m.int64 = Int64.min
        m.uint32 = UInt32.max
        m.uint64 = UInt64.max
        m.sint32 = Int32.min
        m.sint64 = -1
        m.bool = true
        m.fixed32 = 7
        m.fixed64 = 1 << 40
        m.sfixed32 = -7
        m.sfixed64 = -(1 << 40)
        m.float = 3.5
        m.double = -0.125
        m.string = "héllo"
        m.bytes = Data([0, 1, 2, 255])
        m.optionalString = ""
        m.optionalInt32 = 0
        m.repeatedUInt32 = [1, 300, 0]
        m.repeatedDouble = [1.5, -2]
        m.child = Child(a: 5, b: "c", tags: ["x", ""])
        m.children = [Child(), Child(a: 1)]
        return m
    }

    @Test("every scalar type round-trips")
    func roundTrip() throws {
        let message = Self.fullMessage()
        #expect(try Scalars(protobuf: message.serializedProtobuf()) == message)
    }

    @Test("nextField reports numbers and wire types in order")
    func fieldKeys() throws {
        var reader = ProtobufReader(Data(hex: "08 96 01 12 00 1d 00 00 00 00 21 00 00 00 00 00 00 00 00"))
        var seen: [Int] = []
        var types: [ProtobufWireType] = []
        while let field = try reader.nextField() {
            seen.append(field.number)
            types.append(field.wireType)
        }
        #expect(seen == [1, 2, 3, 4])
        #expect(types == [.varint, .lengthDelimited, .fixed32, .fixed64])
        #expect(reader.isAtEnd)
    }

    @Test("unknown fields of every wire type are skipped, including nested groups")
    func skipsUnknownFields() throws {
        let bytes = Data(
            hex: """
                f8 07 05
                f9 07 01 02 03 04 05 06 07 08
                fa 07 03 61 62 63
                fd 07 01 02 03 04
                fb 07 08 01 0b 10 02 0c fc 07
                08 2a
                """)
        let decoded = try Scalars(protobuf: bytes)
        var expected = Scalars()
        expected.int32 = 42
        #expect(decoded == expected)
    }

    @Test("scalars take the last value; repeated fields accept packed and unpacked mixed")
    func lastValueWinsAndPackedMix() throws {
        // int32 1 then 2; uint32s: unpacked 7, packed [8, 9], unpacked 10.
        let bytes = Data(hex: "08 01 08 02 90 01 07 92 01 02 08 09 90 01 0a")
        let decoded = try Scalars(protobuf: bytes)
        #expect(decoded.int32 == 2)
        #expect(decoded.repeatedUInt32 == [7, 8, 9, 10])
    }

    @Test("an embedded message that appears twice is merged")
    func messagesMerge() throws {
        // child {a: 1, tags: ["x"]} then child {b: "y", tags: ["z"]}
        let bytes = Data(hex: "a2 01 05 08 01 1a 01 78 a2 01 06 12 01 79 1a 01 7a")
        let decoded = try Scalars(protobuf: bytes)
        #expect(decoded.child == Child(a: 1, b: "y", tags: ["x", "z"]))
    }

    @Test("bytes fields are slices sharing the input's storage")
    func bytesAreZeroCopy() throws {
        let payload = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0) })
        var message = Scalars()
        message.string = "header"
        message.bytes = payload
        let encoded = message.serializedProtobuf()
        let decoded = try Scalars(protobuf: encoded)
        #expect(decoded.bytes == payload)
        let offset = decoded.bytes.startIndex - encoded.startIndex
        #expect(offset > 0)
        let inputBase = encoded.withUnsafeBytes { $0.baseAddress! }
        let sliceBase = decoded.bytes.withUnsafeBytes { $0.baseAddress! }
        #expect(sliceBase == inputBase + offset)
    }

    @Test("reading from a Data slice with a non-zero start index works")
    func sliceInput() throws {
        let whole = Data(hex: "ff ff 08 96 01")
        let slice = whole[2...]
        #expect(try Scalars(protobuf: slice).int32 == 150)
    }

    @Test("a truncated message fails with .truncated", arguments: [
        "80", "08", "08 96", "72 05 61 62", "45 01 02", "49 01 02 03 04 05 06 07", "a2 01 05 08 01", "72", "a2",
    ])
    func truncated(hex: String) {
        #expect(protobufErrorCode { _ = try Scalars(protobuf: Data(hex: hex)) } == .truncated)
    }

    @Test("a length past the end of a nested message is caught inside it")
    func lengthPastNestedEnd() {
        // child of length 3 whose string claims 5 bytes.
        #expect(protobufErrorCode { _ = try Scalars(protobuf: Data(hex: "a2 01 03 12 05 61 08 01")) } == .truncated)
    }

    @Test("huge and 'negative' lengths are rejected without overflow")
    func hugeLengths() {
        let negative = Data(hex: "72 ff ff ff ff ff ff ff ff ff 01")
        let huge = Data(hex: "72 ff ff ff ff ff ff ff ff 7f")
        #expect(protobufErrorCode { _ = try Scalars(protobuf: negative) } == .truncated)
        #expect(protobufErrorCode { _ = try Scalars(protobuf: huge) } == .truncated)
    }

    @Test("field number zero, wire types 6 and 7 and stray end-groups are malformed", arguments: [
        "00 01", "0e 01", "0f 01", "0c", "a3 06 08 01 ac 06",
    ])
    func malformedKeys(hex: String) {
        #expect(protobufErrorCode { _ = try Scalars(protobuf: Data(hex: hex)) } == .malformed)
    }

    @Test("an error while skipping an unknown field names that field")
    func skipErrorNamesField() {
        do {
            _ = try Scalars(protobuf: Data(hex: "08 01 fa 07 05 61"))
            Issue.record("expected an error")
        } catch let error as ProtobufError {
            #expect(error.code == .truncated)
            #expect(error.message.hasPrefix("Scalars: field 127: length 5"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("an unclosed group is truncated")
    func unclosedGroup() {
        #expect(protobufErrorCode { _ = try Scalars(protobuf: Data(hex: "fb 07 08 01")) } == .truncated)
    }

    @Test("a known field with the wrong wire type is rejected", arguments: [
        "0a 00",  // int32 field 1 as length-delimited
        "70 01",  // string field 14 as varint
        "4d 00 00 00 00",  // fixed64 field 9 as fixed32
        "a0 01 01",  // message field 20 as varint
        "0b 0c",  // int32 field 1 as a group
    ])
    func wrongWireType(hex: String) {
        #expect(protobufErrorCode { _ = try Scalars(protobuf: Data(hex: hex)) } == .wireTypeMismatch)
    }

    @Test("invalid UTF-8 in a string field is rejected, also when nested")
    func invalidUTF8() throws {
        #expect(protobufErrorCode { _ = try Scalars(protobuf: Data(hex: "72 02 c3 28")) } == .invalidUTF8)
        do {
            _ = try Scalars(protobuf: Data(hex: "a2 01 04 12 02 c3 28"))
            Issue.record("expected an error")
        } catch let error as ProtobufError {
            #expect(error.code == .invalidUTF8)
            #expect(error.message.hasPrefix("Scalars field 20: Child field 2:"))
        }
    }

    @Test("the same bytes in a bytes field are accepted")
    func invalidUTF8InBytes() throws {
        #expect(try Scalars(protobuf: Data(hex: "7a 02 c3 28")).bytes == Data([0xC3, 0x28]))
    }

    @Test("nesting up to the limit decodes and one level more fails with .limitExceeded")
    func nestingLimit() throws {
        let ok = Node.chain(depth: 10).serializedProtobuf()
        #expect(try Node(protobuf: ok, maxDepth: 10) == Node.chain(depth: 10))
        let deep = Node.chain(depth: 11).serializedProtobuf()
        #expect(protobufErrorCode { _ = try Node(protobuf: deep, maxDepth: 10) } == .limitExceeded)
        let veryDeep = Node.chain(depth: 200).serializedProtobuf()
        #expect(protobufErrorCode { _ = try Node(protobuf: veryDeep) } == .limitExceeded)
    }

    @Test("deeply nested unknown groups hit the depth limit instead of recursing forever")
    func groupDepthLimit() {
        let open = String(repeating: "0b ", count: 150)
        let close = String(repeating: "0c ", count: 150)
        // Field 1 of Node is a message, so use field 2 (unknown to Node): key 0x13 / 0x14.
        let bytes = Data(hex: open.replacingOccurrences(of: "0b", with: "13") + close.replacingOccurrences(of: "0c", with: "14"))
        #expect(protobufErrorCode { _ = try Node(protobuf: bytes) } == .limitExceeded)
    }

    @Test("reading a value twice or without a key is reported, not trapped")
    func misuse() throws {
        var reader = ProtobufReader(Data(hex: "08 01"))
        #expect(protobufErrorCode { _ = try reader.readInt32() } == .malformed)
        _ = try reader.nextField()
        #expect(try reader.readInt32() == 1)
        #expect(protobufErrorCode { _ = try reader.readInt32() } == .malformed)
    }

    @Test("error descriptions name the code and the field path")
    func errorDescription() {
        do {
            _ = try Scalars(protobuf: Data(hex: "70 01"))
            Issue.record("expected an error")
        } catch let error as ProtobufError {
            #expect(error.description.hasPrefix("protobuf wireTypeMismatch: Scalars field 14:"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("map entries take defaults for a missing key or value and skip extra fields")
    func mapEntries() throws {
        var reader = ProtobufReader(Data(hex: "0a 05 12 01 76 18 01 0a 03 0a 01 6b"))
        var entries: [String: String] = [:]
        while try reader.nextField() != nil {
            let entry = try reader.readMapEntry(
                defaultKey: "", defaultValue: "", key: { try $0.readString() }, value: { try $0.readString() })
            entries[entry.key] = entry.value
        }
        #expect(entries == ["": "v", "k": ""])
    }

    @Test("repeated readers cover every packed scalar kind")
    func repeatedKinds() throws {
        var writer = ProtobufWriter()
        writer.writePackedInt64([-1, 2], field: 1)
        writer.writePackedSInt64([-3], field: 2)
        writer.writePackedBool([true, false], field: 3)
        writer.writePackedFixed64([9], field: 4)
        writer.writePackedFloat([0.5], field: 5)
        writer.writePackedInt32([-4], field: 6)
        var reader = ProtobufReader(writer.data)
        var int64s: [Int64] = []
        var sint64s: [Int64] = []
        var bools: [Bool] = []
        var fixed64s: [UInt64] = []
        var floats: [Float] = []
        var int32s: [Int32] = []
        while let field = try reader.nextField() {
            switch field.number {
            case 1: try reader.readRepeatedInt64(into: &int64s)
            case 2: try reader.readRepeatedSInt64(into: &sint64s)
            case 3: try reader.readRepeatedBool(into: &bools)
            case 4: try reader.readRepeatedFixed64(into: &fixed64s)
            case 5: try reader.readRepeatedFloat(into: &floats)
            case 6: try reader.readRepeatedInt32(into: &int32s)
            default: Issue.record("unexpected field \(field.number)")
            }
        }
        #expect(int64s == [-1, 2])
        #expect(sint64s == [-3])
        #expect(bools == [true, false])
        #expect(fixed64s == [9])
        #expect(floats == [0.5])
        #expect(int32s == [-4])
    }

    @Test("a packed run with a truncated element fails")
    func truncatedPackedElement() {
        // field 18 packed, length 2, contents "80 80" (an unfinished varint).
        #expect(protobufErrorCode { _ = try Scalars(protobuf: Data(hex: "92 01 02 80 80")) } == .truncated)
    }
}
