import Foundation
import Protobuf

/// How to retrieve a flight: its schema and the endpoints holding its data
/// (`arrow.flight.protocol.FlightInfo`), returned by `GetFlightInfo` and `ListFlights`.
public struct FlightInfo: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.FlightInfo"`.
    public static let protobufTypeName = "arrow.flight.protocol.FlightInfo"

    /// The dataset's Arrow schema in IPC form: optional continuation token, length, then a
    /// flatbuffer `Message` whose header is the schema (field 1).
    public var schema: Data
    /// The descriptor this info is for (field 2).
    public var flightDescriptor: FlightDescriptor?
    /// The endpoints; all of them must be consumed to get the whole flight (field 3).
    public var endpoints: [FlightEndpoint]
    /// The number of records, or -1 if unknown (field 4; 0 when absent on the wire).
    public var totalRecords: Int64
    /// The number of bytes, or -1 if unknown (field 5; 0 when absent on the wire).
    public var totalBytes: Int64
    /// Whether the endpoints are in the same order as the data (field 6).
    public var ordered: Bool
    /// Application-defined metadata (field 7).
    public var appMetadata: Data

    /// Creates an info. The totals default to -1, the spec's "unknown".
    public init(
        schema: Data = Data(), flightDescriptor: FlightDescriptor? = nil, endpoints: [FlightEndpoint] = [],
        totalRecords: Int64 = -1, totalBytes: Int64 = -1, ordered: Bool = false, appMetadata: Data = Data()
    ) {
        self.schema = schema
        self.flightDescriptor = flightDescriptor
        self.endpoints = endpoints
        self.totalRecords = totalRecords
        self.totalBytes = totalBytes
        self.ordered = ordered
        self.appMetadata = appMetadata
    }

    /// Creates an info with every field at its protobuf default (totals 0).
    public init() { self.init(totalRecords: 0, totalBytes: 0) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: schema = try reader.readBytes()
        case 2: try reader.mergeMessage(into: &flightDescriptor)
        case 3: endpoints.append(try reader.readMessage())
        case 4: totalRecords = try reader.readInt64()
        case 5: totalBytes = try reader.readInt64()
        case 6: ordered = try reader.readBool()
        case 7: appMetadata = try reader.readBytes()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(schema, field: 1)
        writer.writeMessage(flightDescriptor, field: 2)
        writer.writeRepeatedMessages(endpoints, field: 3)
        writer.writeInt64(totalRecords, field: 4)
        writer.writeInt64(totalBytes, field: 5)
        writer.writeBool(ordered, field: 6)
        writer.writeBytes(appMetadata, field: 7)
    }
}

/// The result of `GetSchema` (`arrow.flight.protocol.SchemaResult`).
public struct SchemaResult: ProtobufNamedMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.SchemaResult"`.
    public static let protobufTypeName = "arrow.flight.protocol.SchemaResult"

    /// The Arrow schema in IPC form, as in ``FlightInfo/schema`` (field 1).
    public var schema: Data

    /// Creates a result.
    public init(schema: Data = Data()) { self.schema = schema }

    /// Creates an empty result.
    public init() { self.init(schema: Data()) }

    /// ``schema`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.schema }
}
