import Arrow
import DBAPI
import Foundation

/// One server-side prepared statement: created with `CreatePreparedStatement`, executed
/// with its parameters bound as one Arrow record batch, closed with `ClosePreparedStatement`.
struct PreparedStatement: Sendable {
    let client: FlightSQLClient
    /// The options of every call about the statement (the cursor's response metadata capture).
    let options: FlightCallOptions
    /// The server's handle; binding may replace it (`DoPutPreparedStatementResult`).
    private(set) var handle: Data
    /// The result's schema, if the statement returns rows and the server knows it.
    let datasetSchema: Schema?
    /// The parameters' schema, if the server reports it.
    let parameterSchema: Schema?

    /// Prepares `sql` on the server.
    static func create(
        client: FlightSQLClient, sql: String, transactionID: Data?, options: FlightCallOptions = FlightCallOptions()
    ) async throws(DBAPIError) -> PreparedStatement {
        let result = try await mappingFlightErrors { try await client.prepare(sql, transactionID: transactionID, options: options) }
        let datasetSchema = try await mappingFlightErrors { try Self.schema(result.datasetSchema) }
        let parameterSchema = try await mappingFlightErrors { try Self.schema(result.parameterSchema) }
        return PreparedStatement(
            client: client, options: options, handle: result.preparedStatementHandle, datasetSchema: datasetSchema, parameterSchema: parameterSchema)
    }

    private static func schema(_ bytes: Data) throws -> Schema? {
        bytes.isEmpty ? nil : try IPCSchemaMessage.decode(bytes)
    }

    /// Whether the statement returns rows, from its dataset schema: a non-empty schema means a
    /// query. Servers that do not know the schema before execution send none; then the SQL's
    /// first keyword decides (see ``FlightSQLStatementKind/detect(_:)``).
    func returnsRows(sql: String) -> Bool {
        if let datasetSchema, !datasetSchema.fields.isEmpty { return true }
        return FlightSQLStatementKind.detect(sql) == .query
    }

    /// Binds `parameterSets` (one row each) for a query, following a replaced handle.
    mutating func bindForQuery(_ parameterSets: [[Value]]) async throws(DBAPIError) {
        let messages = try ParameterEncoding.messages(for: parameterSets, schema: parameterSchema)
        let descriptor = CommandPreparedStatementQuery(preparedStatementHandle: handle).flightDescriptor
        let results = try await mappingFlightErrors { try await client.flight.doPut(descriptor: descriptor, messages: messages, options: options) }
        if let newHandle = try Self.updatedHandle(in: results) { handle = newHandle }
    }

    /// The new handle a server may return after binding (`DoPutPreparedStatementResult`,
    /// raw in the last `PutResult`'s app metadata); nil when it keeps the old one.
    static func updatedHandle(in results: [PutResult]) throws(DBAPIError) -> Data? {
        guard let metadata = results.last?.appMetadata, !metadata.isEmpty else { return nil }
        do {
            let result = try DoPutPreparedStatementResult(protobuf: metadata)
            guard let handle = result.preparedStatementHandle, !handle.isEmpty else { return nil }
            return handle
        } catch {
            throw DBAPIError(.internalError, "the server sent an undecodable DoPutPreparedStatementResult", cause: error)
        }
    }

    /// Runs the (bound) query: `GetFlightInfo(CommandPreparedStatementQuery)`.
    func executeQuery() async throws(DBAPIError) -> FlightInfo {
        let command = CommandPreparedStatementQuery(preparedStatementHandle: handle)
        return try await mappingFlightErrors { try await client.getFlightInfo(command, options: options) }
    }

    /// Runs the update once per parameter set, all sets in one `DoPut`; returns the affected
    /// row count the server reports (-1 when it sends no result; an empty `DoPutUpdateResult`
    /// is a count of 0).
    func executeUpdate(_ parameterSets: [[Value]]) async throws(DBAPIError) -> Int {
        let messages = try ParameterEncoding.messages(for: parameterSets, schema: parameterSchema)
        let descriptor = CommandPreparedStatementUpdate(preparedStatementHandle: handle).flightDescriptor
        let results = try await mappingFlightErrors { try await client.flight.doPut(descriptor: descriptor, messages: messages, options: options) }
        do {
            return Int(clamping: try FlightSQLClient.updateCount(in: results))
        } catch {
            throw DBAPIError(.internalError, "the server sent an undecodable DoPutUpdateResult", cause: error)
        }
    }

    /// Closes the statement on the server. Best effort: a failure to close must not hide the
    /// outcome of the statement.
    ///
    /// The call runs in a task of its own: when the statement ends because the caller's task
    /// was cancelled, a call made in that task would be cancelled before it was sent, leaving
    /// the statement open on the server. A cancelled caller does not wait for it, so that
    /// the cancel still returns at once.
    func close() async {
        let (client, handle, options) = (client, handle, options)
        let closing = Task { try? await client.closePreparedStatement(handle, options: options) }
        if !Task.isCancelled { await closing.value }
    }
}
