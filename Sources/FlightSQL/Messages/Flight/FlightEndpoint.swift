import Foundation
import Protobuf

/// One stream of a flight: a ticket and where to redeem it (`arrow.flight.protocol.FlightEndpoint`).
public struct FlightEndpoint: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.FlightEndpoint"`.
    public static let protobufTypeName = "arrow.flight.protocol.FlightEndpoint"

    /// The token to pass to `DoGet` (field 1).
    public var ticket: FlightTicket?
    /// Where the ticket can be redeemed; empty means "on the service that issued it" (field 2).
    public var locations: [FlightLocation]
    /// Until when `DoGet` may be retried with this ticket, if it may (field 3).
    public var expirationTime: ProtobufTimestamp?
    /// Application-defined metadata (field 4).
    public var appMetadata: Data

    /// Creates an endpoint.
    public init(
        ticket: FlightTicket? = nil, locations: [FlightLocation] = [], expirationTime: ProtobufTimestamp? = nil,
        appMetadata: Data = Data()
    ) {
        self.ticket = ticket
        self.locations = locations
        self.expirationTime = expirationTime
        self.appMetadata = appMetadata
    }

    /// Creates an empty endpoint.
    public init() { self.init(ticket: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: try reader.mergeMessage(into: &ticket)
        case 2: locations.append(try reader.readMessage())
        case 3: try reader.mergeMessage(into: &expirationTime)
        case 4: appMetadata = try reader.readBytes()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessage(ticket, field: 1)
        writer.writeRepeatedMessages(locations, field: 2)
        writer.writeMessage(expirationTime, field: 3)
        writer.writeBytes(appMetadata, field: 4)
    }
}

/// A URI where a ticket can be redeemed (`arrow.flight.protocol.Location`), such as
/// `grpc+tls://host:port` or ``FlightService/reuseConnectionURI``.
public struct FlightLocation: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.Location"`.
    public static let protobufTypeName = "arrow.flight.protocol.Location"

    /// The URI (field 1).
    public var uri: String

    /// Creates a location.
    public init(uri: String) { self.uri = uri }

    /// Creates an empty location.
    public init() { self.init(uri: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { uri = try reader.readString() }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeString(uri, field: 1)
    }
}

/// An opaque token that identifies a stream to `DoGet` (`arrow.flight.protocol.Ticket`).
public struct FlightTicket: ProtobufNamedMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.Ticket"`.
    public static let protobufTypeName = "arrow.flight.protocol.Ticket"

    /// The token (field 1). Flight SQL servers usually put a `google.protobuf.Any` here.
    public var ticket: Data

    /// Creates a ticket.
    public init(ticket: Data) { self.ticket = ticket }

    /// Creates an empty ticket.
    public init() { self.init(ticket: Data()) }

    /// ``ticket`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.ticket }
}
