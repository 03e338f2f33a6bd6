import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct WellKnownTypesTests {
    @Test("Any packs a message under type.googleapis.com/<full name>")
    func anyPacking() throws {
        let child = Child(a: 150)
        let any = ProtobufAny(packing: child)
        #expect(any.typeURL == "type.googleapis.com/test.Child")
        #expect(any.value == Data(hex: "08 96 01"))
        #expect(any.typeName == "test.Child")
        // type_url (1) then value (2).
        let expected = Data(hex: "0a 1e") + Data("type.googleapis.com/test.Child".utf8) + Data(hex: "12 03 08 96 01")
        #expect(any.serializedProtobuf() == expected)
        #expect(try ProtobufAny(protobuf: expected) == any)
    }

    @Test("Any unpacks the type it holds and refuses another")
    func anyUnpacking() throws {
        let any = ProtobufAny(packing: Child(a: 1, b: "x"))
        #expect(any.holds(Child.self))
        #expect(!any.holds(Scalars.self))
        #expect(try any.unpack(Child.self) == Child(a: 1, b: "x"))
        #expect(protobufErrorCode { _ = try any.unpack(Scalars.self) } == .typeMismatch)
    }

    @Test("Any accepts any URL prefix and a bare name")
    func anyPrefixes() throws {
        let custom = ProtobufAny(packing: Child(a: 2), typeURLPrefix: "example.com/types/")
        #expect(custom.typeURL == "example.com/types/test.Child")
        #expect(try custom.unpack(Child.self).a == 2)
        let bare = ProtobufAny(typeURL: "test.Child", value: Data())
        #expect(bare.holds(Child.self))
    }

    @Test("Any with malformed contents reports the decoding error")
    func anyMalformedValue() {
        let any = ProtobufAny(typeURL: "type.googleapis.com/test.Child", value: Data(hex: "08"))
        #expect(protobufErrorCode { _ = try any.unpack(Child.self) } == .truncated)
    }

    @Test("Timestamp converts to and from Date, also before the epoch")
    func timestampDates() throws {
        let t = ProtobufTimestamp(date: Date(timeIntervalSince1970: 1_704_164_645.5))
        #expect(t == ProtobufTimestamp(seconds: 1_704_164_645, nanos: 500_000_000))
        #expect(t.date == Date(timeIntervalSince1970: 1_704_164_645.5))
        let before = ProtobufTimestamp(date: Date(timeIntervalSince1970: -1.25))
        #expect(before == ProtobufTimestamp(seconds: -2, nanos: 750_000_000))
        #expect(before.date.timeIntervalSince1970 == -1.25)
        #expect(before < t)
    }

    @Test("Timestamp from a Date with a non-finite interval clamps instead of trapping")
    func timestampFromNonFiniteDate() {
        #expect(ProtobufTimestamp(date: Date(timeIntervalSince1970: .infinity)) == ProtobufTimestamp(seconds: .max))
        #expect(ProtobufTimestamp(date: Date(timeIntervalSince1970: -.infinity)) == ProtobufTimestamp(seconds: .min))
        #expect(ProtobufTimestamp(date: Date(timeIntervalSince1970: .nan)) == ProtobufTimestamp())
        #expect(ProtobufTimestamp(date: Date(timeIntervalSince1970: 1e300)) == ProtobufTimestamp(seconds: .max))
    }

    @Test("Timestamp encodes seconds and nanos as varints")
    func timestampEncoding() throws {
        // 2024-01-02T03:04:05.123456Z, as pyarrow serialized it inside a FlightEndpoint.
        let t = ProtobufTimestamp(seconds: 1_704_164_645, nanos: 123_456_000)
        #expect(t.serializedProtobuf() == Data(hex: "08 a5 fa cd ac 06 10 80 94 ef 3a"))
        #expect(try ProtobufTimestamp(protobuf: t.serializedProtobuf()) == t)
        #expect(ProtobufTimestamp().serializedProtobuf().isEmpty)
    }

    @Test("Empty encodes to nothing and skips whatever it is given")
    func empty() throws {
        #expect(ProtobufEmpty().serializedProtobuf().isEmpty)
        #expect(try ProtobufEmpty(protobuf: Data(hex: "08 01 12 01 61")) == ProtobufEmpty())
        #expect(ProtobufEmpty.protobufTypeName == "google.protobuf.Empty")
    }

    @Test("decoding into an existing message merges")
    func mergeIntoExisting() throws {
        var child = Child(a: 1, b: "keep", tags: ["t"])
        try child.merge(protobuf: Data(hex: "08 02 1a 01 75"))
        #expect(child == Child(a: 2, b: "keep", tags: ["t", "u"]))
    }
}
