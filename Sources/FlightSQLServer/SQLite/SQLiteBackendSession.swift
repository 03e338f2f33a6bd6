import Arrow
import DBAPI
import SQLiteDBAPI

/// One SQLite connection serving Flight SQL statements (see ``SQLiteBackend``).
final class SQLiteBackendSession: FlightSQLBackendSession {
    let connection: SQLiteConnection

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    func executeQuery(_ sql: String, parameters: [Value], batchSize: Int) async throws -> any FlightSQLRecordBatchStream {
        try StatementPolicy.check(sql)
        return try await SQLiteQueryStream.start(connection: connection, sql: sql, parameters: parameters, batchSize: batchSize)
    }

    func executeUpdate(_ sql: String, parameterSets: [[Value]]) async throws -> Int64 {
        try StatementPolicy.check(sql)
        // Not a cursor's execute: an update sent with `… RETURNING` must run to completion
        // (SQLite counts its changes only then) even though nobody reads its rows.
        return Int64(try await connection.executeUpdate(sql, parameterSets: parameterSets))
    }

    func prepare(_ sql: String) async throws -> FlightSQLPreparedDescription {
        try StatementPolicy.check(sql)
        // sqlite3_prepare without stepping: checks the SQL and reports parameters and columns.
        let description = try await connection.describe(sql)
        let parameters = ParameterTypes.schema(count: description.parameterCount)
        guard !description.columns.isEmpty else {
            return FlightSQLPreparedDescription(
                kind: .update, datasetSchema: nil, parameterSchema: parameters, isReadOnly: description.isReadOnly)
        }
        // Expression columns are typed by their values, known only once the query runs; the
        // schema says text for them here (GetFlightInfo reports the types the run found).
        let fields = description.columns.map { column in
            var metadata: [KeyValue] = []
            if let declared = column.declaredType { metadata.append(KeyValue(key: "ARROW:FLIGHT:SQL:TYPE_NAME", value: declared)) }
            return Field(name: column.name, type: SQLiteArrowTypes.arrowType(column.type) ?? .utf8, metadata: metadata)
        }
        return FlightSQLPreparedDescription(
            kind: .query, datasetSchema: Schema(fields: fields), parameterSchema: parameters, isReadOnly: description.isReadOnly)
    }

    /// Runs `body` with a new cursor, closing it afterwards whatever happens.
    func withCursor<T: Sendable>(_ body: (SQLiteCursor) async throws -> T) async throws -> T {
        let cursor = try await connection.cursor()
        do {
            let result = try await body(cursor)
            try? await cursor.close()
            return result
        } catch {
            try? await cursor.close()
            throw error
        }
    }

    func commit() async throws { try await connection.commit() }
    func rollback() async throws { try await connection.rollback() }
    func beginSavepoint(_ name: String) async throws { try await connection.savepoint(name) }
    func releaseSavepoint(_ name: String) async throws { try await connection.releaseSavepoint(name) }
    func rollbackToSavepoint(_ name: String) async throws {
        try await connection.rollbackToSavepoint(name)
        // Flight SQL ends the savepoint; SQLite keeps it active after ROLLBACK TO.
        try await connection.releaseSavepoint(name)
    }

    func interrupt() { connection.interrupt() }

    func close() async { try? await connection.close() }
}
