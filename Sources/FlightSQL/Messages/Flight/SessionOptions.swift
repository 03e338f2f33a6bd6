import Foundation
import Protobuf

/// The value of a server session option (`arrow.flight.protocol.SessionOptionValue`, experimental).
///
/// A value with no ``value`` asks the server to unset the option.
public struct SessionOptionValue: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.SessionOptionValue"`.
    public static let protobufTypeName = "arrow.flight.protocol.SessionOptionValue"

    /// The `option_value` oneof; at most one of these is set.
    public enum Value: Hashable, Sendable {
        /// `string_value`, field 1.
        case string(String)
        /// `bool_value`, field 2.
        case bool(Bool)
        /// `int64_value`, field 3 (an `sfixed64` on the wire).
        case int64(Int64)
        /// `double_value`, field 4.
        case double(Double)
        /// `string_list_value`, field 5 (a nested `StringListValue` message).
        case stringList([String])
    }

    /// The value, or `nil` for "unset this option".
    public var value: Value?

    /// Creates a value.
    public init(_ value: Value?) { self.value = value }

    /// Creates a valueless value (unset the option).
    public init() { self.init(nil) }

    /// Decodes one field; the last oneof member seen wins, as protobuf specifies.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: value = .string(try reader.readString())
        case 2: value = .bool(try reader.readBool())
        case 3: value = .int64(try reader.readSFixed64())
        case 4: value = .double(try reader.readDouble())
        case 5:
            // A second string_list_value merges into the first (its repeated field appends), as protobuf merges messages.
            var list: [String] = []
            if case .stringList(let existing) = value { list = existing }
            try reader.readNested { nested in
                while let field = try nested.nextField() {
                    if field.number == 1 { list.append(try nested.readString()) }
                }
            }
            value = .stringList(list)
        default: break
        }
    }

    /// Encodes the set member, even if it holds a default value (oneof members have presence).
    public func encode(to writer: inout ProtobufWriter) {
        switch value {
        case nil: break
        case .string(let v): writer.writeString(Optional(v), field: 1)
        case .bool(let v): writer.writeBool(Optional(v), field: 2)
        case .int64(let v): writer.writeSFixed64(Optional(v), field: 3)
        case .double(let v): writer.writeDouble(Optional(v), field: 4)
        case .stringList(let values):
            writer.writeNested(field: 5) { $0.writeRepeatedStrings(values, field: 1) }
        }
    }
}

/// A request to set session options (`arrow.flight.protocol.SetSessionOptionsRequest`),
/// the body of the `SetSessionOptions` action.
public struct SetSessionOptionsRequest: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.SetSessionOptionsRequest"`.
    public static let protobufTypeName = "arrow.flight.protocol.SetSessionOptionsRequest"

    /// Option name to value (field 1, a map).
    public var sessionOptions: [String: SessionOptionValue]

    /// Creates a request.
    public init(sessionOptions: [String: SessionOptionValue]) { self.sessionOptions = sessionOptions }

    /// Creates an empty request.
    public init() { self.init(sessionOptions: [:]) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { try reader.readMessageMapEntry(into: &sessionOptions) }
    }

    /// Encodes the map, ordered by key so that the bytes are deterministic.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageMap(sessionOptions, field: 1)
    }
}

