import Foundation
import Protobuf

// Ad-hoc statements: queries (GetFlightInfo/GetSchema), updates (DoPut) and their results.

/// Runs a SQL query with `GetFlightInfo`, or gets its schema with `GetSchema` (`CommandStatementQuery`).
public struct CommandStatementQuery: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandStatementQuery"`.
    public static let protobufTypeName = flightSQLPackage + "CommandStatementQuery"

    /// The SQL text (field 1).
    public var query: String
    /// The transaction to run in; `nil` auto-commits (field 2).
    public var transactionID: Data?

    /// Creates a command.
    public init(query: String, transactionID: Data? = nil) {
        self.query = query
        self.transactionID = transactionID
    }

    /// Creates an empty command.
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

/// A serialized Substrait plan and its Substrait version (`SubstraitPlan`).
public struct SubstraitPlan: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.SubstraitPlan"`.
    public static let protobufTypeName = flightSQLPackage + "SubstraitPlan"

    /// The serialized `substrait.Plan` (field 1).
    public var plan: Data
    /// The Substrait release the plan was written for, e.g. `"0.12.0"` (field 2).
    public var version: String

    /// Creates a plan.
    public init(plan: Data, version: String) {
        self.plan = plan
        self.version = version
    }

    /// Creates an empty plan.
    public init() { self.init(plan: Data(), version: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: plan = try reader.readBytes()
        case 2: version = try reader.readString()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(plan, field: 1)
        writer.writeString(version, field: 2)
    }
}

/// Runs a Substrait plan (`CommandStatementSubstraitPlan`).
public struct CommandStatementSubstraitPlan: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandStatementSubstraitPlan"`.
    public static let protobufTypeName = flightSQLPackage + "CommandStatementSubstraitPlan"

    /// The plan (field 1).
    public var plan: SubstraitPlan?
    /// The transaction to run in; `nil` auto-commits (field 2).
    public var transactionID: Data?

    /// Creates a command.
    public init(plan: SubstraitPlan?, transactionID: Data? = nil) {
        self.plan = plan
        self.transactionID = transactionID
    }

    /// Creates an empty command.
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

/// The ticket a server returns for a ``CommandStatementQuery`` (`TicketStatementQuery`); opaque to clients.
public struct TicketStatementQuery: FlightSQLCommandMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.sql.TicketStatementQuery"`.
    public static let protobufTypeName = flightSQLPackage + "TicketStatementQuery"

    /// The server's handle for the running statement (field 1).
    public var statementHandle: Data

    /// Creates a ticket.
    public init(statementHandle: Data) { self.statementHandle = statementHandle }

    /// Creates an empty ticket.
    public init() { self.init(statementHandle: Data()) }

    /// ``statementHandle`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.statementHandle }
}

/// Runs a SQL statement that returns no rows, with `DoPut` (`CommandStatementUpdate`).
public struct CommandStatementUpdate: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandStatementUpdate"`.
    public static let protobufTypeName = flightSQLPackage + "CommandStatementUpdate"

    /// The SQL text (field 1).
    public var query: String
    /// The transaction to run in; `nil` auto-commits (field 2).
    public var transactionID: Data?

    /// Creates a command.
    public init(query: String, transactionID: Data? = nil) {
        self.query = query
        self.transactionID = transactionID
    }

    /// Creates an empty command.
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

/// The result of an update or ingestion (`DoPutUpdateResult`), sent raw (not in an `Any`)
/// in `PutResult.app_metadata`.
public struct DoPutUpdateResult: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.DoPutUpdateResult"`.
    public static let protobufTypeName = flightSQLPackage + "DoPutUpdateResult"

    /// The number of rows affected, or -1 if unknown (field 1).
    public var recordCount: Int64

    /// Creates a result.
    public init(recordCount: Int64) { self.recordCount = recordCount }

    /// Creates a result with count 0.
    public init() { self.init(recordCount: 0) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { recordCount = try reader.readInt64() }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeInt64(recordCount, field: 1)
    }
}

/// The SQL text (field 1) and transaction id (field 2) of the three messages that carry a
/// statement: `CommandStatementQuery`, `CommandStatementUpdate` and
/// `ActionCreatePreparedStatementRequest`.
enum StatementTextFields {
    /// Decodes field 1 into `query` or field 2 into `transactionID`; any other field is left
    /// unread (and so skipped).
    static func decode(
        _ number: Int, from reader: inout ProtobufReader, query: inout String, transactionID: inout Data?
    ) throws {
        switch number {
        case 1: query = try reader.readString()
        case 2: transactionID = try reader.readBytes()
        default: break
        }
    }

    /// Writes the query unless empty, and the transaction id when set (even if empty: an
    /// empty id is still a transaction, as the field is `optional`).
    static func encode(query: String, transactionID: Data?, to writer: inout ProtobufWriter) {
        writer.writeString(query, field: 1)
        writer.writeBytes(transactionID, field: 2)
    }
}
