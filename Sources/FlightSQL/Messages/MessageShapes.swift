// Shapes that many Flight and Flight SQL messages share, with their wire code written once.

import Foundation
import Protobuf

/// A message whose only field is one `bytes` field with number 1.
///
/// Flight and Flight SQL have many of these: tickets, statement and prepared-statement
/// handles, transaction and savepoint ids, opaque action bodies. They differ only in the
/// field's name, so the decoding and encoding live here once, and each message names its
/// field with ``bytesField``.
public protocol SingleBytesFieldMessage: ProtobufMessage {
    /// The message's field (number 1).
    static var bytesField: WritableKeyPath<Self, Data> { get }
}

extension SingleBytesFieldMessage {
    /// Decodes field 1; any other field is skipped.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { self[keyPath: Self.bytesField] = try reader.readBytes() }
    }

    /// Encodes field 1 unless it is empty (proto3's default).
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(self[keyPath: Self.bytesField], field: 1)
    }
}

/// A message without fields: a request whose name is all it says (`CommandGetCatalogs`,
/// `GetSessionOptionsRequest`, …). Unknown fields are skipped, as for every message.
public protocol FieldlessMessage: ProtobufMessage {}

extension FieldlessMessage {
    /// Has no fields; everything is skipped.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {}

    /// Writes nothing.
    public func encode(to writer: inout ProtobufWriter) {}
}
