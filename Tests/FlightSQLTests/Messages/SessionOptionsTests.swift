import FlightSQL
import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct SessionOptionsTests {
    static let valueVectors: [(SessionOptionValue, String)] = [
        (SessionOptionValue(.string("s")), "0a 01 73"),
        (SessionOptionValue(.string("")), "0a 00"),
        (SessionOptionValue(.bool(true)), "10 01"),
        (SessionOptionValue(.bool(false)), "10 00"),
        (SessionOptionValue(.int64(-2)), "19 fe ff ff ff ff ff ff ff"),
        (SessionOptionValue(.double(1.5)), "21 00 00 00 00 00 00 f8 3f"),
        (SessionOptionValue(.stringList(["x", "y"])), "2a 06 0a 01 78 0a 01 79"),
        (SessionOptionValue(.stringList([])), "2a 00"),
        (SessionOptionValue(nil), ""),
    ]

    @Test("each oneof member encodes with presence, even at its default", arguments: valueVectors)
    func valueEncoding(value: SessionOptionValue, hex: String) throws {
        #expect(value.serializedProtobuf() == Data(hex: hex))
        #expect(try SessionOptionValue(protobuf: Data(hex: hex)) == value)
    }

    @Test("the last oneof member on the wire wins")
    func lastMemberWins() throws {
        #expect(try SessionOptionValue(protobuf: Data(hex: "0a 01 73 10 01")).value == .bool(true))
        #expect(try SessionOptionValue(protobuf: Data(hex: "2a 03 0a 01 61 2a 03 0a 01 62")).value == .stringList(["a", "b"]))
    }

    @Test("map fields are written sorted by key with key and value in each entry")
    func requestEncoding() throws {
        let request = SetSessionOptionsRequest(sessionOptions: [
            "b": SessionOptionValue(.bool(true)), "a": SessionOptionValue(.string("v")),
        ])
        let expected = Data(hex: "0a 08 0a 01 61 12 03 0a 01 76 0a 07 0a 01 62 12 02 10 01")
        #expect(request.serializedProtobuf() == expected)
        #expect(try SetSessionOptionsRequest(protobuf: expected) == request)
    }

    @Test("a map entry without a value decodes as the default (unset) value; duplicate keys keep the last")
    func mapEntryDefaults() throws {
        let bytes = Data(hex: "0a 03 0a 01 6b 0a 08 0a 01 61 12 03 0a 01 31 0a 08 0a 01 61 12 03 0a 01 32")
        let request = try SetSessionOptionsRequest(protobuf: bytes)
        #expect(request.sessionOptions["k"] == SessionOptionValue(nil))
        #expect(request.sessionOptions["a"] == SessionOptionValue(.string("2")))
    }

    @Test("set, get and close session messages round-trip")
    func roundTrips() throws {
        try expectRoundTrip(SetSessionOptionsResult(errors: [
            "x": .init(value: .invalidName), "y": .init(value: .error), "z": .init(value: .init(rawValue: 42)),
        ]))
        try expectRoundTrip(GetSessionOptionsResult(sessionOptions: [
            "catalog": SessionOptionValue(.string("main")), "limit": SessionOptionValue(.int64(7)),
            "ratio": SessionOptionValue(.double(-0.5)), "paths": SessionOptionValue(.stringList(["a"])),
            "unset": SessionOptionValue(nil),
        ]))
        try expectRoundTrip(GetSessionOptionsRequest())
        try expectRoundTrip(CloseSessionRequest())
        try expectRoundTrip(CloseSessionResult(status: .closing))
    }

    @Test("SetSessionOptionsResult errors and CloseSessionResult statuses use the proto numbers")
    func enumValues() throws {
        let result = SetSessionOptionsResult(errors: ["bad": .init(value: .invalidValue)])
        // entry: key "bad", value Error{value: 2}
        #expect(result.serializedProtobuf() == Data(hex: "0a 09 0a 03 62 61 64 12 02 08 02"))
        #expect(CloseSessionResult(status: .notCloseable).serializedProtobuf() == Data(hex: "08 03"))
        #expect(try CloseSessionResult(protobuf: Data(hex: "08 09")).status.rawValue == 9)
        #expect(CloseSessionResult.Status.closed.description == "CLOSED")
        #expect(SetSessionOptionsResult.ErrorValue.invalidName.description == "INVALID_NAME")
    }

    @Test("a session option value with the wrong wire type is rejected")
    func wrongWireType() {
        // int64_value (3) is sfixed64, so a varint is a wire-type error.
        #expect(protobufErrorCode { _ = try SessionOptionValue(protobuf: Data(hex: "18 01")) } == .wireTypeMismatch)
    }
}
