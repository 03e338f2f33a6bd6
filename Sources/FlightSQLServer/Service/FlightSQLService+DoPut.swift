import Arrow
import DBAPI
import FlightSQL
import Foundation
import GRPCTransport

/// `DoPut`: updates, parameter binding, prepared updates and bulk ingestion.
extension FlightSQLService {
    func doPut(_ call: GRPCServerCall) async throws {
        guard let firstData = try await call.receive() else {
            throw GRPCStatus(code: .invalidArgument, message: "DoPut: the client sent no message")
        }
        let first: FlightData
        do {
            first = try FlightData(protobuf: firstData)
        } catch {
            throw GRPCStatus(code: .invalidArgument, message: "DoPut: the first message is not a valid FlightData")
        }
        guard let descriptor = first.flightDescriptor else {
            throw GRPCStatus(code: .invalidArgument, message: "DoPut: the first message carries no FlightDescriptor")
        }
        let command = try Self.command(descriptor)
        let source = DoPutBatchSource(call: call, first: first)
        let response: Data
        switch command {
        case .statementUpdate(let update):
            try checkWritable(call)
            // No data follows the command, and some clients (flightsql-dbapi) wait for the
            // result before they half-close: answer without reading further.
            let count = try await sessions.withSession(for: update.transactionID) {
                try await $0.executeUpdate(update.query, parameterSets: [])
            }
            statistics.update { $0.statementsExecuted += 1 }
            response = DoPutUpdateResult(recordCount: count).serializedProtobuf()
        case .preparedStatementQuery(let query):
            let sets = try await source.allBatches().flatMap(ValueConversion.parameterSets)
            try prepared.bind(query.preparedStatementHandle, parameterSets: sets)
            response = DoPutPreparedStatementResult(preparedStatementHandle: query.preparedStatementHandle).serializedProtobuf()
        case .preparedStatementUpdate(let update):
            try checkWritable(call)
            let statement = try prepared.statement(update.preparedStatementHandle)
            var sets = try await source.allBatches().flatMap(ValueConversion.parameterSets)
            if sets.isEmpty { sets = statement.parameterSets }
            let count = try await sessions.withSession(for: statement.transactionID) {
                try await $0.executeUpdate(statement.sql, parameterSets: sets)
            }
            statistics.update { $0.statementsExecuted += 1 }
            response = DoPutUpdateResult(recordCount: count).serializedProtobuf()
        case .statementIngest(let ingest):
            try checkWritable(call)
            response = DoPutUpdateResult(recordCount: try await self.ingest(ingest, source: source)).serializedProtobuf()
        case .statementSubstraitPlan:
            throw Self.substraitUnsupported()
        default:
            throw GRPCStatus(code: .invalidArgument, message: "\(Self.name(of: command)) is not a DoPut command")
        }
        try await call.send(PutResult(appMetadata: response).serializedProtobuf())
    }

    private func ingest(_ ingest: CommandStatementIngest, source: DoPutBatchSource) async throws -> Int64 {
        guard !ingest.table.isEmpty else {
            throw GRPCStatus(code: .invalidArgument, message: "CommandStatementIngest: the table name is empty")
        }
        guard let schema = try await source.schema() else {
            throw GRPCStatus(code: .invalidArgument, message: "CommandStatementIngest: the client sent no schema")
        }
        let options = ingest.tableDefinitionOptions
        let ifMissing: FlightSQLIngestMode.IfMissing = options?.ifNotExist == .fail ? .fail : .create
        let ifExists: FlightSQLIngestMode.IfExists = switch options?.ifExists {
        case .append?: .append
        case .replace?: .replace
        default: .fail
        }
        let table = FlightSQLTableName(catalog: ingest.catalog, schema: ingest.schema, table: ingest.table)
        do {
            // In use until the client's last batch is in: a slow upload keeps its transaction.
            return try await sessions.withSession(for: ingest.transactionID) { session in
                try await session.ingest(
                    into: table, schema: schema, mode: FlightSQLIngestMode(ifMissing: ifMissing, ifExists: ifExists),
                    temporary: ingest.temporary, batches: source)
            }
        } catch let error as DBAPIError where error.kind == .integrityError && error.message.hasSuffix("already exists") {
            throw GRPCStatus(code: .alreadyExists, message: error.message)
        }
    }
}
