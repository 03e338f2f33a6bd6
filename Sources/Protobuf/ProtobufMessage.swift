import Foundation

/// A protobuf message: a value that can be decoded from and encoded to the wire format.
///
/// Conforming types implement ``decodeField(number:wireType:from:)`` for the fields they know
/// and ``encode(to:)`` for all of them; everything else (the field loop, skipping unknown
/// fields, nesting, error context) is provided by the extensions here.
public protocol ProtobufMessage: Sendable {
    /// Creates the message with every field at its default.
    init()

    /// Decodes one field whose key has just been read.
    ///
    /// Read the value with one of `reader`'s typed methods. Fields this message does not know
    /// can be ignored: a value left unread is skipped before the next field.
    mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws

    /// Appends the message's fields, in field-number order, without a length prefix.
    func encode(to writer: inout ProtobufWriter)
}

extension ProtobufMessage {
    /// Decodes a message from its serialized bytes.
    ///
    /// `bytes` fields of the result share storage with `data` instead of copying it.
    /// - Throws: ``ProtobufError`` if the bytes are not a valid encoding of this message.
    public init(protobuf data: Data, maxDepth: Int = ProtobufReader.defaultMaxDepth) throws {
        var reader = ProtobufReader(data, maxDepth: maxDepth)
        try self.init(from: &reader)
    }

    /// Decodes a message from all the remaining fields of `reader`.
    public init(from reader: inout ProtobufReader) throws {
        self.init()
        try merge(from: &reader)
    }

    /// Decodes all the remaining fields of `reader` into this message: scalar fields take the
    /// last value seen, repeated fields are appended to, message fields are merged.
    public mutating func merge(from reader: inout ProtobufReader) throws {
        // The field being decoded, 0 while reading a key (nextField names a skipped field itself).
        var number = 0
        do {
            while true {
                number = 0
                guard let field = try reader.nextField() else { break }
                number = field.number
                try decodeField(number: field.number, wireType: field.wireType, from: &reader)
            }
        } catch let error as ProtobufError {
            // Name the message and field so that a nested failure reads as a path.
            let name = String(describing: Self.self)
            throw error.adding(context: number == 0 ? name : "\(name) field \(number)")
        }
    }

    /// Decodes `data` into this message (see ``merge(from:)``).
    public mutating func merge(protobuf data: Data, maxDepth: Int = ProtobufReader.defaultMaxDepth) throws {
        var reader = ProtobufReader(data, maxDepth: maxDepth)
        try merge(from: &reader)
    }

    /// The message's serialized bytes.
    public func serializedProtobuf() -> Data {
        var writer = ProtobufWriter()
        encode(to: &writer)
        return writer.data
    }
}

/// A message that knows its fully-qualified protobuf name, so that it can be packed into a
/// `google.protobuf.Any` (see ``ProtobufAny``).
public protocol ProtobufNamedMessage: ProtobufMessage {
    /// The full name, including the package: `"google.protobuf.Timestamp"`.
    static var protobufTypeName: String { get }
}
