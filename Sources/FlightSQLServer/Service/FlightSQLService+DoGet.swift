import Arrow
import FlightSQL
import Foundation
import GRPCTransport

/// `DoGet`: streams a statement's result or a metadata command's result as FlightData.
extension FlightSQLService {
    func doGet(_ request: Data, call: GRPCServerCall) async throws {
        let ticket: FlightTicket
        do {
            ticket = try FlightTicket(protobuf: request)
        } catch {
            throw GRPCStatus(code: .invalidArgument, message: "the request is not a valid Ticket")
        }
        let command = try Self.command(serializedAny: ticket.ticket)
        switch command {
        case .ticketStatementQuery(let query):
            try await streamStatementCancellably(query, call: call)
        case .statementSubstraitPlan:
            throw Self.substraitUnsupported()
        default:
            guard MetadataResults.schema(for: command) != nil else {
                throw GRPCStatus(code: .invalidArgument, message: "\(Self.name(of: command)) is not a ticket this server issued")
            }
            let batch = try await MetadataResults.run(command, session: sessions.shared, backend: backend, sqlInfo: sqlInfo)
            var encoder = try ArrowIPCMessageEncoder(schema: batch.schema)
            try await send(encoder.encodeSchema(), call: call)
            for message in try encoder.encode(batch) { try await send(message, call: call) }
        }
    }

    /// Streams a statement in a task that `CancelFlightInfo` can cancel as well as the call:
    /// cancelling the task interrupts the statement inside the backend, also while SQLite
    /// is still computing the first batch, which no check between batches would reach.
    private func streamStatementCancellably(_ query: TicketStatementQuery, call: GRPCServerCall) async throws {
        guard let ticket = TicketHandle(query.statementHandle), let statement = statements.statement(ticket.handle) else {
            // streamStatement reports the unknown handle.
            return try await streamStatement(query, call: call)
        }
        let work = Task { try await self.streamStatement(query, call: call) }
        let reader = UUID()
        guard statement.addReader(reader, stop: { work.cancel() }) else {
            work.cancel()
            _ = try? await work.value
            throw GRPCStatus(code: .cancelled, message: "the query was cancelled")
        }
        defer { statement.removeReader(reader) }
        do {
            return try await withTaskCancellationHandler {
                try await work.value
            } onCancel: {
                work.cancel()
            }
        } catch {
            // A statement stopped by CancelFlightInfo reports CANCELLED, whatever the
            // backend's error for the interruption was.
            if statement.isCancelled, !(error is GRPCStatus) {
                throw GRPCStatus(code: .cancelled, message: "the query was cancelled")
            }
            throw error
        }
    }

    private func streamStatement(_ query: TicketStatementQuery, call: GRPCServerCall) async throws {
        guard let ticket = TicketHandle(query.statementHandle), let statement = statements.statement(ticket.handle),
              ticket.partition < statement.partitions else {
            throw GRPCStatus(code: .notFound, message: "unknown or expired statement handle: run the query again")
        }
        let encoder = try ArrowIPCMessageEncoder(schema: statement.schema)
        if statement.isUpdate {
            try await send(encoder.encodeSchema(), call: call)
            statements.remove(statement.handle)
            return
        }
        // The transaction is in use, so never idle, until the last batch is sent, however
        // slowly the client reads: the stream kept from GetFlightInfo runs in it too.
        try await sessions.withSession(for: statement.transactionID) { session in
            try await streamRows(of: statement, partition: ticket.partition, session: session, encoder: encoder, call: call)
        }
    }

    /// Streams a query's rows: its stream kept from `GetFlightInfo`, or a new run in `session`.
    private func streamRows(
        of statement: ExecutedStatement, partition: Int, session: any FlightSQLBackendSession,
        encoder: ArrowIPCMessageEncoder, call: GRPCServerCall
    ) async throws {
        var encoder = encoder
        let stream: any FlightSQLRecordBatchStream
        var kept = false
        switch statement.take() {
        case .cancelled:
            throw GRPCStatus(code: .cancelled, message: "the query was cancelled")
        case .kept(let running):
            stream = running
            kept = true
        case .rerun:
            guard statement.isRepeatable else {
                throw GRPCStatus(code: .failedPrecondition, message: "the result of a statement that writes can be read only once")
            }
            stream = try await ConcatenatedStream.start(
                session: session, sql: statement.sql, parameterSets: statement.parameterSets, batchSize: options.batchSize)
        }
        do {
            try await send(encoder.encodeSchema(), call: call)
            let wanted = statement.batches(partition: partition)
            var index = 0
            // One batch is built, then sent; the next is built only once HTTP/2 took the last
            // one, so a slow client holds the server to a single batch of this result.
            while index < wanted.upperBound, let batch = try await stream.next() {
                defer { index += 1 }
                statistics.update { stats in
                    stats.batchesEncoded += 1
                    stats.maxBatchesInFlight = max(stats.maxBatchesInFlight, stats.batchesEncoded - stats.batchesSent)
                }
                if statement.isCancelled { throw GRPCStatus(code: .cancelled, message: "the query was cancelled") }
                if wanted.contains(index) {
                    for message in try encoder.encode(batch) { try await send(message, call: call) }
                }
                statistics.update { $0.batchesSent += 1 }
            }
            await stream.close()
            if kept {
                statement.finish()
                if statement.partitions == 1 { statements.remove(statement.handle) }
            }
        } catch {
            await stream.close()
            throw error
        }
    }

    /// Sends one IPC message as FlightData.
    func send(_ message: ArrowIPCEncodedMessage, call: GRPCServerCall) async throws {
        let data = FlightData(dataHeader: message.header, dataBody: message.body)
        let bytes = data.serializedProtobuf()
        try await call.send(bytes)
        statistics.update { $0.bytesSent += bytes.count }
    }
}
