import Foundation
import Protobuf

/// The request a client sends on `Handshake` (`arrow.flight.protocol.HandshakeRequest`).
public struct HandshakeRequest: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.HandshakeRequest"`.
    public static let protobufTypeName = "arrow.flight.protocol.HandshakeRequest"

    /// A defined protocol version (field 1).
    public var protocolVersion: UInt64
    /// Arbitrary auth/handshake payload (field 2).
    public var payload: Data

    /// Creates a request.
    public init(protocolVersion: UInt64 = 0, payload: Data = Data()) {
        self.protocolVersion = protocolVersion
        self.payload = payload
    }

    /// Creates an empty request.
    public init() { self.init(protocolVersion: 0) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        try HandshakeFields.decode(number, from: &reader, protocolVersion: &protocolVersion, payload: &payload)
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        HandshakeFields.encode(protocolVersion: protocolVersion, payload: payload, to: &writer)
    }
}

/// The response a server sends on `Handshake` (`arrow.flight.protocol.HandshakeResponse`).
public struct HandshakeResponse: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.HandshakeResponse"`.
    public static let protobufTypeName = "arrow.flight.protocol.HandshakeResponse"

    /// A defined protocol version (field 1).
    public var protocolVersion: UInt64
    /// Arbitrary auth/handshake payload (field 2).
    public var payload: Data

    /// Creates a response.
    public init(protocolVersion: UInt64 = 0, payload: Data = Data()) {
        self.protocolVersion = protocolVersion
        self.payload = payload
    }

    /// Creates an empty response.
    public init() { self.init(protocolVersion: 0) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        try HandshakeFields.decode(number, from: &reader, protocolVersion: &protocolVersion, payload: &payload)
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        HandshakeFields.encode(protocolVersion: protocolVersion, payload: payload, to: &writer)
    }
}

/// Username and password for simple auth (`arrow.flight.protocol.BasicAuth`), sent as a handshake payload.
public struct BasicAuth: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.BasicAuth"`.
    public static let protobufTypeName = "arrow.flight.protocol.BasicAuth"

    /// The user name (field 2; there is no field 1).
    public var username: String
    /// The password (field 3).
    public var password: String

    /// Creates credentials.
    public init(username: String = "", password: String = "") {
        self.username = username
        self.password = password
    }

    /// Creates empty credentials.
    public init() { self.init(username: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 2: username = try reader.readString()
        case 3: password = try reader.readString()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeString(username, field: 2)
        writer.writeString(password, field: 3)
    }
}

/// The fields `HandshakeRequest` and `HandshakeResponse` share (the two messages are
/// identical on the wire): `protocol_version` (1) and `payload` (2).
enum HandshakeFields {
    /// Decodes field 1 or 2; any other field is left unread (and so skipped).
    static func decode(
        _ number: Int, from reader: inout ProtobufReader, protocolVersion: inout UInt64, payload: inout Data
    ) throws {
        switch number {
        case 1: protocolVersion = try reader.readUInt64()
        case 2: payload = try reader.readBytes()
        default: break
        }
    }

    /// Writes the fields that are not 0 or empty.
    static func encode(protocolVersion: UInt64, payload: Data, to writer: inout ProtobufWriter) {
        writer.writeUInt64(protocolVersion, field: 1)
        writer.writeBytes(payload, field: 2)
    }
}
