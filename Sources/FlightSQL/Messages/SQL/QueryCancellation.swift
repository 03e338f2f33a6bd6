import Foundation
import Protobuf

// Flight SQL's own cancellation action, deprecated since Arrow 13 in favour of Flight's
// CancelFlightInfo, but still spoken by older servers.

/// Cancels a running query (`ActionCancelQueryRequest`, deprecated).
public struct ActionCancelQueryRequest: FlightSQLActionRequest, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.sql.ActionCancelQueryRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionCancelQueryRequest"
    /// `"CancelQuery"`.
    public static let actionType = FlightSQLActionName.cancelQuery

    /// The serialized ``FlightInfo`` of the query (field 1, bytes in the proto).
    public var info: Data

    /// Creates a request from a serialized info.
    public init(info: Data) { self.info = info }

    /// Creates a request for a query's info.
    public init(info: FlightInfo) { self.init(info: info.serializedProtobuf()) }

    /// Creates an empty request.
    public init() { self.init(info: Data()) }

    /// The info, decoded.
    public func decodedInfo() throws -> FlightInfo { try FlightInfo(protobuf: info) }

    /// ``info`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.info }
}

/// The outcome of ``ActionCancelQueryRequest`` (`ActionCancelQueryResult`, deprecated), in an `Any`.
public struct ActionCancelQueryResult: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.ActionCancelQueryResult"`.
    public static let protobufTypeName = flightSQLPackage + "ActionCancelQueryResult"

    /// The outcome (`ActionCancelQueryResult.CancelResult`).
    public struct CancelResult: ProtobufEnum, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int32
        /// Wraps any wire value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Unknown; the client may retry.
        public static let unspecified = CancelResult(rawValue: 0)
        /// Cancelled.
        public static let cancelled = CancelResult(rawValue: 1)
        /// Cancellation in progress.
        public static let cancelling = CancelResult(rawValue: 2)
        /// Cannot be cancelled.
        public static let notCancellable = CancelResult(rawValue: 3)

        /// The proto name, or the number for a value this code does not know.
        public var description: String {
            protoName([
                "CANCEL_RESULT_UNSPECIFIED",
                "CANCEL_RESULT_CANCELLED",
                "CANCEL_RESULT_CANCELLING",
                "CANCEL_RESULT_NOT_CANCELLABLE",
            ])
        }
    }

    /// The outcome (field 1).
    public var result: CancelResult

    /// Creates a result.
    public init(result: CancelResult) { self.result = result }

    /// Creates a result with outcome ``CancelResult/unspecified``.
    public init() { self.init(result: .unspecified) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { result = try reader.readEnum() }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeEnum(result, field: 1)
    }
}
