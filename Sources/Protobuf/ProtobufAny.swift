import Foundation

/// `google.protobuf.Any`: a serialized message together with a URL naming its type.
///
/// Flight SQL wraps every command in one of these (in `FlightDescriptor.cmd`, `Ticket.ticket`,
/// `Action.body` and `Result.body`), so that a server can tell the commands apart.
public struct ProtobufAny: ProtobufNamedMessage, Hashable {
    /// `"google.protobuf.Any"`.
    public static let protobufTypeName = "google.protobuf.Any"
    /// The prefix every protobuf implementation uses for type URLs.
    public static let defaultTypeURLPrefix = "type.googleapis.com/"

    /// The type URL, field 1: a prefix, then `/`, then the message's full name.
    public var typeURL: String
    /// The packed message's serialized bytes, field 2.
    public var value: Data

    /// Creates an empty `Any`.
    public init() {
        typeURL = ""
        value = Data()
    }

    /// Creates an `Any` from a type URL and serialized bytes.
    public init(typeURL: String, value: Data) {
        self.typeURL = typeURL
        self.value = value
    }

    /// Packs a message: its serialized bytes under the URL `<prefix><full name>`.
    public init<M: ProtobufNamedMessage>(packing message: M, typeURLPrefix: String = defaultTypeURLPrefix) {
        self.typeURL = typeURLPrefix + M.protobufTypeName
        self.value = message.serializedProtobuf()
    }

    /// The message's full name: the part of the type URL after its last `/`.
    public var typeName: Substring {
        guard let slash = typeURL.lastIndex(of: "/") else { return typeURL[...] }
        return typeURL[typeURL.index(after: slash)...]
    }

    /// Whether this holds a message of type `M` (judged by the type URL's name; any prefix is accepted).
    public func holds<M: ProtobufNamedMessage>(_ type: M.Type) -> Bool {
        typeName == M.protobufTypeName
    }

    /// Unpacks the message.
    ///
    /// - Throws: ``ProtobufError`` with code ``ProtobufError/Code/typeMismatch`` if the URL
    ///   names another type, or a decoding error if the bytes are malformed.
    public func unpack<M: ProtobufNamedMessage>(_ type: M.Type = M.self) throws -> M {
        guard holds(type) else {
            throw ProtobufError(.typeMismatch, "Any holds \(typeURL), not \(M.protobufTypeName)")
        }
        return try M(protobuf: value)
    }

    /// Decodes `type_url` (1) and `value` (2).
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: typeURL = try reader.readString()
        case 2: value = try reader.readBytes()
        default: break
        }
    }

    /// Encodes `type_url` (1) and `value` (2).
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeString(typeURL, field: 1)
        writer.writeBytes(value, field: 2)
    }
}