/// The per-option failures of `SetSessionOptions` (`arrow.flight.protocol.SetSessionOptionsResult`);
/// options not listed were set.
public struct SetSessionOptionsResult: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.SetSessionOptionsResult"`.
    public static let protobufTypeName = "arrow.flight.protocol.SetSessionOptionsResult"

    /// Why an option could not be set (`SetSessionOptionsResult.ErrorValue`).
    public struct ErrorValue: ProtobufEnum, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int32
        /// Wraps any wire value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Unknown; the client may retry.
        public static let unspecified = ErrorValue(rawValue: 0)
        /// The option name is invalid.
        public static let invalidName = ErrorValue(rawValue: 1)
        /// The value or its type is invalid.
        public static let invalidValue = ErrorValue(rawValue: 2)
        /// The option cannot be set.
        public static let error = ErrorValue(rawValue: 3)

        /// The proto name, or the number for a value this code does not know.
        public var description: String { protoName(["UNSPECIFIED", "INVALID_NAME", "INVALID_VALUE", "ERROR"]) }
    }

    /// One option's failure (`SetSessionOptionsResult.Error`).
    public struct Error: ProtobufNamedMessage, Hashable {
        /// `"arrow.flight.protocol.SetSessionOptionsResult.Error"`.
        public static let protobufTypeName = "arrow.flight.protocol.SetSessionOptionsResult.Error"

        /// The reason (field 1).
        public var value: ErrorValue

        /// Creates an error.
        public init(value: ErrorValue) { self.value = value }

        /// Creates an error with reason ``ErrorValue/unspecified``.
        public init() { self.init(value: .unspecified) }

        /// Decodes one field.
        public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
            if number == 1 { value = try reader.readEnum() }
        }

        /// Encodes the non-default fields.
        public func encode(to writer: inout ProtobufWriter) {
            writer.writeEnum(value, field: 1)
        }
    }

    /// Option name to failure (field 1, a map).
    public var errors: [String: Error]

    /// Creates a result.
    public init(errors: [String: Error]) { self.errors = errors }

    /// Creates a result without errors.
    public init() { self.init(errors: [:]) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { try reader.readMessageMapEntry(into: &errors) }
    }

    /// Encodes the map, ordered by key.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageMap(errors, field: 1)
    }
}

/// A request for the session's options (`arrow.flight.protocol.GetSessionOptionsRequest`), the
/// body of the `GetSessionOptions` action.
public struct GetSessionOptionsRequest: ProtobufNamedMessage, Hashable, FieldlessMessage {
    /// `"arrow.flight.protocol.GetSessionOptionsRequest"`.
    public static let protobufTypeName = "arrow.flight.protocol.GetSessionOptionsRequest"

    /// Creates the request (it has no fields).
    public init() {}
}

/// The session's current options (`arrow.flight.protocol.GetSessionOptionsResult`).
public struct GetSessionOptionsResult: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.GetSessionOptionsResult"`.
    public static let protobufTypeName = "arrow.flight.protocol.GetSessionOptionsResult"

    /// Option name to value (field 1, a map).
    public var sessionOptions: [String: SessionOptionValue]

    /// Creates a result.
    public init(sessionOptions: [String: SessionOptionValue]) { self.sessionOptions = sessionOptions }

    /// Creates an empty result.
    public init() { self.init(sessionOptions: [:]) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { try reader.readMessageMapEntry(into: &sessionOptions) }
    }

    /// Encodes the map, ordered by key.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessageMap(sessionOptions, field: 1)
    }
}

/// A request to close the session (`arrow.flight.protocol.CloseSessionRequest`), the body of
/// the `CloseSession` action.
public struct CloseSessionRequest: ProtobufNamedMessage, Hashable, FieldlessMessage {
    /// `"arrow.flight.protocol.CloseSessionRequest"`.
    public static let protobufTypeName = "arrow.flight.protocol.CloseSessionRequest"

    /// Creates the request (it has no fields).
    public init() {}
}

/// The result of closing a session (`arrow.flight.protocol.CloseSessionResult`).
public struct CloseSessionResult: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.CloseSessionResult"`.
    public static let protobufTypeName = "arrow.flight.protocol.CloseSessionResult"

    /// The outcome of the close (`CloseSessionResult.Status`).
    public struct Status: ProtobufEnum, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int32
        /// Wraps any wire value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Unknown; the client may retry.
        public static let unspecified = Status(rawValue: 0)
        /// Closed.
        public static let closed = Status(rawValue: 1)
        /// Closing in progress; the client may retry.
        public static let closing = Status(rawValue: 2)
        /// The session cannot be closed; do not retry.
        public static let notCloseable = Status(rawValue: 3)

        /// The proto name, or the number for a value this code does not know.
        public var description: String { protoName(["UNSPECIFIED", "CLOSED", "CLOSING", "NOT_CLOSEABLE"]) }
    }

    /// The outcome (field 1).
    public var status: Status

    /// Creates a result.
    public init(status: Status) { self.status = status }

    /// Creates a result with status ``Status/unspecified``.
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
