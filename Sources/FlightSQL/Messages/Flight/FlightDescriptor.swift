import Foundation
import Protobuf

/// Names a flight: either a path or an opaque command (`arrow.flight.protocol.FlightDescriptor`).
///
/// Flight SQL uses command descriptors whose `cmd` is a `google.protobuf.Any` holding the
/// SQL command (see `FlightSQLCommandMessage.flightDescriptor`).
public struct FlightDescriptor: ProtobufNamedMessage, Hashable {
    /// `"arrow.flight.protocol.FlightDescriptor"`.
    public static let protobufTypeName = "arrow.flight.protocol.FlightDescriptor"

    /// Which kind of descriptor this is (`FlightDescriptor.DescriptorType`).
    public struct DescriptorType: ProtobufEnum, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int32
        /// Wraps any wire value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Unset (a protobuf convention, not used).
        public static let unknown = DescriptorType(rawValue: 0)
        /// A named path identifying a dataset.
        public static let path = DescriptorType(rawValue: 1)
        /// An opaque command that generates a dataset.
        public static let cmd = DescriptorType(rawValue: 2)

        /// The proto name, or the number for a value this code does not know.
        public var description: String { protoName(["UNKNOWN", "PATH", "CMD"]) }
    }

    /// The kind of descriptor (field 1).
    public var type: DescriptorType
    /// The opaque command, for ``DescriptorType/cmd`` (field 2).
    public var cmd: Data
    /// The path segments, for ``DescriptorType/path`` (field 3).
    public var path: [String]

    /// Creates a descriptor from its fields.
    public init(type: DescriptorType, cmd: Data = Data(), path: [String] = []) {
        self.type = type
        self.cmd = cmd
        self.path = path
    }

    /// Creates an empty descriptor (type ``DescriptorType/unknown``).
    public init() { self.init(type: .unknown) }

    /// A command descriptor.
    public static func command(_ cmd: Data) -> FlightDescriptor {
        FlightDescriptor(type: .cmd, cmd: cmd)
    }

    /// A path descriptor.
    public static func path(_ path: [String]) -> FlightDescriptor {
        FlightDescriptor(type: .path, path: path)
    }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: type = try reader.readEnum()
        case 2: cmd = try reader.readBytes()
        case 3: path.append(try reader.readString())
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeEnum(type, field: 1)
        writer.writeBytes(cmd, field: 2)
        writer.writeRepeatedStrings(path, field: 3)
    }
}
