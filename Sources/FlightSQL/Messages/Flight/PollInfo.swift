import Foundation
import Protobuf

/// The progress of a long-running query, returned by `PollFlightInfo` (`arrow.flight.protocol.PollInfo`).
public struct PollInfo: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.PollInfo"`.
    public static let protobufTypeName = "arrow.flight.protocol.PollInfo"

    /// The results available so far, complete each time (field 1).
    public var info: FlightInfo?
    /// The descriptor to poll with next; `nil` once the query is complete (field 2).
    public var flightDescriptor: FlightDescriptor?
    /// Progress in `[0, 1]` if known (field 3, `optional double`).
    public var progress: Double?
    /// When the poll descriptor stops being accepted (field 4).
    public var expirationTime: ProtobufTimestamp?

    /// Creates a poll result.
    public init(
        info: FlightInfo? = nil, flightDescriptor: FlightDescriptor? = nil, progress: Double? = nil,
        expirationTime: ProtobufTimestamp? = nil
    ) {
        self.info = info
        self.flightDescriptor = flightDescriptor
        self.progress = progress
        self.expirationTime = expirationTime
    }

    /// Creates an empty poll result.
    public init() { self.init(info: nil) }

    /// Whether the query has finished (no descriptor to poll with).
    public var isComplete: Bool { flightDescriptor == nil }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: try reader.mergeMessage(into: &info)
        case 2: try reader.mergeMessage(into: &flightDescriptor)
        case 3: progress = try reader.readDouble()
        case 4: try reader.mergeMessage(into: &expirationTime)
        default: break
        }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessage(info, field: 1)
        writer.writeMessage(flightDescriptor, field: 2)
        writer.writeDouble(progress, field: 3)
        writer.writeMessage(expirationTime, field: 4)
    }
}
