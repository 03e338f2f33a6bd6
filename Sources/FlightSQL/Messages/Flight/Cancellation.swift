import Foundation
import Protobuf

/// The body of the `CancelFlightInfo` action (`arrow.flight.protocol.CancelFlightInfoRequest`).
public struct CancelFlightInfoRequest: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.CancelFlightInfoRequest"`.
    public static let protobufTypeName = "arrow.flight.protocol.CancelFlightInfoRequest"

    /// The info of the query to cancel (field 1).
    public var info: FlightInfo?

    /// Creates a request.
    public init(info: FlightInfo?) { self.info = info }

    /// Creates an empty request.
    public init() { self.init(info: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { try reader.mergeMessage(into: &info) }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessage(info, field: 1)
    }
}

/// The outcome of a cancellation (`arrow.flight.protocol.CancelStatus`).
public struct CancelStatus: ProtobufEnum, CustomStringConvertible {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Unknown; the client may retry.
    public static let unspecified = CancelStatus(rawValue: 0)
    /// Cancelled.
    public static let cancelled = CancelStatus(rawValue: 1)
    /// Cancellation in progress; the client may retry.
    public static let cancelling = CancelStatus(rawValue: 2)
    /// Cannot be cancelled; do not retry.
    public static let notCancellable = CancelStatus(rawValue: 3)

    /// The proto name, or the number for a value this code does not know.
    public var description: String {
        protoName([
            "CANCEL_STATUS_UNSPECIFIED",
            "CANCEL_STATUS_CANCELLED",
            "CANCEL_STATUS_CANCELLING",
            "CANCEL_STATUS_NOT_CANCELLABLE",
        ])
    }
}

/// The result of the `CancelFlightInfo` action (`arrow.flight.protocol.CancelFlightInfoResult`).
public struct CancelFlightInfoResult: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.CancelFlightInfoResult"`.
    public static let protobufTypeName = "arrow.flight.protocol.CancelFlightInfoResult"

    /// The outcome (field 1).
    public var status: CancelStatus

    /// Creates a result.
    public init(status: CancelStatus) { self.status = status }

    /// Creates a result with status ``CancelStatus/unspecified``.
    public init() { self.init(status: .unspecified) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { status = try reader.readEnum() }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeEnum(status, field: 1)
    }
}

/// The body of the `RenewFlightEndpoint` action (`arrow.flight.protocol.RenewFlightEndpointRequest`);
/// the result body is the renewed ``FlightEndpoint``.
public struct RenewFlightEndpointRequest: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.RenewFlightEndpointRequest"`.
    public static let protobufTypeName = "arrow.flight.protocol.RenewFlightEndpointRequest"

    /// The endpoint whose expiration time should be extended (field 1).
    public var endpoint: FlightEndpoint?

    /// Creates a request.
    public init(endpoint: FlightEndpoint?) { self.endpoint = endpoint }

    /// Creates an empty request.
    public init() { self.init(endpoint: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { try reader.mergeMessage(into: &endpoint) }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessage(endpoint, field: 1)
    }
}
