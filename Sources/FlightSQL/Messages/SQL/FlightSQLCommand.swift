import Foundation
import Protobuf

/// Any Flight SQL request, decoded from the `google.protobuf.Any` it arrived in.
///
/// A server receives commands as opaque bytes (`FlightDescriptor.cmd`, `Ticket.ticket`,
/// `Action.body`); ``init(any:)`` picks the message type from the `Any`'s URL.
public enum FlightSQLCommand: Hashable, Sendable {
    /// Run a SQL query.
    case statementQuery(CommandStatementQuery)
    /// Run a Substrait plan.
    case statementSubstraitPlan(CommandStatementSubstraitPlan)
    /// Run a SQL update.
    case statementUpdate(CommandStatementUpdate)
    /// Bulk-ingest the stream into a table.
    case statementIngest(CommandStatementIngest)
    /// Run (or bind parameters to) a prepared query.
    case preparedStatementQuery(CommandPreparedStatementQuery)
    /// Run a prepared update.
    case preparedStatementUpdate(CommandPreparedStatementUpdate)
    /// Fetch a query's results (a ticket).
    case ticketStatementQuery(TicketStatementQuery)
    /// Server and SQL metadata.
    case getSqlInfo(CommandGetSqlInfo)
    /// Data type metadata.
    case getXdbcTypeInfo(CommandGetXdbcTypeInfo)
    /// The catalogs.
    case getCatalogs(CommandGetCatalogs)
    /// The database schemas.
    case getDbSchemas(CommandGetDbSchemas)
    /// The tables.
    case getTables(CommandGetTables)
    /// The table types.
    case getTableTypes(CommandGetTableTypes)
    /// A table's primary key.
    case getPrimaryKeys(CommandGetPrimaryKeys)
    /// Foreign keys referencing a table.
    case getExportedKeys(CommandGetExportedKeys)
    /// A table's foreign keys.
    case getImportedKeys(CommandGetImportedKeys)
    /// Foreign keys between two tables.
    case getCrossReference(CommandGetCrossReference)
    /// Create a prepared statement from SQL (an action).
    case createPreparedStatement(ActionCreatePreparedStatementRequest)
    /// Create a prepared statement from a Substrait plan (an action).
    case createPreparedSubstraitPlan(ActionCreatePreparedSubstraitPlanRequest)
    /// Close a prepared statement (an action).
    case closePreparedStatement(ActionClosePreparedStatementRequest)
    /// Begin a transaction (an action).
    case beginTransaction(ActionBeginTransactionRequest)
    /// Begin a savepoint (an action).
    case beginSavepoint(ActionBeginSavepointRequest)
    /// Commit or roll back a transaction (an action).
    case endTransaction(ActionEndTransactionRequest)
    /// Release or roll back to a savepoint (an action).
    case endSavepoint(ActionEndSavepointRequest)
    /// Cancel a query (a deprecated action).
    case cancelQuery(ActionCancelQueryRequest)
    /// An `Any` whose type is not a Flight SQL request; kept so a server can report it.
    case unrecognized(ProtobufAny)

