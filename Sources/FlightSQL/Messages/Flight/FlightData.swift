import Foundation
import Protobuf

/// One message of an Arrow stream (`arrow.flight.protocol.FlightData`): the IPC message
/// header and body of a schema, dictionary batch or record batch, plus metadata.
///
/// Every record batch of `DoGet`, `DoPut` and `DoExchange` travels in one of these, so
/// decoding never copies: ``dataHeader``, ``appMetadata`` and ``dataBody`` are slices of the
/// buffer passed to `init(protobuf:)` (with that buffer's indices; use `startIndex`).
/// Encoding offers ``serializedPrefix()`` so a transport can send the body without copying it.
public struct FlightData: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.FlightData"`.
    public static let protobufTypeName = "arrow.flight.protocol.FlightData"

    /// The stream's descriptor; only sent on the first message of `DoPut`/`DoExchange` (field 1).
    public var flightDescriptor: FlightDescriptor?
    /// The flatbuffer `Message` (Message.fbs) describing the body, without the IPC
    /// continuation marker or length prefix (field 2).
    public var dataHeader: Data
    /// Application-defined metadata (field 3).
    public var appMetadata: Data
    /// The message body: the buffers of a record or dictionary batch (field 1000).
    public var dataBody: Data

    /// The field number of ``dataBody``; high so that the body comes last on the wire.
    public static let dataBodyFieldNumber = 1000

    /// Creates a message.
    public init(
        flightDescriptor: FlightDescriptor? = nil, dataHeader: Data = Data(), appMetadata: Data = Data(),
        dataBody: Data = Data()
    ) {
        self.flightDescriptor = flightDescriptor
        self.dataHeader = dataHeader
        self.appMetadata = appMetadata
        self.dataBody = dataBody
    }

    /// Creates an empty message.
    public init() { self.init(flightDescriptor: nil) }

    /// Decodes one field; `bytes` fields are taken as slices of the input.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: try reader.mergeMessage(into: &flightDescriptor)
        case 2: dataHeader = try reader.readBytes()
        case 3: appMetadata = try reader.readBytes()
        case 1000: dataBody = try reader.readBytes()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        encodePrefix(to: &writer)
        writer.writeRawBytes(dataBody)
    }

    /// Everything of the encoding except the body's bytes: fields 1-3 and, if there is a
    /// body, its key and length. `serializedPrefix() + dataBody` equals `serializedProtobuf()`,
    /// which lets a transport write the (large) body straight from its buffer.
    public func serializedPrefix() -> Data {
        var writer = ProtobufWriter(reservingCapacity: dataHeader.count + appMetadata.count + 32)
        encodePrefix(to: &writer)
        return writer.data
    }

    /// The length of `serializedProtobuf()`, computed without building it.
    public var serializedSize: Int { serializedPrefix().count + dataBody.count }

    private func encodePrefix(to writer: inout ProtobufWriter) {
        writer.writeMessage(flightDescriptor, field: 1)
        writer.writeBytes(dataHeader, field: 2)
        writer.writeBytes(appMetadata, field: 3)
        if !dataBody.isEmpty {
            writer.writeKey(field: Self.dataBodyFieldNumber, wireType: .lengthDelimited)
            writer.writeRawVarint(UInt64(dataBody.count))
        }
    }
}

/// A server's reply to data received on `DoPut` (`arrow.flight.protocol.PutResult`).
///
/// Flight SQL puts a `DoPutUpdateResult` or `DoPutPreparedStatementResult` in ``appMetadata``.
public struct PutResult: ProtobufNamedMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.PutResult"`.
    public static let protobufTypeName = "arrow.flight.protocol.PutResult"

    /// Application-defined metadata (field 1).
    public var appMetadata: Data

    /// Creates a result.
    public init(appMetadata: Data = Data()) { self.appMetadata = appMetadata }

    /// Creates an empty result.
    public init() { self.init(appMetadata: Data()) }

    /// ``appMetadata`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.appMetadata }
}
