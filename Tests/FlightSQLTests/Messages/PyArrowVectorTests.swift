import FlightSQL
import Foundation
import Protobuf
import TestSupport
import Testing

/// Encodings produced by pyarrow 26.0.1 (Arrow C++'s own protobuf code), captured once with
/// `/tmp/venv-probe/bin/python` during development, e.g.
/// `pyarrow.flight.FlightDescriptor.for_command(b'SELECT 1').serialize().hex()`.
/// Decoding them and re-encoding byte for byte shows that this codec matches the reference.
@Suite struct PyArrowVectorTests {
    /// `pa.schema([('a', pa.int32())])` in IPC form, as pyarrow puts it in FlightInfo.schema.
    static let schema = Data(
        hex: """
            ffffffff780000001000000000000a000c000600050008000a00000000010400
            0c00000008000800000004000800000004000000010000001400000010001400
            0800060007000c00000010001000000000000102100000001c00000004000000
            00000000010000006100000008000c0008000700080000000000000120000000
            """)

    @Test("FlightDescriptor.for_command(b'SELECT 1')")
    func commandDescriptor() throws {
        let bytes = Data(hex: "08 02 12 08 53 45 4c 45 43 54 20 31")
        let descriptor = try FlightDescriptor(protobuf: bytes)
        #expect(descriptor == .command(Data("SELECT 1".utf8)))
        #expect(descriptor.serializedProtobuf() == bytes)
    }

    @Test("FlightDescriptor.for_path('a', 'bc')")
    func pathDescriptor() throws {
        let bytes = Data(hex: "08 01 1a 01 61 1a 02 62 63")
        let descriptor = try FlightDescriptor(protobuf: bytes)
        #expect(descriptor == .path(["a", "bc"]))
        #expect(descriptor.serializedProtobuf() == bytes)
    }

    @Test("Ticket(b'tick'), Result(b'xyz'), Action and BasicAuth")
    func smallMessages() throws {
        let ticket = Data(hex: "0a 04 74 69 63 6b")
        #expect(try FlightTicket(protobuf: ticket) == FlightTicket(ticket: Data("tick".utf8)))
        #expect(FlightTicket(ticket: Data("tick".utf8)).serializedProtobuf() == ticket)

        let result = Data(hex: "0a 03 78 79 7a")
        #expect(try FlightResult(protobuf: result).body == Data("xyz".utf8))
        #expect(FlightResult(body: Data("xyz".utf8)).serializedProtobuf() == result)

        let action = Data(hex: "0a 10 43 61 6e 63 65 6c 46 6c 69 67 68 74 49 6e 66 6f 12 04 62 6f 64 79")
        let expectedAction = FlightAction(type: FlightService.ActionName.cancelFlightInfo, body: Data("body".utf8))
        #expect(try FlightAction(protobuf: action) == expectedAction)
        #expect(expectedAction.serializedProtobuf() == action)

        let auth = Data(hex: "12 04 75 73 65 72 1a 02 70 77")
        #expect(try BasicAuth(protobuf: auth) == BasicAuth(username: "user", password: "pw"))
        #expect(BasicAuth(username: "user", password: "pw").serializedProtobuf() == auth)
    }

    @Test("SchemaResult(schema)")
    func schemaResult() throws {
        let bytes = Data(hex: "0a 80 01") + Self.schema
        #expect(try SchemaResult(protobuf: bytes).schema == Self.schema)
        #expect(SchemaResult(schema: Self.schema).serializedProtobuf() == bytes)
    }

    @Test("FlightEndpoint with two locations, an expiration time and app_metadata")
    func endpoint() throws {
        let bytes = Data(
            hex: """
                0a 04 0a 02 74 6b
                12 0c 0a 0a 67 72 70 63 3a 2f 2f 68 3a 31
                1a 0b 08 a5 fa cd ac 06 10 80 94 ef 3a
                22 02 65 6d
                """)
        let endpoint = try FlightEndpoint(protobuf: bytes)
        #expect(endpoint.ticket == FlightTicket(ticket: Data("tk".utf8)))
        #expect(endpoint.locations == [FlightLocation(uri: "grpc://h:1")])
        #expect(endpoint.expirationTime == ProtobufTimestamp(seconds: 1_704_164_645, nanos: 123_456_000))
        #expect(endpoint.appMetadata == Data("em".utf8))
        #expect(endpoint.serializedProtobuf() == bytes)
    }

    @Test("FlightInfo with every field set")
    func fullFlightInfo() throws {
        let bytes =
            Data(hex: "0a 80 01") + Self.schema
            + Data(
                hex: """
                    12 05 08 02 12 01 71
                    1a 37 0a 04 0a 02 74 6b
                          12 0c 0a 0a 67 72 70 63 3a 2f 2f 68 3a 31
                          12 10 0a 0e 67 72 70 63 2b 74 6c 73 3a 2f 2f 68 3a 32
                          1a 0b 08 a5 fa cd ac 06 10 80 94 ef 3a
                          22 02 65 6d
                    20 0a
                    28 ff ff ff ff ff ff ff ff ff 01
                    30 01
                    3a 02 69 6d
                    """)
        let info = try FlightInfo(protobuf: bytes)
        #expect(info.schema == Self.schema)
        #expect(info.flightDescriptor == .command(Data("q".utf8)))
        #expect(info.endpoints.count == 1)
        #expect(info.endpoints.first?.locations.map(\.uri) == ["grpc://h:1", "grpc+tls://h:2"])
        #expect(info.totalRecords == 10)
        #expect(info.totalBytes == -1)
        #expect(info.ordered)
        #expect(info.appMetadata == Data("im".utf8))
        #expect(info.serializedProtobuf() == bytes)
    }

    @Test("FlightInfo with unknown totals and a path descriptor")
    func minimalFlightInfo() throws {
        let bytes =
            Data(hex: "0a 80 01") + Self.schema
            + Data(hex: "12 05 08 01 1a 01 70 20 ff ff ff ff ff ff ff ff ff 01 28 ff ff ff ff ff ff ff ff ff 01")
        let expected = FlightInfo(schema: Self.schema, flightDescriptor: .path(["p"]))
        #expect(try FlightInfo(protobuf: bytes) == expected)
        #expect(expected.serializedProtobuf() == bytes)
    }
}
