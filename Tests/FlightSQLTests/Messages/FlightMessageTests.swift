import FlightSQL
import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct FlightMessageTests {
    static let endpoint = FlightEndpoint(
        ticket: FlightTicket(ticket: Data([1, 2, 3])),
        locations: [FlightLocation(uri: "grpc+tls://a:1"), FlightLocation(uri: FlightService.reuseConnectionURI)],
        expirationTime: ProtobufTimestamp(seconds: 100, nanos: 5), appMetadata: Data("m".utf8))
    static let info = FlightInfo(
        schema: Data([9, 9]), flightDescriptor: .path(["x", "y"]), endpoints: [endpoint, FlightEndpoint()],
        totalRecords: 5, totalBytes: 6, ordered: true, appMetadata: Data("a".utf8))

    @Test("every Flight message round-trips with all fields set")
    func roundTrips() throws {
        try expectRoundTrip(HandshakeRequest(protocolVersion: 1, payload: Data("p".utf8)))
        try expectRoundTrip(HandshakeResponse(protocolVersion: UInt64.max, payload: Data("r".utf8)))
        try expectRoundTrip(BasicAuth(username: "ü", password: "p"))
        try expectRoundTrip(FlightEmpty())
        try expectRoundTrip(ActionType(type: "t", description: "d"))
        try expectRoundTrip(Criteria(expression: Data([0])))
        try expectRoundTrip(FlightAction(type: "t", body: Data([1])))
        try expectRoundTrip(FlightResult(body: Data([2])))
        try expectRoundTrip(SchemaResult(schema: Data([3])))
        try expectRoundTrip(FlightDescriptor(type: .cmd, cmd: Data([4]), path: ["both", "set"]))
        try expectRoundTrip(Self.info)
        try expectRoundTrip(PollInfo(info: Self.info, flightDescriptor: .command(Data([5])), progress: 0.25,
                                     expirationTime: ProtobufTimestamp(seconds: -1, nanos: 1)))
        try expectRoundTrip(CancelFlightInfoRequest(info: Self.info))
        try expectRoundTrip(CancelFlightInfoResult(status: .notCancellable))
        try expectRoundTrip(RenewFlightEndpointRequest(endpoint: Self.endpoint))
        try expectRoundTrip(Self.endpoint)
        try expectRoundTrip(FlightLocation(uri: "grpc://h"))
        try expectRoundTrip(FlightTicket(ticket: Data([6])))
        try expectRoundTrip(PutResult(appMetadata: Data([7])))
    }

    @Test("empty messages encode to nothing and decode back")
    func emptyMessages() throws {
        #expect(FlightEmpty().serializedProtobuf().isEmpty)
        #expect(FlightInfo().serializedProtobuf().isEmpty)
        #expect(PollInfo().serializedProtobuf().isEmpty)
        #expect(try FlightInfo(protobuf: Data()) == FlightInfo())
        #expect(FlightInfo().totalRecords == 0)
        #expect(FlightInfo(schema: Data()).totalRecords == -1)
    }

    @Test("unknown fields of every wire type are skipped in Flight messages")
    func unknownFields() throws {
        let base = Self.info.serializedProtobuf()
        #expect(try FlightInfo(protobuf: base + unknownFieldsOfEveryWireType) == Self.info)
        #expect(try FlightInfo(protobuf: unknownFieldsOfEveryWireType + base) == Self.info)
        let ticket = FlightTicket(ticket: Data([1]))
        #expect(try FlightTicket(protobuf: unknownFieldsOfEveryWireType + ticket.serializedProtobuf()) == ticket)
    }

    @Test("unknown enum values survive decoding and re-encoding")
    func unknownEnumValues() throws {
        let descriptor = FlightDescriptor(type: .init(rawValue: 7))
        #expect(descriptor.serializedProtobuf() == Data(hex: "08 07"))
        #expect(try FlightDescriptor(protobuf: Data(hex: "08 07")).type.rawValue == 7)
        #expect(FlightDescriptor.DescriptorType(rawValue: 7).description == "DescriptorType(7)")
        #expect(FlightDescriptor.DescriptorType.cmd.description == "CMD")

        let negative = Data(hex: "08 ff ff ff ff ff ff ff ff ff 01")
        let result = try CancelFlightInfoResult(protobuf: negative)
        #expect(result.status.rawValue == -1)
        #expect(result.serializedProtobuf() == negative)
        #expect(CancelStatus.cancelling.description == "CANCEL_STATUS_CANCELLING")
    }

    @Test("CancelFlightInfoResult and status values match the proto")
    func cancelStatus() throws {
        #expect(CancelFlightInfoResult(status: .cancelling).serializedProtobuf() == Data(hex: "08 02"))
        #expect([CancelStatus.unspecified, .cancelled, .cancelling, .notCancellable].map(\.rawValue) == [0, 1, 2, 3])
    }

    @Test("PollInfo distinguishes progress 0 from no progress")
    func pollProgressPresence() throws {
        let zero = PollInfo(progress: 0)
        #expect(zero.serializedProtobuf() == Data(hex: "19 00 00 00 00 00 00 00 00"))
        #expect(try PollInfo(protobuf: zero.serializedProtobuf()).progress == 0)
        #expect(try PollInfo(protobuf: Data()).progress == nil)
        #expect(PollInfo(flightDescriptor: .command(Data())).isComplete == false)
        #expect(PollInfo().isComplete)
    }

    @Test("a descriptor that appears twice in FlightInfo is merged")
    func descriptorMerge() throws {
        // flight_descriptor {type: PATH, path: "a"} then {path: "b"}
        let bytes = Data(hex: "12 05 08 01 1a 01 61 12 03 1a 01 62")
        #expect(try FlightInfo(protobuf: bytes).flightDescriptor == .path(["a", "b"]))
    }

    @Test("errors in nested Flight messages name the path to the field")
    func errorPath() throws {
        // FlightInfo.endpoint[0].location[0].uri is invalid UTF-8.
        let bytes = Data(hex: "1a 06 12 04 0a 02 c3 28")
        do {
            _ = try FlightInfo(protobuf: bytes)
            Issue.record("expected an error")
        } catch let error as ProtobufError {
            #expect(error.code == .invalidUTF8)
            #expect(error.message.hasPrefix("FlightInfo field 3: FlightEndpoint field 2: FlightLocation field 1:"))
        }
    }

    @Test("a wrong wire type for a Flight field is rejected")
    func wrongWireType() {
        // FlightInfo.total_records (4) sent as length-delimited.
        #expect(protobufErrorCode { _ = try FlightInfo(protobuf: Data(hex: "22 00")) } == .wireTypeMismatch)
    }

    @Test("FlightAction can carry a serialized message as its body")
    func actionWithMessage() throws {
        let request = CancelFlightInfoRequest(info: Self.info)
        let action = FlightAction(type: FlightService.ActionName.cancelFlightInfo, message: request)
        #expect(try CancelFlightInfoRequest(protobuf: action.body) == request)
    }

    @Test("method paths and action names are the ones Flight defines")
    func names() {
        #expect(FlightService.Method.handshake == "/arrow.flight.protocol.FlightService/Handshake")
        #expect(FlightService.Method.listFlights == "/arrow.flight.protocol.FlightService/ListFlights")
        #expect(FlightService.Method.getFlightInfo == "/arrow.flight.protocol.FlightService/GetFlightInfo")
        #expect(FlightService.Method.pollFlightInfo == "/arrow.flight.protocol.FlightService/PollFlightInfo")
        #expect(FlightService.Method.getSchema == "/arrow.flight.protocol.FlightService/GetSchema")
        #expect(FlightService.Method.doGet == "/arrow.flight.protocol.FlightService/DoGet")
        #expect(FlightService.Method.doPut == "/arrow.flight.protocol.FlightService/DoPut")
        #expect(FlightService.Method.doExchange == "/arrow.flight.protocol.FlightService/DoExchange")
        #expect(FlightService.Method.doAction == "/arrow.flight.protocol.FlightService/DoAction")
        #expect(FlightService.Method.listActions == "/arrow.flight.protocol.FlightService/ListActions")
        #expect(FlightService.ActionName.renewFlightEndpoint == "RenewFlightEndpoint")
        #expect(FlightService.ActionName.setSessionOptions == "SetSessionOptions")
        #expect(FlightService.ActionName.getSessionOptions == "GetSessionOptions")
        #expect(FlightService.ActionName.closeSession == "CloseSession")
        #expect(FlightInfo.protobufTypeName == "arrow.flight.protocol.FlightInfo")
        #expect(FlightAction.protobufTypeName == "arrow.flight.protocol.Action")
        #expect(FlightTicket.protobufTypeName == "arrow.flight.protocol.Ticket")
    }
}
