import Foundation
import Protobuf

/// A message of `FlightSql.proto` (package `arrow.flight.protocol.sql`).
///
/// Flight SQL sends its commands packed in a `google.protobuf.Any`: serialized into
/// `FlightDescriptor.cmd` for `GetFlightInfo`/`GetSchema`/`DoPut`, into `Action.body` for
/// `DoAction`, and (by convention) into `Ticket.ticket`. The helpers here do that packing;
/// ``FlightSQLCommand`` does the unpacking when the type is not known in advance.
public protocol FlightSQLCommandMessage: ProtobufNamedMessage {}

extension FlightSQLCommandMessage {
    /// The message packed in a `google.protobuf.Any` (URL `type.googleapis.com/<full name>`).
    public func packedInAny() -> ProtobufAny {
        ProtobufAny(packing: self)
    }

    /// The serialized `Any` holding this message.
    public func serializedAny() -> Data {
        packedInAny().serializedProtobuf()
    }

    /// A command descriptor whose `cmd` is this message packed in an `Any`.
    public var flightDescriptor: FlightDescriptor {
        .command(serializedAny())
    }

    /// Decodes a serialized `Any` that must hold this message type.
    ///
    /// - Throws: ``ProtobufError`` with code `.typeMismatch` if the `Any` holds something else.
    public init(serializedAny data: Data) throws {
        self = try ProtobufAny(protobuf: data).unpack(Self.self)
    }
}

/// A Flight SQL request sent with `DoAction`: it knows its action type name.
public protocol FlightSQLActionRequest: FlightSQLCommandMessage {
    /// The `Action.type` to send this request with, e.g. `"CreatePreparedStatement"`.
    static var actionType: String { get }
}

extension FlightSQLActionRequest {
    /// The action to send: ``actionType`` with this message packed in an `Any` as its body.
    public var flightAction: FlightAction {
        FlightAction(type: Self.actionType, body: serializedAny())
    }
}

/// The `Action.type` names that Flight SQL defines.
public enum FlightSQLActionName {
    /// ``ActionCreatePreparedStatementRequest`` → ``ActionCreatePreparedStatementResult``.
    public static let createPreparedStatement = "CreatePreparedStatement"
    /// ``ActionCreatePreparedSubstraitPlanRequest`` → ``ActionCreatePreparedStatementResult``.
    public static let createPreparedSubstraitPlan = "CreatePreparedSubstraitPlan"
    /// ``ActionClosePreparedStatementRequest`` → no result.
    public static let closePreparedStatement = "ClosePreparedStatement"
    /// ``ActionBeginTransactionRequest`` → ``ActionBeginTransactionResult``.
    public static let beginTransaction = "BeginTransaction"
    /// ``ActionBeginSavepointRequest`` → ``ActionBeginSavepointResult``.
    public static let beginSavepoint = "BeginSavepoint"
    /// ``ActionEndTransactionRequest`` → no result.
    public static let endTransaction = "EndTransaction"
    /// ``ActionEndSavepointRequest`` → no result.
    public static let endSavepoint = "EndSavepoint"
    /// ``ActionCancelQueryRequest`` → ``ActionCancelQueryResult`` (deprecated; use `CancelFlightInfo`).
    public static let cancelQuery = "CancelQuery"
}

/// The protobuf package of Flight SQL's messages.
let flightSQLPackage = "arrow.flight.protocol.sql."
