import Foundation
import Protobuf

// Prepared statements: created and closed with DoAction, executed with GetFlightInfo or DoPut.

/// Creates a prepared statement from SQL (`ActionCreatePreparedStatementRequest`).
public struct ActionCreatePreparedStatementRequest: FlightSQLActionRequest, Hashable {
    /// `"arrow.flight.protocol.sql.ActionCreatePreparedStatementRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionCreatePreparedStatementRequest"
    /// `"CreatePreparedStatement"`.
    public static let actionType = FlightSQLActionName.createPreparedStatement

    /// The SQL text (field 1).
    public var query: String
    /// The transaction the statement's executions belong to; `nil` auto-commits (field 2).
    public var transactionID: Data?

    /// Creates a request.
    public init(query: String, transactionID: Data? = nil) {
        self.query = query
        self.transactionID = transactionID
    }

    /// Creates an empty request.
    public init() { self.init(query: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        try StatementTextFields.decode(number, from: &reader, query: &query, transactionID: &transactionID)
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        StatementTextFields.encode(query: query, transactionID: transactionID, to: &writer)
    }
}

/// Creates a prepared statement from a Substrait plan (`ActionCreatePreparedSubstraitPlanRequest`).
public struct ActionCreatePreparedSubstraitPlanRequest: FlightSQLActionRequest, Hashable {
    /// `"arrow.flight.protocol.sql.ActionCreatePreparedSubstraitPlanRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionCreatePreparedSubstraitPlanRequest"
    /// `"CreatePreparedSubstraitPlan"`.
    public static let actionType = FlightSQLActionName.createPreparedSubstraitPlan

    /// The plan (field 1).
    public var plan: SubstraitPlan?
    /// The transaction the statement's executions belong to; `nil` auto-commits (field 2).
    public var transactionID: Data?

    /// Creates a request.
    public init(plan: SubstraitPlan?, transactionID: Data? = nil) {
        self.plan = plan
        self.transactionID = transactionID
    }

    /// Creates an empty request.
    public init() { self.init(plan: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: try reader.mergeMessage(into: &plan)
        case 2: transactionID = try reader.readBytes()
        default: break
        }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessage(plan, field: 1)
        writer.writeBytes(transactionID, field: 2)
    }
}

/// The result of creating a prepared statement (`ActionCreatePreparedStatementResult`), in an `Any`.
public struct ActionCreatePreparedStatementResult: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.ActionCreatePreparedStatementResult"`.
    public static let protobufTypeName = flightSQLPackage + "ActionCreatePreparedStatementResult"

    /// The server's handle for the statement (field 1).
    public var preparedStatementHandle: Data
    /// The result set's schema, IPC-encapsulated, if the server knows it (field 2).
    public var datasetSchema: Data
    /// The parameters' schema, IPC-encapsulated, if there are parameters (field 3).
    public var parameterSchema: Data

    /// Creates a result.
    public init(preparedStatementHandle: Data, datasetSchema: Data = Data(), parameterSchema: Data = Data()) {
        self.preparedStatementHandle = preparedStatementHandle
        self.datasetSchema = datasetSchema
        self.parameterSchema = parameterSchema
    }

    /// Creates an empty result.
    public init() { self.init(preparedStatementHandle: Data()) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: preparedStatementHandle = try reader.readBytes()
        case 2: datasetSchema = try reader.readBytes()
        case 3: parameterSchema = try reader.readBytes()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(preparedStatementHandle, field: 1)
        writer.writeBytes(datasetSchema, field: 2)
        writer.writeBytes(parameterSchema, field: 3)
    }
}

/// Closes a prepared statement (`ActionClosePreparedStatementRequest`).
public struct ActionClosePreparedStatementRequest: FlightSQLActionRequest, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.sql.ActionClosePreparedStatementRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionClosePreparedStatementRequest"
    /// `"ClosePreparedStatement"`.
    public static let actionType = FlightSQLActionName.closePreparedStatement

    /// The statement's handle (field 1).
    public var preparedStatementHandle: Data

    /// Creates a request.
    public init(preparedStatementHandle: Data) { self.preparedStatementHandle = preparedStatementHandle }

    /// Creates an empty request.
    public init() { self.init(preparedStatementHandle: Data()) }

    /// ``preparedStatementHandle`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.preparedStatementHandle }
}

/// Runs a prepared query with `GetFlightInfo`, or binds parameters with `DoPut`
/// (`CommandPreparedStatementQuery`).
public struct CommandPreparedStatementQuery: FlightSQLCommandMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.sql.CommandPreparedStatementQuery"`.
    public static let protobufTypeName = flightSQLPackage + "CommandPreparedStatementQuery"

    /// The statement's handle (field 1).
    public var preparedStatementHandle: Data

    /// Creates a command.
    public init(preparedStatementHandle: Data) { self.preparedStatementHandle = preparedStatementHandle }

    /// Creates an empty command.
    public init() { self.init(preparedStatementHandle: Data()) }

    /// ``preparedStatementHandle`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.preparedStatementHandle }
}

/// Runs a prepared update with `DoPut` (`CommandPreparedStatementUpdate`).
public struct CommandPreparedStatementUpdate: FlightSQLCommandMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.sql.CommandPreparedStatementUpdate"`.
    public static let protobufTypeName = flightSQLPackage + "CommandPreparedStatementUpdate"

    /// The statement's handle (field 1).
    public var preparedStatementHandle: Data

    /// Creates a command.
    public init(preparedStatementHandle: Data) { self.preparedStatementHandle = preparedStatementHandle }

    /// Creates an empty command.
    public init() { self.init(preparedStatementHandle: Data()) }

    /// ``preparedStatementHandle`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.preparedStatementHandle }
}

/// The optional reply to binding parameters with `DoPut` (`DoPutPreparedStatementResult`),
/// sent raw in `PutResult.app_metadata`. Older servers send nothing.
public struct DoPutPreparedStatementResult: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.DoPutPreparedStatementResult"`.
    public static let protobufTypeName = flightSQLPackage + "DoPutPreparedStatementResult"

    /// A new handle replacing the old one, if the server issued one (field 1).
    public var preparedStatementHandle: Data?

    /// Creates a result.
    public init(preparedStatementHandle: Data?) { self.preparedStatementHandle = preparedStatementHandle }

    /// Creates a result without a new handle.
    public init() { self.init(preparedStatementHandle: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { preparedStatementHandle = try reader.readBytes() }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(preparedStatementHandle, field: 1)
    }
}
