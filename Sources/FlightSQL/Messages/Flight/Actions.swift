import Foundation
import Protobuf

/// Flight's empty message (`arrow.flight.protocol.Empty`), the request of `ListActions`.
public struct FlightEmpty: ProtobufNamedMessage, Hashable, FieldlessMessage {
    /// `"arrow.flight.protocol.Empty"`.
    public static let protobufTypeName = "arrow.flight.protocol.Empty"

    /// Creates the empty message.
    public init() {}
}

/// An action a server offers, as listed by `ListActions` (`arrow.flight.protocol.ActionType`).
public struct ActionType: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.ActionType"`.
    public static let protobufTypeName = "arrow.flight.protocol.ActionType"

    /// The name used to invoke the action (field 1).
    public var type: String
    /// A short description of what it does (field 2).
    public var description: String

    /// Creates an action type.
    public init(type: String = "", description: String = "") {
        self.type = type
        self.description = description
    }

    /// Creates an empty action type.
    public init() { self.init(type: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: type = try reader.readString()
        case 2: description = try reader.readString()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeString(type, field: 1)
        writer.writeString(description, field: 2)
    }
}

/// A service-specific filter for `ListFlights` (`arrow.flight.protocol.Criteria`).
public struct Criteria: ProtobufNamedMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.Criteria"`.
    public static let protobufTypeName = "arrow.flight.protocol.Criteria"

    /// The opaque filter expression (field 1); empty lists everything.
    public var expression: Data

    /// Creates criteria.
    public init(expression: Data = Data()) { self.expression = expression }

    /// Creates empty criteria.
    public init() { self.init(expression: Data()) }

    /// ``expression`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.expression }
}

/// A request to run an action with `DoAction` (`arrow.flight.protocol.Action`).
public struct FlightAction: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.Action"`.
    public static let protobufTypeName = "arrow.flight.protocol.Action"

    /// The action's name (field 1), such as ``FlightService/ActionName/cancelFlightInfo``.
    public var type: String
    /// The action's opaque, action-specific request (field 2).
    public var body: Data

    /// Creates an action.
    public init(type: String = "", body: Data = Data()) {
        self.type = type
        self.body = body
    }

    /// Creates an action whose body is a serialized message, as Flight's own actions use.
    public init(type: String, message: some ProtobufMessage) {
        self.init(type: type, body: message.serializedProtobuf())
    }

    /// Creates an empty action.
    public init() { self.init(type: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: type = try reader.readString()
        case 2: body = try reader.readBytes()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeString(type, field: 1)
        writer.writeBytes(body, field: 2)
    }
}

/// One result of `DoAction` (`arrow.flight.protocol.Result`).
public struct FlightResult: ProtobufNamedMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.Result"`.
    public static let protobufTypeName = "arrow.flight.protocol.Result"

    /// The opaque, action-specific result (field 1).
    public var body: Data

    /// Creates a result.
    public init(body: Data = Data()) { self.body = body }

    /// Creates an empty result.
    public init() { self.init(body: Data()) }

    /// ``body`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.body }
}
