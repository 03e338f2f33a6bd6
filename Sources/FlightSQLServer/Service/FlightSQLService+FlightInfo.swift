import Arrow
import DBAPI
import FlightSQL
import Foundation
import GRPCTransport

/// `GetFlightInfo`, `PollFlightInfo` and `GetSchema`.
extension FlightSQLService {
    func getFlightInfo(_ descriptor: FlightDescriptor, call: GRPCServerCall) async throws -> FlightInfo {
        let command = try Self.command(descriptor)
        switch command {
        case .statementQuery(let query):
            return try await execute(
                sql: query.query, parameterSets: [], transactionID: query.transactionID, descriptor: descriptor, call: call)
        case .preparedStatementQuery(let query):
            let statement = try prepared.statement(query.preparedStatementHandle)
            return try await execute(
                sql: statement.sql, parameterSets: statement.parameterSets, transactionID: statement.transactionID,
                descriptor: descriptor, call: call)
        case .statementSubstraitPlan:
            throw Self.substraitUnsupported()
        default:
            guard let schema = MetadataResults.schema(for: command) else {
                throw GRPCStatus(code: .invalidArgument, message: "\(Self.name(of: command)) is not a GetFlightInfo command")
            }
            // The ticket is the command itself: DoGet runs it.
            let endpoint = FlightEndpoint(ticket: FlightTicket(ticket: descriptor.cmd))
            return FlightInfo(
                schema: ArrowIPCMessageEncoder.encapsulatedSchema(schema), flightDescriptor: descriptor, endpoints: [endpoint])
        }
    }

    func getSchema(_ descriptor: FlightDescriptor) async throws -> Schema {
        let command = try Self.command(descriptor)
        switch command {
        case .statementQuery(let query):
            return try await resultSchema(sql: query.query, parameterSets: [], transactionID: query.transactionID)
        case .preparedStatementQuery(let query):
            let statement = try prepared.statement(query.preparedStatementHandle)
            return try await resultSchema(sql: statement.sql, parameterSets: statement.parameterSets, transactionID: statement.transactionID)
        case .statementSubstraitPlan:
            throw Self.substraitUnsupported()
        default:
            guard let schema = MetadataResults.schema(for: command) else {
                throw GRPCStatus(code: .invalidArgument, message: "\(Self.name(of: command)) is not a GetSchema command")
            }
            return schema
        }
    }

    /// A query's schema, found by starting it and stopping at once, since the types of
    /// expression columns show only in their values (updates have none; a query that writes
    /// is not run, and reports the types preparation found).
    private func resultSchema(sql: String, parameterSets: [[Value]], transactionID: Data?) async throws -> Schema {
        try await sessions.withSession(for: transactionID) { session in
            let description = try await session.prepare(sql)
            guard description.kind == .query else { return Schema(fields: []) }
            guard description.isReadOnly else { return description.datasetSchema ?? Schema(fields: []) }
            let stream = try await ConcatenatedStream.start(
                session: session, sql: sql, parameterSets: Array(parameterSets.prefix(1)), batchSize: 1)
            await stream.close()
            return stream.schema
        }
    }

    /// Runs a statement for `GetFlightInfo` in its transaction's session, which it uses
    /// until the statement ran (a kept result stream waits for `DoGet`, which uses it again).
    private func execute(
        sql: String, parameterSets: [[Value]], transactionID: Data?, descriptor: FlightDescriptor, call: GRPCServerCall
    ) async throws -> FlightInfo {
        try await sessions.withSession(for: transactionID) { session in
            try await execute(
                sql: sql, parameterSets: parameterSets, transactionID: transactionID, session: session, descriptor: descriptor, call: call)
        }
    }

    /// Runs a statement for `GetFlightInfo` and registers its result for `DoGet`.
    ///
    /// A query keeps its running stream for the first `DoGet`. Split over several endpoints,
    /// it runs once here to count its batches, then each endpoint runs it again and sends its
    /// own contiguous run of batches (`ordered`: the endpoints in order are the result in
    /// order). An update runs here, once; its endpoint's `DoGet`
    /// returns an empty result (clients such as ADBC run every statement this way), and
    /// `total_records` is the number of affected rows.
    private func execute(
        sql: String, parameterSets: [[Value]], transactionID: Data?, session: any FlightSQLBackendSession,
        descriptor: FlightDescriptor, call: GRPCServerCall
    ) async throws -> FlightInfo {
        let handle = UUID().uuidString
        let statement: ExecutedStatement
        var totalRecords: Int64 = -1
        let description = try await session.prepare(sql)
        if !description.isReadOnly { try checkWritable(call) }
        switch description.kind {
        case .update:
            let count = try await session.executeUpdate(sql, parameterSets: parameterSets.isEmpty ? [[]] : parameterSets)
            // ADBC reports an executed statement's total_records as its rowcount.
            totalRecords = count
            statement = ExecutedStatement(
                handle: handle, sql: sql, parameterSets: parameterSets, transactionID: transactionID,
                schema: Schema(fields: []), isUpdate: true, isRepeatable: false, partitions: 1, batchCount: 0, stream: nil, lifetime: options.statementTimeout)
        case .query:
            let stream = try await ConcatenatedStream.start(
                session: session, sql: sql, parameterSets: parameterSets, batchSize: options.batchSize)
            // A query that writes (`… RETURNING`) must run once: one endpoint, never rerun.
            let partitions = description.isReadOnly ? max(1, options.endpoints) : 1
            var batchCount = 0
            if partitions > 1 {
                // Split into contiguous runs of batches, so that reading the endpoints in order
                // gives the rows in the query's order: count the batches (and rows) first.
                var rows: Int64 = 0
                do {
                    while let batch = try await stream.next() {
                        batchCount += 1
                        rows += Int64(batch.rowCount)
                    }
                } catch {
                    await stream.close()
                    throw error
                }
                await stream.close()
                totalRecords = rows
            }
            statement = ExecutedStatement(
                handle: handle, sql: sql, parameterSets: parameterSets, transactionID: transactionID,
                schema: stream.schema, isUpdate: false, isRepeatable: description.isReadOnly, partitions: partitions,
                batchCount: batchCount, stream: partitions > 1 ? nil : stream, lifetime: options.statementTimeout)
        }
        statistics.update { $0.statementsExecuted += 1 }
        statements.add(statement)
        let locations = statement.partitions > 1 ? [FlightLocation(uri: FlightService.reuseConnectionURI)] : []
        let endpoints = (0..<statement.partitions).map { partition in
            FlightEndpoint(ticket: FlightTicket(ticket: statement.ticket(partition: partition)), locations: locations)
        }
        return FlightInfo(
            schema: ArrowIPCMessageEncoder.encapsulatedSchema(statement.schema), flightDescriptor: descriptor,
            endpoints: endpoints, totalRecords: totalRecords, ordered: statement.partitions > 1)
    }

    /// A command's protobuf name, for messages.
    static func name(of command: FlightSQLCommand) -> String {
        if case .unrecognized(let any) = command { return "'\(any.typeName)'" }
        return command.message.map { String(describing: type(of: $0)) } ?? "the command"
    }
}
