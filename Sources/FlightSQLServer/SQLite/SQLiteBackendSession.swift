import Arrow
import DBAPI
import SQLiteDBAPI

/// One SQLite connection serving Flight SQL statements (see ``SQLiteBackend``): a
/// transaction's, which runs all of its statements, or the autocommit one shared by the
/// statements outside transactions, whose queries and ingestions run on connections of their
/// own from `pool`.
final class SQLiteBackendSession: FlightSQLBackendSession {
    let connection: SQLiteConnection
    /// Where the autocommit session's queries and ingestions get their connections; nil in a
    /// transaction's session.
    let pool: SQLiteConnectionPool?

    init(connection: SQLiteConnection, pool: SQLiteConnectionPool? = nil) {
        self.connection = connection
        self.pool = pool
    }

    func executeQuery(_ sql: String, parameters: [Value], batchSize: Int) async throws -> any FlightSQLRecordBatchStream {
        try StatementPolicy.check(sql)
        guard let pool else {
            // A transaction's queries see its own uncommitted work: only its connection does.
            return try await SQLiteQueryStream.start(connection: connection, sql: sql, parameters: parameters, batchSize: batchSize)
        }
        // A pending statement keeps its connection's read snapshot (and a writing one its
        // write lock) until it finishes: on the shared connection, a result read slowly
        // would hide later commits from every autocommit client and make their writes fail.
        // Temporary tables made outside transactions exist on the shared connection only,
        // though, so while there are any, queries run there as before.
        if try await hasTemporaryObjects() {
            return try await Self.autocommitQuery(sql, parameters: parameters, batchSize: batchSize, on: connection, release: nil)
        }
        let reader = try pool.lease()
        return try await Self.autocommitQuery(sql, parameters: parameters, batchSize: batchSize, on: reader) {
            await pool.giveBack(reader)
        }
    }

    /// A query outside transactions on `connection`: streamed when it only reads; read to
    /// the end at once when it writes (`… RETURNING`), since SQLite commits its changes and
    /// frees the write lock only when it finishes, which would wait for the client's reading.
    /// `release` runs once the statement is done with `connection`, whatever happens.
    private static func autocommitQuery(
        _ sql: String, parameters: [Value], batchSize: Int, on connection: SQLiteConnection,
        release: (@Sendable () async -> Void)?
    ) async throws -> any FlightSQLRecordBatchStream {
        let writes: Bool
        do {
            writes = !(try await connection.describe(sql).isReadOnly)
        } catch {
            await release?()
            throw error
        }
        let stream = try await SQLiteQueryStream.start(
            connection: connection, sql: sql, parameters: parameters, batchSize: batchSize, onClose: release)
        return writes ? try await CompletedQueryStream.reading(stream) : stream
    }

    /// Whether the connection has temporary tables, views or triggers.
    private func hasTemporaryObjects() async throws -> Bool {
        try await withCursor { cursor in
            try await cursor.execute("SELECT 1 FROM temp.sqlite_schema LIMIT 1", parameters: [])
            return try await cursor.fetchone() != nil
        }
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

    func interrupt() {
        connection.interrupt()
        pool?.interruptLeased()
    }

    func close() async { try? await connection.close() }
}