    /// Decodes the command an `Any` holds, choosing the type by its URL.
    ///
    /// - Throws: ``ProtobufError`` if the URL names a known command but its bytes are malformed.
    public init(any: ProtobufAny) throws {
        func unpack<M: FlightSQLCommandMessage>(_ type: M.Type) throws -> M { try M(protobuf: any.value) }
        switch String(any.typeName) {
        case CommandStatementQuery.protobufTypeName: self = .statementQuery(try unpack(CommandStatementQuery.self))
        case CommandStatementSubstraitPlan.protobufTypeName:
            self = .statementSubstraitPlan(try unpack(CommandStatementSubstraitPlan.self))
        case CommandStatementUpdate.protobufTypeName: self = .statementUpdate(try unpack(CommandStatementUpdate.self))
        case CommandStatementIngest.protobufTypeName: self = .statementIngest(try unpack(CommandStatementIngest.self))
        case CommandPreparedStatementQuery.protobufTypeName:
            self = .preparedStatementQuery(try unpack(CommandPreparedStatementQuery.self))
        case CommandPreparedStatementUpdate.protobufTypeName:
            self = .preparedStatementUpdate(try unpack(CommandPreparedStatementUpdate.self))
        case TicketStatementQuery.protobufTypeName: self = .ticketStatementQuery(try unpack(TicketStatementQuery.self))
        case CommandGetSqlInfo.protobufTypeName: self = .getSqlInfo(try unpack(CommandGetSqlInfo.self))
        case CommandGetXdbcTypeInfo.protobufTypeName: self = .getXdbcTypeInfo(try unpack(CommandGetXdbcTypeInfo.self))
        case CommandGetCatalogs.protobufTypeName: self = .getCatalogs(try unpack(CommandGetCatalogs.self))
        case CommandGetDbSchemas.protobufTypeName: self = .getDbSchemas(try unpack(CommandGetDbSchemas.self))
        case CommandGetTables.protobufTypeName: self = .getTables(try unpack(CommandGetTables.self))
        case CommandGetTableTypes.protobufTypeName: self = .getTableTypes(try unpack(CommandGetTableTypes.self))
        case CommandGetPrimaryKeys.protobufTypeName: self = .getPrimaryKeys(try unpack(CommandGetPrimaryKeys.self))
        case CommandGetExportedKeys.protobufTypeName: self = .getExportedKeys(try unpack(CommandGetExportedKeys.self))
        case CommandGetImportedKeys.protobufTypeName: self = .getImportedKeys(try unpack(CommandGetImportedKeys.self))
        case CommandGetCrossReference.protobufTypeName:
            self = .getCrossReference(try unpack(CommandGetCrossReference.self))
        case ActionCreatePreparedStatementRequest.protobufTypeName:
            self = .createPreparedStatement(try unpack(ActionCreatePreparedStatementRequest.self))
        case ActionCreatePreparedSubstraitPlanRequest.protobufTypeName:
            self = .createPreparedSubstraitPlan(try unpack(ActionCreatePreparedSubstraitPlanRequest.self))
        case ActionClosePreparedStatementRequest.protobufTypeName:
            self = .closePreparedStatement(try unpack(ActionClosePreparedStatementRequest.self))
        case ActionBeginTransactionRequest.protobufTypeName:
            self = .beginTransaction(try unpack(ActionBeginTransactionRequest.self))
        case ActionBeginSavepointRequest.protobufTypeName:
            self = .beginSavepoint(try unpack(ActionBeginSavepointRequest.self))
        case ActionEndTransactionRequest.protobufTypeName:
            self = .endTransaction(try unpack(ActionEndTransactionRequest.self))
        case ActionEndSavepointRequest.protobufTypeName: self = .endSavepoint(try unpack(ActionEndSavepointRequest.self))
        case ActionCancelQueryRequest.protobufTypeName: self = .cancelQuery(try unpack(ActionCancelQueryRequest.self))
        default: self = .unrecognized(any)
        }
    }

    /// Decodes the command in a serialized `Any` (such as `FlightDescriptor.cmd`).
    public init(serializedAny data: Data) throws {
        try self.init(any: ProtobufAny(protobuf: data))
    }

    /// The command's message, or `nil` for ``unrecognized(_:)``.
    public var message: (any FlightSQLCommandMessage)? {
        switch self {
        case .statementQuery(let m): m
        case .statementSubstraitPlan(let m): m
        case .statementUpdate(let m): m
        case .statementIngest(let m): m
        case .preparedStatementQuery(let m): m
        case .preparedStatementUpdate(let m): m
        case .ticketStatementQuery(let m): m
        case .getSqlInfo(let m): m
        case .getXdbcTypeInfo(let m): m
        case .getCatalogs(let m): m
        case .getDbSchemas(let m): m
        case .getTables(let m): m
        case .getTableTypes(let m): m
        case .getPrimaryKeys(let m): m
        case .getExportedKeys(let m): m
        case .getImportedKeys(let m): m
        case .getCrossReference(let m): m
        case .createPreparedStatement(let m): m
        case .createPreparedSubstraitPlan(let m): m
        case .closePreparedStatement(let m): m
        case .beginTransaction(let m): m
        case .beginSavepoint(let m): m
        case .endTransaction(let m): m
        case .endSavepoint(let m): m
        case .cancelQuery(let m): m
        case .unrecognized: nil
        }
    }

    /// The command packed in an `Any` again (an unrecognized `Any` is returned as it came).
    public func packedInAny() -> ProtobufAny {
        if case .unrecognized(let any) = self { return any }
        return message!.packedInAny()
    }
}
